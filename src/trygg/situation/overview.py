"""What the staff incident overview shows: the year against earlier years per category,
the monthly trend, and the map of point-located incidents as H3 cells.

Selectors over ``counts.count_incidents``: the database counts, these lay the
counts out as the page and its exports read them, with every bar's length already
computed (a template never computes a figure).

The map shows cells, never points. The staff map shows every cell; the public one
(``public=True``) only cells with at least ``insight.places.min_cell_count()``
incidents (``TRYGG_MAP_MIN_CELL_COUNT``, never fewer than 3), the rest left out
altogether and only their number of incidents reported. The police's open events
have no point and never reach the map.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

import h3
from django.db.models import Max, Min, QuerySet

from trygg.geo.cells import cell_boundary_geojson
from trygg.geo.selectors import base_map
from trygg.insight.places import CountClass, count_classes, min_cell_count
from trygg.tenancy.models import Municipality

from .counts import Period, Place, count_incidents, local_zone
from .models import Category, Incident

TREND_YEARS = 3
"""The monthly trend shows this many years back from the year's last month."""


def municipality_incidents(municipality: Municipality) -> QuerySet[Incident]:
    """Every incident located to the municipality, of every source."""
    return Incident.objects.filter(municipality=municipality)


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


@dataclass(frozen=True)
class CategoryYears:
    category: Category
    counts: tuple[int, ...]
    """Aligned with ``YearComparison.years``."""
    bars: tuple[Bar, ...]


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

    @property
    def span_start(self) -> dt.date:
        return dt.date(self.year, self.from_month, 1)

    @property
    def span_end(self) -> dt.date:
        """The last day counted: the end of ``through_month`` of ``year``."""
        following = dt.date(self.year + self.through_month // 12, self.through_month % 12 + 1, 1)
        return following - dt.timedelta(days=1)


@dataclass(frozen=True)
class DataSpan:
    """The months the municipality's incidents cover, first and last (first days)."""

    first: dt.date
    last: dt.date

    @property
    def years(self) -> list[int]:
        return list(range(self.first.year, self.last.year + 1))


def data_span(
    municipality: Municipality, incidents: QuerySet[Incident] | None = None
) -> DataSpan | None:
    """From the month of the first incident to the month of the last; None if none.

    ``incidents`` narrows it to some of the municipality's (one source), else all.
    """
    incidents = municipality_incidents(municipality) if incidents is None else incidents
    bounds = incidents.aggregate(first=Min("occurred_at"), last=Max("occurred_at"))
    if bounds["first"] is None:
        return None
    zone = local_zone()
    first, last = bounds["first"].astimezone(zone), bounds["last"].astimezone(zone)
    return DataSpan(first.date().replace(day=1), last.date().replace(day=1))


def year_comparison(
    municipality: Municipality,
    year: int,
    span: DataSpan,
    incidents: QuerySet[Incident] | None = None,
) -> YearComparison:
    """``year`` against each earlier year the data covers, in the same months.

    ``incidents`` narrows it to some of the municipality's (one source), else all.
    """
    from_month = span.first.month if year == span.first.year else 1
    through = span.last.month if year == span.last.year else 12
    years = [y for y in span.years if y <= year and dt.date(y, from_month, 1) >= span.first]
    left_out = tuple(y for y in span.years if y < year and y not in years)
    counts = count_incidents(
        municipality_incidents(municipality) if incidents is None else incidents,
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
        bars = _bars([str(y) for y in years], per_year)
        rows.append(CategoryYears(categories[category], tuple(per_year), bars))
    rows.sort(key=lambda item: (-item.counts[-1], item.category.order))
    totals = tuple(sum(item.counts[index] for item in rows) for index in range(len(years)))
    return YearComparison(year, tuple(years), from_month, through, tuple(rows), totals, left_out)


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


def monthly_trend(municipality: Municipality, year: int, span: DataSpan) -> MonthlyTrend:
    """The months from ``TREND_YEARS`` back to the last month of ``year`` that has data."""
    last = min(span.last, dt.date(year, 12, 1))
    first = max(span.first, dt.date(last.year - TREND_YEARS, last.month, 1))
    counts = count_incidents(
        municipality_incidents(municipality),
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
class IncidentCell:
    number: int
    cell: int
    incidents: int
    level: int

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
    """The municipality's point-located incidents per H3 cell, under the rule of ``public``."""
    minimum = min_cell_count() if public else 1
    counts = count_incidents(
        municipality_incidents(municipality).filter(precision=Incident.Precision.POINT),
        period=Period.MONTH,
        place=Place.CELL,
        first=first,
        last=last,
    ).totals_by_place()
    shown = sorted(
        ((cell, total) for cell, total in counts.items() if total >= minimum),
        key=lambda item: (-item[1], item[0]),
    )
    classes = count_classes([total for _cell, total in shown], minimum)
    cells = tuple(
        IncidentCell(
            number,
            int(cell),
            total,
            next(c.level for c in classes if c.low <= total <= c.high),
        )
        for number, (cell, total) in enumerate(shown, start=1)
    )
    withheld = sum(counts.values()) - sum(cell.incidents for cell in cells)
    return IncidentCellMap(minimum, cells, withheld, classes, public)


def incident_cell_map_geojson(
    municipality: Municipality, result: IncidentCellMap
) -> dict[str, Any]:
    """The map as GeoJSON in the unsafe-places map's form, so heat-map.js draws it.

    Cells carry ``number``, ``cell``, ``count`` (incidents) and ``level``; ``share``,
    ``area``, ``reasons`` and ``times`` are there empty, as the script reads them.
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
                "area": "",
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
