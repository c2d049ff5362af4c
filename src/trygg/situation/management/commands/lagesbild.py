"""``trygg lagesbild KOMMUNKOD --year YYYY [--json] [--pdf FILE] [--public] [--language sv|en]``:
the report, now.

Computes the lägesbild from the stored data as the background task does (without
storing a snapshot) and prints its figures as JSON, writes its PDF (the staff page's
report, from the same template), or says in a line what it holds. ``--public`` makes
the public version, with only what the privacy rules allow. ``--language`` is the
language of its texts and of the PDF (default: the settings' ``LANGUAGE_CODE``); the
figures are the same in every language.
"""

import argparse
import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from trygg.core.errors import DomainError
from trygg.reports.pdf import html_to_pdf
from trygg.situation.lagesbild import as_json, build_lagesbild
from trygg.situation.lagesbild_services import check_year, report_languages
from trygg.situation.report import report_html
from trygg.tenancy.models import Municipality


def year_argument(value: str) -> int:
    """``--year``: a whole number, or an error that says so in the user's language."""
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("Give the year as a number, e.g. 2025, not %(value)s.") % {"value": value}
        ) from None


class Command(BaseCommand):
    help = "The lägesbild of a municipality for a year: its figures as JSON, or its PDF report."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("municipality", metavar="KOMMUNKOD")
        parser.add_argument("--year", type=year_argument, required=True, metavar="YYYY")
        parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")
        parser.add_argument("--pdf", type=Path, metavar="FILE", help="Write the report as PDF.")
        parser.add_argument(
            "--public", action="store_true", help="The public version (privacy rules applied)."
        )
        parser.add_argument(
            "--language",
            choices=report_languages(),
            default=settings.LANGUAGE_CODE,
            help="The language of the report's texts (default: %(default)s).",
        )

    def handle(self, *args, **options) -> None:
        translation.activate(options["language"])
        municipality = Municipality.objects.filter(code=options["municipality"]).first()
        if municipality is None:
            raise CommandError(
                _("There is no municipality with the code %(code)s.")
                % {"code": options["municipality"]}
            )
        year = options["year"]
        try:
            check_year(year)
        except DomainError as error:
            raise CommandError(error.message) from error
        figures = as_json(
            build_lagesbild(
                municipality, year, public=options["public"], language=options["language"]
            )
        )
        if options["pdf"]:
            html = report_html(
                None,
                {
                    "municipality": municipality,
                    "year": year,
                    "figures": figures,
                    "computed_at": timezone.now(),
                },
                pdf=True,
            )
            try:
                options["pdf"].write_bytes(html_to_pdf(html))
            except OSError as error:
                raise CommandError(
                    _("Cannot write %(file)s: %(reason)s")
                    % {"file": options["pdf"], "reason": error.strerror}
                ) from error
        if options["json"]:
            self.stdout.write(json.dumps(figures, ensure_ascii=False, indent=2))
        elif not options["pdf"]:
            police = figures["police_events"]
            self.stdout.write(
                _(
                    "%(municipality)s %(year)d: %(count)d police events; %(problems)d problems "
                    "suggested."
                )
                % {
                    "municipality": municipality.name,
                    "year": year,
                    "count": police["count"],
                    "problems": len(figures["analys"]["problems"]),
                }
            )
