"""What the results pages read: a survey's latest snapshot, compared with the year before."""

from dataclasses import dataclass

from trygg.dialogue.content import SWEDISH, in_language
from trygg.dialogue.models import Survey
from trygg.stats.compare import Difference

from . import snapshots
from .changes import change_sentence
from .results import (
    GROUPINGS,
    OWN_GROUPING,
    Change,
    DomainRow,
    Figure,
    QuestionResult,
    compare,
    suppression_threshold,
)

# The background questions: after weighting their shares equal the population's, so
# they are shown once, as the sample's make-up, not as results.
BACKGROUND_KINDS = frozenset(OWN_GROUPING)


@dataclass(frozen=True)
class AnswerLine:
    """One answer (column) of a question for everyone: this year, the earlier year, the test."""

    label: str
    figure: Figure
    before: Figure | None
    """The earlier survey's figure; ``None`` when the answer was not in it."""
    difference: Difference | None
    """``None`` when not compared (no earlier figure, or either one is hidden)."""
    sentence: str = ""
    """The change in a plain sentence, when it is significant; else empty."""
    summary: str = ""
    """The same sentence naming the question, to stand on its own."""

    @property
    def significant(self) -> bool:
        return bool(self.sentence)

    @property
    def direction(self) -> str:
        """``up`` or ``down`` for a significant change, else empty."""
        if not self.significant:
            return ""
        return "up" if self.difference.difference > 0 else "down"


@dataclass(frozen=True)
class QuestionView:
    result: QuestionResult
    overall: DomainRow | None
    """Everyone's row; ``None`` before anyone answered."""
    answers: tuple[AnswerLine, ...]
    compared: bool
    """Whether the earlier survey had the question, so that its year is a column."""

    @property
    def significant(self) -> tuple[AnswerLine, ...]:
        return tuple(line for line in self.answers if line.significant)


def _line(
    result: QuestionResult, position: int, change: Change | None, language: str
) -> AnswerLine:
    figure = result.groups["overall"][0].figures[position]
    label = result.columns[position]
    if change is None:
        return AnswerLine(label=label, figure=figure, before=None, difference=None)
    difference = change.difference
    if difference is None or not difference.significant():
        return AnswerLine(label, figure, change.before, difference)
    said = {
        "kind": result.kind,
        "column_key": result.column_keys[position],
        "column": label,
        "before": change.before.estimate,
        "after": figure.estimate,
        "difference": difference,
        "language": language,
    }
    return AnswerLine(
        label,
        figure,
        change.before,
        difference,
        sentence=change_sentence(**said),
        summary=change_sentence(**said, question=result.text),
    )


def question_views(
    results: list[QuestionResult], changes: dict[str, tuple[Change | None, ...]], language: str
) -> list[QuestionView]:
    """Each question's answers for everyone, with the earlier year and plain-worded changes."""
    views = []
    for result in results:
        if not result.groups:
            views.append(QuestionView(result, None, (), False))
            continue
        row = changes.get(result.key)
        views.append(
            QuestionView(
                result=result,
                overall=result.groups["overall"][0],
                answers=tuple(
                    _line(result, position, row[position] if row else None, language)
                    for position in range(len(result.columns))
                ),
                compared=row is not None,
            )
        )
    return views


def page_context(survey: Survey, grouping: str, language: str = SWEDISH) -> dict:
    """What a results page shows: the safety questions, grouped as asked (else overall).

    The figures are the survey's latest snapshot (``snapshot`` is ``None`` while the
    first one is being computed). The background questions (area, age, gender) are
    left out of ``questions``: the sample's make-up (``makeup``) shows them once. A
    survey copied from an earlier one is compared with it, question by question,
    once the earlier survey is closed: before then its figures are not published,
    and the change would give them away (this year's figure minus the change). The
    comparison uses the figures alone, which are the same in every language, so the
    earlier survey's Swedish snapshot serves.
    """
    snapshot = snapshots.latest(survey, language)
    previous = survey.copied_from
    if previous is not None and previous.status != Survey.Status.CLOSED:
        previous = None
    before = snapshots.latest(previous) if previous is not None else None
    background = {
        key for key, kind in survey.questions.values_list("key", "kind") if kind in BACKGROUND_KINDS
    }
    results = [r for r in snapshot.results if r.key not in background] if snapshot else []
    changes = compare(results, before.results) if before else {}
    questions = question_views(results, changes, language)
    return {
        "survey": survey,
        "survey_title": in_language(survey, "title", language),
        "snapshot": snapshot,
        "questions": questions,
        "significant": [line for view in questions for line in view.significant],
        "makeup": snapshot.makeup if snapshot else (),
        "groupings": GROUPINGS,
        "grouping": grouping if grouping in GROUPINGS else "overall",
        "threshold": suppression_threshold(),
        "previous": previous if before else None,
        "weighted": snapshot.weighted if snapshot else False,
    }
