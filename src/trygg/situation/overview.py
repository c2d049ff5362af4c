"""What the staff incident overview shows: the year against earlier years per category,
the monthly trend, and the map of point-located incidents as H3 cells.

The year comparison and the trend are per source kind (``Source.Kind``), never
summed over kinds: the police's open events are a published sample placed only to
the municipality, the municipality's reports are its own fault reports, and one
total of both would say nothing about either. A kind is the unit the alerts use too
(``Alert.source_kind``), so a municipality's several report sources count together.
Each kind is compared over the months its own data covers.

Selectors over ``counts.count_incidents``: the database counts, these lay the
counts out as the page and its exports read them, with every bar's length already
computed (a template never computes a figure).

The map shows cells, never points, of one year's incidents. The staff map shows
every cell; the public one (``public=True``) only cells with at least
``insight.places.min_cell_count()`` incidents (``TRYGG_MAP_MIN_CELL_COUNT``, never
fewer than 3), the rest left out altogether and only their number of incidents
reported. The police's open events
have no point and never reach the map.
"""

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import h3
from django.db.models import Max, Min, Q, QuerySet
from django.utils.translation import gettext as _

from trygg.geo.cells import cell_boundary_geojson
from trygg.geo.selectors import base_map, cell_names
from trygg.insight.places import CountClass, count_classes, min_cell_count
from trygg.tenancy.models import Municipality

from .counts import Period, Place, count_incidents, local_zone, next_period
from .models import Category, Incident, Source

TREND_YEARS = 3
"""The monthly trend shows this many years back from the year's last month."""
TOP_CELLS = 10
"""The map's table names this many cells, most incidents first; the rest fold away."""
TOP_CELL_CATEGORIES = 3
"""A named cell lists this many of its categories, most incidents first."""


def municipality_incidents(
    municipality: Municipality, source_kind: str | None = None
) -> QuerySet[Incident]:
    """Every incident located to the municipality, of every source or of one kind."""
    incidents = Incident.objects.filter(municipality=municipality)
    return incidents if source_kind is None else incidents.filter(source__kind=source_kind)


@dataclass(frozen=True)
class SourceGroup:
    """One kind of source with incidents in the municipality, and its sources' names."""

    kind: Source.Kind
    names: tuple[str, ...]

    @property
    def label(self) -> str:
        return self.kind.label

    @property
    def description(self) -> str:
        """What the kind's incidents are, for a reader who must not mistake one for another."""
        names = ", ".join(self.names)
        if self.kind == Source.Kind.POLICE_EVENTS:
            return _(
                "The events the police publish on polisen.se: a selection, each placed only "
                "to the municipality, not to a street."
            )
        if self.kind == Source.Kind.MUNICIPAL_REPORTS:
            return _("The municipality's own reports: %(names)s.") % {"names": names}
        return _("Extracts from the police's records: %(names)s.") % {"names": names}


def source_groups(municipality: Municipality) -> tuple[SourceGroup, ...]:
    """The kinds of source the municipality has incidents of, in ``Source.Kind``'s order."""
    names: dict[str, set[str]] = defaultdict(set)
    pairs = municipality_incidents(municipality).values_list("source__kind", "source__name")
    for kind, name in pairs.distinct().order_by():
        names[kind].add(name)
    return tuple(
        SourceGroup(kind, tuple(sorted(names[kind]))) for kind in Source.Kind if kind in names
    )


@dataclass(frozen=True)
class Bar:
    """One figure of a chart: its label, its number and its length in percent of the longest."""

    label: str
    count: int
    percent: float


def _bars(labels: list[str], counts: list[int]) -> tuple[Bar, ...]:
    top = max(counts, default=0)
    return tuple(
        Bar(label, count, round(100 * count / top, 1) if top else 0.0)
        for label, count in zip(labels, counts, strict=True)
    )


def _change(counts: tuple[int, ...]) -> int | None:
    """The last count less the one before it; None with fewer than two."""
    return counts[-1] - counts[-2] if len(counts) > 1 else None


