"""Recomputing the early-warning alerts from stored incidents, and acknowledging them."""

import datetime as dt
import io

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from tests.factories import MunicipalityFactory, member
from trygg.situation.alerts import AlertAlreadyAcknowledged, acknowledge_alert, recompute_alerts
from trygg.situation.models import Alert, AlertComputation, Category, Source
from trygg.stats.surveillance import FarringtonControl, WeeklySeries, ears, farrington_flexible

from .planting import (
    CELL,
    LAST_MONDAY,
    TODAY,
    WEEKS,
    baseline_counts,
    first_monday,
    outbreak_counts,
    plant,
)

pytestmark = pytest.mark.django_db

NOUFAILY_3_YEARS = FarringtonControl(
    b=3, w=3, no_periods=10, past_weeks_not_included=26, threshold_method="nbPlugin"
)


@pytest.fixture
def places(db) -> dict:
    return {
        "kungsbacka": MunicipalityFactory(code="1384", name="Kungsbacka", slug="kungsbacka"),
        "varberg": MunicipalityFactory(code="1383", name="Varberg", slug="varberg"),
        "police": Source.objects.create(kind=Source.Kind.POLICE_EVENTS, name="Polisen"),
        "violence": Category.objects.get(key="violence"),
        "property": Category.objects.get(key="property"),
    }


def series_of(counts, weeks: int = WEEKS) -> WeeklySeries:
    year, week, _day = first_monday(weeks).isocalendar()
    return WeeklySeries("planted", (year, week), np.asarray(counts, dtype=np.int64))


@pytest.fixture
def outbreak(places) -> np.ndarray:
    """Kungsbacka's violence jumps to 15 in week 12 of 2026; Varberg's property stays flat."""
    counts = outbreak_counts()
    plant(places["police"], places["kungsbacka"], places["violence"], counts)
    plant(places["police"], places["varberg"], places["property"], baseline_counts(seed=7))
    return counts


def test_a_planted_outbreak_raises_an_alert_with_the_engines_numbers(places, outbreak):
    result = recompute_alerts(today=TODAY, weeks=8)

    (expected,) = farrington_flexible([series_of(outbreak)], NOUFAILY_3_YEARS, last=8)
    alarm_weeks = [
        (int(expected.year[k]), int(expected.week[k])) for k in np.flatnonzero(expected.alarm)
    ]
    assert (2026, 12) in alarm_weeks
    alerts = Alert.objects.filter(municipality=places["kungsbacka"], category=places["violence"])
    assert sorted(alerts.values_list("iso_year", "iso_week")) == sorted(alarm_weeks)
    alert = alerts.get(iso_week=12)
    last = len(expected.week) - 1
    assert alert.method == Alert.Method.FARRINGTON_FLEXIBLE
    assert alert.reference_years == 3
    assert alert.source_kind == Source.Kind.POLICE_EVENTS
    assert alert.h3_cell is None
    assert alert.week_start == LAST_MONDAY
    assert alert.observed == 15
    assert alert.expected == pytest.approx(expected.expected[last], rel=1e-12)
    assert alert.upperbound == pytest.approx(expected.upperbound[last], rel=1e-12)
    assert alert.upperbound < 15
    assert result.alarms == Alert.objects.count()
    assert not Alert.objects.filter(category=places["property"], observed__gte=15).exists()


def test_the_alerts_chart_holds_the_last_two_years_as_the_method_saw_them(places, outbreak):
    recompute_alerts(today=TODAY, weeks=8)

    chart = Alert.objects.get(iso_week=12, category=places["violence"]).chart
    (evaluated,) = farrington_flexible([series_of(outbreak)], NOUFAILY_3_YEARS, last=104)
    assert chart["start"] == first_monday(104).isoformat()
    assert chart["observed"] == outbreak[-104:].tolist()
    assert chart["alarm"][-1] is True
    assert chart["upperbound"][-1] == pytest.approx(evaluated.upperbound[-1], rel=1e-12)
    # Two years back the method had less than three years of history: no bound there.
    assert chart["expected"][0] is None and chart["upperbound"][0] is None


def test_recomputing_the_same_data_changes_nothing_but_the_time(places, outbreak):
    recompute_alerts(today=TODAY, weeks=8)
    before = list(Alert.objects.order_by("pk").values("pk", "observed", "expected", "upperbound"))

    again = recompute_alerts(today=TODAY, weeks=8)

    after = list(Alert.objects.order_by("pk").values("pk", "observed", "expected", "upperbound"))
    assert after == before
    assert again.created == again.removed == 0
    assert again.updated == len(before) > 0


def test_an_acknowledgement_survives_a_recompute(places, outbreak):
    recompute_alerts(today=TODAY, weeks=8)
    alert = Alert.objects.get(iso_week=12, category=places["violence"])
    coordinator = member(places["kungsbacka"])
    acknowledge_alert(alert, coordinator, "Extra patrull vid resecentrum.")

    recompute_alerts(today=TODAY, weeks=8)

    alert.refresh_from_db()
    assert alert.acknowledged_by == coordinator
    assert alert.acknowledgement == "Extra patrull vid resecentrum."
    assert alert.still_alarming


