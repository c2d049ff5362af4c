"""The figures of a municipality's lägesbild for a year, in the structure of 2023:196 § 4.

``build_lagesbild(municipality, year, public=...)`` returns a plain dataclass tree in
Brå's three parts:

- *Kartläggning*: the police's open events by category against earlier years
  (``overview.year_comparison``), their rates per 10,000 against the similar
  municipalities, the county and the country (``comparisons.compare_rates``), when
  they happen (weekday × time of day, month and season, by the event's own Swedish
  time, counted in SQL), the municipal reports by category and where (the H3 cell
  map of ``overview.incident_cell_map``), the latest closed dialogue's headline
  figures with their intervals and the changes since the dialogue before
  (``insight.selectors.page_context``) and its unsafe places (``insight.places``).
- *Annan information*: what the coordinators wrote (``OtherInformation``).
- *Analys*: the year's stored alerts, the hotspots and priority places (computed
  elsewhere: ``None`` here until they are), the problems the evidence suggests
  prioritising by the rules of ``PROBLEM_RULES``, and which sources were used and
  left out and how their limits bear on the conclusions.

Nothing is counted twice: the selectors named above count, this module lays out.

The public version (``public=True``) applies the privacy rules of DESIGN.md: map
cells only with at least ``insight.places.min_cell_count()`` records, survey figures
only as the snapshot publishes them (under the suppression threshold they are
``None``), the places map only as ``public_place_map`` allows, the hotspots as their
``public()`` views allow and the residents' layers and priority places only while
``hotspots.residents_publishable`` (else the reports' layer alone), and nothing for staff
alone: no acknowledgement comment of an alert, no alert of a single H3 cell (its
count may rest on one or two reports), no free text.

``as_json`` gives the tree as JSON; the snapshot (``LagesbildSnapshot``), the pages,
the PDF and ``trygg lagesbild --json`` all read that form.
"""

import dataclasses
import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, Max, QuerySet
from django.db.models.functions import ExtractHour, ExtractIsoWeekDay, ExtractMonth
from django.utils import formats, timezone, translation
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from trygg.dialogue.content import content_language
from trygg.dialogue.fieldwork import invitation_counts
from trygg.dialogue.models import Survey
from trygg.geo.selectors import cell_place_names
from trygg.insight.models import ResultsSnapshot
from trygg.insight.places import place_map, public_place_map
from trygg.insight.results import suppression_threshold
from trygg.insight.selectors import page_context
from trygg.tenancy.models import Municipality

from .comparisons import Scope, compare_rates, police_events
from .counts import Period, Place, count_incidents, local_zone
from .hotspots import (
    municipality_hotspots,
    priority_places,
    public_priority_places,
    residents_publishable,
)
from .models import Alert, Category, HotspotCell, Incident, OtherInformation, Source
from .overview import data_span, incident_cell_map, year_comparison
from .selectors import explain_alert, place_of

# The rules that make a category a problem to prioritise, with their thresholds.
# A rate "clearly above" the similar municipalities': at least a quarter higher, and
# on enough events that one busy week does not make it.
RATE_ABOVE_SIMILAR_FACTOR = 1.25
RATE_MIN_EVENTS = 10
# A rising trend: the year at least a quarter above the earlier years' mean, by at
# least ten events (a rise from 2 to 3 is not a trend).
RISING_FACTOR = 1.25
RISING_MIN_INCREASE = 10
# The unsafe places the analysis names: the most marked ones.
TOP_PLACES = 3
# The places listed in the Kartläggning.
PLACES_LISTED = 10
CELLS_LISTED = 15

# Marked for translation here, translated where the lägesbild is built.
PROBLEM_RULES = {
    "rate_above_similar": gettext_noop(
        "A category whose rate per 10,000 residents is at least 25 % above the similar "
        "municipalities', on at least 10 events."
    ),
    "alerts": gettext_noop("A category with at least one early-warning alert in the year."),
    "rising": gettext_noop(
        "A category whose count is at least 25 % and 10 events above the mean of the "
        "earlier years, in the same months."
    ),
    "unsafe_places": gettext_noop(
        "The places residents marked as unsafe most often in the dialogue."
    ),
}