@dataclass(frozen=True)
class CategoryYears:
    category: Category
    counts: tuple[int, ...]
    """Aligned with ``YearComparison.years``."""
    bars: tuple[Bar, ...]

    @property
    def change(self) -> int | None:
        """Against the year before: the same months, so a rise is a rise."""
        return _change(self.counts)


@dataclass(frozen=True)
class YearComparison:
    """Each category's incidents from ``from_month`` to ``through_month`` of each year.

    The months are those of ``year`` the data covers (all twelve of a complete year);
    an earlier year is compared only if the data covers the same months of it (a
    year the data starts in September would look like a fall), ``left_out`` names
    the others.
    """

    year: int
    years: tuple[int, ...]
    from_month: int
    through_month: int
    rows: tuple[CategoryYears, ...]
    totals: tuple[int, ...]
    left_out: tuple[int, ...]
    through_day: int | None = None
    """The last day counted of ``through_month``, if the data stops before its end."""

    @property
    def change(self) -> int | None:
        return _change(self.totals)

    @property
    def span_start(self) -> dt.date:
        return dt.date(self.year, self.from_month, 1)

    @property
    def span_end(self) -> dt.date:
        """The last day counted: ``through_day`` or the end of ``through_month`` of ``year``."""
        if self.through_day is not None:
            return _same_day(self.year, self.through_month, self.through_day)
        return next_period(dt.date(self.year, self.through_month, 1), Period.MONTH) - dt.timedelta(
            days=1
        )


@dataclass(frozen=True)
class DataSpan:
    """The months the municipality's incidents cover, first and last (first days).

    ``last_day`` is the day of the last incident: the data's last month may stop
    short of its end (an export taken on the 3rd), and a comparison must know.
    """

    first: dt.date
    last: dt.date
    last_day: dt.date | None = None

    @property
    def years(self) -> list[int]:
        return list(range(self.first.year, self.last.year + 1))


def data_span(
    municipality: Municipality,
    source_kind: str | None = None,
    *,
    incidents: QuerySet[Incident] | None = None,
) -> DataSpan | None:
    """From the month of the first incident to the month of the last; None if none.

    Of every source, or of one kind of source (``Source.Kind``); or of ``incidents``,
    such as a national source's, whose months a small municipality's quiet ones are in.
    """
    if incidents is None:
        incidents = municipality_incidents(municipality, source_kind)
    bounds = incidents.aggregate(first=Min("occurred_at"), last=Max("occurred_at"))
    if bounds["first"] is None:
        return None
    zone = local_zone()
    first, last = bounds["first"].astimezone(zone), bounds["last"].astimezone(zone)
    return DataSpan(first.date().replace(day=1), last.date().replace(day=1), last.date())


def year_comparison(
    municipality: Municipality, year: int, span: DataSpan, source_kind: str | None = None
) -> YearComparison:
    """``year`` against each earlier year the data covers, in the same months.

    ``span`` is the data's of ``source_kind`` (every source if None), which it counts.
    In the data's last year the last month is counted up to the day of the last
    incident, and so are the earlier years' same months: three days of May against
    three days of May, not against a whole May.
    """
    from_month = span.first.month if year == span.first.year else 1
    through = span.last.month if year == span.last.year else 12
    through_day = span.last_day.day if year == span.last.year and span.last_day else None
    years = [y for y in span.years if y <= year and dt.date(y, from_month, 1) >= span.first]
    left_out = tuple(y for y in span.years if y < year and y not in years)
    incidents = municipality_incidents(municipality, source_kind)
    if through_day is not None:
        zone = local_zone()
        windows = Q()
        for y in years:
            end = _same_day(y, through, through_day) + dt.timedelta(days=1)
            windows |= Q(
                occurred_at__gte=dt.datetime.combine(dt.date(y, from_month, 1), dt.time(), zone),
                occurred_at__lt=dt.datetime.combine(end, dt.time(), zone),
            )
        incidents = incidents.filter(windows)
    counts = count_incidents(
        incidents,
        period=Period.MONTH,
        place=Place.MUNICIPALITY,
        first=dt.date(years[0], from_month, 1),
        last=dt.date(year, through, 1),
    )
    categories = Category.objects.in_bulk([category for _place, category in counts.keys])
    column = {day: index for index, day in enumerate(counts.periods)}
    months = range(from_month, through + 1)
    rows = []
    for place, category in counts.keys:
        row = counts.row(place, category)
        per_year = [int(sum(row[column[dt.date(y, month, 1)]] for month in months)) for y in years]
        if not any(per_year):
            # Its incidents fall in other months: a row of zeros only lengthens the table.
            continue
        bars = _bars([str(y) for y in years], per_year)
        rows.append(CategoryYears(categories[category], tuple(per_year), bars))
    rows.sort(key=lambda item: (-item.counts[-1], item.category.order))
    totals = tuple(sum(item.counts[index] for item in rows) for index in range(len(years)))
    return YearComparison(
        year, tuple(years), from_month, through, tuple(rows), totals, left_out, through_day
    )


