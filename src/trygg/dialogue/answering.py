"""A respondent's way through a survey: pages, a draft kept for 24 hours, the submit.

The draft is a ``ResponseDraft`` row, made when a resident first saves a page (never
by reading one) and found again by a random id in a signed cookie, so a resident can
leave and come back in the same browser. It holds answers only, already scrubbed of
personal data, and for an invitation only the code's hash; nothing in it names the
respondent. It expires ``DRAFT_LIFETIME`` after it was started and ``purge_drafts``
deletes it. The submission key is made with the draft, so every submit of this draft,
however often repeated or however many at once, stores one response: once sent, the
draft is emptied and kept as a marker that says so until it expires.

Drafts are kept in a table of their own rather than in Django's session: a session
would be made for every reader of a page that touches it (and a session row has no
creation time to expire by), its contents are an opaque blob no query can purge by
age, and staff sign-in sessions would share the store with residents' answers.
"""

import datetime
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import import_module

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.background.progress import Progress, no_progress
from trygg.core.errors import DomainError
from trygg.text.scrub import scrub

from . import ballot, fieldwork
from .models import Question, Response, ResponseDraft, Survey
from .submission import SubmissionError, submit_response

# How many questions a page of a new survey gets before the next page starts; staff
# move the breaks in the builder.
QUESTIONS_PER_PAGE = 3
# How long unsent answers are kept. A resident who pauses comes back the same day;
# answers left longer than this are deleted, because they are nobody's responsibility.
DRAFT_LIFETIME = datetime.timedelta(hours=24)


class DraftExpired(DomainError):
    """The draft is older than ``DRAFT_LIFETIME`` or was purged: its answers are gone."""

    def __init__(self):
        super().__init__(
            _(
                "Your unfinished answers were kept for 24 hours and have now been "
                "deleted, so that nothing is left lying around. Please start again."
            )
        )


class DraftSent(DomainError):
    """The draft was already sent: a repeat, which stores nothing."""

    def __init__(self):
        super().__init__(_("Your answers have already been sent. Thank you!"))


@dataclass(frozen=True)
class Page:
    number: int
    count: int
    questions: list[Question]

    @property
    def is_first(self) -> bool:
        return self.number == 1

    @property
    def is_last(self) -> bool:
        return self.number == self.count

    @property
    def percent_before(self) -> int:
        """How far the respondent has come when this page opens, in whole percent."""
        return round(100 * (self.number - 1) / self.count)


def pages(survey: Survey) -> list[list[Question]]:
    """The survey's questions in pages, broken where staff set ``starts_page``.

    A map question is always a page of its own: the map needs the width of the page,
    and the questions after it start a new one.
    """
    return paged(survey.questions.prefetch_related("options"))


def paged(questions: Iterable[Question]) -> list[list[Question]]:
    """``questions``, in their order, cut into pages as :func:`pages` does."""
    result: list[list[Question]] = []
    for question in questions:
        if not result or starts_page(question, result[-1][-1]):
            result.append([])
        result[-1].append(question)
    return result


def starts_page(question: Question, previous: Question | None) -> bool:
    """Whether ``question``, after ``previous`` (None for the first), opens a page."""
    return question.starts_page or breaks_by_itself(question, previous)


def breaks_by_itself(question: Question, previous: Question | None) -> bool:
    """Whether ``question`` opens a page whatever staff set: it is the first, a map
    question, or the one after a map question."""
    places = Question.Kind.PLACES
    return previous is None or places in (question.kind, previous.kind)


def page(survey: Survey, number: int) -> Page | None:
    all_pages = pages(survey)
    if not 1 <= number <= len(all_pages):
        return None
    return Page(number=number, count=len(all_pages), questions=all_pages[number - 1])


def page_with(survey: Survey, keys: Mapping[str, object]) -> Page | None:
    """The first page that asks one of the questions ``keys`` names, or None."""
    for number, questions in enumerate(pages(survey), start=1):
        if any(question.key in keys for question in questions):
            return page(survey, number)
    return None


def _expiry_cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    return (now or timezone.now()) - DRAFT_LIFETIME


def find_draft(survey: Survey, draft_id: str | None) -> ResponseDraft | None:
    """The survey's unexpired draft with this id (sent or not), or None."""
    if not draft_id:
        return None
    try:
        draft_id = uuid.UUID(str(draft_id))
    except ValueError:
        return None
    return ResponseDraft.objects.filter(
        pk=draft_id, survey=survey, created_at__gte=_expiry_cutoff()
    ).first()


def scrubbed(questions: list[Question], answers: Mapping[str, object]) -> dict:
    """``answers`` with every free text and place description scrubbed of personal data.

    Done before a page's answers are saved in the draft, so that the original text is
    never written anywhere; ``submit_response`` scrubs again, which changes nothing.
    """
    kinds = {question.key: question.kind for question in questions}
    result = {}
    for key, value in answers.items():
        if kinds.get(key) == Question.Kind.FREE_TEXT and isinstance(value, str):
            value = scrub(value).text
        elif kinds.get(key) == Question.Kind.PLACES and isinstance(value, list):
            value = [
                {**place, "description": scrub(str(place.get("description") or "")).text}
                if isinstance(place, Mapping)
                else place
                for place in value
            ]
        result[key] = value
    return result


