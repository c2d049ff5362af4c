"""``trygg load-demo``: load (or restore) the Kungsbacka demo and print its sign-ins."""

import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from trygg.background.progress import TerminalProgress
from trygg.core.errors import DomainError
from trygg.demo.services import load_kungsbacka_demo


class Command(BaseCommand):
    help = (
        "Load the Kungsbacka demo: districts, the 2021–2022 agreement with its promises, "
        "actions and follow-up, the citizen dialogue, the police's open events of the whole "
        "country, synthetic municipal reports, and staff sign-ins with a known password. "
        "Running it again restores the demo."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--municipalities",
            type=Path,
            help="The municipalities GeoJSON, loaded if Kungsbacka is missing "
            "(defaults to swedish-municipalities.geojson in TRYGG_REFERENCE_DATA_DIR).",
        )
        parser.add_argument(
            "--base-url",
            default=f"http://127.0.0.1:{os.environ.get('PORT', '8000')}",
            help="Where the site is served, for the hint at the end.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Load, report and roll everything back."
        )
        parser.add_argument(
            "--without-incidents",
            action="store_true",
            help="Leave out the police's events and the synthetic municipal reports "
            "(they take some ten seconds on the first load).",
        )
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Load even when TRYGG_DEBUG is off. The demo creates a superuser with a "
            "published password: never on a public site.",
        )

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG and not options["allow_without_debug"]:
            raise CommandError(
                _(
                    "The demo creates sign-ins, an administrator among them, with a published "
                    "password, so it loads only in debug mode (TRYGG_DEBUG=1). Pass "
                    "--allow-without-debug if this is not a public site."
                )
            )
        progress = TerminalProgress(self.stderr)
        try:
            result = load_kungsbacka_demo(
                municipalities_path=options["municipalities"],
                dry_run=options["dry_run"],
                incidents=not options["without_incidents"],
                progress=progress,
            )
        except DomainError as error:
            raise CommandError(error.message) from error
        finally:
            progress.close()

        counts = {
            "districts": result.districts,
            "focus_areas": result.focus_areas,
            "promises": result.promises,
            "actions": result.actions,
            "updates": result.progress_updates,
            "indicators": result.indicators,
        }
        if options["dry_run"]:
            summary = _(
                "The demo would hold %(districts)d districts and one agreement with "
                "%(focus_areas)d focus areas, %(promises)d promises, %(actions)d actions, "
                "%(updates)d progress updates and %(indicators)d indicators. "
                "Nothing was stored (dry run)."
            )
        else:
            summary = _(
                "Loaded the Kungsbacka demo: %(districts)d districts and one agreement with "
                "%(focus_areas)d focus areas, %(promises)d promises, %(actions)d actions, "
                "%(updates)d progress updates and %(indicators)d indicators."
            )
        self.stdout.write(self.style.SUCCESS(summary % counts))
        if result.incidents is not None:
            self.stdout.write(
                _(
                    "Incidents: %(events)d of the police's open events, all municipalities "
                    "(%(imported)d imported now), and %(reports)d synthetic municipal reports "
                    "of Kungsbacka, invented for the demo (%(added)d added now); "
                    "%(alerts)d alerts."
                )
                % {
                    "events": result.incidents.police_events,
                    "imported": result.incidents.police_events_imported,
                    "reports": result.incidents.municipal_reports,
                    "added": result.incidents.municipal_reports_added,
                    "alerts": result.incidents.alerts,
                }
            )

        base = options["base_url"].rstrip("/")
        self.stdout.write("")
        self.stdout.write(
            _("Residents' page: %(url)s") % {"url": base + _path(result.municipality)}
        )
        self.stdout.write(_("Staff sign-in:   %(url)s") % {"url": base + reverse("login")})
        if result.dialogue is not None and not options["dry_run"]:
            self._open_survey(result.dialogue, result.municipality, base)
        self.stdout.write("")
        rows = [
            (
                pgettext("demo sign-ins", "user name"),
                pgettext("demo sign-ins", "password"),
                pgettext("demo sign-ins", "role"),
                pgettext("demo sign-ins", "organisation"),
            )
        ]
        rows += [
            (
                sign_in.username,
                sign_in.password,
                sign_in.role,
                f"{sign_in.organisation} ({sign_in.title})",
            )
            for sign_in in result.sign_ins
        ]
        widths = [max(len(row[column]) for row in rows) for column in range(3)]
        for row in rows:
            cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
            self.stdout.write("  ".join([*cells, row[3]]))

    def _open_survey(self, dialogue, municipality, base: str) -> None:
        """Where residents answer the open survey, and letter codes to answer it with."""
        survey = dialogue.open_survey
        try:
            path = reverse(
                "answer:start", kwargs={"municipality": municipality.slug, "pk": survey.pk}
            )
        except NoReverseMatch:  # the answering pages are not wired in
            return
        self.stdout.write(
            _("Open survey:     %(url)s (last day to answer %(date)s)")
            % {"url": base + path, "date": date_format(survey.closes_on)}
        )
        if dialogue.invitation_codes:
            self.stdout.write(
                _("Letter codes:    %(codes)s (each answers once)")
                % {"codes": ", ".join(dialogue.invitation_codes)}
            )


def _path(municipality) -> str:
    try:
        return municipality.get_absolute_url()
    except NoReverseMatch:  # the portal is not wired in
        return "/"
