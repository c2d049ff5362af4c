"""Survey results: weighted estimates for every question, overall and by domain.

The answers are read as counted when they were stored: per question, option and fine
cell (area × age group × gender), with their weighted sums (``dialogue.AnswerCell``,
kept by ``dialogue.answer_cells``), so a survey's results read as many rows as it has
cells, however many answers it holds. Python only adds cells together into the domains
shown and hands the sums to the statistics kernel
(:func:`trygg.stats.estimate_from_sums`), which estimates on the full design as R's
``svyby`` does, with areas as strata.

Disclosure control happens here, so that every consumer (the pages, the files) gets
the protected form: a group resting on fewer respondents than the suppression
threshold is hidden, and so many more groups of its grouping as it takes that no
hidden group can be derived by subtracting the shown ones from everyone
(:func:`trygg.stats.suppression.protect`). A hidden group's n is withheld too.
"""

from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from trygg.dialogue.answer_cells import FINE_CELL
from trygg.dialogue.content import SWEDISH, in_language, in_language_field
from trygg.dialogue.models import AnswerCell, Question, Survey
from trygg.geo.selectors import area_names, municipality_areas
from trygg.population.models import MARGINS
from trygg.population.selectors import population_cells, weighted_to_year
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


# The sums a fine cell carries: of its respondents, and of one column's y values.
RESPONDENT_SUMS = ("count", "sw", "sw2")
COLUMN_SUMS = ("swy", "sw2y", "sw2y2")


class _Design:
    """The strata and the domains' labels of one survey's (unflagged) respondents."""

    def __init__(self, survey: Survey, language: str, respondents: dict):
        self.survey = survey
        self.language = language
        self.stratum_n: dict = {}
        for (area, _age_group, _gender), sums in respondents.items():
            self.stratum_n[area] = self.stratum_n.get(area, 0) + int(sums["count"])
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


# Cells are keyed by (question id, option id): (None, None) holds the survey's
# respondents, (question, None) a question's respondents, (question, option) the
# answers that chose the option.
EVERYONE = (None, None)


def _answer_cells(survey: Survey) -> dict[tuple, dict[tuple, dict[str, float]]]:
    """The survey's answer cells: (question id, option id) → fine cell → sums."""
    cells: dict[tuple, dict[tuple, dict[str, float]]] = {}
    sums = (*RESPONDENT_SUMS, *COLUMN_SUMS)
    rows = AnswerCell.objects.filter(survey=survey).values(
        "question_id", "option_id", *FINE_CELL, *sums
    )
    for row in rows:
        cells.setdefault((row["question_id"], row["option_id"]), {})[
            tuple(row[key] for key in FINE_CELL)
        ] = {key: float(row[key]) for key in sums}
    return cells


def _question_result(design: _Design, question: Question, cells: dict) -> QuestionResult:
    """``question``'s estimates from the cells of its respondents and of each column."""
    answered = cells.get((question.pk, None), {})
    respondents, kind = answered, "proportion"
    if question.kind == Question.Kind.NUMBER:
        kind = "mean"
        columns = [(str(_("Mean")), "mean", answered)]
    elif question.kind == Question.Kind.PLACES:
        # The share of all respondents who marked at least one unsafe place.
        respondents = cells.get(EVERYONE, {})
        columns = [(str(_("Marked at least one place")), "marked", answered)]
    elif question.kind == Question.Kind.AREA:
        # The answer to this question is the respondent's own area, that of the cell.
        areas = municipality_areas(design.survey.municipality_id).values_list("pk", "name")
        columns = [
            (name, name, {cell: sums for cell, sums in answered.items() if cell[0] == pk})
            for pk, name in areas
        ]
    else:
        columns = [
            (
                in_language(option, "label", design.language),
                option.value,
                cells.get((question.pk, option.pk), {}),
            )
            for option in question.options.all()
        ]
    return QuestionResult(
        key=question.key,
        text=in_language(question, "text", design.language),
        kind=kind,
        columns=tuple(label for label, _key, _cells in columns),
        column_keys=tuple(key for _label, key, _cells in columns),
        groups={
            grouping: _rows(
                design, grouping, respondents, [column for _l, _k, column in columns], kind
            )
            for grouping in GROUPINGS
            if grouping != OWN_GROUPING.get(question.kind)
        }
        if respondents
        else {},
    )