# Time of day as the police and the dialogue speak of it.
TIME_BANDS = ((0, 6), (6, 12), (12, 18), (18, 24))
SEASONS = (
    ("winter", (12, 1, 2)),
    ("spring", (3, 4, 5)),
    ("summer", (6, 7, 8)),
    ("autumn", (9, 10, 11)),
)


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    percent: float


def bars(labels: list[str], counts: list[int]) -> list[Bar]:
    top = max(counts, default=0)
    return [
        Bar(label, count, round(100 * count / top, 1) if top else 0.0)
        for label, count in zip(labels, counts, strict=True)
    ]


@dataclass(frozen=True)
class PoliceEvents:
    """The year's police events in the municipality and the rates they compare with."""

    count: int
    per_10000: float | None
    county_per_10000: float | None
    similar_per_10000: float | None
    country_per_10000: float | None
    residents: int
    county: str
    similar_basis: str
    similar: list[str]
    notes: list[str]


@dataclass(frozen=True)
class CategoryRow:
    key: str
    name: str
    counts: list[int]
    """Aligned with ``YearsFigures.years``."""
    bars: list[Bar]
    per_10000: float | None
    similar_per_10000: float | None
    county_per_10000: float | None
    country_per_10000: float | None


@dataclass(frozen=True)
class YearsFigures:
    years: list[int]
    first: str
    last: str
    left_out: list[int]
    rows: list[CategoryRow]
    totals: list[int]


@dataclass(frozen=True)
class WhenFigures:
    """When the police events happened, by their own time in Swedish time."""

    weekdays: list[str]
    bands: list[str]
    grid: list[list[int]]
    """``grid[weekday][band]``, Monday first."""
    grid_highest: int
    grid_levels: list[list[int]]
    """The shade of each cell of ``grid``, 0 (none) to 4 (the most)."""
    months: list[Bar]
    seasons: list[Bar]


@dataclass(frozen=True)
class ReportCell:
    number: int
    cell: str
    count: int
    level: int
    area: str = ""
    """The name a resident knows the cell by (``geo.selectors.CellName``); "" where none."""


@dataclass(frozen=True)
class MunicipalReports:
    count: int
    by_category: list[Bar]
    cells: list[ReportCell]
    cells_total: int
    min_cell_count: int
    withheld: int | None
    """Reports in cells left out of the map; ``None`` when fewer than the minimum."""


@dataclass(frozen=True)
class HeadlineFigure:
    question: str
    answer: str
    estimate: float | None
    """A share (0–1) or a mean; ``None`` when suppressed."""
    ci_low: float | None
    ci_high: float | None
    kind: str
    n: int | None


@dataclass(frozen=True)
class Dialogue:
    survey: str
    language: str
    """The language of the survey's texts: the lägesbild's, or Swedish when the survey
    has no complete English version."""
    year: int
    respondents: int
    invited: int
    response_rate: float | None
    weighted: bool
    threshold: int
    computed: bool
    """Whether the results snapshot exists; without it there are no figures."""
    figures: list[HeadlineFigure]
    changes: list[str]
    compared_with: int | None
    survey_id: int | None = None
    """The survey, whose own public pages (results, map of unsafe places) a reader can open."""


@dataclass(frozen=True)
class Tally:
    label: str
    count: int


@dataclass(frozen=True)
class UnsafePlace:
    number: int | None
    cell: str
    area: str
    respondents: int
    share_percent: float
    reasons: list[Tally]
    times: list[Tally]


@dataclass(frozen=True)
class UnsafePlaces:
    respondents: int
    min_count: int
    suppressed: bool
    places: list[UnsafePlace]
    withheld: int | None


@dataclass(frozen=True)
class Kartlaggning:
    police_events: PoliceEvents
    years: YearsFigures | None
    when: WhenFigures
    municipal_reports: MunicipalReports
    dialogue: Dialogue | None
    unsafe_places: UnsafePlaces | None


