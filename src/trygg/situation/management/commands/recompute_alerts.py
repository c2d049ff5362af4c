"""``trygg recompute-alerts [KOMMUNKOD] [--weeks N]``: the early-warning alerts, now.

What the background task does after an import (``situation.tasks.recompute_alerts``),
from the command line: every municipality, or the one whose kommunkod is given.
(``trygg alerts SERIES.csv`` is the engine on a file of series, without a database.)
"""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from trygg.background.progress import TerminalProgress
from trygg.situation.alerts import recompute_alerts
from trygg.tenancy.models import Municipality


class Command(BaseCommand):
    help = (
        "Recompute the early-warning alerts from the stored incidents: the police's open "
        "events per municipality and category, point sources per H3 cell and category."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "municipality", nargs="?", metavar="KOMMUNKOD", help="Only this municipality."
        )
        parser.add_argument(
            "--weeks", type=int, help="Evaluate the last N weeks (default TRYGG_ALERT_WEEKS)."
        )

    def handle(self, *args, **options) -> None:
        municipality = None
        if options["municipality"]:
            municipality = Municipality.objects.filter(code=options["municipality"]).first()
            if municipality is None:
                raise CommandError(
                    _("There is no municipality with the code %(code)s.")
                    % {"code": options["municipality"]}
                )
        if options["weeks"] is not None and options["weeks"] < 1:
            raise CommandError(_("--weeks must be at least 1."))
        progress = TerminalProgress(self.stderr)
        try:
            result = recompute_alerts(municipality, weeks=options["weeks"], progress=progress)
        finally:
            progress.close()
        self.stdout.write(self.style.SUCCESS(result.summary()))
        if result.data_until is None:
            self.stdout.write(_("There are no incidents to compute alerts from."))
