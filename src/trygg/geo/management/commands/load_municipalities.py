"""``trygg load-municipalities [FILE]``: load or refresh the 290 municipalities."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from trygg.core.errors import ImportProblem
from trygg.geo.services import load_municipalities
from trygg.population.services import load_shipped_residents

DEFAULT_FILE_NAME = "swedish-municipalities.geojson"


class Command(BaseCommand):
    help = (
        "Create or update the municipalities from a GeoJSON FeatureCollection "
        "with 'id' (kommunkod) and 'kom_namn'. Nothing is stored if any feature has a problem. "
        "Without FILE, also stores the shipped residents of 1 November 2024 (SCB)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file",
            nargs="?",
            type=Path,
            help=f"Defaults to {DEFAULT_FILE_NAME} in TRYGG_REFERENCE_DATA_DIR.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report; store nothing."
        )

    def handle(self, *args, **options) -> None:
        path = options["file"] or Path(settings.TRYGG_REFERENCE_DATA_DIR) / DEFAULT_FILE_NAME
        try:
            result = load_municipalities(path, dry_run=options["dry_run"])
            # The shipped residents name the shipped file's 290 municipalities; a file
            # of one's own may hold others, whose residents come by import-residents.
            # A dry run stores no municipality, so it has none to give residents to.
            residents = None if options["file"] or options["dry_run"] else load_shipped_residents()
        except ImportProblem as problem:
            raise CommandError(problem.message) from problem
        if options["dry_run"]:
            summary = _(
                "The file is fine. It would load %(count)d municipalities from %(path)s: "
                "%(created)d new, %(updated)d updated. Nothing was stored (dry run)."
            )
        else:
            summary = _(
                "Loaded %(count)d municipalities from %(path)s: "
                "%(created)d new, %(updated)d updated."
            )
        self.stdout.write(
            self.style.SUCCESS(
                summary
                % {
                    "count": result.created + result.updated,
                    "path": path,
                    "created": result.created,
                    "updated": result.updated,
                }
            )
        )
        if residents is not None:
            self.stdout.write(
                _("Stored the residents of %(municipalities)d municipalities in %(year)d.")
                % {"municipalities": residents.municipalities, "year": residents.year}
            )