@dataclass(frozen=True)
class OtherInformationItem:
    heading: str
    text: str
    source: str
    updated: str
    id: int | None = None


@dataclass(frozen=True)
class AlertItem:
    week_start: str
    category: str
    category_key: str
    explanation: str
    place: str
    acknowledged: bool
    comment: str = ""


@dataclass(frozen=True)
class Evidence:
    rule: str
    text: str


@dataclass(frozen=True)
class Problem:
    key: str
    title: str
    evidence: list[Evidence]


@dataclass(frozen=True)
class SourceNote:
    key: str
    name: str
    used: bool
    records: int
    limits: str


@dataclass(frozen=True)
class HotspotLayerFigures:
    key: str
    label: str
    hot: int
    cold: int
    hottest: list[dict[str, Any]]
    """The hottest cells (at most ``HOTTEST_SHOWN``): cell id, area, records, z, q."""


@dataclass(frozen=True)
class HotspotFigures:
    computed_at: str
    covering_cells: int
    fdr: float
    layers: list[HotspotLayerFigures]
    min_count: int = 3
    """The public version counts and names only cells with at least this many records."""
    residents_withheld: bool = False
    """The public version leaves the residents' layers and the priority places out:
    their survey is not published (``hotspots.residents_publishable``)."""


@dataclass(frozen=True)
class PriorityPlaceItem:
    rank: int
    cell: str
    area: str
    respondents: int
    reasons: list[str]
    times: list[str]
    incidents: int
    lighting_faults: int | None
    """``None`` in the public version: fewer than the map's minimum."""
    hot_layers: list[str]


@dataclass(frozen=True)
class Analys:
    alerts: list[AlertItem]
    hotspots: HotspotFigures | None
    """``None``: not computed yet for the year (``trygg recompute-hotspots``)."""
    priority_places: list[PriorityPlaceItem]
    problems: list[Problem]
    rules: dict[str, str]
    sources: list[SourceNote]


@dataclass(frozen=True)
class Lagesbild:
    municipality: str
    municipality_name: str
    year: int
    public: bool
    language: str
    """The language its texts are written in (one of ``settings.LANGUAGES``)."""
    police_events: PoliceEvents
    kartlaggning: Kartlaggning
    other_information: list[OtherInformationItem]
    analys: Analys
    built_at: str = field(default="")


def as_json(lagesbild: Lagesbild) -> dict[str, Any]:
    """The tree as JSON-ready dicts and lists (what the snapshot stores)."""
    return dataclasses.asdict(lagesbild)


def year_span(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 1)


def _year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    zone = local_zone()
    return (
        dt.datetime(year, 1, 1, tzinfo=zone),
        dt.datetime(year + 1, 1, 1, tzinfo=zone),
    )


def municipality_police_events(municipality: Municipality) -> QuerySet[Incident]:
    return police_events().filter(municipality=municipality)


def _in_year(incidents: QuerySet[Incident], year: int) -> QuerySet[Incident]:
    start, end = _year_bounds(year)
    return incidents.filter(occurred_at__gte=start, occurred_at__lt=end)


def _rates(
    municipality: Municipality, year: int, category: Category | None
) -> tuple[Any, dict[Scope, float | None]]:
    first, last = year_span(year)
    comparison = compare_rates(municipality, first, last, category)
    return comparison, {row.scope: row.rate.per_10000 for row in comparison.rows}


def _police_events(municipality: Municipality, year: int, public: bool) -> PoliceEvents:
    comparison, rates = _rates(municipality, year, None)
    notes = comparison.notes
    if public and comparison.residents_year is None:
        # The note then tells the operator what to run: not for the public.
        notes = notes[:-1]
    own = next(row for row in comparison.rows if row.scope is Scope.MUNICIPALITY)
    county = next(row for row in comparison.rows if row.scope is Scope.COUNTY)
    return PoliceEvents(
        count=own.rate.incidents,
        per_10000=rates[Scope.MUNICIPALITY],
        county_per_10000=rates[Scope.COUNTY],
        similar_per_10000=rates[Scope.SIMILAR],
        country_per_10000=rates[Scope.COUNTRY],
        residents=own.rate.residents,
        county=county.label,
        similar_basis=str(comparison.similar.basis),
        similar=[other.name for other in comparison.similar.municipalities],
        notes=notes,
    )