def survey_results(survey: Survey, language: str = SWEDISH) -> list[QuestionResult]:
    """Every question with estimates (free text has none), in the survey's order.

    Questions, answers and the product's own labels ("Everyone", "Mean") are in
    ``language``; the survey must have that language's version (see ``content``).
    """
    with translation.override(language):
        cells = _answer_cells(survey)
        design = _Design(survey, language, cells.get(EVERYONE, {}))
        return [
            _question_result(design, question, cells)
            for question in survey.questions.prefetch_related("options")
            if question.kind != Question.Kind.FREE_TEXT
        ]


# The background questions, whose groupings the make-up of the sample shows once.
MAKEUP_GROUPINGS = ("area", "age_group", "gender")


@dataclass(frozen=True)
class MakeupRow:
    """One group of respondents beside its share of the population."""

    label: str
    n: int | None
    """Respondents (unweighted); ``None`` when the group is hidden."""
    share: float | None
    """The group's (weighted, if weighted) share of the respondents; ``None`` when hidden."""
    population_share: float | None
    """The group's share of the residents; ``None`` without population counts for it."""
    protection: Protection = Protection.SHOWN

    @property
    def below_threshold(self) -> bool:
        return self.protection == Protection.BELOW_THRESHOLD

    @property
    def suppressed(self) -> bool:
        return self.protection != Protection.SHOWN


@dataclass(frozen=True)
class MakeupGrouping:
    grouping: str
    """``area``, ``age_group`` or ``gender``."""
    rows: tuple[MakeupRow, ...]

    @property
    def title(self) -> str:
        return str(MARGINS[self.grouping])


def _population_cells(survey: Survey) -> dict[tuple, int]:
    """The residents per fine cell of the year the survey was weighted to (else the latest)."""
    year = weighted_to_year(survey)
    return {} if year is None else population_cells(survey.municipality, year)


def sample_makeup(survey: Survey, language: str = SWEDISH) -> tuple[MakeupGrouping, ...]:
    """Who answered, by area, age group and gender, beside the population.

    Per group: the respondents (unweighted n), their share of all respondents (with
    the survey's weights, which after calibration equal the population's shares) and
    the residents' share. As in the population's representativeness table, the shares
    of groups the population counts are among those respondents who are in one of
    them; a group it does not count (gender "other", not given) is a share of all
    respondents and has no population share. Groups are protected as in the results.
    """
    with translation.override(language):
        respondents = {
            tuple(row[key] for key in FINE_CELL): row
            for row in AnswerCell.objects.filter(
                survey=survey, question__isnull=True, option__isnull=True
            ).values(*FINE_CELL, "count", "sw")
        }
        if not respondents:
            return ()
        design = _Design(survey, language, respondents)
        population = _population_cells(survey)
        made_up = []
        for grouping in MAKEUP_GROUPINGS:
            group = _Grouping(design, grouping, respondents)
            count = dict.fromkeys(group.domains, 0)
            weight = dict.fromkeys(group.domains, 0.0)
            for cell, sums in respondents.items():
                count[group.domain_of(cell)] += int(sums["count"])
                weight[group.domain_of(cell)] += float(sums["sw"])
            residents: dict = {}
            for cell, people in population.items():
                domain = group.domain_of(cell)
                residents[domain] = residents.get(domain, 0) + people
            counted = [domain for domain in group.domains if domain in residents]
            counted_weight = sum(weight[domain] for domain in counted)
            all_weight = sum(weight.values())
            all_residents = sum(residents.values())
            protection = protect(
                [count[domain] for domain in group.domains], suppression_threshold()
            )
            rows = []
            for domain, label, shield in zip(group.domains, group.labels, protection, strict=True):
                shown = shield == Protection.SHOWN
                whole = counted_weight if domain in residents else all_weight
                rows.append(
                    MakeupRow(
                        label=label,
                        n=count[domain] if shown else None,
                        share=weight[domain] / whole if shown and whole else None,
                        population_share=residents[domain] / all_residents
                        if domain in residents
                        else None,
                        protection=shield,
                    )
                )
            made_up.append(MakeupGrouping(grouping=grouping, rows=tuple(rows)))
        return tuple(made_up)


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
