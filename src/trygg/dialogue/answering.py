"""A respondent's way through a survey: pages, a draft kept in the session, the submit.

The draft lives in the respondent's own session (server side, no account), so that a
respondent can leave and come back in the same browser and find everything typed
still there. It holds answers only; nothing in it names the respondent. The
submission key is made when the draft starts, so every submit of this draft, however
often repeated, stores one response.
"""

import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

from . import ballot
from .models import Question, Response, Survey
from .submission import SubmissionError, submit_response

QUESTIONS_PER_PAGE = 3


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
    """The survey's questions in pages; a map question gets a page of its own."""
    result: list[list[Question]] = []
    current: list[Question] = []
    for question in survey.questions.prefetch_related("options"):
        if question.kind == Question.Kind.PLACES:
            if current:
                result.append(current)
            result.append([question])
            current = []
            continue
        current.append(question)
        if len(current) == QUESTIONS_PER_PAGE:
            result.append(current)
            current = []
    if current:
        result.append(current)
    return result


def page(survey: Survey, number: int) -> Page | None:
    all_pages = pages(survey)
    if not 1 <= number <= len(all_pages):
        return None
    return Page(number=number, count=len(all_pages), questions=all_pages[number - 1])


class Draft:
    """The answers so far, kept in ``session`` under the survey's own key."""

    def __init__(self, session, survey: Survey):
        self.session = session
        self.key = f"dialogue-draft-{survey.pk}"
        data = session.get(self.key)
        if data is None:
            data = {"submission_key": str(uuid.uuid4()), "answers": {}, "invitation_code": ""}
            session[self.key] = data
        self.data = data

    @property
    def submission_key(self) -> uuid.UUID:
        return uuid.UUID(self.data["submission_key"])

    @property
    def answers(self) -> dict:
        return self.data["answers"]

    @property
    def invitation_code(self) -> str:
        return self.data["invitation_code"]

    def set_invitation_code(self, code: str) -> None:
        self.data["invitation_code"] = code
        self.session.modified = True

    def update(self, answers: Mapping[str, object]) -> None:
        self.data["answers"].update(answers)
        self.session.modified = True

    def finish(self) -> None:
        """Forget the answers; remember only that this browser has answered.

        Not which response it gave: the session must not link a browser to answers.
        """
        del self.session[self.key]
        self.session[answered_key(self.key)] = True


def answered_key(draft_key: str) -> str:
    return f"{draft_key}-answered"


def has_answered(session, survey: Survey) -> bool:
    return bool(session.get(answered_key(f"dialogue-draft-{survey.pk}")))


def submit_draft(survey: Survey, draft: Draft, address: str) -> Response:
    """Submit the respondent's draft, applying the open link's burst rules.

    An invitation's own code guards against repeats; answers by the open link are
    counted per network address, flagged above ``ballot.FLAG_AFTER`` an hour and
    refused above ``ballot.REFUSE_AFTER``. Raises ``SubmissionError``.
    """
    channel = Response.Channel.INVITATION if draft.invitation_code else Response.Channel.OPEN
    so_far = (
        ballot.submissions_so_far(survey.pk, address) if channel == Response.Channel.OPEN else 0
    )
    if so_far >= ballot.REFUSE_AFTER:
        raise SubmissionError(
            _("Too many answers have come from your network this hour. Try again later.")
        )
    response = submit_response(
        survey,
        draft.answers,
        channel=channel,
        submission_key=draft.submission_key,
        invitation_code=draft.invitation_code or None,
        flagged=so_far >= ballot.FLAG_AFTER,
    )
    ballot.count_submission(survey.pk, address)
    draft.finish()
    return response