def _years(municipality: Municipality, year: int) -> YearsFigures | None:
    # The months the police's source covers, not the municipality's first and last
    # event: a small town's quiet January is a month with no events, not a gap.
    span = data_span(municipality, incidents=police_events())
    if span is None or year not in span.years:
        return None
    compared = year_comparison(municipality, year, span, Source.Kind.POLICE_EVENTS)
    rows = []
    for row in compared.rows:
        _comparison, rates = _rates(municipality, year, row.category)
        rows.append(
            CategoryRow(
                key=row.category.key,
                name=str(row.category),
                counts=list(row.counts),
                bars=[Bar(bar.label, bar.count, bar.percent) for bar in row.bars],
                per_10000=rates[Scope.MUNICIPALITY],
                similar_per_10000=rates[Scope.SIMILAR],
                county_per_10000=rates[Scope.COUNTY],
                country_per_10000=rates[Scope.COUNTRY],
            )
        )
    return YearsFigures(
        years=list(compared.years),
        first=compared.span_start.isoformat(),
        last=compared.span_end.isoformat(),
        left_out=list(compared.left_out),
        rows=rows,
        totals=list(compared.totals),
    )


def band_of(hour: int) -> int:
    return next(index for index, (low, high) in enumerate(TIME_BANDS) if low <= hour < high)


def _when(municipality: Municipality, year: int) -> WhenFigures:
    zone = local_zone()
    grouped = (
        _in_year(municipality_police_events(municipality), year)
        .annotate(
            weekday=ExtractIsoWeekDay("occurred_at", tzinfo=zone),
            hour=ExtractHour("occurred_at", tzinfo=zone),
            month=ExtractMonth("occurred_at", tzinfo=zone),
        )
        .values_list("weekday", "hour", "month")
        .annotate(events=Count("id"))
        .order_by()
    )
    grid = [[0] * len(TIME_BANDS) for _day in range(7)]
    months = [0] * 12
    for weekday, hour, month, events in grouped:
        grid[weekday - 1][band_of(hour)] += events
        months[month - 1] += events
    month_names = [str(formats_month) for formats_month in MONTHS.values()]
    season_names = {
        "winter": _("Winter (December–February)"),
        "spring": _("Spring (March–May)"),
        "summer": _("Summer (June–August)"),
        "autumn": _("Autumn (September–November)"),
    }
    highest = max((max(row) for row in grid), default=0)
    season_counts = [sum(months[m - 1] for m in members) for _key, members in SEASONS]
    return WhenFigures(
        weekdays=[str(WEEKDAYS[day]) for day in range(7)],
        bands=[f"{low:02d}–{high:02d}" for low, high in TIME_BANDS],
        grid=grid,
        grid_highest=highest,
        grid_levels=[
            [math.ceil(4 * count / highest) if highest else 0 for count in row] for row in grid
        ],
        months=bars(month_names, months),
        seasons=bars([season_names[key] for key, _members in SEASONS], season_counts),
    )


