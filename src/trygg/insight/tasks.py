"""Background work of the insight app: keeping each survey's results snapshots current."""

from django.tasks import task
from django.utils.translation import gettext as _

from trygg.background.models import Job
from trygg.background.services import enqueue, running
from trygg.dialogue.models import Survey

from . import snapshots


@task
def refresh_results(job_id: str) -> None:
    """Bring the job's survey's results snapshots up to its data version."""
    with running(job_id) as job:
        version = snapshots.refresh(job.subject, progress=job.progress)
        # The lägesbild shows the dialogue's figures: rebuilt from the new ones.
        from trygg.situation.tasks import lagesbild_after_change

        lagesbild_after_change(job.subject.municipality)
        job.succeed(
            _("The results are computed from data version %(version)d.") % {"version": version}
        )


def request_refresh(survey: Survey) -> Job:
    """Queue a refresh of ``survey``'s results, unless one is already waiting to start.

    In the caller's transaction: called where the survey's data changes, the refresh
    commits with the change (and the survey's lock, which the change holds, keeps two
    of them from both finding no waiting refresh).
    """
    return enqueue(refresh_results, survey, coalesce=True)


def on_survey_data_changed(sender, survey: Survey, **kwargs) -> None:
    request_refresh(survey)
