"""The background app's own work: keeping the job queue tidy while a worker runs."""

from django.tasks import task

from .housekeeping import SILENCE_LIMIT, tidy_queue
from .services import every, running

# As often as a job may be silent: a job that lost its worker is failed within two hours.
TIDY_INTERVAL = SILENCE_LIMIT


@every(TIDY_INTERVAL)
@task
def tidy(job_id: str) -> None:
    """``tidy_queue``, every hour while a worker runs."""
    with running(job_id) as job:
        job.succeed(tidy_queue(progress=job.progress).summary())
