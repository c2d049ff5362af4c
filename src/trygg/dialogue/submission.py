"""Taking in a respondent's answers: validated whole, stored once, never linkable.

``submit_response`` is the one way answers enter Trygg, for every channel, and
``submit_responses`` its bulk form (the demo, benchmarks, batches of paper forms): both
prepare each response the same way (every answer checked, free text scrubbed, places
given their H3 cell and area) before anything is written. A submission is idempotent
on the form's submission key, so a double click or a network retry stores exactly one
response; it spends an invitation code in the same transaction and stores nothing that
ties the two together. Free text is scrubbed of personal data before it is stored: the
original is never written anywhere.
"""

import datetime
import hashlib
import math
import random
import secrets
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import KW_ONLY, dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from shapely.geometry import Point, shape

from trygg.core.errors import DomainError
from trygg.geo.cells import cells_for_points
from trygg.geo.lookup import NO_AREA
from trygg.geo.models import Area
from trygg.geo.selectors import area_index, municipality_areas
from trygg.text.scrub import scrub

from .answer_cells import count_responses
from .changes import record_change
from .models import Answer, Invitation, PlaceMark, Question, Response, Survey

# H3 resolution 9: cells of about 0.1 km², fine enough for a tunnel or a park.
PLACE_RESOLUTION = 9
MAX_PLACES = 10
MAX_TEXT_LENGTH = 5000
# A number is read from at most this many characters: "1e999999999" has no place here.
MAX_NUMBER_LENGTH = 40
_NUMBER_FIELD = Answer._meta.get_field("number")
# The column's own bounds (numeric(12, 2): below 10^10), so that no number outside them
# reaches the database, where SQLite would store it and reading it back would fail.
NUMBER_QUANTUM = Decimal(1).scaleb(-_NUMBER_FIELD.decimal_places)
_INTEGER_DIGITS = _NUMBER_FIELD.max_digits - _NUMBER_FIELD.decimal_places
NUMBER_LIMIT = Decimal(10) ** _INTEGER_DIGITS - NUMBER_QUANTUM
# No 0/O or 1/I/L: codes are typed in from paper letters.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
# Rows per INSERT and keys per IN (...): far below SQLite's 32,766 parameters.
BATCH_SIZE = 2000


class SubmissionError(DomainError):
    """The answers were refused; ``errors`` maps question keys to what is wrong."""

    def __init__(self, message: str, errors: Mapping[str, str] | None = None):
        super().__init__(message)
        self.errors = dict(errors or {})


class InvitationCodeError(SubmissionError):
    """The invitation code was refused: unknown for this survey, or already used."""


def hash_code(code: str) -> str:
    normalised = "".join(code.split()).replace("-", "").upper()
    return hashlib.sha256(normalised.encode()).hexdigest()