def _locked(draft: ResponseDraft) -> ResponseDraft:
    """The draft's row, locked until the transaction ends; ``DraftExpired`` if gone."""
    locked = (
        ResponseDraft.objects.select_for_update()
        .filter(pk=draft.pk, created_at__gte=_expiry_cutoff())
        .first()
    )
    if locked is None:
        raise DraftExpired
    if locked.finished:
        raise DraftSent
    return locked


def save_page(
    survey: Survey,
    draft: ResponseDraft | None,
    questions: list[Question],
    answers: Mapping[str, object],
) -> ResponseDraft:
    """Keep a page's answers, scrubbed, in the draft; start the draft if there is none.

    Raises ``DraftExpired`` when the draft is gone and ``DraftSent`` when it was sent.
    """
    clean = scrubbed(questions, answers)
    if draft is None:
        return ResponseDraft.objects.create(survey=survey, answers=clean)
    with transaction.atomic():
        locked = _locked(draft)
        locked.answers.update(clean)
        locked.save(update_fields=["answers", "updated_at"])
    return locked


def start_with_code(survey: Survey, draft: ResponseDraft | None, code_hash: str) -> ResponseDraft:
    """Note an invitation code's hash in the draft (a new one if needed); never the code."""
    if draft is None or draft.finished:
        return ResponseDraft.objects.create(survey=survey, invitation_code_hash=code_hash)
    with transaction.atomic():
        locked = _locked(draft)
        locked.invitation_code_hash = code_hash
        locked.save(update_fields=["invitation_code_hash", "updated_at"])
    return locked


def submit_draft(survey: Survey, draft: ResponseDraft, address: str) -> Response:
    """Send the respondent's draft, applying the open link's burst rules.

    In one transaction, with the draft's row locked: a repeat (a double click, a
    network retry, the same request replayed) waits for the first and then finds the
    draft sent, raising ``DraftSent``. An invitation's own code guards against
    stuffing; answers by the open link are counted per network before the decision,
    flagged above ``ballot.FLAG_AFTER`` an hour and refused above
    ``ballot.REFUSE_AFTER``. A refused or invalid submission counts nothing and keeps
    the draft. Raises ``SubmissionError``, ``DraftExpired`` or ``DraftSent``.
    """
    with transaction.atomic():
        locked = _locked(draft)
        if locked.invitation_code_hash:
            channel, flagged = Response.Channel.INVITATION, False
        else:
            count = ballot.count_submission(survey.pk, address)
            if ballot.is_refused(count):
                raise SubmissionError(
                    _(
                        "Too many answers have come from your network in the past hour. "
                        "Try again later."
                    )
                )
            channel, flagged = Response.Channel.OPEN, ballot.is_flagged(count)
        response = submit_response(
            survey,
            locked.answers,
            channel=channel,
            submission_key=locked.submission_key,
            invitation_code_hash=locked.invitation_code_hash or None,
            flagged=flagged,
        )
        # Keep only the fact that this draft was sent: no answers, no code, and no
        # submission key, which would tie the browser's cookie to the response.
        locked.answers, locked.invitation_code_hash = {}, ""
        locked.submission_key, locked.finished = None, True
        locked.save()
    return response


@dataclass(frozen=True)
class Purged:
    drafts: int
    network_counts: int
    invitation_batches: int
    dry_run: bool = False

    def summary(self) -> str:
        numbers = {
            "drafts": self.drafts,
            "counts": self.network_counts,
            "batches": self.invitation_batches,
        }
        if self.dry_run:
            return (
                _(
                    "Would delete %(drafts)d expired drafts, %(counts)d network counts and "
                    "%(batches)d invitation form keys."
                )
                % numbers
            )
        return (
            _(
                "Deleted %(drafts)d expired drafts, %(counts)d network counts and "
                "%(batches)d invitation form keys, and the expired sessions."
            )
            % numbers
        )


def purge_drafts(
    now: datetime.datetime | None = None,
    *,
    dry_run: bool = False,
    progress: Progress = no_progress,
) -> Purged:
    """Delete what the answering flow keeps for a while, once its time is over.

    Expired drafts (sent or not), the per-network counts of past hours, the one-time
    keys of old invitation forms, and Django's expired sessions. A draft is treated
    as gone once it expires whether or not this has run; this makes sure it is also
    deleted. Run it every hour or so (cron, or the background worker). With
    ``dry_run`` nothing is deleted and the counts say what would be.
    """
    now = now or timezone.now()
    expired = {
        "drafts": ResponseDraft.objects.filter(created_at__lt=_expiry_cutoff(now)),
        "network_counts": ballot.past_counts(now),
        "invitation_batches": fieldwork.old_batches(now),
    }
    if dry_run:
        progress(_("Counting what has expired"), 0, 1)
        counted = {name: rows.count() for name, rows in expired.items()}
        progress(_("Counting what has expired"), 1, 1)
        return Purged(**counted, dry_run=True)
    progress(_("Deleting expired drafts and counts"), 0, 2)
    with transaction.atomic():
        # Counted as the dry run counts: the rows themselves, not what goes with them.
        deleted = {
            name: rows.delete()[1].get(rows.model._meta.label, 0) for name, rows in expired.items()
        }
    progress(_("Deleting expired sessions"), 1, 2)
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
    progress(_("Deleting expired sessions"), 2, 2)
    return Purged(**deleted)
