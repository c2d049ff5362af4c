"""The population app's background work: weighting a survey, started from its page."""

from django.tasks import task
from django.utils.translation import ngettext

from trygg.background.services import running

from .services import weight_survey


def weighting_summary(responses: int, year: int) -> str:
    return ngettext(
        "Weighted %(responses)d response to the population of %(year)d.",
        "Weighted %(responses)d responses to the population of %(year)d.",
        responses,
    ) % {"responses": responses, "year": year}


@task
def weigh_survey(job_id: str) -> None:
    """Weight the job's survey (``weight_survey``), reporting its steps on the job."""
    with running(job_id) as job:
        result = weight_survey(job.subject, progress=job.progress)
        job.succeed(weighting_summary(result.responses, result.population_year))
