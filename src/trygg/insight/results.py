"""Survey results: weighted estimates for every question, overall and by domain.

The database does the scan: one GROUP BY sums the answers of all choice questions
over (option, fine cell), a fine cell being area × age group × gender. Python only
adds cells together into the domains shown and hands the sums to the statistics
kernel (:func:`trygg.stats.estimate_from_sums`), which estimates on the full design
as R's ``svyby`` does, with areas as strata.

Disclosure control happens here, so that every consumer (the pages, the files) gets
the protected form: a group resting on fewer respondents than the suppression
threshold is hidden, and so many more groups of its grouping as it takes that no
hidden group can be derived by subtracting the shown ones from everyone
(:func:`trygg.stats.suppression.protect`). A hidden group's n is withheld too.
"""

from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.db.models import Count, F, FloatField, Q, Sum, Value
from django.db.models.functions import Cast, Coalesce
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from trygg.dialogue.content import SWEDISH, in_language, in_language_field
from trygg.dialogue.models import Answer, PlaceMark, Question, Response, Survey
from trygg.geo.selectors import area_names, municipality_areas
from trygg.stats import CellSums, SurveyDataError, estimate_from_sums
from trygg.stats.compare import Difference, difference
from trygg.stats.suppression import Protection, protect

GROUPINGS = {
    "overall": _("Everyone"),
    "area": _("By area"),
    "age_group": _("By age group"),
    "gender": _("By gender"),
}
# Where each grouping's value sits in a fine cell (area, age group, gender).
CELL_POSITION = {"overall": None, "area": 0, "age_group": 1, "gender": 2}
# The grouping a background question defines: broken down by itself it is only a
# table of 100 % and 0 %, so it has no such group.
OWN_GROUPING = {
    Question.Kind.AREA: "area",
    Question.Kind.AGE_GROUP: "age_group",
    Question.Kind.GENDER: "gender",
}


def suppression_threshold() -> int:
    """The fewest respondents behind any published figure, and a public map's minimum."""
    return int(settings.TRYGG_SUPPRESSION_THRESHOLD)


@dataclass(frozen=True)
class Figure:
    estimate: float | None
    ci_low: float | None
    ci_high: float | None
    se: float | None = None

    @property
    def suppressed(self) -> bool:
        return self.estimate is None


SUPPRESSED = Figure(None, None, None, None)


@dataclass(frozen=True)
class DomainRow:
    label: str
    n: int | None
    """Respondents in the group who answered the question; ``None`` when hidden."""
    figures: tuple[Figure, ...]
    """One per column of the question: an option's share, or the mean."""
    protection: Protection = Protection.SHOWN

    @property
    def suppressed(self) -> bool:
        return self.protection != Protection.SHOWN

    @property
    def below_threshold(self) -> bool:
        """Hidden because the group itself has too few respondents."""
        return self.protection == Protection.BELOW_THRESHOLD


@dataclass(frozen=True)
class QuestionResult:
    key: str
    text: str
    kind: str
    """``proportion`` (a share per column) or ``mean``."""
    columns: tuple[str, ...]
    column_keys: tuple[str, ...]
    """Stable codes of the columns (option values), to compare with another year."""
    groups: dict[str, tuple[DomainRow, ...]]


def _weight(prefix: str = ""):
    """Each respondent's calibrated weight as an SQL expression; 1 until weighted.

    ``prefix`` leads from the queried model to the response (``"response__"`` from
    an answer). The weights live in the population app's own table, beside the raw
    responses, which are never edited.
    """
    return Coalesce(F(f"{prefix}weight__weight"), Value(1.0), output_field=FloatField())


def _cells(rows, cell_keys, value_keys) -> dict[tuple, dict[str, float]]:
    return {
        tuple(row[key] for key in cell_keys): {key: float(row[key] or 0) for key in value_keys}
        for row in rows
    }


# The sums a fine cell carries: of its respondents, and of one column's y values.
RESPONDENT_SUMS = ("count", "sw", "sw2")
COLUMN_SUMS = ("swy", "sw2y", "sw2y2")