def _municipal_reports(municipality: Municipality, year: int, public: bool) -> MunicipalReports:
    reports = Incident.objects.filter(
        municipality=municipality, source__kind=Source.Kind.MUNICIPAL_REPORTS
    )
    first, last = year_span(year)
    counted = count_incidents(
        reports, period=Period.MONTH, place=Place.MUNICIPALITY, first=first, last=last
    )
    categories = Category.objects.in_bulk([category for _place, category in counted.keys])
    per_category = sorted(
        (
            (str(categories[category]), int(counted.row(place, category).sum()))
            for place, category in counted.keys
        ),
        key=lambda item: -item[1],
    )
    cell_map = incident_cell_map(municipality, public=public, first=first, last=last)
    return MunicipalReports(
        count=sum(count for _name, count in per_category),
        by_category=bars([n for n, _c in per_category], [c for _n, c in per_category]),
        cells=[
            ReportCell(
                cell.number,
                cell.cell_id,
                cell.incidents,
                cell.level,
                cell.place,
            )
            for cell in cell_map.cells[:CELLS_LISTED]
        ],
        cells_total=len(cell_map.cells),
        min_cell_count=cell_map.min_count,
        withheld=cell_map.published_withheld_incidents,
    )


def dialogue_survey(municipality: Municipality, year: int) -> Survey | None:
    """The latest closed dialogue of the year or before: its results are final and public."""
    return (
        municipality.surveys.filter(status=Survey.Status.CLOSED, year__lte=year)
        .order_by("-year", "-pk")
        .first()
    )


def _dialogue(survey: Survey, language: str) -> Dialogue:
    # The survey's own texts (questions, answers) are in English only when the whole
    # survey is; the dialogue's figures then say which language they are in.
    shown_in = content_language(survey, language)
    context = page_context(survey, "overall", shown_in)
    snapshot = context["snapshot"]
    figures = []
    for view in context["questions"]:
        overall = view.overall
        for line in view.answers:
            figures.append(
                HeadlineFigure(
                    question=view.result.text,
                    answer=line.label,
                    estimate=line.figure.estimate,
                    ci_low=line.figure.ci_low,
                    ci_high=line.figure.ci_high,
                    kind=view.result.kind,
                    n=overall.n if overall and not overall.suppressed else None,
                )
            )
    respondents = survey.responses.filter(flagged=False).count()
    # Of the invited, those who answered with their code: the open link's
    # respondents were never invited, so they are no part of the response rate.
    invitations = invitation_counts(survey)
    previous = context["previous"]
    return Dialogue(
        survey=context["survey_title"],
        language=shown_in,
        year=survey.year,
        respondents=respondents,
        invited=invitations.created,
        response_rate=invitations.spent / invitations.created if invitations.created else None,
        weighted=context["weighted"],
        threshold=suppression_threshold(),
        computed=snapshot is not None,
        figures=figures,
        changes=[line.summary for line in context["significant"]],
        compared_with=previous.year if previous else None,
        survey_id=survey.pk,
    )


def _unsafe_places(survey: Survey, public: bool) -> UnsafePlaces:
    result = public_place_map(survey) if public else place_map(survey)
    places = [
        UnsafePlace(
            number=cell.number,
            cell=cell.cell_id,
            area=cell.area_name,
            respondents=cell.respondents,
            share_percent=round(cell.share_percent, 1),
            reasons=[Tally(str(t.label), t.count) for t in cell.reasons],
            times=[Tally(str(t.label), t.count) for t in cell.times],
        )
        for cell in result.cells
    ] + [
        UnsafePlace(
            number=None,
            cell="",
            area=area.area_name,
            respondents=area.respondents,
            share_percent=round(area.share_percent, 1),
            reasons=[Tally(str(t.label), t.count) for t in area.reasons],
            times=[Tally(str(t.label), t.count) for t in area.times],
        )
        for area in result.areas
    ]
    places.sort(key=lambda place: -place.respondents)
    return UnsafePlaces(
        respondents=result.respondents,
        min_count=result.min_count,
        suppressed=result.suppressed,
        places=places[:PLACES_LISTED],
        withheld=None if result.suppressed else result.published_withheld_marks,
    )


def _other_information(municipality: Municipality, year: int) -> list[OtherInformationItem]:
    return [
        OtherInformationItem(
            item.heading, item.text, item.source, item.updated_at.isoformat(), item.pk
        )
        for item in OtherInformation.objects.filter(municipality=municipality, year=year)
    ]


