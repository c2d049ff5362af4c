"""Incident counts per week or month, per place × category, counted in SQL.

Trends, rates and alerts all start from the same table: how many incidents of each
category a place had in each ISO week (or calendar month), by the incident's own
time in Swedish time (a Sunday-night event belongs to its Sunday's week however the
database stores it). The database does the counting (``GROUP BY`` over the truncated
time); Python only lays the rows out as one array, a row per (place, category) and a
column per period from the first to the last, with the periods nobody reported
filled with zeros: an empty week is a week with no incidents, and that is how the
alert engine (``trygg.stats.surveillance``) wants it.

A place is a municipality (``Place.MUNICIPALITY``) or, for sources that locate their
incidents to a point, an H3 cell (``Place.CELL``). Incidents placed only to their
county have neither and are left out of both. ``Place.COUNTY`` (the county code)
counts every incident, the county-level ones too: a county's count is more than the
sum of its municipalities'.
"""

import datetime as dt
import enum
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import numpy as np
from django.conf import settings
from django.db.models import Count, DateField, QuerySet
from django.db.models.functions import TruncMonth, TruncWeek
from numpy.typing import NDArray

from trygg.stats.surveillance import WeeklySeries

from .models import Incident


class Place(enum.StrEnum):
    MUNICIPALITY = "municipality_id"
    CELL = "h3_cell"
    COUNTY = "county_code"


class Period(enum.StrEnum):
    WEEK = "week"
    MONTH = "month"


@dataclass(frozen=True)
class PeriodCounts:
    """``counts[i, j]``: incidents of ``keys[i]`` = (place, category id) in ``periods[j]``.

    A place is a municipality's id, a cell's H3 index or a county's code (a string).

    ``periods`` are consecutive Mondays (weeks) or first days of months, from
    ``periods[0]`` to ``periods[-1]`` without a gap.
    """

    period: Period
    keys: list[tuple[int | str, int]]
    periods: list[dt.date]
    counts: NDArray[np.int64]

    def row(self, place: int | str, category: int) -> NDArray[np.int64]:
        """The counts of one place and category; zeros if it had none."""
        try:
            return self.counts[self.keys.index((place, category))]
        except ValueError:
            return np.zeros(len(self.periods), dtype=np.int64)

    def totals_by_place(self) -> dict[int | str, int]:
        """Each place's incidents over every category and period."""
        totals: dict[int | str, int] = {}
        for (place, _category), total in zip(self.keys, self.counts.sum(axis=1), strict=True):
            totals[place] = totals.get(place, 0) + int(total)
        return totals

    def weekly_series(self) -> list[WeeklySeries]:
        """One series per key, named ``"place:category"``, for the alert engine."""
        if self.period is not Period.WEEK:
            raise ValueError("only weekly counts make weekly series")
        if not self.periods:
            return []
        year, week, _day = self.periods[0].isocalendar()
        return [
            WeeklySeries(f"{place}:{category}", (year, week), self.counts[index])
            for index, (place, category) in enumerate(self.keys)
        ]


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def period_start(day: dt.date, period: Period) -> dt.date:
    """The Monday of ``day``'s ISO week, or the first of its month."""
    if period is Period.WEEK:
        return day - dt.timedelta(days=day.weekday())
    return day.replace(day=1)


def next_period(day: dt.date, period: Period) -> dt.date:
    if period is Period.WEEK:
        return day + dt.timedelta(weeks=1)
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def period_range(first: dt.date, last: dt.date, period: Period) -> list[dt.date]:
    """Every period start from ``first``'s period to ``last``'s, both included."""
    day, end = period_start(first, period), period_start(last, period)
    periods = []
    while day <= end:
        periods.append(day)
        day = next_period(day, period)
    return periods


def count_incidents(
    incidents: QuerySet[Incident],
    *,
    period: Period = Period.WEEK,
    place: Place = Place.MUNICIPALITY,
    first: dt.date | None = None,
    last: dt.date | None = None,
) -> PeriodCounts:
    """Count ``incidents`` per ``place`` × category × ``period`` in the database.

    ``first`` and ``last`` (dates, both included, rounded out to whole periods) fix
    the span, so that several places' series line up; without them it runs from
    the first incident's period to the last one's. Incidents outside the span are
    not counted.
    """
    zone = local_zone()
    trunc = TruncWeek if period is Period.WEEK else TruncMonth
    rows = incidents.exclude(**{f"{place.value}__isnull": True})
    if first is not None:
        start = dt.datetime.combine(period_start(first, period), dt.time(), zone)
        rows = rows.filter(occurred_at__gte=start)
    if last is not None:
        end = dt.datetime.combine(next_period(period_start(last, period), period), dt.time(), zone)
        rows = rows.filter(occurred_at__lt=end)
    grouped = list(
        rows.annotate(period_start=trunc("occurred_at", tzinfo=zone, output_field=DateField()))
        .values_list(place.value, "category_id", "period_start")
        .annotate(incidents=Count("id"))
        .order_by()
    )
    if first is None or last is None:
        days = [day for _place, _category, day, _n in grouped]
        if not days:
            return PeriodCounts(period, [], [], np.zeros((0, 0), dtype=np.int64))
        first = first or min(days)
        last = last or max(days)
    periods = period_range(first, last, period)
    column = {day: index for index, day in enumerate(periods)}
    keys = sorted({(place_id, category) for place_id, category, _day, _n in grouped})
    row = {key: index for index, key in enumerate(keys)}
    counts = np.zeros((len(keys), len(periods)), dtype=np.int64)
    for place_id, category, day, number in grouped:
        counts[row[place_id, category], column[day]] = number
    return PeriodCounts(period, keys, periods, counts)