class _Design:
    """The strata and the domains' labels of one survey's (unflagged) respondents."""

    def __init__(self, survey: Survey, language: str):
        self.survey = survey
        self.language = language
        self.responses = Response.objects.filter(survey=survey, flagged=False)
        self.stratum_n = dict(
            self.responses.order_by().values_list("area_id").annotate(n=Count("id"))
        )
        # Areas are the strata unless one holds a single respondent, whose variance
        # cannot be estimated: then the design falls back to one stratum.
        self.stratified = min(self.stratum_n.values(), default=0) >= 2
        self.strata = (
            sorted(self.stratum_n, key=lambda v: (v is None, v)) if self.stratified else ["all"]
        )
        areas = area_names(survey.municipality_id)
        options = {
            (kind, value): label
            for kind, value, label in survey.questions.filter(
                kind__in=[Question.Kind.AGE_GROUP, Question.Kind.GENDER]
            ).values_list("kind", "options__value", in_language_field("options__label", language))
        }
        self.label_of = {
            "overall": lambda value: str(_("Everyone")),
            "area": lambda value: areas.get(value) or str(_("Area not given")),
            "age_group": lambda value: options.get(("age_group", value)) or str(_("Not given")),
            "gender": lambda value: options.get(("gender", value)) or str(_("Not given")),
        }

        self._stratum_index = {area: h for h, area in enumerate(self.strata)}

    def stratum_index(self, area) -> int:
        return self._stratum_index[area] if self.stratified else 0

    def stratum_sizes(self) -> np.ndarray:
        if self.stratified:
            return np.array([self.stratum_n[h] for h in self.strata], dtype=float)
        return np.array([sum(self.stratum_n.values())], dtype=float)


class _Grouping:
    """The domains of one grouping and the (stratum × domain) arrays of cell sums."""

    def __init__(self, design: _Design, grouping: str, respondents: dict):
        self.design = design
        self.position = CELL_POSITION[grouping]
        self.domains = sorted(
            {self.domain_of(cell) for cell in respondents}, key=lambda v: (v is None, str(v))
        )
        self.index = {domain: j for j, domain in enumerate(self.domains)}
        self.labels = [design.label_of[grouping](domain) for domain in self.domains]

    def domain_of(self, cell):
        return "" if self.position is None else cell[self.position]

    def arrays(self, cells: dict, keys: tuple[str, ...]) -> list[np.ndarray]:
        """The (stratum × domain) sums of each of ``keys`` over ``cells``."""
        shape = (len(self.design.strata), len(self.domains))
        at = np.array(
            [
                self.design.stratum_index(cell[0]) * shape[1] + self.index[self.domain_of(cell)]
                for cell in cells
            ],
            dtype=np.intp,
        )
        return [
            np.bincount(
                at, weights=[sums[key] for sums in cells.values()], minlength=shape[0] * shape[1]
            ).reshape(shape)
            for key in keys
        ]


def _rows(design, grouping, respondents, columns, kind) -> tuple[DomainRow, ...]:
    group = _Grouping(design, grouping, respondents)
    count, sw, sw2 = group.arrays(respondents, RESPONDENT_SUMS)
    n = count.sum(axis=0)
    per_column = []
    for answers in columns:
        swy, sw2y, sw2y2 = group.arrays(answers, COLUMN_SUMS)
        sums = CellSums(
            labels=tuple({"domain": str(j)} for j in range(len(group.domains))),
            stratum_n=design.stratum_sizes(),
            count=count,
            sw=sw,
            swy=swy,
            sw2=sw2,
            sw2y=sw2y,
            sw2y2=sw2y2,
        )
        try:
            estimates = estimate_from_sums(sums, kind=kind)
        except SurveyDataError:
            estimates = []
        per_column.append({int(e.domain["domain"]): e for e in estimates})
    # The groups partition the question's respondents (those who gave no background
    # answer are a group of their own), so they are protected together.
    protection = protect([int(count) for count in n], suppression_threshold())
    return tuple(
        DomainRow(
            label=group.labels[j],
            n=int(n[j]) if protection[j] == Protection.SHOWN else None,
            figures=tuple(
                Figure(e.estimate, e.ci_low, e.ci_high, e.se)
                if (e := column.get(j)) is not None and protection[j] == Protection.SHOWN
                else SUPPRESSED
                for column in per_column
            ),
            protection=protection[j],
        )
        for j in range(len(group.domains))
    )


