"""``trygg import-reports SOURCE FILE [--dry-run] [--json]``: a CSV file of a report source."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from trygg.background.progress import TerminalProgress
from trygg.core.errors import ImportProblem
from trygg.situation.management.output import write_rejected_and_new_types
from trygg.situation.models import Source
from trygg.situation.reports import REPORT_KINDS, import_reports
from trygg.situation.tasks import report_import_summary


def find_source(reference: str) -> Source:
    """The report source ``reference`` names: its id, or a kommunkod and its name.

    ``12`` or ``"1384 Felanmälan"``; ``CommandError`` if none (or more than one) fits.
    """
    sources = Source.objects.filter(kind__in=REPORT_KINDS, municipality__isnull=False)
    reference = reference.strip()
    if reference.isdigit():
        found = list(sources.filter(pk=int(reference)))
    else:
        code, _space, name = reference.partition(" ")
        found = list(sources.filter(municipality__code=code, name__iexact=name.strip()))
    if len(found) != 1:
        raise CommandError(
            _(
                "No report source “%(source)s”. Give its id, or the municipality code and "
                "the source's name, as in “1384 Felanmälan”."
            )
            % {"source": reference}
        )
    return found[0]


class Command(BaseCommand):
    help = (
        "Import a CSV file of a municipality's reports or a police extract into its source, "
        "by the source's saved column mapping (UTF-8 or Windows-1252, comma or semicolon). "
        "Rows already imported are skipped; a file that cannot be read is not imported at all."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "source", help="The source's id, or the municipality code and the source's name."
        )
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Read the file and report; store nothing."
        )
        parser.add_argument(
            "--json", action="store_true", help="Print the summary as JSON (keys in English)."
        )

    def handle(self, *args, **options) -> None:
        source = find_source(options["source"])
        progress = TerminalProgress(self.stderr)
        try:
            result = import_reports(
                source, options["file"], dry_run=options["dry_run"], progress=progress
            )
        except ImportProblem as problem:
            raise CommandError(problem.message) from problem
        finally:
            progress.close()
        if options["json"]:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
            return
        self.stdout.write(self.style.SUCCESS(report_import_summary(result)))
        write_rejected_and_new_types(
            self,
            result.rejected,
            result.new_types,
            _(
                "The type “%(type)s” is new and counts as “other” until its category "
                "is chosen on the source's types page."
            ),
        )
        if options["dry_run"]:
            self.stdout.write(_("Nothing was stored (dry run)."))