def format_code(code: str) -> str:
    """``ABCDEFGHJK`` as ``ABCD-EFGH-JK``, easier to read on paper."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def make_codes(count: int, *, rng: random.Random | None = None) -> list[str]:
    """``count`` unformatted codes, from ``secrets`` unless a seeded ``rng`` is given."""
    choice = rng.choice if rng is not None else secrets.choice
    return ["".join(choice(CODE_ALPHABET) for _ in range(CODE_LENGTH)) for _ in range(count)]


@transaction.atomic
def create_invitations(
    survey: Survey,
    count: int,
    *,
    channel: str = Invitation.Channel.LETTER,
    rng: random.Random | None = None,
) -> list[str]:
    """``count`` new invitation codes; only their hashes are stored, so print them now.

    ``rng``, a seeded generator, makes the same codes on every run: only for the demo,
    whose codes are published. Real codes come from ``secrets``.
    """
    codes = make_codes(count, rng=rng)
    Invitation.objects.bulk_create(
        Invitation(survey=survey, code_hash=hash_code(code), channel=channel) for code in codes
    )
    return [format_code(code) for code in codes]


@dataclass(frozen=True)
class _Prepared:
    """A checked response, not yet stored: its row and its answers' and places' rows."""

    response: Response
    answers: list[Answer]
    places: list[PlaceMark]


def submit_response(
    survey: Survey,
    answers: Mapping[str, object],
    *,
    channel: str,
    submission_key: uuid.UUID,
    invitation_code: str | None = None,
    invitation_code_hash: str | None = None,
    flagged: bool = False,
) -> Response:
    """Store one response to ``survey``, or return the one this submission already made.

    ``answers`` maps question keys to: an option value (single choice, age group,
    gender), a list of option values (multiple choice), a number, a text, an area id
    (area of residence), or a list of places, each a mapping with ``latitude`` and
    ``longitude`` (or ``area``), ``reasons``, ``times`` and ``description``.
    ``flagged`` marks a response that came in a suspicious burst, for staff to judge.
    An ``invitation_code`` is spent whatever the channel (a paper letter can carry
    one); ``invitation_code_hash`` (its ``hash_code``) does the same for callers that
    keep only the hash, as a resident's draft does. Questions marked required are not
    enforced on paper: staff type in what the respondent wrote, and cannot answer for
    them.
    Raises ``SubmissionError`` (``InvitationCodeError`` for the code) and stores
    nothing if anything is wrong.
    """
    code_hash = invitation_code_hash or (hash_code(invitation_code) if invitation_code else None)
    try:
        with transaction.atomic():
            return _submit(survey, answers, channel, submission_key, code_hash, flagged)
    except IntegrityError:
        # Two copies of one submission raced; the other one was stored first.
        existing = Response.objects.filter(submission_key=submission_key).first()
        if existing is None:
            raise
        return existing


def _submit(survey, answers, channel, submission_key, code_hash, flagged) -> Response:
    existing = Response.objects.filter(submission_key=submission_key).first()
    if existing is not None:
        return _same_survey(existing, survey)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    _check_accepting(survey, channel)
    if channel == Response.Channel.INVITATION or code_hash:
        retried = _spend_invitation(survey, code_hash or "", submission_key)
        if retried is not None:
            return retried
    prepared = _Preparation(survey).prepare(answers, channel=channel)
    _store(survey, [prepared], [Submission(answers, channel, submission_key, flagged=flagged)])
    return prepared.response


@dataclass(frozen=True)
class Submission:
    """One response for :func:`submit_responses`: what :func:`submit_response` takes."""

    answers: Mapping[str, object]
    channel: str
    submission_key: uuid.UUID
    _: KW_ONLY
    submitted_on: datetime.date | None = None  # today when not given
    invitation_code_hash: str | None = None
    flagged: bool = False


def submit_responses(survey: Survey, submissions: Sequence[Submission]) -> list[Response]:
    """Store many responses to ``survey`` at once, each prepared as ``submit_response`` does.

    All or nothing, in one transaction: every response is checked before any row is
    written, and the first one that fails raises ``SubmissionError`` naming it by its
    position (from 1), with the answers' errors. Unlike one submission, a batch is not
    a retry: a submission key already stored, or twice in the batch, is refused, and
    so is an invitation code that is unknown, spent or used twice.
    """
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        preparation = _Preparation(survey)
        prepared = []
        for position, submission in enumerate(submissions, start=1):
            try:
                _check_accepting(survey, submission.channel)
                prepared.append(preparation.prepare(submission.answers, channel=submission.channel))
            except SubmissionError as error:
                details = "".join(f" {key}: {problem}" for key, problem in error.errors.items())
                raise SubmissionError(
                    _("Response %(position)d: %(message)s")
                    % {"position": position, "message": f"{error}{details}"},
                    error.errors,
                ) from error
        _refuse_stored_keys([submission.submission_key for submission in submissions])
        _spend_invitations(survey, submissions)
        _store(survey, prepared, submissions)
    return [item.response for item in prepared]


def _check_accepting(survey: Survey, channel: str) -> None:
    accepting = {Survey.Status.OPEN} | (
        {Survey.Status.CLOSED} if channel == Response.Channel.PAPER else set()
    )
    if survey.status not in accepting:
        raise SubmissionError(_("The survey is not open for answers."))
    if channel == Response.Channel.PAPER:
        # Paper forms that came back by post are typed in after the last day too.
        return
    if survey.last_day_passed():
        raise SubmissionError(last_day_passed_message(survey))
    if channel == Response.Channel.OPEN and not survey.open_link:
        raise SubmissionError(_("This survey is answered with the code in your invitation letter."))


def last_day_passed_message(survey: Survey) -> str:
    """What a resident is told who answers after the survey's last day."""
    return _("The last day to answer this survey was %(date)s. Answers are no longer accepted.") % {
        "date": date_format(survey.closes_on)
    }


