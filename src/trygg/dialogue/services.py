"""Every write to surveys and their questions, one transaction each.

A survey is built and changed while it is a draft; opening it fixes its questions.
Copying last year's survey keeps every question's key and option values, so that the
two years' answers can be compared question by question.
"""

import datetime
from collections.abc import Iterable
from typing import Literal

from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from trygg.core.errors import DomainError
from trygg.tenancy.models import Municipality

from .answering import QUESTIONS_PER_PAGE, breaks_by_itself, paged
from .bank import BANK_BY_KEY, BankQuestion
from .changes import record_change
from .models import Option, PendingInvitationEmail, Question, Survey, swedish_today


def _require_draft(survey: Survey) -> None:
    # Read the status from the database, locked: the caller's copy may be stale, and a
    # survey must not open while one of its questions is being changed.
    if not Survey.objects.select_for_update().get(pk=survey.pk).is_draft:
        raise DomainError(
            _(
                "The survey is open or closed: its questions can no longer be changed, "
                "so that every answer means the same thing."
            )
        )


def _next_order(survey: Survey) -> int:
    return (survey.questions.aggregate(last=Max("order"))["last"] or 0) + 1


def _add_bank_question(
    survey: Survey, bank_question: BankQuestion, order: int, *, new_page: bool = False
) -> Question:
    question = Question(
        survey=survey,
        key=bank_question.key,
        kind=bank_question.kind,
        text=bank_question.text,
        help_text=bank_question.help_text,
        text_en=bank_question.english.text,
        help_text_en=bank_question.english.help_text,
        required=bank_question.required,
        number_min=bank_question.number_min,
        number_max=bank_question.number_max,
        order=order,
        starts_page=new_page,
    )
    question.full_clean()
    question.save()
    Option.objects.bulk_create(
        Option(question=question, value=value, label=label, label_en=label_en, order=position)
        for position, (value, label, label_en) in enumerate(
            _bank_options(question, bank_question), 1
        )
    )
    return question


def _bank_options(question: Question, bank_question: BankQuestion) -> list[tuple[str, str, str]]:
    """A bank question's options as (value, Swedish label, English label).

    A background question takes the respondent's vocabulary, translated like the
    interface; the others their own wording from the bank.
    """
    if question.vocabulary is None:
        english = bank_question.english.options
        return [(value, label, english.get(value, "")) for value, label in bank_question.options]
    labels = {}
    for language in ("sv", "en"):
        with translation.override(language):
            labels[language] = [str(label) for label in question.vocabulary.labels]
    return list(zip(question.vocabulary.values, labels["sv"], labels["en"], strict=True))


@transaction.atomic
def create_survey(
    municipality: Municipality,
    *,
    year: int,
    title: str,
    title_en: str = "",
    question_keys: Iterable[str] = (),
) -> Survey:
    """A new draft survey with the given questions from the bank, in the bank's order.

    The bank's questions come with their English versions; with ``title_en`` too the
    survey can be answered in English from the start.
    """
    keys = list(question_keys)
    unknown = [key for key in keys if key not in BANK_BY_KEY]
    if unknown:
        raise DomainError(
            _("The question bank has no question %(keys)s.") % {"keys": ", ".join(unknown)}
        )
    survey = Survey(municipality=municipality, year=year, title=title, title_en=title_en)
    survey.full_clean()
    survey.save()
    previous, on_page = None, 0
    for order, key in enumerate(keys, start=1):
        bank_question = BANK_BY_KEY[key]
        # The first question, a map question and the one after it open a page by
        # themselves; otherwise a break after every QUESTIONS_PER_PAGE questions.
        breaks_itself = breaks_by_itself(Question(kind=bank_question.kind), previous)
        new_page = not breaks_itself and on_page == QUESTIONS_PER_PAGE
        previous = _add_bank_question(survey, bank_question, order, new_page=new_page)
        on_page = 1 if breaks_itself or new_page else on_page + 1
    return survey


