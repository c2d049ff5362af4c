"""Fieldwork on the staff side: paper answers typed in, invitation codes printed or e-mailed.

Paper answers enter through ``submission.submit_response`` like every other answer,
idempotent on the form's own submission key. Invitation codes exist in plain text
only while a batch is made: the letters are printed from that one page, and each
e-mail is sent with its own code. E-mail addresses wait in the database only until
their e-mail is sent, by the background worker (``send_pending_emails``): each is
deleted in the transaction that makes its code and sends it, and what is still
pending is deleted when the survey closes. They are never written to the cache or
the session, nor linked to a code. A batch's one-time form key is kept in the
database, so a repeated form is refused whichever worker process receives it.
"""

import contextlib
import datetime
import smtplib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import EmailMessage, mailers
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from trygg.background.models import Job
from trygg.background.progress import Progress, no_progress
from trygg.background.services import enqueue
from trygg.core.errors import DomainError

from .models import Invitation, InvitationBatch, PendingInvitationEmail, Response, Survey
from .submission import create_invitations, submit_response

MAX_LETTERS = 2000
MAX_EMAILS = 500
# Refusals in a row after which the mail server is taken to be down and sending stops.
MAX_REFUSALS_IN_A_ROW = 3
# How long a batch's key is remembered, so that a repeated submit makes no second batch.
BATCH_MEMORY = datetime.timedelta(hours=24)


@dataclass(frozen=True)
class PaperRegistration:
    response: Response
    number: int
    """The response's place among the survey's paper responses, counted from 1."""
    repeated: bool
    """True when this form had already been registered (a double submit)."""


def register_paper_response(
    survey: Survey,
    answers: dict,
    *,
    submission_key: uuid.UUID,
    invitation_code: str = "",
) -> PaperRegistration:
    """Store the answers of one paper form, spending its invitation code if it has one.

    Raises ``SubmissionError`` (``InvitationCodeError`` for the code) and stores
    nothing if anything is wrong.
    """
    repeated = Response.objects.filter(submission_key=submission_key).exists()
    response = submit_response(
        survey,
        answers,
        channel=Response.Channel.PAPER,
        submission_key=submission_key,
        invitation_code=invitation_code.strip() or None,
    )
    return PaperRegistration(response, paper_count(survey, up_to=response), repeated)


def paper_count(survey: Survey, *, up_to: Response | None = None) -> int:
    """How many paper responses the survey has (up to and including ``up_to``)."""
    responses = Response.objects.filter(survey=survey, channel=Response.Channel.PAPER)
    if up_to is not None:
        responses = responses.filter(pk__lte=up_to.pk)
    return responses.count()


def accepts_invitations(survey: Survey) -> bool:
    """Codes are made before the survey opens (letters go out on the day) or while open."""
    return survey.status in (Survey.Status.DRAFT, Survey.Status.OPEN)


@dataclass(frozen=True)
class InvitationCounts:
    created: int
    spent: int
    letters: int
    emails: int

    @property
    def unspent(self) -> int:
        return self.created - self.spent


def invitation_counts(survey: Survey) -> InvitationCounts:
    counts = Invitation.objects.filter(survey=survey).aggregate(
        created=Count("id"),
        spent=Count("id", filter=Q(spent=True)),
        letters=Count("id", filter=Q(channel=Invitation.Channel.LETTER)),
        emails=Count("id", filter=Q(channel=Invitation.Channel.EMAIL)),
    )
    return InvitationCounts(**counts)


@dataclass(frozen=True)
class Batch:
    letter_codes: list[str]
    """The letters' codes, formatted for print; they are never shown again."""
    emails_queued: int
    """How many addresses are now waiting for the background worker to send them."""