def _batches(values: Sequence) -> Iterator[Sequence]:
    for start in range(0, len(values), BATCH_SIZE):
        yield values[start : start + BATCH_SIZE]


def _refuse_stored_keys(keys: Sequence[uuid.UUID]) -> None:
    if len(set(keys)) != len(keys) or any(
        Response.objects.filter(submission_key__in=batch).exists() for batch in _batches(keys)
    ):
        raise SubmissionError(_("Some of these responses have already been stored."))


def _spend_invitations(survey: Survey, submissions: Sequence[Submission]) -> None:
    hashes = [s.invitation_code_hash for s in submissions if s.invitation_code_hash]
    uninvited = any(
        s.channel == Response.Channel.INVITATION and not s.invitation_code_hash for s in submissions
    )
    spent = sum(
        Invitation.objects.filter(survey=survey, code_hash__in=batch, spent=False).update(
            spent=True
        )
        for batch in _batches(hashes)
    )
    if uninvited or len(set(hashes)) != len(hashes) or spent != len(hashes):
        raise InvitationCodeError(
            _("Every response by invitation needs its own valid, unspent code.")
        )


def _store(
    survey: Survey, prepared: Sequence["_Prepared"], submissions: Sequence[Submission]
) -> None:
    """Write prepared responses: their rows, then their answers and places, in batches.

    Their answers are counted in the survey's answer cells in the same transaction.
    """
    _locate(survey, [mark for item in prepared for mark in item.places])
    today = timezone.localdate()
    for item, submission in zip(prepared, submissions, strict=True):
        item.response.submission_key = submission.submission_key
        item.response.submitted_on = submission.submitted_on or today
        item.response.flagged = submission.flagged
    Response.objects.bulk_create([item.response for item in prepared], batch_size=BATCH_SIZE)
    for item in prepared:
        for row in (*item.answers, *item.places):
            row.response = item.response
    Answer.objects.bulk_create(
        [row for item in prepared for row in item.answers], batch_size=BATCH_SIZE
    )
    PlaceMark.objects.bulk_create(
        [row for item in prepared for row in item.places], batch_size=BATCH_SIZE
    )
    count_responses(survey, [(item.response, item.answers, item.places) for item in prepared])
    record_change(survey)


def _locate(survey: Survey, marks: Sequence[PlaceMark]) -> None:
    """Each marked point's H3 cell and area, computed in one batch."""
    points = [mark for mark in marks if mark.latitude is not None]
    if not points:
        return
    latitudes = [mark.latitude for mark in points]
    longitudes = [mark.longitude for mark in points]
    cells = cells_for_points(latitudes, longitudes, PLACE_RESOLUTION)
    located = area_index(survey.municipality).locate(longitudes, latitudes)
    for mark, cell, area_id in zip(points, cells.tolist(), located.tolist(), strict=True):
        mark.h3_cell = int(cell)
        mark.area_id = None if area_id == NO_AREA else int(area_id)


def _same_survey(response: Response, survey: Survey) -> Response:
    if response.survey_id != survey.pk:
        raise SubmissionError(_("This form was already used for another survey."))
    return response


def _spend_invitation(survey: Survey, code_hash: str, submission_key) -> Response | None:
    invitation = (
        Invitation.objects.select_for_update().filter(survey=survey, code_hash=code_hash).first()
    )
    if invitation is None:
        raise InvitationCodeError(
            _("The code is not valid for this survey. Check how you typed it.")
        )
    if invitation.spent:
        # A retry that waited for its first copy to commit finds that copy here.
        retried = Response.objects.filter(submission_key=submission_key).first()
        if retried is not None:
            return _same_survey(retried, survey)
        raise InvitationCodeError(_("The code has already been used. Each code answers once."))
    invitation.spent = True
    invitation.save(update_fields=["spent"])
    return None


