"""``trygg import-events [FILE] [--dry-run] [--json]``: the police's open events."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from trygg.background.progress import TerminalProgress
from trygg.core.errors import ImportProblem
from trygg.situation.management.output import write_rejected_and_new_types
from trygg.situation.services import import_police_events
from trygg.situation.tasks import import_summary

DEFAULT_FILE_NAME = "polisen-events-2022-09_2026-04.jsonl.gz"


class Command(BaseCommand):
    help = (
        "Import events from the police's open events API (polisen.se/api/events) in the "
        "API's own format: a JSON array or JSON lines, gzip-compressed or not. Events "
        "already imported are skipped; summaries and press-office notices are counted, "
        "not imported; a file that cannot be read is not imported at all."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file",
            nargs="?",
            type=Path,
            help=f"Defaults to {DEFAULT_FILE_NAME} in TRYGG_REFERENCE_DATA_DIR.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Read the file and report; store nothing."
        )
        parser.add_argument(
            "--json", action="store_true", help="Print the summary as JSON (keys in English)."
        )

    def handle(self, *args, **options) -> None:
        path = options["file"] or Path(settings.TRYGG_REFERENCE_DATA_DIR) / DEFAULT_FILE_NAME
        progress = TerminalProgress(self.stderr)
        try:
            result = import_police_events(path, dry_run=options["dry_run"], progress=progress)
        except ImportProblem as problem:
            raise CommandError(problem.message) from problem
        finally:
            progress.close()
        if options["json"]:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
            return
        self.stdout.write(self.style.SUCCESS(import_summary(result)))
        self.stdout.write(
            _(
                "%(municipalities)d municipalities got incidents; %(county_only)d incidents "
                "name only their county."
            )
            % {"municipalities": len(result.per_municipality), "county_only": result.county_only}
        )
        write_rejected_and_new_types(
            self,
            result.rejected,
            result.new_types,
            _(
                "The type “%(type)s” is new and counts as “other” until it is mapped "
                "to a category in the admin."
            ),
        )
        if options["dry_run"]:
            self.stdout.write(_("Nothing was stored (dry run)."))
