"""Early-warning alerts: the weekly series recomputed, the alarms stored, acknowledged.

``recompute_alerts`` counts every series in SQL (``counts.count_incidents``) and runs
them through the batched engine of ``trygg.stats.surveillance`` at once:

* the police's open events per municipality × category, over one national span (the
  first to the last week of the whole source), so that recomputing one municipality
  gives it exactly the numbers a national recompute gives;
* each municipality's point sources (its reports, a police extract) per H3 cell ×
  category, over that municipality's own span of the source.

The method follows the history. Farrington-flexible with Noufaily et al.'s (2013)
settings (``noPeriods = 10``, ``pastWeeksNotIncluded = 26``, the ``nbPlugin``
threshold) needs ``b`` full years before the weeks it evaluates; ``b`` is as many
years as the series has, up to R's 5 (the shipped police file, from September 2022,
allows 3). A series with less than a year before its evaluated weeks gets EARS C2,
which needs ten weeks. Only the last ``TRYGG_ALERT_WEEKS`` weeks are evaluated: older
weeks keep the alerts they got while they were recent. A series without a single
incident in those weeks cannot alarm (both methods need a count above a bound that
is at least zero) and is not evaluated at all.

An alarm becomes an alert only if the week has at least ``TRYGG_ALERT_MINIMUM_OBSERVED``
incidents (default 5): on small counts the engine alarms on 3 against a bound of 2,
which is noise to a coordinator. The engine itself, and ``trygg alerts`` with it, stays
R's; the minimum is applied here, where alerts are stored, so a series whose evaluated
weeks all fall short is not evaluated either.

The database write is one transaction. A week that alarms again keeps its row (and
its acknowledgement) and gets the new numbers; a week that no longer alarms loses an
unacknowledged alert and marks an acknowledged one ``still_alarming = False``, its
numbers left as they were acknowledged (see ``models.Alert``). Acknowledging is a
conditional update, so of two people acknowledging at once the first one's comment
stays and the second is told so.
"""

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Max, Min, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.background.progress import Progress, no_progress
from trygg.core.errors import DomainError
from trygg.stats.surveillance import (
    FarringtonControl,
    SeriesAlarms,
    WeeklySeries,
    ears,
    farrington_flexible,
)
from trygg.tenancy.models import Municipality

from .counts import Place, count_incidents, local_zone, period_start
from .models import Alert, AlertComputation, Incident, Source

# Farrington's b: at most R's default, at least one year.
MOST_REFERENCE_YEARS = 5
# Weeks in a year, rounded up: b years back lands on the nearest Monday of the same
# date, at most 53 weeks per year back, and w weeks more of window before it.
WEEKS_PER_YEAR_AT_MOST = 53
NOUFAILY_WINDOW = 3
EARS_METHOD = "C2"
EARS_BASELINE = 7
# The chart of an alert: the two years of the series up to its latest week.
CHART_WEEKS = 104
POINT_KINDS = (Source.Kind.MUNICIPAL_REPORTS, Source.Kind.POLICE_EXTRACT)


def noufaily_control(reference_years: int) -> FarringtonControl:
    """Farrington-flexible as Noufaily et al. (2013) recommend it, with ``b`` years."""
    return FarringtonControl(
        b=reference_years,
        w=NOUFAILY_WINDOW,
        no_periods=10,
        past_weeks_not_included=26,
        threshold_method="nbPlugin",
    )