def issue_invitations(
    survey: Survey,
    *,
    letters: int,
    emails: Sequence[str],
    answer_url: str,
    batch_key: uuid.UUID,
    started_by: AbstractBaseUser | None = None,
) -> Batch:
    """Make ``letters`` letter codes and queue an e-mail with a code of its own to each address.

    ``answer_url`` is the absolute address of the survey's answering page, printed in
    letters and e-mails. ``batch_key`` is the form's one-time key: a repeated submit
    of the same form raises ``DomainError`` instead of making a second batch. The
    addresses are stored as pending and one job (``tasks.send_invitation_emails``)
    is queued to send them, in the transaction that makes the letters: all of it is
    made, or nothing. An address already pending for the survey is not added twice.
    """
    if not accepts_invitations(survey):
        raise DomainError(_("The survey is closed: no more invitations can be made."))
    if letters < 0 or letters > MAX_LETTERS or len(emails) > MAX_EMAILS:
        raise DomainError(_("Too many invitations in one batch."))
    with transaction.atomic():
        if not _remember_batch(batch_key):
            raise DomainError(
                _(
                    "These invitations were already made when the form was first sent. "
                    "Their codes were shown only then; make a new batch if they were lost."
                )
            )
        if emails:
            queue_emails(survey, emails, answer_url, started_by=started_by)
        codes = (
            create_invitations(survey, letters, channel=Invitation.Channel.LETTER)
            if letters
            else []
        )
    return Batch(letter_codes=codes, emails_queued=len(emails))


def _remember_batch(batch_key: uuid.UUID) -> bool:
    """Note that the form with ``batch_key`` is making its batch; False if it already did.

    A database row with a unique key, written before anything is made, so that a
    second copy of the form (a double click, another worker process) is refused: it
    waits for the first one's transaction and then finds the key taken.
    """
    try:
        with transaction.atomic():
            InvitationBatch.objects.create(batch_key=batch_key)
    except IntegrityError:
        return False
    return True


def old_batches(now: datetime.datetime | None = None):
    """The keys of forms older than ``BATCH_MEMORY``, which need not be remembered."""
    return InvitationBatch.objects.filter(created_at__lt=(now or timezone.now()) - BATCH_MEMORY)


def queue_emails(
    survey: Survey,
    addresses: Sequence[str],
    answer_url: str,
    *,
    started_by: AbstractBaseUser | None = None,
) -> Job:
    """Store ``addresses`` as pending for ``survey`` and queue the job that sends them."""
    from .tasks import send_invitation_emails

    with transaction.atomic():
        # Pending already (another batch with the address, not yet sent): one e-mail.
        PendingInvitationEmail.objects.bulk_create(
            (
                PendingInvitationEmail(survey=survey, address=address, answer_url=answer_url)
                for address in addresses
            ),
            ignore_conflicts=True,
        )
        return enqueue(send_invitation_emails, survey, started_by=started_by, coalesce=True)


@dataclass(frozen=True)
class EmailSending:
    """Where the sending of a survey's invitation e-mails stands, for its page."""

    job: Job | None
    """The latest job that sent (or is to send) the survey's e-mails."""
    pending: int
    """How many addresses are waiting to be sent."""

    @property
    def can_send_again(self) -> bool:
        """Addresses are waiting and no job is going to send them."""
        return bool(self.pending) and (self.job is None or self.job.finished)


def email_sending(survey: Survey) -> EmailSending:
    from .tasks import send_invitation_emails

    return EmailSending(
        job=Job.objects.of(send_invitation_emails, survey).first(),
        pending=PendingInvitationEmail.objects.filter(survey=survey).count(),
    )


def send_again(survey: Survey, *, started_by: AbstractBaseUser | None = None) -> Job:
    """Queue the sending of the survey's pending e-mails again, after a failed job."""
    if not accepts_invitations(survey):
        raise DomainError(_("The survey is closed: no more invitations can be made."))
    from .tasks import send_invitation_emails

    with transaction.atomic():
        if not PendingInvitationEmail.objects.filter(survey=survey).exists():
            raise DomainError(_("No invitation e-mails are waiting to be sent."))
        return enqueue(send_invitation_emails, survey, started_by=started_by, coalesce=True)


