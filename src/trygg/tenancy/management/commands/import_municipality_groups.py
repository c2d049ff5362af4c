"""``trygg import-municipality-groups FILE [--dry-run]``: SKR's kommungruppsindelning."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from trygg.core.errors import ImportProblem
from trygg.tenancy.municipality_groups import (
    MunicipalityGroupsProblem,
    import_municipality_groups,
)


class Command(BaseCommand):
    help = (
        "Import SKR's kommungruppsindelning (XLSX or CSV with the columns Kommunkod, "
        "Huvudgrupp, Gruppkod and Kommungrupp 2023): rates are then compared with the "
        "municipality's group. Nothing is imported if any line has a problem."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="SKR's spreadsheet, or a CSV saved from it.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report; store nothing."
        )

    def handle(self, *args, **options) -> None:
        try:
            result = import_municipality_groups(options["file"], dry_run=options["dry_run"])
        except MunicipalityGroupsProblem as problem:
            raise CommandError("\n".join(problem.problems)) from problem
        except ImportProblem as problem:
            raise CommandError(problem.message) from problem
        summary = (
            _(
                "The file is fine. It would store the groups (%(edition)d) of "
                "%(municipalities)d municipalities: %(created)d new, %(updated)d changed, "
                "%(deleted)d removed. Nothing was stored (dry run)."
            )
            if options["dry_run"]
            else _(
                "Stored the groups (%(edition)d) of %(municipalities)d municipalities: "
                "%(created)d new, %(updated)d changed, %(deleted)d removed."
            )
        )
        self.stdout.write(self.style.SUCCESS(summary % result.__dict__))