def _same_day(year: int, month: int, day: int) -> dt.date:
    """``day`` of ``month`` in ``year``, or the month's last day if it is shorter (29 February)."""
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Column:
    """One month's column of the trend chart, placed in percent of the chart."""

    month: dt.date
    count: int
    x: float
    width: float
    y: float
    height: float


@dataclass(frozen=True)
class MonthlyTrend:
    """All categories' incidents per month, oldest first, as columns of a chart."""

    months: tuple[dt.date, ...]
    bars: tuple[Bar, ...]

    @property
    def columns(self) -> tuple[Column, ...]:
        step = 100 / len(self.bars) if self.bars else 0
        return tuple(
            Column(
                month,
                bar.count,
                round(index * step, 3),
                round(step * 0.8, 3),
                round(100 - bar.percent, 3),
                bar.percent,
            )
            for index, (month, bar) in enumerate(zip(self.months, self.bars, strict=True))
        )

    @property
    def highest(self) -> int:
        return max((bar.count for bar in self.bars), default=0)


def monthly_trend(
    municipality: Municipality, year: int, span: DataSpan, source_kind: str | None = None
) -> MonthlyTrend:
    """The months from ``TREND_YEARS`` back to the last month of ``year`` that has data.

    ``span`` is the data's of ``source_kind`` (every source if None), which it counts.
    """
    last = min(span.last, dt.date(year, 12, 1))
    first = max(span.first, dt.date(last.year - TREND_YEARS, last.month, 1))
    counts = count_incidents(
        municipality_incidents(municipality, source_kind),
        period=Period.MONTH,
        place=Place.MUNICIPALITY,
        first=first,
        last=last,
    )
    totals = (
        [int(value) for value in counts.counts.sum(axis=0)]
        if counts.keys
        else [0] * len(counts.periods)
    )
    return MonthlyTrend(
        tuple(counts.periods), _bars([day.isoformat() for day in counts.periods], totals)
    )


@dataclass(frozen=True)
class SourceOverview:
    """One kind of source's year comparison and trend; None where it has no data in the year.

    ``span`` is the months this kind's own data covers.
    """

    source: SourceGroup
    span: DataSpan
    years: YearComparison | None
    trend: MonthlyTrend | None


def source_overviews(municipality: Municipality, year: int) -> tuple[SourceOverview, ...]:
    """Per kind of source with incidents, ``year`` against earlier years and the trend."""
    overviews = []
    for source in source_groups(municipality):
        span = data_span(municipality, source.kind)
        if year in span.years:
            years = year_comparison(municipality, year, span, source.kind)
            trend = monthly_trend(municipality, year, span, source.kind)
        else:
            years, trend = None, None
        overviews.append(SourceOverview(source, span, years, trend))
    return tuple(overviews)


@dataclass(frozen=True)
class CategoryCount:
    category: Category
    incidents: int


@dataclass(frozen=True)
class IncidentCell:
    """A shown cell: its rank (``number``, as the map labels it) and its incidents.

    ``area_name``, ``near`` (a named place, else a locality) and ``place`` (the name
    a resident knows it by, ``geo.selectors.CellName``) are "" where none;
    ``categories`` are the cell's
    ``TOP_CELL_CATEGORIES`` categories with most incidents.
    """

    number: int
    cell: int
    incidents: int
    level: int
    area_name: str = ""
    near: str = ""
    place: str = ""
    categories: tuple[CategoryCount, ...] = ()

    @property
    def cell_id(self) -> str:
        return h3.int_to_str(self.cell)


