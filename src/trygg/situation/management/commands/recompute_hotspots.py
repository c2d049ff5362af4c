"""``trygg recompute-hotspots [KOMMUNKOD] [--year YYYY]``: the hotspots, now.

What the background task does after new reports or responses
(``situation.tasks.recompute_hotspots``), from the command line: every municipality
with point-located incidents or place marks, or the one whose kommunkod is given;
every year it needs (see ``hotspots.years_to_recompute``), or the one given.
"""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q
from django.utils.translation import gettext as _

from trygg.background.progress import TerminalProgress
from trygg.situation.hotspots import recompute_hotspots, years_to_recompute
from trygg.situation.models import Incident
from trygg.tenancy.models import Municipality


class Command(BaseCommand):
    help = (
        "Recompute the hotspots (Gi* on H3 cells) of residents' unsafe places and the "
        "municipality's point-located reports, and the priority places."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "municipality", nargs="?", metavar="KOMMUNKOD", help="Only this municipality."
        )
        parser.add_argument("--year", type=int, help="Only this year.")

    def handle(self, *args, **options) -> None:
        if options["municipality"]:
            municipalities = list(Municipality.objects.filter(code=options["municipality"]))
            if not municipalities:
                raise CommandError(
                    _("There is no municipality with the code %(code)s.")
                    % {"code": options["municipality"]}
                )
        else:
            municipalities = list(
                Municipality.objects.filter(
                    Q(incidents__precision=Incident.Precision.POINT)
                    | Q(surveys__questions__place_marks__isnull=False)
                )
                .distinct()
                .order_by("code")
            )
        year = options["year"]
        if year is not None and not 1900 <= year <= 2100:
            raise CommandError(_("--year must be a year such as 2025."))
        progress = TerminalProgress(self.stderr)
        try:
            for municipality in municipalities:
                for one in [year] if year else years_to_recompute(municipality):
                    result = recompute_hotspots(municipality, year=one, progress=progress)
                    self.stdout.write(self.style.SUCCESS(result.summary()))
        finally:
            progress.close()
        if not municipalities:
            self.stdout.write(_("There is no municipality with data to compute hotspots from."))