def test_a_week_that_no_longer_alarms_loses_its_open_alert_but_keeps_an_acknowledged_one(
    places, outbreak
):
    recompute_alerts(today=TODAY, weeks=8)
    acknowledged = Alert.objects.get(iso_week=12, category=places["violence"])
    acknowledge_alert(acknowledged, member(places["kungsbacka"]), "Känt: en festival.")
    # An open alert in the same series and weeks, as an earlier computation left it.
    stray = Alert.objects.create(
        municipality=places["kungsbacka"],
        category=places["violence"],
        source_kind=Source.Kind.POLICE_EVENTS,
        method=Alert.Method.FARRINGTON_FLEXIBLE,
        reference_years=3,
        iso_year=2026,
        iso_week=11,
        week_start=dt.date(2026, 3, 9),
        observed=9,
        expected=3.0,
        upperbound=7.0,
        computed_at=acknowledged.computed_at,
    )
    # Late data: the same weeks of earlier years had as many incidents as this one.
    late = np.zeros(WEEKS, dtype=np.int64)
    for years_back in (1, 2, 3):
        middle = WEEKS - 1 - 52 * years_back
        late[middle - 4 : middle + 5] = 20
    plant(places["police"], places["kungsbacka"], places["violence"], late)

    result = recompute_alerts(today=TODAY, weeks=8)

    assert not Alert.objects.filter(pk=stray.pk).exists()
    acknowledged.refresh_from_db()
    assert not acknowledged.still_alarming
    assert acknowledged.acknowledgement == "Känt: en festival."
    assert result.no_longer_alarming == 1
    assert result.removed >= 1


def test_a_short_series_is_watched_with_ears_c2(places):
    counts = np.array([2, 3, 2, 1, 3, 2, 2, 3, 1, 2, 3, 2, 2, 1, 2, 3, 2, 2, 1, 12])
    plant(places["police"], places["kungsbacka"], places["violence"], counts)

    recompute_alerts(today=TODAY, weeks=4)

    (expected,) = ears([series_of(counts, len(counts))], "C2", baseline=7, last=4)
    alert = Alert.objects.get()
    assert alert.method == Alert.Method.EARS_C2
    assert alert.reference_years is None
    assert (alert.iso_year, alert.iso_week, alert.observed) == (2026, 12, 12)
    assert alert.expected == pytest.approx(expected.expected[-1], rel=1e-12)
    assert alert.upperbound == pytest.approx(expected.upperbound[-1], rel=1e-12)


def test_point_sources_alarm_per_cell(places):
    reports = Source.objects.create(
        kind=Source.Kind.MUNICIPAL_REPORTS, name="Felanmälan", municipality=places["kungsbacka"]
    )
    vandalism = Category.objects.get(key="vandalism")
    counts = np.array([1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 9])
    plant(reports, places["kungsbacka"], vandalism, counts, cell=CELL)
    plant(reports, places["kungsbacka"], vandalism, [1] * 16, cell=CELL + 1)

    recompute_alerts(places["kungsbacka"], today=TODAY, weeks=2)

    alert = Alert.objects.get()
    assert (alert.h3_cell, alert.category, alert.observed) == (CELL, vandalism, 9)
    assert alert.source_kind == Source.Kind.MUNICIPAL_REPORTS
    assert alert.method == Alert.Method.EARS_C2


def test_one_municipality_recomputed_gets_the_national_numbers(places, outbreak):
    plant(places["police"], places["varberg"], places["violence"], baseline_counts(20, seed=3))
    recompute_alerts(places["kungsbacka"], today=TODAY, weeks=8)
    alone = list(Alert.objects.values_list("iso_week", "expected", "upperbound"))
    assert not Alert.objects.exclude(municipality=places["kungsbacka"]).exists()
    Alert.objects.all().delete()

    recompute_alerts(today=TODAY, weeks=8)

    national = Alert.objects.filter(municipality=places["kungsbacka"])
    assert sorted(national.values_list("iso_week", "expected", "upperbound")) == sorted(alone)


def test_the_computation_says_when_and_from_data_up_to_which_week(places, outbreak):
    recompute_alerts(today=TODAY, weeks=8)

    computation = AlertComputation.objects.get(municipality=places["kungsbacka"])
    assert computation.data_until == LAST_MONDAY
    assert (computation.data_until_year, computation.data_until_week) == (2026, 12)
    assert computation.weeks_evaluated == 8
    assert computation.series == 1


def test_data_after_today_are_not_evaluated(places, outbreak):
    recompute_alerts(today=LAST_MONDAY - dt.timedelta(weeks=2), weeks=1)

    assert not Alert.objects.filter(iso_week=12).exists()
    computation = AlertComputation.objects.get(municipality=places["kungsbacka"])
    assert computation.data_until == LAST_MONDAY - dt.timedelta(weeks=2)


def test_the_second_of_two_acknowledgements_is_refused_and_the_first_kept(places, outbreak):
    recompute_alerts(today=TODAY, weeks=8)
    first = Alert.objects.get(iso_week=12, category=places["violence"])
    # Both opened the alert while it was open.
    second = Alert.objects.get(pk=first.pk)
    analyst, officer = member(places["kungsbacka"], "analyst"), member(places["kungsbacka"])

    acknowledge_alert(first, analyst, "Först.")
    with pytest.raises(AlertAlreadyAcknowledged):
        acknowledge_alert(second, officer, "Sist.")

    first.refresh_from_db()
    assert (first.acknowledged_by, first.acknowledgement) == (analyst, "Först.")


def test_the_command_recomputes_one_municipality_or_refuses_an_unknown_code(
    places, outbreak, capsys
):
    out = io.StringIO()
    call_command("recompute_alerts", "1384", "--weeks", "8", stdout=out)

    assert Alert.objects.filter(municipality=places["kungsbacka"], iso_week=12).exists()
    assert out.getvalue().startswith("Larm: 1; serier: 1, kommuner: 1; nya: 1,")
    with pytest.raises(CommandError, match="0000"):
        call_command("recompute_alerts", "0000")
