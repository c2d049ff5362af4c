"""Residents' free text for staff: scrubbed, tagged by theme, filtered by theme and area.

The texts are the answers to the survey's free-text questions and the descriptions
of unsafe places. They were scrubbed of personal data when they were submitted;
they are scrubbed again here, on the way out, so that a text that reached the
database another way (an import, an older scrubber) shows no personnummer or phone
number either.

A listed text says nothing about its response beyond the respondent's area (the
answer to the area question): no response id, no date, and an order — by question,
then alphabetical — that neither keeps the texts of one response together nor
follows the order they came in. Texts of flagged responses are left out unless asked
for. Not scoped to a user: the view checks access to the survey.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from trygg.dialogue.models import Answer, PlaceMark, Question, Survey
from trygg.text.scrub import scrub
from trygg.text.themes import THEMES, ThemeSummary, count_themes, tag_themes


@dataclass(frozen=True, slots=True)
class ThemeBadge:
    """A theme a text speaks of: its id and its (English, untranslated) label."""

    id: str
    label: str


@dataclass(frozen=True, slots=True)
class FreeText:
    """One scrubbed text with its themes, the question it answers and the area."""

    text: str
    themes: tuple[ThemeBadge, ...]
    question: str
    area_name: str
    """The respondent's area of residence; empty if not given."""
    flagged: bool


@dataclass(frozen=True)
class FreeTextListing:
    """The texts that pass the filters, and the theme counts over them before the
    theme filter (so the counts show what choosing a theme would give)."""

    texts: tuple[FreeText, ...]
    summary: ThemeSummary
    flagged_hidden: int
    """Texts of flagged responses left out (0 when they are included)."""


def text_questions(survey: Survey) -> QuerySet[Question]:
    """The questions whose answers hold residents' own words: free text and map places."""
    return survey.questions.filter(kind__in=[Question.Kind.FREE_TEXT, Question.Kind.PLACES])


def _rows(
    survey: Survey, *, area: int | None, question: int | None
) -> Iterable[tuple[str, int, str | None, bool]]:
    """``(text, question id, area name, flagged)`` of every non-empty text, unordered."""
    where = Q()
    if area is not None:
        where &= Q(response__area_id=area)
    if question is not None:
        where &= Q(question_id=question)
    fields = ("question_id", "response__area__name", "response__flagged")
    answers = (
        Answer.objects.filter(
            where, question__survey=survey, question__kind=Question.Kind.FREE_TEXT
        )
        .exclude(text="")
        .values_list("text", *fields)
    )
    descriptions = (
        PlaceMark.objects.filter(where, question__survey=survey)
        .exclude(description="")
        .values_list("description", *fields)
    )
    yield from answers
    yield from descriptions


def free_texts(
    survey: Survey,
    *,
    theme: str | None = None,
    area: int | None = None,
    question: int | None = None,
    include_flagged: bool = False,
) -> FreeTextListing:
    """The scrubbed free texts of ``survey``, each with its themes.

    ``theme`` (an id in :data:`~trygg.text.themes.THEMES`) keeps the texts tagged with
    it; ``area`` (an area id) those of respondents living there; ``question`` (a
    question id) the answers to one question. Texts of flagged responses are left
    out unless ``include_flagged``. Raises ``ValueError`` for an unknown theme.
    """
    if theme is not None and theme not in THEMES:
        raise ValueError(f"unknown theme {theme!r}")
    questions = {
        pk: (position, text)
        for position, (pk, text) in enumerate(text_questions(survey).values_list("pk", "text"))
    }
    keyed: list[tuple[tuple[int, str, str], FreeText]] = []
    flagged_hidden = 0
    for raw, question_id, area_name, flagged in _rows(survey, area=area, question=question):
        if flagged and not include_flagged:
            flagged_hidden += 1
            continue
        text = scrub(raw).text
        tagged = tag_themes(text)
        position, question_text = questions[question_id]
        item = FreeText(
            text=text,
            themes=tuple(
                ThemeBadge(theme_id, THEMES[theme_id].label)
                for theme_id in THEMES
                if theme_id in tagged
            ),
            question=question_text,
            area_name=area_name or "",
            flagged=flagged,
        )
        keyed.append(((position, text.casefold(), text), item))
    keyed.sort(key=lambda pair: pair[0])
    texts = [item for _, item in keyed]
    summary = count_themes(item.text for item in texts)
    if theme is not None:
        texts = [item for item in texts if any(badge.id == theme for badge in item.themes)]
    return FreeTextListing(texts=tuple(texts), summary=summary, flagged_hidden=flagged_hidden)