def reference_years_for(weeks_in_series: int, weeks_evaluated: int) -> int:
    """How many years back Farrington can look from every evaluated week (0: too few)."""
    history = weeks_in_series - weeks_evaluated - NOUFAILY_WINDOW
    return max(0, min(MOST_REFERENCE_YEARS, history // WEEKS_PER_YEAR_AT_MOST))


@dataclass(frozen=True)
class SeriesKey:
    """Which alerts a series makes: a municipality's or one of its cells' category."""

    municipality_id: int
    category_id: int
    h3_cell: int | None
    source_kind: str


@dataclass(frozen=True)
class AlertRecomputeResult:
    municipalities: int
    series: int
    alarms: int
    created: int
    updated: int
    removed: int
    no_longer_alarming: int
    data_until: dt.date | None

    def summary(self) -> str:
        return _(
            "Alarms: %(alarms)d; series: %(series)d, municipalities: %(municipalities)d; "
            "new: %(created)d, recomputed: %(updated)d, removed: %(removed)d, acknowledged "
            "and no longer alarming: %(stale)d."
        ) % {
            "alarms": self.alarms,
            "series": self.series,
            "municipalities": self.municipalities,
            "created": self.created,
            "updated": self.updated,
            "removed": self.removed,
            "stale": self.no_longer_alarming,
        }


@dataclass
class _Plan:
    """The series to evaluate, with their keys, and the weeks each scope covers."""

    series: list[WeeklySeries]
    keys: list[SeriesKey]
    # (municipality id or None for all, source kind) → the first evaluated Monday.
    windows: dict[tuple[int | None, str], dt.date]
    data_until: dict[int, dt.date]


def _local_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment, local_zone()).date()


def _span(incidents: QuerySet[Incident], today: dt.date) -> tuple[dt.date, dt.date] | None:
    bounds = incidents.aggregate(first=Min("occurred_at"), last=Max("occurred_at"))
    if bounds["first"] is None:
        return None
    last = min(_local_day(bounds["last"]), today)
    return _local_day(bounds["first"]), last


def _plan(municipality: Municipality | None, weeks: int, today: dt.date) -> _Plan:
    plan = _Plan([], [], {}, {})
    police = Incident.objects.filter(source__kind=Source.Kind.POLICE_EVENTS)
    span = _span(police, today)
    if span is not None:
        own = police if municipality is None else police.filter(municipality=municipality)
        counts = count_incidents(own, place=Place.MUNICIPALITY, first=span[0], last=span[1])
        last_week = period_start(span[1], counts.period)
        scope = None if municipality is None else municipality.pk
        plan.windows[scope, Source.Kind.POLICE_EVENTS] = last_week - dt.timedelta(weeks=weeks - 1)
        covered = (
            Municipality.objects.values_list("pk", flat=True)
            if municipality is None
            else [municipality.pk]
        )
        plan.data_until.update(dict.fromkeys(covered, last_week))
        for (place, category), series in zip(counts.keys, counts.weekly_series(), strict=True):
            plan.series.append(series)
            plan.keys.append(SeriesKey(place, category, None, Source.Kind.POLICE_EVENTS))
    for kind in POINT_KINDS:
        points = Incident.objects.filter(source__kind=kind, precision=Incident.Precision.POINT)
        if municipality is not None:
            points = points.filter(municipality=municipality)
        for place in points.values_list("municipality", flat=True).distinct().order_by():
            own = points.filter(municipality=place)
            span = _span(own, today)
            if span is None:
                continue
            counts = count_incidents(own, place=Place.CELL, first=span[0], last=span[1])
            last_week = period_start(span[1], counts.period)
            plan.windows[place, kind] = last_week - dt.timedelta(weeks=weeks - 1)
            plan.data_until[place] = max(plan.data_until.get(place, last_week), last_week)
            for (cell, category), series in zip(counts.keys, counts.weekly_series(), strict=True):
                plan.series.append(series)
                plan.keys.append(SeriesKey(place, category, cell, kind))
    return plan


def _evaluate(series: list[WeeklySeries], weeks: int) -> list[tuple[SeriesAlarms, str, int | None]]:
    """Each series's last ``weeks`` weeks by the method its history allows.

    Returns (alarms, method, reference years) in the order of ``series``; the series
    are batched per method and ``b``, so the engine fits all their models at once.
    """
    groups: dict[int, list[int]] = defaultdict(list)
    for index, one in enumerate(series):
        groups[reference_years_for(len(one.counts), weeks)].append(index)
    results: list = [None] * len(series)
    for years, members in groups.items():
        chosen = [series[i] for i in members]
        if years:
            outcome = farrington_flexible(chosen, noufaily_control(years), last=weeks)
            method, label = Alert.Method.FARRINGTON_FLEXIBLE, years
        else:
            outcome = ears(chosen, EARS_METHOD, baseline=EARS_BASELINE, last=weeks)
            method, label = Alert.Method.EARS_C2, None
        for i, alarms in zip(members, outcome, strict=True):
            results[i] = (alarms, method, label)
    return results


def _charts(series: list[WeeklySeries], method: str, years: int | None, fewest: int) -> list[dict]:
    """Each series's last two years as the method evaluates them, for the alert's page.

    A week marked as alarming is one the list would show: at least ``fewest`` incidents.
    """
    if method == Alert.Method.FARRINGTON_FLEXIBLE:
        outcome = farrington_flexible(series, noufaily_control(years), last=CHART_WEEKS)
    else:
        outcome = ears(series, EARS_METHOD, baseline=EARS_BASELINE, last=CHART_WEEKS)

    def number(value: float) -> float | None:
        return float(value) if math.isfinite(value) else None

    return [
        {
            "start": one.monday(len(one.counts) - len(alarms.week)).isoformat(),
            "observed": alarms.observed.tolist(),
            "expected": [number(value) for value in alarms.expected],
            "upperbound": [number(value) for value in alarms.upperbound],
            "alarm": [bool(value) for value in alarms.alarm & (alarms.observed >= fewest)],
        }
        for one, alarms in zip(series, outcome, strict=True)
    ]


def _alarm_key(key: SeriesKey, method: str, year: int, week: int) -> tuple:
    return (key.municipality_id, key.category_id, key.h3_cell, key.source_kind, method, year, week)


def _stored_key(alert: Alert) -> tuple:
    return (
        alert.municipality_id,
        alert.category_id,
        alert.h3_cell,
        alert.source_kind,
        alert.method,
        alert.iso_year,
        alert.iso_week,
    )


def _in_scope(windows: dict[tuple[int | None, str], dt.date]) -> QuerySet[Alert]:
    """The stored alerts of the weeks this recompute evaluates."""
    scope = Alert.objects.none()
    for (place, kind), first in windows.items():
        rows = Alert.objects.filter(source_kind=kind, week_start__gte=first)
        scope |= rows if place is None else rows.filter(municipality_id=place)
    return scope


VALUE_FIELDS = [
    "week_start",
    "observed",
    "expected",
    "upperbound",
    "reference_years",
    "chart",
    "still_alarming",
    "computed_at",
]


def minimum_observed() -> int:
    """The fewest incidents a week needs for its alarm to be stored as an alert."""
    return settings.TRYGG_ALERT_MINIMUM_OBSERVED


def recompute_alerts(
    municipality: Municipality | None = None,
    *,
    weeks: int | None = None,
    today: dt.date | None = None,
    progress: Progress = no_progress,
) -> AlertRecomputeResult:
    """Recompute the alerts of one municipality, or of all (``None``), from the incidents.

    ``weeks`` (default ``TRYGG_ALERT_WEEKS``) are evaluated up to the last week with
    data, never past ``today``; weeks with fewer than ``minimum_observed()`` incidents
    raise no alert. Returns what changed.
    """
    weeks = weeks or settings.TRYGG_ALERT_WEEKS
    # A count of zero never alarms, so a series needs at least one incident regardless.
    fewest = max(1, minimum_observed())
    today = today or timezone.localdate()
    step = _("Computing the alerts")
    progress(step, 0, 3)
    plan = _plan(municipality, weeks, today)
    progress(step, 1, 3)
    active = [i for i, one in enumerate(plan.series) if (one.counts[-weeks:] >= fewest).any()]
    evaluated = _evaluate([plan.series[i] for i in active], weeks)
    progress(step, 2, 3)
    now = timezone.now()
    found: dict[tuple, Alert] = {}
    # Series with an alarm, by method and b, to chart them in one batch each.
    charted: dict[tuple[str, int | None], list[tuple[WeeklySeries, list[Alert]]]] = defaultdict(
        list
    )
    for i, (alarms, method, years) in zip(active, evaluated, strict=True):
        key, series = plan.keys[i], plan.series[i]
        raised = []
        for k in np.flatnonzero(alarms.alarm & (alarms.observed >= fewest)):
            expected, upper = float(alarms.expected[k]), float(alarms.upperbound[k])
            if not (math.isfinite(expected) and math.isfinite(upper)):
                continue
            year, week = int(alarms.year[k]), int(alarms.week[k])
            alert = Alert(
                municipality_id=key.municipality_id,
                category_id=key.category_id,
                h3_cell=key.h3_cell,
                source_kind=key.source_kind,
                method=method,
                reference_years=years,
                iso_year=year,
                iso_week=week,
                week_start=dt.date.fromisocalendar(year, week, 1),
                observed=int(alarms.observed[k]),
                expected=expected,
                upperbound=upper,
                computed_at=now,
            )
            found[_alarm_key(key, method, year, week)] = alert
            raised.append(alert)
        if raised:
            charted[method, years].append((series, raised))
    for (method, years), members in charted.items():
        charts = _charts([series for series, _raised in members], method, years, fewest)
        for (_series, raised), chart in zip(members, charts, strict=True):
            for alert in raised:
                alert.chart = chart
    with transaction.atomic():
        stored = {_stored_key(alert): alert for alert in _in_scope(plan.windows)}
        changed, created = [], []
        for key, alert in found.items():
            if key in stored:
                alert.pk = stored[key].pk
                changed.append(alert)
            else:
                created.append(alert)
        Alert.objects.bulk_update(changed, VALUE_FIELDS, batch_size=500)
        # A recompute running beside this one (the command while the worker runs) may
        # have stored the same week first, from the same incidents: keep its row.
        Alert.objects.bulk_create(created, batch_size=500, ignore_conflicts=True)
        gone = [alert.pk for key, alert in stored.items() if key not in found]
        # Conditional on the row, not on what was read: an alert acknowledged since
        # it was read is kept, not deleted.
        removed, _by_model = Alert.objects.filter(
            pk__in=gone, acknowledged_at__isnull=True
        ).delete()
        stale = Alert.objects.filter(pk__in=gone, acknowledged_at__isnull=False).update(
            still_alarming=False, computed_at=now
        )
        _record_computation(plan, weeks, now)
    progress(step, 3, 3)
    return AlertRecomputeResult(
        municipalities=len(plan.data_until),
        series=len(plan.series),
        alarms=len(found),
        created=len(created),
        updated=len(changed),
        removed=removed,
        no_longer_alarming=stale,
        data_until=max(plan.data_until.values(), default=None),
    )


def _record_computation(plan: _Plan, weeks: int, now: dt.datetime) -> None:
    per_municipality: dict[int, int] = defaultdict(int)
    for key in plan.keys:
        per_municipality[key.municipality_id] += 1
    AlertComputation.objects.bulk_create(
        [
            AlertComputation(
                municipality_id=place,
                computed_at=now,
                data_until=until,
                weeks_evaluated=weeks,
                series=per_municipality[place],
            )
            for place, until in plan.data_until.items()
        ],
        update_conflicts=True,
        unique_fields=["municipality"],
        update_fields=["computed_at", "data_until", "weeks_evaluated", "series"],
        batch_size=500,
    )


class AlertAlreadyAcknowledged(DomainError):
    """Someone acknowledged the alert first; their comment stands."""


def acknowledge_alert(alert: Alert, user: AbstractBaseUser, comment: str) -> Alert:
    """Acknowledge ``alert`` with ``comment``; refused if it was acknowledged already."""
    comment = comment.strip()
    if not comment:
        raise DomainError(_("Write what was done or why no action is needed."))
    now = timezone.now()
    # One conditional update: whichever of two simultaneous acknowledgements reaches
    # the row first sets it, and the other finds nothing left to update.
    done = Alert.objects.filter(pk=alert.pk, acknowledged_at__isnull=True).update(
        acknowledged_by=user, acknowledged_at=now, acknowledgement=comment
    )
    alert.refresh_from_db()
    if not done:
        who = alert.acknowledged_by
        raise AlertAlreadyAcknowledged(
            _("%(name)s acknowledged this alert first; their comment is kept.")
            % {"name": (who.get_full_name() or who.get_username()) if who else _("Someone")}
        )
    return alert
