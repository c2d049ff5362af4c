"""The dialogue's background work: sending invitation e-mails, deleting expired drafts."""

import datetime

from django.tasks import task

from trygg.background.services import every, running

from .answering import purge_drafts
from .fieldwork import send_pending_emails

# Drafts live a day (answering.DRAFT_LIFETIME); an hour more is soon enough to go.
PURGE_INTERVAL = datetime.timedelta(hours=1)


@every(PURGE_INTERVAL)
@task
def purge_expired(job_id: str) -> None:
    """``purge_drafts``, every hour while a worker runs."""
    with running(job_id) as job:
        job.succeed(purge_drafts(progress=job.progress).summary())


@task
def send_invitation_emails(job_id: str) -> None:
    """Send the job's survey's pending invitation e-mails (``send_pending_emails``)."""
    with running(job_id) as job:
        job.succeed(send_pending_emails(job.subject, progress=job.progress).summary())
