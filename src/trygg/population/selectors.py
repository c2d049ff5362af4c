"""Reads of population counts and weights: margins per year, representativeness.

Every figure is summed in SQL (GROUP BY area, age group, gender); Python only turns
the sums into shares.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Max, Sum
from django.utils.translation import gettext_lazy as _

from trygg.dialogue.models import Response, Survey
from trygg.geo.selectors import area_names, municipality_areas
from trygg.tenancy.models import Municipality

from .models import AGE_GROUPS, GENDERS, MARGINS, PopulationCount, ResponseWeight, Weighting


def population_year(municipality: Municipality, year: int) -> int | None:
    """The latest year up to ``year`` for which ``municipality`` has population counts."""
    return PopulationCount.objects.filter(municipality=municipality, year__lte=year).aggregate(
        latest=Max("year")
    )["latest"]


def weighted_to_year(survey: Survey) -> int | None:
    """The population year ``survey`` was weighted to, else the latest up to its own year."""
    weighting = Weighting.objects.filter(survey=survey).first()
    if weighting is not None:
        return weighting.population_year
    return population_year(survey.municipality, survey.year)


def population_cells(municipality: Municipality, year: int) -> dict[tuple[int, str, str], int]:
    """``{(area id, age group, gender): residents}`` for one year."""
    return {
        (area_id, age_group, gender): count
        for area_id, age_group, gender, count in PopulationCount.objects.filter(
            municipality=municipality, year=year
        ).values_list("area_id", "age_group", "gender", "count")
    }


def population_total(municipality: Municipality, year: int) -> int:
    return (
        PopulationCount.objects.filter(municipality=municipality, year=year).aggregate(
            total=Sum("count")
        )["total"]
        or 0
    )


@dataclass(frozen=True)
class MarginRow:
    label: str
    count: int
    share: float

    @property
    def percent(self) -> float:
        return 100 * self.share


@dataclass(frozen=True)
class YearMargins:
    """One year's population of a municipality, by area, by age group and by gender."""

    year: int
    total: int
    margins: dict[str, tuple[MarginRow, ...]]

    @property
    def sections(self) -> list[tuple[str, tuple[MarginRow, ...]]]:
        """(margin's name, its rows), in the order area, age group, gender."""
        return [(str(MARGINS[margin]), rows) for margin, rows in self.margins.items()]


def population_margins(municipality: Municipality) -> list[YearMargins]:
    """Every year's margins, latest year first (three GROUP BY queries in all)."""
    counts = PopulationCount.objects.filter(municipality=municipality).order_by()
    by: dict[str, dict[int, dict[str, int]]] = {}
    names = area_names(municipality)
    labels = {
        "area": names,
        "age_group": {code: str(label) for code, label in AGE_GROUPS},
        "gender": {code: str(label) for code, label in GENDERS},
    }
    for margin in MARGINS:
        field = "area_id" if margin == "area" else margin
        by[margin] = defaultdict(dict)
        for year, key, total in counts.values_list("year", field).annotate(total=Sum("count")):
            by[margin][year][key] = total
    years = sorted(by["area"], reverse=True)
    result = []
    for year in years:
        total = sum(by["area"][year].values())
        margins = {}
        for margin in MARGINS:
            order = (
                sorted(by[margin][year], key=lambda pk: names.get(pk, ""))
                if margin == "area"
                else [key for key in labels[margin] if key in by[margin][year]]
            )
            margins[margin] = tuple(
                MarginRow(
                    label=labels[margin].get(key, key),
                    count=by[margin][year][key],
                    share=by[margin][year][key] / total if total else 0.0,
                )
                for key in order
            )
        result.append(YearMargins(year=year, total=total, margins=margins))
    return result


@dataclass(frozen=True)
class RepresentativenessRow:
    """One category of one margin: population, respondents and weighted respondents.

    For a category the population counts, the shares are among those who stated a
    category of this margin, so that they compare with the population's share. The
    row with ``category`` None gathers the respondents who did not state one (no
    answer, or a gender SCB does not count); its shares are of all respondents and
    it has no population.
    """

    margin: str
    category: str | None
    label: str
    population: int | None
    population_share: float | None
    respondents: int
    respondent_share: float | None
    weighted_share: float | None

    @property
    def margin_label(self) -> str:
        return str(MARGINS[self.margin])

    @property
    def population_percent(self) -> float | None:
        return None if self.population_share is None else 100 * self.population_share

    @property
    def respondent_percent(self) -> float | None:
        return None if self.respondent_share is None else 100 * self.respondent_share

    @property
    def weighted_percent(self) -> float | None:
        return None if self.weighted_share is None else 100 * self.weighted_share