RESPONSE_CELL = ("area_id", "age_group", "gender")
ANSWER_CELL = ("response__area_id", "response__age_group", "response__gender")
# Kinds that store exactly one answer per respondent (the submission refuses more),
# so that a question's respondents are the sum of its answers over the choices.
ONE_ANSWER_KINDS = frozenset(
    {Question.Kind.SINGLE_CHOICE, Question.Kind.AGE_GROUP, Question.Kind.GENDER, Question.Kind.AREA}
)


def _respondent_cells(responses) -> dict:
    weight = _weight()
    rows = (
        responses.order_by()
        .values(*RESPONSE_CELL)
        .annotate(count=Count("id"), sw=Sum(weight), sw2=Sum(weight * weight))
    )
    return _cells(rows, RESPONSE_CELL, RESPONDENT_SUMS)


def _indicator_cells(rows, cell_keys) -> dict:
    """Cells of a 0/1 indicator: with y = 1 for every row, Σw²y² = Σw²y."""
    cells = _cells(rows, cell_keys, ("sw", "sw2"))
    return {
        cell: {"swy": s["sw"], "sw2y": s["sw2"], "sw2y2": s["sw2"]} for cell, s in cells.items()
    }


def _summed(rows, cell_keys) -> dict:
    """Respondent cells from answer rows that hold one answer per respondent."""
    cells: dict[tuple, dict[str, float]] = {}
    for row in rows:
        total = cells.setdefault(
            tuple(row[key] for key in cell_keys), dict.fromkeys(RESPONDENT_SUMS, 0.0)
        )
        for key in RESPONDENT_SUMS:
            total[key] += float(row[key] or 0)
    return cells


def _answer_rows(
    design: _Design, questions, fields, where: Q | None = None, **sums
) -> dict[int, list[dict]]:
    """Answers to ``questions`` summed over (``fields``, fine cell), by question.

    One scan of the survey's answers for all the questions together, instead of one
    query per question: on a large survey the database's time is in the scan. Rows
    grouped by ``option_id`` need no ``question_id`` beside it (an option belongs to
    one question): every grouping column makes the database's grouping dearer, and
    fewer let PostgreSQL estimate the groups well enough to aggregate in parallel.
    """
    by_question: dict[int, list[dict]] = {question.pk: [] for question in questions}
    if not by_question:
        return by_question
    question_of = {
        option.pk: question.pk for question in questions for option in question.options.all()
    }
    rows = (
        Answer.objects.filter(
            where or Q(),
            response__survey=design.survey,
            response__flagged=False,
            question__in=list(by_question),
        )
        .order_by()
        .values(*fields, *ANSWER_CELL)
        .annotate(count=Count("id"), **sums)
    )
    for row in rows:
        by_question[row.get("question_id") or question_of[row["option_id"]]].append(row)
    return by_question


def _choice_result(design: _Design, question: Question, rows: list[dict]) -> QuestionResult:
    if question.kind == Question.Kind.AREA:
        areas = municipality_areas(design.survey.municipality_id)
        choices = [(pk, name, name) for pk, name in areas.values_list("pk", "name")]
        field_name = "area_id"
    else:
        choices = [
            (option.pk, in_language(option, "label", design.language), option.value)
            for option in question.options.all()
        ]
        field_name = "option_id"
    if question.kind in ONE_ANSWER_KINDS:
        respondents = _summed(rows, ANSWER_CELL)
    else:
        answered = Answer.objects.filter(question=question).values("response")
        respondents = _respondent_cells(design.responses.filter(pk__in=answered))
    columns = [
        _indicator_cells([row for row in rows if row[field_name] == pk], ANSWER_CELL)
        for pk, _label, _key in choices
    ]
    return QuestionResult(
        key=question.key,
        text=in_language(question, "text", design.language),
        kind="proportion",
        columns=tuple(label for _pk, label, _key in choices),
        column_keys=tuple(key for _pk, _label, key in choices),
        groups={
            grouping: _rows(design, grouping, respondents, columns, "proportion")
            for grouping in GROUPINGS
            if grouping != OWN_GROUPING.get(question.kind)
        }
        if respondents
        else {},
    )


def _number_result(design: _Design, question: Question, rows: list[dict]) -> QuestionResult:
    respondents = _summed(rows, ANSWER_CELL)
    column = _cells(rows, ANSWER_CELL, COLUMN_SUMS)
    return QuestionResult(
        key=question.key,
        text=in_language(question, "text", design.language),
        kind="mean",
        columns=(str(_("Mean")),),
        column_keys=("mean",),
        groups={
            grouping: _rows(design, grouping, respondents, [column], "mean")
            for grouping in GROUPINGS
        }
        if respondents
        else {},
    )


