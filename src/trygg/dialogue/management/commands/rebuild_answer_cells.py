"""``trygg rebuild-answer-cells [--survey ID]``: count the answer cells afresh from the answers."""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from trygg.dialogue.answer_cells import rebuild_answer_cells
from trygg.dialogue.models import Survey


class Command(BaseCommand):
    help = (
        "Count every survey's answers per area, age group and gender afresh from the "
        "stored answers and weights, which the results read. Each survey in one "
        "transaction; running it again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--survey", type=int, help="Only this survey (its id).")

    def handle(self, *args, **options) -> None:
        surveys = Survey.objects.order_by("pk")
        if options["survey"] is not None:
            surveys = surveys.filter(pk=options["survey"])
            if not surveys.exists():
                raise CommandError(_("No survey has the id %(id)d.") % {"id": options["survey"]})
        for survey in surveys:
            cells = rebuild_answer_cells(survey)
            self.stdout.write(
                _("Counted %(cells)d answer cells of %(survey)s.")
                % {"cells": cells, "survey": survey}
            )
