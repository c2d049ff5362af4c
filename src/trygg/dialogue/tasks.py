"""The dialogue's background work: deleting what the answering flow keeps for a while."""

import datetime

from django.tasks import task

from trygg.background.services import every, running

from .answering import purge_drafts

# Drafts live a day (answering.DRAFT_LIFETIME); an hour more is soon enough to go.
PURGE_INTERVAL = datetime.timedelta(hours=1)


@every(PURGE_INTERVAL)
@task
def purge_expired(job_id: str) -> None:
    """``purge_drafts``, every hour while a worker runs."""
    with running(job_id) as job:
        job.succeed(purge_drafts(progress=job.progress).summary())