class _Preparation:
    """What preparing responses to one survey reads once: its questions, areas and border."""

    def __init__(self, survey: Survey):
        self.survey = survey
        self.questions = {q.key: q for q in survey.questions.prefetch_related("options")}
        self.areas = {a.pk: a for a in municipality_areas(survey.municipality_id)}
        self.border = _border(survey)

    def prepare(self, answers: Mapping[str, object], *, channel: str) -> _Prepared:
        """The response's rows; ``SubmissionError`` with each answer's error if any is wrong.

        Questions marked required are not enforced on paper: staff type in what the
        respondent wrote, and cannot answer for them.
        """
        unknown = sorted(set(answers) - set(self.questions))
        if unknown:
            raise SubmissionError(
                _("The survey has no question %(keys)s.") % {"keys": ", ".join(unknown)}
            )
        enforce_required = channel != Response.Channel.PAPER
        errors: dict[str, str] = {}
        response = Response(survey=self.survey, channel=channel)
        rows: list[Answer] = []
        places: list[PlaceMark] = []
        for key, question in self.questions.items():
            value = answers.get(key)
            if value in (None, "", [], ()):
                if question.required and enforce_required:
                    errors[key] = _("Please answer this question.")
                continue
            try:
                if question.kind == Question.Kind.PLACES:
                    places += _places(question, value, self.survey, self.areas, self.border)
                    continue
                answered = _answers(question, value, self.areas)
            except ValueError as error:
                errors[key] = str(error)
                continue
            rows += answered
            if question.kind == Question.Kind.AREA:
                response.area = answered[0].area
            elif question.kind in (Question.Kind.AGE_GROUP, Question.Kind.GENDER):
                setattr(response, question.kind, answered[0].option.value)
        if errors:
            raise SubmissionError(_("Some answers need another look."), errors)
        return _Prepared(response, rows, places)


def _border(survey: Survey):
    municipality = survey.municipality
    return shape(municipality.border) if municipality.border else None


def answer_error(question: Question, value: object, areas: Mapping[int, Area]) -> str | None:
    """What is wrong with one answer, in the words shown beside its field; None if nothing.

    The same checks as :func:`submit_response`, so that a page refuses at once what
    sending the answers would refuse, and a draft never holds what cannot be stored.
    """
    if value in (None, "", [], ()):
        return None
    try:
        if question.kind == Question.Kind.PLACES:
            _places(question, value, question.survey, dict(areas), _border(question.survey))
        else:
            _answers(question, value, dict(areas))
    except ValueError as error:
        return str(error)
    return None


def _answers(question: Question, value, areas: dict[int, Area]) -> list[Answer]:
    kind = question.kind
    if kind == Question.Kind.AREA:
        area = areas.get(_integer(value))
        if area is None:
            raise ValueError(_("Choose one of the areas."))
        return [Answer(question=question, area=area)]
    if kind == Question.Kind.NUMBER:
        return [Answer(question=question, number=_number(question, value))]
    if kind == Question.Kind.FREE_TEXT:
        text = _text(value, _("Write the answer as text."))
        if len(text) > MAX_TEXT_LENGTH:
            raise ValueError(
                _("Please keep it under %(limit)d characters.") % {"limit": MAX_TEXT_LENGTH}
            )
        return [Answer(question=question, text=scrub(text).text)]
    options = {option.value: option for option in question.options.all()}
    values = (
        list(value)
        if kind == Question.Kind.MULTIPLE_CHOICE and isinstance(value, list | tuple)
        else [value]
    )
    if kind != Question.Kind.MULTIPLE_CHOICE and len(values) != 1:
        raise ValueError(_("Choose one of the options."))
    if not all(isinstance(v, str | int) and not isinstance(v, bool) for v in values):
        raise ValueError(_("Choose among the options given."))
    chosen = [options.get(str(v)) for v in dict.fromkeys(values)]
    if None in chosen:
        raise ValueError(_("Choose among the options given."))
    return [Answer(question=question, option=option) for option in chosen]


