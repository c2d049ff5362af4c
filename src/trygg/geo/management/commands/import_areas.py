"""``trygg import-areas KOMMUNKOD FILE --name-property P``: load districts from GeoJSON."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from trygg.core.errors import ImportProblem
from trygg.geo.services import import_areas
from trygg.tenancy.commands import municipality_or_error


class Command(BaseCommand):
    help = (
        "Import a municipality's areas from a GeoJSON FeatureCollection. "
        "Nothing is imported if any feature has a problem."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("municipality", help="The four-digit kommunkod, e.g. 1384.")
        parser.add_argument("file", type=Path, help="A GeoJSON FeatureCollection (WGS 84).")
        parser.add_argument(
            "--name-property", required=True, help="The feature property with the area's name."
        )
        parser.add_argument("--code-property", help="The feature property with the area's code.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report; store nothing."
        )

    def handle(self, *args, **options) -> None:
        municipality = municipality_or_error(options["municipality"])
        try:
            result = import_areas(
                municipality,
                options["file"],
                name_property=options["name_property"],
                code_property=options["code_property"],
                dry_run=options["dry_run"],
            )
        except ImportProblem as problem:
            raise CommandError(problem.message) from problem
        if options["dry_run"]:
            summary = _(
                "The file is fine. It would import %(count)d areas into %(municipality)s: "
                "%(created)d new, %(updated)d updated. Nothing was stored (dry run)."
            )
        else:
            summary = _(
                "Imported %(count)d areas into %(municipality)s: "
                "%(created)d new, %(updated)d updated."
            )
        self.stdout.write(
            self.style.SUCCESS(
                summary
                % {
                    "count": len(result.names),
                    "municipality": f"{municipality} ({municipality.code})",
                    "created": result.created,
                    "updated": result.updated,
                }
            )
        )