@dataclass(frozen=True)
class Sending:
    sent: int

    def summary(self) -> str:
        return ngettext("%(count)d invitation sent.", "%(count)d invitations sent.", self.sent) % {
            "count": self.sent
        }


def send_pending_emails(survey: Survey, *, progress: Progress = no_progress) -> Sending:
    """Send the survey's pending invitation e-mails, each with a code of its own.

    One transaction per address makes its code, deletes its pending row and sends
    the e-mail: an e-mail the mail server does not take leaves no code behind and its
    address pending. After ``MAX_REFUSALS_IN_A_ROW`` refusals in a row the server is
    taken to be down and sending stops. If any address is left unsent, ``DomainError``
    says how many were sent and how many are left (they are sent by ``send_again``).
    """
    if not accepts_invitations(survey):
        PendingInvitationEmail.objects.filter(survey=survey).delete()
        raise DomainError(
            _(
                "The survey is closed: the invitation e-mails not yet sent were deleted "
                "without being sent."
            )
        )
    pending = list(
        PendingInvitationEmail.objects.filter(survey=survey)
        .order_by("pk")
        .values_list("pk", "address", "answer_url")
    )
    step = _("Sending invitations")
    progress(step, 0, len(pending))
    sent = refusals = 0
    connection = mailers.default
    try:
        for done, (pk, address, answer_url) in enumerate(pending, start=1):
            try:
                # Connected before the transaction: a slow handshake holds no lock.
                connection.open()
                with transaction.atomic():
                    # Deleted first: a row another worker (or the survey's closing)
                    # took meanwhile is not there to delete, and is not sent again.
                    deleted, _kinds = PendingInvitationEmail.objects.filter(pk=pk).delete()
                    if deleted:
                        _send_one(connection, survey, address, answer_url)
                        sent += 1
            except (OSError, smtplib.SMTPException):
                refusals += 1
                # The next e-mail gets a connection of its own: this one may be broken.
                with contextlib.suppress(OSError, smtplib.SMTPException):
                    connection.close()
                if refusals >= MAX_REFUSALS_IN_A_ROW:
                    break
            else:
                refusals = 0
            progress(step, done, len(pending))
    finally:
        with contextlib.suppress(OSError, smtplib.SMTPException):
            connection.close()
    left = PendingInvitationEmail.objects.filter(pk__in=[row[0] for row in pending]).count()
    if left:
        raise DomainError(
            ngettext(
                "%(sent)d of %(total)d invitations were sent; %(left)d address is left "
                "unsent, as the mail server refused it or could not be reached. Try "
                "again later with “Send the remaining again”.",
                "%(sent)d of %(total)d invitations were sent; %(left)d addresses are left "
                "unsent, as the mail server refused them or could not be reached. Try "
                "again later with “Send the remaining again”.",
                left,
            )
            % {"sent": sent, "total": len(pending), "left": left}
        )
    return Sending(sent=sent)


def _send_one(connection, survey: Survey, address: str, answer_url: str) -> None:
    [code] = create_invitations(survey, 1, channel=Invitation.Channel.EMAIL)
    # The connection is open already: send_messages closes only what it opened itself.
    if not connection.send_messages([invitation_email(survey, address, code, answer_url)]):
        raise smtplib.SMTPException("not sent")


def invitation_email(survey: Survey, address: str, code: str, answer_url: str) -> EmailMessage:
    """One invitation e-mail, in the site's first language like the printed letters."""
    context = {
        "survey": survey,
        "municipality": survey.municipality,
        "code": code,
        "answer_url": answer_url,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Invitation: %(survey)s") % {"survey": f"{survey.title} {survey.year}"}
        body = render_to_string("dialogue/invitation_email.txt", context)
    return EmailMessage(subject=subject, body=body, to=[address])