def _integer(value) -> int | None:
    """An id from a form or JSON value: an int or its digits; anything else is None."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        return None
    try:
        return int(value)
    except ValueError:
        return None


def _text(value, message: str) -> str:
    """A text answer as stored: a string, stripped, without NUL (PostgreSQL refuses it)."""
    if not isinstance(value, str):
        raise ValueError(message)
    return value.replace("\x00", "").strip()


def parse_number(value) -> Decimal | None:
    """A number as a resident writes it, or None: ``12``, ``12.5``, ``12,5``, ``1 200``.

    The Swedish decimal comma is read as a point; blanks between digit groups are
    dropped. Only finite numbers from short strings, ints and floats are numbers.
    """
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        return None
    text = str(value).strip()
    if len(text) > MAX_NUMBER_LENGTH:
        return None
    text = "".join(text.split())
    if "," in text and "." not in text and text.count(",") == 1:
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _number(question: Question, value) -> Decimal:
    number = parse_number(value)
    if number is None:
        raise ValueError(_("Write a number, e.g. 12 or 12,5."))
    own_low, own_high = question.number_min, question.number_max
    low = max(Decimal(own_low), -NUMBER_LIMIT) if own_low is not None else -NUMBER_LIMIT
    high = min(Decimal(own_high), NUMBER_LIMIT) if own_high is not None else NUMBER_LIMIT
    if low <= number <= high:
        return number.quantize(NUMBER_QUANTUM, rounding=ROUND_HALF_UP)
    limits = {"low": _shown(low), "high": _shown(high)}
    # Name the question's own range when it has one; a question without limits is bound
    # only by what can be stored, and "from -9 999 999 999,99" would only puzzle.
    if own_low is not None and own_high is not None:
        raise ValueError(_("Write a number from %(low)s to %(high)s.") % limits)
    if number > high:
        raise ValueError(_("Write a number of at most %(high)s.") % limits)
    raise ValueError(_("Write a number of at least %(low)s.") % limits)


def _shown(number: Decimal) -> str:
    """A limit as the page shows it: ``9 999 999 999,99``, ``110``, ``−5``."""
    return number_format(number.normalize(), force_grouping=True).replace("-", "\u2212")


def _places(
    question: Question, value, survey: Survey, areas: dict[int, Area], border
) -> list[PlaceMark]:
    """The places' rows, each with a checked point (or area); cells and areas come later."""
    if not isinstance(value, list | tuple):
        raise ValueError(_("A place could not be read."))
    if len(value) > MAX_PLACES:
        raise ValueError(_("Mark at most %(count)d places.") % {"count": MAX_PLACES})
    reasons, times = dict(PlaceMark.Reason.choices), dict(PlaceMark.Time.choices)
    marks = []
    for place in value:
        if not isinstance(place, Mapping):
            raise ValueError(_("A place could not be read."))
        description = _text(
            place.get("description") or "", _("The description of a place could not be read.")
        )
        mark = PlaceMark(
            question=question,
            reasons=_chosen(place.get("reasons"), reasons, _("Choose reasons from the list.")),
            times=_chosen(place.get("times"), times, _("Choose times from the list.")),
            description=scrub(description[:MAX_TEXT_LENGTH]).text,
        )
        if place.get("latitude") not in (None, "") and place.get("longitude") not in (None, ""):
            mark.latitude = _coordinate(place["latitude"], 90)
            mark.longitude = _coordinate(place["longitude"], 180)
            if border is None or not border.contains(Point(mark.longitude, mark.latitude)):
                raise ValueError(
                    _("Mark places inside %(municipality)s.")
                    % {"municipality": survey.municipality}
                )
        elif place.get("area") not in (None, ""):
            # The no-JavaScript way: an area and a description instead of a point.
            mark.area = areas.get(_integer(place.get("area")))
            if mark.area is None:
                raise ValueError(_("Choose one of the areas."))
        else:
            raise ValueError(_("Mark the place on the map, or choose its area."))
        marks.append(mark)
    return marks


def _chosen(value, allowed: Mapping[str, object], message: str) -> list[str]:
    """Codes from a list of strings; codes not in ``allowed`` are left out, as before."""
    if value in (None, ""):
        return []
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise ValueError(message)
    return sorted(set(value) & allowed.keys())


def _coordinate(value, limit: int) -> float:
    """A latitude or longitude: a finite number of degrees within ±``limit``."""
    number = None
    if isinstance(value, int | float | str) and not isinstance(value, bool):
        try:
            number = float(value) if len(str(value)) <= MAX_NUMBER_LENGTH else None
        except ValueError:
            number = None
    if number is None or not math.isfinite(number) or abs(number) > limit:
        raise ValueError(_("The place's position on the map could not be read. Mark it again."))
    return number