def _choice_rows(design: _Design, questions) -> dict[int, list[dict]]:
    """The answer rows of every choice and area-of-residence question, by question."""
    weight = _weight("response__")
    sums = {"sw": Sum(weight), "sw2": Sum(weight * weight)}
    by_option = [q for q in questions if q.kind in Question.CHOICE_KINDS]
    by_area = [q for q in questions if q.kind == Question.Kind.AREA]
    return _answer_rows(design, by_option, ("option_id",), **sums) | _answer_rows(
        design, by_area, ("question_id", "area_id"), **sums
    )


def _number_rows(design: _Design, questions) -> dict[int, list[dict]]:
    weight = _weight("response__")
    w2 = weight * weight
    y = Cast("number", FloatField())
    answered = [q for q in questions if q.kind == Question.Kind.NUMBER]
    return _answer_rows(
        design,
        answered,
        ("question_id",),
        Q(number__isnull=False),
        sw=Sum(weight),
        sw2=Sum(w2),
        swy=Sum(weight * y),
        sw2y=Sum(w2 * y),
        sw2y2=Sum(w2 * y * y),
    )


def _places_result(design: _Design, question: Question) -> QuestionResult:
    """The share of all respondents who marked at least one unsafe place."""
    respondents = _respondent_cells(design.responses)
    weight = _weight()
    marked = design.responses.filter(
        pk__in=PlaceMark.objects.filter(question=question).values("response")
    )
    rows = (
        marked.order_by().values(*RESPONSE_CELL).annotate(sw=Sum(weight), sw2=Sum(weight * weight))
    )
    column = _indicator_cells(rows, RESPONSE_CELL)
    return QuestionResult(
        key=question.key,
        text=in_language(question, "text", design.language),
        kind="proportion",
        columns=(str(_("Marked at least one place")),),
        column_keys=("marked",),
        groups={
            grouping: _rows(design, grouping, respondents, [column], "proportion")
            for grouping in GROUPINGS
        }
        if respondents
        else {},
    )


def survey_results(survey: Survey, language: str = SWEDISH) -> list[QuestionResult]:
    """Every question with estimates (free text has none), in the survey's order.

    Questions, answers and the product's own labels ("Everyone", "Mean") are in
    ``language``; the survey must have that language's version (see ``content``).
    """
    results = []
    with translation.override(language):
        design = _Design(survey, language)
        questions = [
            question
            for question in survey.questions.prefetch_related("options")
            if question.kind != Question.Kind.FREE_TEXT
        ]
        choices = _choice_rows(design, questions)
        numbers = _number_rows(design, questions)
        for question in questions:
            if question.kind == Question.Kind.NUMBER:
                results.append(_number_result(design, question, numbers[question.pk]))
            elif question.kind == Question.Kind.PLACES:
                results.append(_places_result(design, question))
            else:
                results.append(_choice_result(design, question, choices[question.pk]))
    return results


@dataclass(frozen=True)
class Change:
    """Everyone's figure in the earlier survey, and the difference to this one."""

    before: Figure
    difference: Difference | None
    """``None`` when either figure is suppressed."""


def compare(
    current: list[QuestionResult], previous: list[QuestionResult]
) -> dict[str, tuple[Change | None, ...]]:
    """Per question key, a change per column of ``current`` (``None`` where not comparable).

    Questions and answers are matched by their stable keys, which a copied survey
    keeps; only the figures for everyone are compared.
    """
    earlier = {result.key: result for result in previous}
    changes = {}
    for result in current:
        before = earlier.get(result.key)
        if before is None or before.kind != result.kind or not before.groups or not result.groups:
            continue
        before_figures = dict(
            zip(before.column_keys, before.groups["overall"][0].figures, strict=True)
        )
        row = []
        for key, figure in zip(
            result.column_keys, result.groups["overall"][0].figures, strict=True
        ):
            old = before_figures.get(key)
            if old is None:
                row.append(None)
            elif old.suppressed or figure.suppressed:
                row.append(Change(before=old, difference=None))
            else:
                row.append(
                    Change(old, difference(old.estimate, old.se, figure.estimate, figure.se))
                )
        changes[result.key] = tuple(row)
    return changes
