"""The dialogue's background work: invitation e-mails, expired drafts, finished surveys."""

import datetime

from django.tasks import task
from django.utils.translation import ngettext

from trygg.background.services import every, running

from .answering import purge_drafts
from .fieldwork import send_pending_emails
from .services import close_surveys_past_their_last_day

# Drafts live a day (answering.DRAFT_LIFETIME); an hour more is soon enough to go.
PURGE_INTERVAL = datetime.timedelta(hours=1)


@every(PURGE_INTERVAL)
@task
def purge_expired(job_id: str) -> None:
    """``purge_drafts``, every hour while a worker runs."""
    with running(job_id) as job:
        job.succeed(purge_drafts(progress=job.progress).summary())


# A survey's last day ends at midnight in Swedish time; within the hour it is closed.
CLOSE_INTERVAL = datetime.timedelta(hours=1)


@every(CLOSE_INTERVAL)
@task
def close_finished_surveys(job_id: str) -> None:
    """``close_surveys_past_their_last_day``, every hour while a worker runs."""
    with running(job_id) as job:
        closed = close_surveys_past_their_last_day()
        job.succeed(
            ngettext(
                "Closed %(count)d survey whose last day was over.",
                "Closed %(count)d surveys whose last day was over.",
                len(closed),
            )
            % {"count": len(closed)}
        )


@task
def send_invitation_emails(job_id: str) -> None:
    """Send the job's survey's pending invitation e-mails (``send_pending_emails``)."""
    with running(job_id) as job:
        job.succeed(send_pending_emails(job.subject, progress=job.progress).summary())