def _share(part: float, whole: float) -> float | None:
    return part / whole if whole else None


def representativeness(survey: Survey) -> list[RepresentativenessRow]:
    """How the respondents compare with the population, before and after weighting.

    Rows by margin (area, age group, gender), each category in its natural order,
    then a "not stated" row when any respondent did not state one. Counts the
    unflagged responses, as the weighting does. The population is the year the
    survey was last weighted to, else the latest year up to the survey's; without
    population counts the population columns are None, and without weights the
    weighted share is.
    """
    year = weighted_to_year(survey)
    responses = Response.objects.filter(survey=survey, flagged=False).order_by()
    categories = {
        "area": list(municipality_areas(survey.municipality_id).values_list("pk", "name")),
        "age_group": [(code, str(label)) for code, label in AGE_GROUPS],
        "gender": [(code, str(label)) for code, label in GENDERS],
    }
    population: dict[str, dict] = {margin: {} for margin in MARGINS}
    if year is not None:
        counts = PopulationCount.objects.filter(
            municipality=survey.municipality_id, year=year
        ).order_by()
        for margin in MARGINS:
            field = "area_id" if margin == "area" else margin
            population[margin] = dict(counts.values_list(field).annotate(total=Sum("count")))

    rows: list[RepresentativenessRow] = []
    for margin in MARGINS:
        field = "area_id" if margin == "area" else margin
        sums = {
            key: (n, w or 0.0)
            for key, n, w in responses.values_list(field).annotate(
                n=Count("id"), w=Sum("weight__weight")
            )
        }
        known = {key for key, _label in categories[margin]}
        stated_n = sum(n for key, (n, _w) in sums.items() if key in known)
        stated_w = sum(w for key, (_n, w) in sums.items() if key in known)
        all_n = sum(n for n, _w in sums.values())
        all_w = sum(w for _n, w in sums.values())
        weighted = all_w > 0
        population_sum = sum(population[margin].values())
        for key, label in categories[margin]:
            n, w = sums.get(key, (0, 0.0))
            people = population[margin].get(key, 0) if year is not None else None
            rows.append(
                RepresentativenessRow(
                    margin=margin,
                    category=str(key),
                    label=label,
                    population=people,
                    population_share=None if people is None else _share(people, population_sum),
                    respondents=n,
                    respondent_share=_share(n, stated_n),
                    weighted_share=_share(w, stated_w) if weighted else None,
                )
            )
        if all_n > stated_n:
            rows.append(
                RepresentativenessRow(
                    margin=margin,
                    category=None,
                    label=str(_("Not stated")),
                    population=None,
                    population_share=None,
                    respondents=all_n - stated_n,
                    respondent_share=_share(all_n - stated_n, all_n),
                    weighted_share=_share(all_w - stated_w, all_w) if weighted else None,
                )
            )
    return rows


@dataclass(frozen=True)
class WeightingStatus:
    """The survey's weighting, if any, and whether it still fits the data."""

    weighting: Weighting | None
    responses: int
    weighted: int
    current: bool


def weighting_status(survey: Survey) -> WeightingStatus:
    """Whether the weights are missing or out of date.

    They are out of date when a response was added or flagged since, when the year
    they were calibrated to was re-imported with other counts, or when a later year
    up to the survey's has been imported.
    """
    weighting = Weighting.objects.filter(survey=survey).first()
    responses = Response.objects.filter(survey=survey, flagged=False).count()
    weights = ResponseWeight.objects.filter(response__survey=survey)
    weighted = weights.filter(response__flagged=False).count()
    current = (
        weighting is not None
        and weighted == responses
        and not weights.filter(response__flagged=True).exists()
        and population_year(survey.municipality, survey.year) == weighting.population_year
        and population_total(survey.municipality, weighting.population_year)
        == weighting.population_total
    )
    return WeightingStatus(
        weighting=weighting, responses=responses, weighted=weighted, current=current
    )