@dataclass(frozen=True)
class IncidentCellMap:
    """The shown cells (most incidents first, numbered from 1) and what was left out."""

    min_count: int
    cells: tuple[IncidentCell, ...]
    withheld_incidents: int
    classes: tuple[CountClass, ...]
    public: bool

    @property
    def top_cells(self) -> tuple[IncidentCell, ...]:
        return self.cells[:TOP_CELLS]

    @property
    def other_cells(self) -> tuple[IncidentCell, ...]:
        return self.cells[TOP_CELLS:]

    @property
    def published_withheld_incidents(self) -> int | None:
        """``None`` for 1 to ``min_count`` − 1, published only as "fewer than"."""
        small = 0 < self.withheld_incidents < self.min_count
        return None if self.public and small else self.withheld_incidents


def incident_cell_map(
    municipality: Municipality,
    *,
    public: bool,
    first: dt.date | None = None,
    last: dt.date | None = None,
) -> IncidentCellMap:
    """The municipality's point-located incidents per H3 cell, under the rule of ``public``.

    From ``first`` to ``last`` (months, both included; all the data without them).
    Each shown cell is named by the area its centre lies in and the place it is near.
    """
    minimum = min_cell_count() if public else 1
    period_counts = count_incidents(
        municipality_incidents(municipality).filter(precision=Incident.Precision.POINT),
        period=Period.MONTH,
        place=Place.CELL,
        first=first,
        last=last,
    )
    counts = period_counts.totals_by_place()
    shown = sorted(
        ((cell, total) for cell, total in counts.items() if total >= minimum),
        key=lambda item: (-item[1], item[0]),
    )
    by_category: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for (cell, category), row in zip(period_counts.keys, period_counts.counts, strict=True):
        by_category[cell].append((category, int(row.sum())))
    categories = Category.objects.in_bulk([category for _cell, category in period_counts.keys])

    def top_categories(cell: int) -> tuple[CategoryCount, ...]:
        ranked = sorted(
            (CategoryCount(categories[key], number) for key, number in by_category[cell] if number),
            key=lambda item: (-item.incidents, item.category.order),
        )
        return tuple(ranked[:TOP_CELL_CATEGORIES])

    classes = count_classes([total for _cell, total in shown], minimum)
    shown_cells = [int(cell) for cell, _total in shown]
    cells = tuple(
        IncidentCell(
            number,
            int(cell),
            total,
            next(c.level for c in classes if c.low <= total <= c.high),
            name.area,
            name.near,
            str(name),
            top_categories(cell),
        )
        for number, ((cell, total), name) in enumerate(
            zip(shown, cell_names(municipality, shown_cells), strict=True), start=1
        )
    )
    withheld = sum(counts.values()) - sum(cell.incidents for cell in cells)
    return IncidentCellMap(minimum, cells, withheld, classes, public)


def incident_cell_map_geojson(
    municipality: Municipality, result: IncidentCellMap
) -> dict[str, Any]:
    """The map as GeoJSON in the unsafe-places map's form, so heat-map.js draws it.

    Cells carry ``number``, ``cell``, ``count`` (incidents), ``area`` and ``level``;
    ``share``, ``reasons`` and ``times`` are there empty, as the script reads them.
    """
    features = base_map(municipality)
    features += [
        {
            "type": "Feature",
            "properties": {
                "kind": "cell",
                "number": cell.number,
                "cell": cell.cell_id,
                "count": cell.incidents,
                "share": None,
                "area": cell.area_name,
                "reasons": [],
                "times": [],
                "level": cell.level,
            },
            "geometry": cell_boundary_geojson(cell.cell),
        }
        for cell in result.cells
    ]
    return {
        "type": "FeatureCollection",
        "features": features,
        "min_count": result.min_count,
        "suppressed": False,
        "classes": [{"level": c.level, "low": c.low, "high": c.high} for c in result.classes],
        "withheld_incidents": result.published_withheld_incidents,
    }
