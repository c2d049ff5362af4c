"""``trygg weight-survey SURVEY_ID [--year YEAR]``: calibrate a survey's weights."""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from trygg.background.progress import TerminalProgress
from trygg.core.errors import DomainError
from trygg.dialogue.models import Survey
from trygg.population.services import weight_survey


class Command(BaseCommand):
    help = (
        "Weight a survey's respondents: design weights by area, raked to the population "
        "by area, age group and gender. Replaces the survey's weights."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("survey", type=int, help="The survey's id.")
        parser.add_argument(
            "--year",
            type=int,
            help="Weight to this year's population, or the latest before it "
            "(default: the survey's year).",
        )

    def handle(self, *args, **options) -> None:
        survey = Survey.objects.filter(pk=options["survey"]).first()
        if survey is None:
            raise CommandError(_("No survey has the id %(id)d.") % {"id": options["survey"]})
        progress = TerminalProgress(self.stderr)
        try:
            result = weight_survey(survey, year=options["year"], progress=progress)
        except DomainError as error:
            raise CommandError(error.message) from error
        finally:
            progress.close()
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Weighted %(responses)d responses of %(survey)s to the population of "
                    "%(year)d (%(total)d residents) in %(iterations)d raking iterations."
                )
                % {
                    "responses": result.responses,
                    "survey": survey,
                    "year": result.population_year,
                    "total": result.population_total,
                    "iterations": result.iterations,
                }
            )
        )