def year_alerts(municipality: Municipality, year: int) -> QuerySet[Alert]:
    return (
        Alert.objects.filter(municipality=municipality, iso_year=year, still_alarming=True)
        .select_related("category")
        .order_by("-week_start", "category__order")
    )


def _alerts(municipality: Municipality, year: int, public: bool) -> list[AlertItem]:
    alerts = year_alerts(municipality, year)
    if public:
        # A cell's alert may rest on a count of one or two reports: not published.
        alerts = alerts.filter(h3_cell__isnull=True)
    return [
        AlertItem(
            week_start=alert.week_start.isoformat(),
            category=str(alert.category),
            category_key=alert.category.key,
            explanation=explain_alert(alert),
            place=place_of(alert),
            acknowledged=alert.acknowledged,
            comment="" if public else alert.acknowledgement,
        )
        for alert in alerts
    ]


def _number(value: float | None) -> str:
    return "–" if value is None else formats.number_format(value, 1)


def _problems(
    years: YearsFigures | None, alerts: list[AlertItem], places: UnsafePlaces | None
) -> list[Problem]:
    """The problems by the rules of ``PROBLEM_RULES``, each with its evidence.

    A category's problem is keyed by the category (``category:KEY``), not its name,
    which is in the language the lägesbild was built in: the action plan takes a
    problem over by that key.
    """
    evidence: dict[str, list[Evidence]] = {}
    titles: dict[str, str] = {}
    for row in years.rows if years else []:
        count = row.counts[-1]
        if (
            row.per_10000 is not None
            and row.similar_per_10000
            and count >= RATE_MIN_EVENTS
            and row.per_10000 >= RATE_ABOVE_SIMILAR_FACTOR * row.similar_per_10000
        ):
            titles[f"category:{row.key}"] = row.name
            evidence.setdefault(f"category:{row.key}", []).append(
                Evidence(
                    "rate_above_similar",
                    _(
                        "%(rate)s police events per 10,000 residents against %(similar)s in "
                        "the similar municipalities."
                    )
                    % {"rate": _number(row.per_10000), "similar": _number(row.similar_per_10000)},
                )
            )
        earlier = row.counts[:-1]
        if earlier:
            mean = sum(earlier) / len(earlier)
            if count >= RISING_FACTOR * mean and count - mean >= RISING_MIN_INCREASE:
                titles[f"category:{row.key}"] = row.name
                evidence.setdefault(f"category:{row.key}", []).append(
                    Evidence(
                        "rising",
                        _("%(count)d events against %(mean)s a year on average in %(years)s.")
                        % {
                            "count": count,
                            "mean": _number(mean),
                            "years": ", ".join(str(y) for y in years.years[:-1]),
                        },
                    )
                )
    for alert in alerts:
        titles[f"category:{alert.category_key}"] = alert.category
        evidence.setdefault(f"category:{alert.category_key}", []).append(
            Evidence("alerts", alert.explanation)
        )
    problems = [Problem(key, titles[key], items) for key, items in evidence.items()]
    for place in (places.places if places else [])[:TOP_PLACES]:
        where = place.area or place.cell
        said = "; ".join(
            [", ".join(t.label for t in place.reasons), ", ".join(t.label for t in place.times)]
        ).strip("; ")
        text = _("%(respondents)d respondents (%(share)s %%) marked it as unsafe.") % {
            "respondents": place.respondents,
            "share": _number(place.share_percent),
        }
        if said:
            text = f"{text} {said}."
        problems.append(
            Problem(
                f"place:{place.cell or place.area}",
                _("Unsafe place: %(place)s") % {"place": where},
                [Evidence("unsafe_places", text)],
            )
        )
    return problems