@transaction.atomic
def copy_survey(
    source: Survey, *, year: int, title: str | None = None, title_en: str | None = None
) -> Survey:
    """A draft copy of ``source`` for another year, with the same keys and options."""
    copy = Survey(
        municipality=source.municipality,
        year=year,
        title=title or source.title,
        introduction=source.introduction,
        title_en=title_en or source.title_en,
        introduction_en=source.introduction_en,
        copied_from=source,
    )
    copy.full_clean()
    copy.save()
    for question in source.questions.prefetch_related("options"):
        options = list(question.options.all())
        question.pk = None
        question.survey = copy
        question.save()
        Option.objects.bulk_create(
            Option(
                question=question,
                value=option.value,
                label=option.label,
                label_en=option.label_en,
                order=option.order,
            )
            for option in options
        )
    return copy


# What staff may change about a survey apart from its questions.
SURVEY_DETAILS = ["title", "title_en", "introduction", "introduction_en", "open_link"]


@transaction.atomic
def save_survey_details(survey: Survey) -> Survey:
    """Save the survey's :data:`SURVEY_DETAILS`; a closed survey stays as it was asked."""
    if Survey.objects.select_for_update().get(pk=survey.pk).status == Survey.Status.CLOSED:
        raise DomainError(_("The survey is closed: it stays as residents saw it."))
    survey.full_clean(exclude=["status"])
    # Only these fields: the survey may have opened since the form was loaded.
    survey.save(update_fields=SURVEY_DETAILS)
    return survey


@transaction.atomic
def add_bank_question(survey: Survey, key: str) -> Question:
    _require_draft(survey)
    if key not in BANK_BY_KEY:
        raise DomainError(_("The question bank has no question %(keys)s.") % {"keys": key})
    if survey.questions.filter(key=key).exists():
        raise DomainError(_("The survey already has this question."))
    return _add_bank_question(
        survey, BANK_BY_KEY[key], _next_order(survey), new_page=last_page_is_full(survey)
    )


def last_page_is_full(survey: Survey) -> bool:
    """Whether a question added at the end should start a page of its own."""
    all_pages = paged(survey.questions.all())
    return bool(all_pages) and len(all_pages[-1]) >= QUESTIONS_PER_PAGE


def _free_slug(text: str, taken: Iterable[str], fallback: str) -> str:
    """A slug of ``text`` (at most 50 characters) that is not in ``taken``.

    Keys and option values are codes for the data, not for people: staff write the
    question and its answers, and the code is made from the first wording.
    """
    base = slugify(text)[:40].strip("-") or fallback
    taken = set(taken)
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


@transaction.atomic
def save_question(question: Question) -> Question:
    """Save a question of the survey's draft; a new one gets its key and goes last.

    The key is made from the text once and kept when the wording changes, so that a
    copy next year stays comparable.
    """
    survey = question.survey
    _require_draft(survey)
    if not question.pk:
        if not question.order:
            question.order = _next_order(survey)
        if not question.key:
            question.key = _free_slug(
                question.text, survey.questions.values_list("key", flat=True), "question"
            )
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def save_option(option: Option) -> Option:
    _require_draft(option.question.survey)
    if not option.question.has_options:
        raise DomainError(_("This kind of question has no options of its own."))
    vocabulary = option.question.vocabulary
    if vocabulary is not None and option.value not in vocabulary.values:
        raise DomainError(
            _(
                "The answers to this question are fixed, so that responses can be weighted "
                "against the population: its options can be worded, not added."
            )
        )
    if not option.pk and not option.value:
        option.value = _free_slug(
            option.label, option.question.options.values_list("value", flat=True), "option"
        )
    option.full_clean()
    option.save()
    return option


