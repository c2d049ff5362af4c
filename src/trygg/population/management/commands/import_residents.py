"""``trygg import-residents FILE --year YYYY [--dry-run]``: residents per municipality."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from trygg.core.errors import ImportProblem
from trygg.population.services import PopulationImportProblem, import_residents


class Command(BaseCommand):
    help = (
        "Import the residents of each municipality in a year, for rates per 10,000: "
        "Trygg's shipped layout (kommun_kod,kommun_namn,population) or SCB's table "
        "BE0101N1 (region, år, Folkmängd). Nothing is imported if any line has a "
        "problem; importing a year again updates it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The table as text (CSV).")
        parser.add_argument("--year", type=int, required=True, help="The year to import.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report; store nothing."
        )

    def handle(self, *args, **options) -> None:
        try:
            result = import_residents(options["file"], options["year"], dry_run=options["dry_run"])
        except PopulationImportProblem as problem:
            raise CommandError("\n".join(problem.problems)) from problem
        except ImportProblem as problem:
            raise CommandError(problem.message) from problem
        summary = (
            _(
                "The file is fine. It would store the residents of %(municipalities)d "
                "municipalities in %(year)d (%(total)d in all): %(created)d new, "
                "%(updated)d changed. Nothing was stored (dry run)."
            )
            if options["dry_run"]
            else _(
                "Stored the residents of %(municipalities)d municipalities in %(year)d "
                "(%(total)d in all): %(created)d new, %(updated)d changed."
            )
        )
        self.stdout.write(
            self.style.SUCCESS(
                summary
                % {
                    "municipalities": result.municipalities,
                    "year": result.year,
                    "total": result.total,
                    "created": result.created,
                    "updated": result.updated,
                }
            )
        )