def _sources(
    municipality: Municipality,
    police: PoliceEvents,
    reports: MunicipalReports,
    dialogue: Dialogue | None,
    other: list[OtherInformationItem],
    hotspots: HotspotFigures | None,
) -> list[SourceNote]:
    """What each source gave, and how its limits bear on the conclusions (as Brå asks)."""
    notes = [
        SourceNote(
            "police_events",
            _("The police's open events"),
            police.count > 0,
            police.count,
            _(
                "Only what the police publish, a selection of what is reported to them. An "
                "event is placed only to the municipality or the county, never to its place: "
                "it counts for rates, trends and times, never for where. Events placed only "
                "to the county count for the county and the country, not the municipality."
            ),
        ),
        SourceNote(
            "municipal_reports",
            _("The municipality's own reports"),
            reports.count > 0,
            reports.count,
            _(
                "They depend on who reports and what the municipality collects: more reports "
                "may mean more reporting, not more incidents. They are not compared with "
                "other municipalities."
            )
            if reports.count
            else _("No municipal reports are imported for the year: left out."),
        ),
    ]
    if dialogue is None:
        notes.append(
            SourceNote(
                "dialogue",
                _("The residents' dialogue"),
                False,
                0,
                _("No closed dialogue of the year or before: the residents' view is left out."),
            )
        )
    else:
        rate = (
            _("%(rate)s %% of %(invited)d invited answered.")
            % {"rate": _number(100 * dialogue.response_rate), "invited": dialogue.invited}
            if dialogue.response_rate is not None
            else _("The response rate is unknown (no invitations are recorded).")
        )
        weighting = (
            _("The figures are weighted to the population by area, age group and gender.")
            if dialogue.weighted
            else _("The figures are not weighted: they describe those who answered.")
        )
        notes.append(
            SourceNote(
                "dialogue",
                _("The residents' dialogue %(year)d") % {"year": dialogue.year},
                True,
                dialogue.respondents,
                " ".join(
                    [
                        rate,
                        weighting,
                        _("No figure rests on fewer than %(threshold)d respondents.")
                        % {"threshold": dialogue.threshold},
                    ]
                ),
            )
        )
    notes.append(
        SourceNote(
            "hotspots",
            _("Hotspots (Getis–Ord Gi*)"),
            hotspots is not None,
            hotspots.covering_cells if hotspots is not None else 0,
            _(
                "Cells of about a tenth of a square kilometre; a hot cell is one whose "
                "neighbourhood has clearly more than the municipality's average, at a false "
                "discovery rate of %(fdr)s. Residents' places count respondents, not marks; "
                "the police's open events are never placed."
            )
            % {"fdr": formats.number_format(hotspots.fdr, 2)}
            if hotspots is not None
            else _("Not computed yet: the places are described by counts per cell only."),
        )
    )
    notes.append(
        SourceNote(
            "other_information",
            _("Other information"),
            bool(other),
            len(other),
            _("Written by the coordinators, with its sources; not checked against data."),
        )
    )
    return notes


# The hottest cells of each layer and the first priority places the report names; the
# staff hotspot map shows them all.
HOTTEST_SHOWN = 5
PRIORITY_PLACES_SHOWN = 10


def _hotspots(
    municipality: Municipality, year: int, public: bool
) -> tuple[HotspotFigures | None, list[PriorityPlaceItem]]:
    """The year's stored hotspots and priority places (``situation.hotspots``), as the
    privacy rules allow: the public version has no cell under the map's minimum."""
    stored = municipality_hotspots(municipality, year=year)
    if stored is None:
        return None, []
    shown = stored.public() if public else stored
    # The residents' layers only as their survey's own places map is published.
    withheld = public and not residents_publishable(municipality, stored)
    layers = []
    for layer in shown.layers:
        if withheld and layer.key != HotspotCell.Layer.REPORTS:
            continue
        hottest = sorted(layer.hot, key=lambda cell: -cell.z)[:HOTTEST_SHOWN]
        areas = cell_place_names(municipality, [cell.cell for cell in hottest])
        layers.append(
            HotspotLayerFigures(
                key=layer.key,
                label=str(layer.label),
                hot=len(layer.hot),
                cold=len(layer.cold),
                hottest=[
                    {
                        "cell": cell.cell_id,
                        "area": area,
                        "records": cell.records,
                        "z": round(cell.z, 2),
                        "q": round(cell.q, 4),
                    }
                    for cell, area in zip(hottest, areas, strict=True)
                ],
            )
        )
    places = [] if withheld else priority_places(municipality, year=year)
    if public:
        places = public_priority_places(places)
    return (
        HotspotFigures(
            computed_at=formats.date_format(
                timezone.localtime(stored.computed_at), "DATETIME_FORMAT"
            ),
            covering_cells=stored.covering_cells,
            fdr=stored.fdr,
            layers=layers,
            min_count=stored.min_count,
            residents_withheld=withheld,
        ),
        [
            PriorityPlaceItem(
                rank=place.rank,
                cell=place.cell_id,
                area=place.area_name,
                respondents=place.respondents,
                reasons=[f"{tally.label} ({tally.count})" for tally in place.reasons],
                times=[f"{tally.label} ({tally.count})" for tally in place.times],
                incidents=place.incidents,
                lighting_faults=place.lighting_faults,
                hot_layers=list(place.hot_layer_labels),
            )
            for place in places[:PRIORITY_PLACES_SHOWN]
        ],
    )