@transaction.atomic
def move_question(question: Question, direction: Literal["up", "down"]) -> Question:
    """Swap ``question`` with the one before (``up``) or after it (``down``).

    The page breaks stay where they are in the list, so a question at the top of a
    page moves up to the end of the page before. Only a draft's questions move.
    """
    if direction not in ("up", "down"):
        raise ValueError(f"A question moves up or down, not {direction!r}.")
    survey = question.survey
    _require_draft(survey)
    questions = list(survey.questions.select_for_update().order_by("order", "pk"))
    index = next(i for i, candidate in enumerate(questions) if candidate.pk == question.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(questions):
        raise DomainError(
            _("The question is already first.")
            if direction == "up"
            else _("The question is already last.")
        )
    breaks = [candidate.starts_page for candidate in questions]
    questions[index], questions[other] = questions[other], questions[index]
    for order, (candidate, starts) in enumerate(zip(questions, breaks, strict=True), start=1):
        candidate.order, candidate.starts_page = order, starts
    Question.objects.bulk_update(questions, ["order", "starts_page"])
    return questions[other]


@transaction.atomic
def set_page_break(question: Question, *, new_page: bool) -> Question:
    """Start a new page at ``question`` (or join it to the page before), in a draft."""
    _require_draft(question.survey)
    question.starts_page = new_page
    question.save(update_fields=["starts_page"])
    return question


@transaction.atomic
def delete_question(question: Question) -> Survey:
    survey = question.survey
    _require_draft(survey)
    question.delete()
    return survey


@transaction.atomic
def open_survey(survey: Survey, *, closes_on: datetime.date | None) -> Survey:
    """Open a draft for answers until ``closes_on``, the last day to answer.

    It needs questions, choice questions need options, and the last day must be given
    and not be past (in the municipality's time, Europe/Stockholm).
    """
    # The site's time zone (Europe/Stockholm), whatever zone a request activated.
    today = timezone.localdate(timezone=timezone.get_default_timezone())
    if closes_on is None:
        raise DomainError(_("Give the last day to answer before opening the survey."))
    if closes_on < today:
        raise DomainError(
            _("The last day to answer, %(date)s, has already passed. Choose today or later.")
            % {"date": formats.date_format(closes_on)}
        )
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    _require_draft(survey)
    questions = list(survey.questions.prefetch_related("options"))
    if not questions:
        raise DomainError(_("Add questions before opening the survey."))
    without_options = [q for q in questions if q.has_options and not q.options.all()]
    if without_options:
        raise DomainError(
            _("These questions have no answer options yet: %(questions)s")
            % {"questions": "; ".join(q.text for q in without_options)}
        )
    survey.status = Survey.Status.OPEN
    survey.opens_on = survey.opens_on or today
    survey.closes_on = closes_on
    survey.full_clean()
    survey.save()
    record_change(survey)
    return survey


@transaction.atomic
def close_survey(survey: Survey) -> Survey:
    """Close the survey today: its last day to answer becomes today."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    return _close(survey, closes_on=swedish_today())


def close_surveys_past_their_last_day(today: datetime.date | None = None) -> list[Survey]:
    """Close every open survey whose last day to answer is over, keeping that last day.

    The answering pages refuse answers after the last day whether or not this has
    run; closing is what publishes the results and lets the invitation e-mails go.
    Each survey is closed in a transaction of its own, so one that fails does not
    keep the others open.
    """
    today = today or swedish_today()
    closed = []
    for pk in Survey.objects.filter(status=Survey.Status.OPEN, closes_on__lt=today).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            survey = Survey.objects.select_for_update().get(pk=pk)
            if survey.status == Survey.Status.OPEN and survey.last_day_passed(today):
                closed.append(_close(survey, closes_on=survey.closes_on))
    return closed


def _close(survey: Survey, *, closes_on: datetime.date) -> Survey:
    """Close ``survey``, locked by the caller's transaction."""
    if survey.status != Survey.Status.OPEN:
        raise DomainError(_("Only an open survey can be closed."))
    survey.status = Survey.Status.CLOSED
    survey.closes_on = closes_on
    survey.full_clean()
    survey.save()
    # Contact data goes with the fieldwork: invitation e-mails not sent are not sent.
    PendingInvitationEmail.objects.filter(survey=survey).delete()
    # Closed is published: the public pages show the results from now on.
    record_change(survey)
    return survey
