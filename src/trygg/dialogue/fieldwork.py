"""Fieldwork on the staff side: paper answers typed in, invitation codes printed or e-mailed.

Paper answers enter through ``submission.submit_response`` like every other answer,
idempotent on the form's own submission key. Invitation codes exist in plain text
only while a batch is made: the letters are printed from that one page, and each
e-mail is sent with its own code. E-mail addresses are used to send and then
forgotten: they are never written to the database, the cache or the session.
A batch's one-time form key is kept in the database, so a repeated form is refused
whichever worker process receives it.
"""

import datetime
import smtplib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from trygg.core.errors import DomainError

from .models import Invitation, InvitationBatch, Response, Survey
from .submission import create_invitations, hash_code, submit_response

MAX_LETTERS = 2000
MAX_EMAILS = 500
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
    emails_sent: int


def issue_invitations(
    survey: Survey,
    *,
    letters: int,
    emails: Sequence[str],
    answer_url: str,
    batch_key: uuid.UUID,
) -> Batch:
    """Make ``letters`` letter codes and send one e-mail with a code of its own to each address.

    ``answer_url`` is the absolute address of the survey's answering page, printed in
    letters and e-mails. ``batch_key`` is the form's one-time key: a repeated submit
    of the same form raises ``DomainError`` instead of making a second batch. The
    e-mails go first; if sending fails, the codes of the unsent ones are deleted, no
    letters are made and ``DomainError`` says how many went out.
    """
    if not accepts_invitations(survey):
        raise DomainError(_("The survey is closed: no more invitations can be made."))
    if letters < 0 or letters > MAX_LETTERS or len(emails) > MAX_EMAILS:
        raise DomainError(_("Too many invitations in one batch."))
    if not _remember_batch(batch_key):
        raise DomainError(
            _(
                "These invitations were already made when the form was first sent. "
                "Their codes were shown only then; make a new batch if they were lost."
            )
        )
    try:
        sent = _send_emails(survey, list(emails), answer_url)
    except DomainError:
        # Nothing of the batch is left but the e-mails that went out: the form may
        # be sent again without them.
        InvitationBatch.objects.filter(batch_key=batch_key).delete()
        raise
    codes = (
        create_invitations(survey, letters, channel=Invitation.Channel.LETTER) if letters else []
    )
    return Batch(letter_codes=codes, emails_sent=sent)


def _remember_batch(batch_key: uuid.UUID) -> bool:
    """Note that the form with ``batch_key`` is making its batch; False if it already did.

    A database row with a unique key, committed before anything is made, so that a
    second copy of the form (a double click, another worker process) is refused.
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


def _send_emails(survey: Survey, addresses: list[str], answer_url: str) -> int:
    if not addresses:
        return 0
    codes = create_invitations(survey, len(addresses), channel=Invitation.Channel.EMAIL)
    sent = 0
    try:
        with mailers.default as connection:
            for address, code in zip(addresses, codes, strict=True):
                message = invitation_email(survey, address, code, answer_url)
                if not connection.send_messages([message]):
                    raise smtplib.SMTPException("not sent")
                sent += 1
    except (OSError, smtplib.SMTPException):
        Invitation.objects.filter(code_hash__in=[hash_code(code) for code in codes[sent:]]).delete()
        raise DomainError(
            _(
                "Sending stopped after %(sent)d of %(count)d e-mails: the first %(sent)d "
                "addresses in the list got theirs. Nothing else was made. Try again later "
                "with the remaining addresses."
            )
            % {"sent": sent, "count": len(addresses)}
        ) from None
    return sent


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