def build_lagesbild(
    municipality: Municipality, year: int, *, public: bool, language: str | None = None
) -> Lagesbild:
    """The lägesbild of ``municipality`` for ``year``; with ``public`` what may be published.

    Its texts (rules, problems, sources, months, seasons) are written in ``language``
    (default: the settings' ``LANGUAGE_CODE``), its figures are the same in every one.
    """
    language = language or settings.LANGUAGE_CODE
    with translation.override(language):
        police = _police_events(municipality, year, public)
        years = _years(municipality, year)
        reports = _municipal_reports(municipality, year, public)
        survey = dialogue_survey(municipality, year)
        dialogue = _dialogue(survey, language) if survey else None
        places = _unsafe_places(survey, public) if survey else None
        other = _other_information(municipality, year)
        alerts = _alerts(municipality, year, public)
        hotspots, priority = _hotspots(municipality, year, public)
        analys = Analys(
            alerts=alerts,
            hotspots=hotspots,
            priority_places=priority,
            problems=_problems(years, alerts, places),
            rules={key: _(text) for key, text in PROBLEM_RULES.items()},
            sources=_sources(municipality, police, reports, dialogue, other, hotspots),
        )
        return Lagesbild(
            municipality=municipality.code,
            municipality_name=municipality.name,
            year=year,
            public=public,
            language=language,
            police_events=police,
            kartlaggning=Kartlaggning(
                police, years, _when(municipality, year), reports, dialogue, places
            ),
            other_information=[
                dataclasses.replace(item, id=None) if public else item for item in other
            ],
            analys=analys,
            built_at=timezone.now().isoformat(),
        )


def data_state(municipality: Municipality) -> dict[str, Any]:
    """What a lägesbild of ``municipality`` is computed from, to tell whether it is current.

    The incidents (every source: the rates read the country's), the alerts' last
    computation, the dialogues' data versions and result snapshots, the other information.
    """
    incidents = Incident.objects.aggregate(count=Count("id"), last=Max("id"))
    surveys = {
        str(pk): version
        for pk, version in municipality.surveys.values_list("pk", "data_version").order_by("pk")
    }
    results = ResultsSnapshot.objects.filter(survey__municipality=municipality).aggregate(
        last=Max("computed_at")
    )["last"]
    alerts = Alert.objects.filter(municipality=municipality).aggregate(last=Max("computed_at"))[
        "last"
    ]
    other = OtherInformation.objects.filter(municipality=municipality).aggregate(
        count=Count("id"), last=Max("updated_at")
    )
    return {
        "incidents": incidents["count"],
        "last_incident": incidents["last"],
        "alerts_computed": alerts.isoformat() if alerts else None,
        "surveys": surveys,
        "results_computed": results.isoformat() if results else None,
        "other_information": other["count"],
        "other_information_updated": other["last"].isoformat() if other["last"] else None,
    }
