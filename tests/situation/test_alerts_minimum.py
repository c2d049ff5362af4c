"""The minimum observed count: a week needs a few incidents before its alarm is an alert.

The engine (and `trygg alerts`) stays R's; only the stored alerts of the staff list
leave out weeks with fewer than ``TRYGG_ALERT_MINIMUM_OBSERVED`` incidents.
"""

import datetime as dt
import io
import json

import numpy as np
import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from tests.factories import MunicipalityFactory, member
from trygg.situation.alerts import acknowledge_alert, minimum_observed, recompute_alerts
from trygg.situation.models import Alert, Category, Source
from trygg.stats.surveillance import WeeklySeries, ears
from trygg.tenancy.models import Role

from .planting import TODAY, first_monday, plant

pytestmark = pytest.mark.django_db

# Twenty quiet weeks whose last has 3 incidents: EARS C2's bound there is about 2.1.
THREE_AGAINST_TWO = np.array([0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 3])
# The same shape one higher, the last week exactly at the default minimum of 5.
FIVE_AGAINST_THREE = np.array([1, 2, 1, 1, 2, 1, 1, 2, 1, 1, 2, 1, 1, 2, 1, 1, 2, 1, 1, 5])


@pytest.fixture
def kungsbacka(db):
    return MunicipalityFactory(code="1384", name="Kungsbacka", slug="kungsbacka")


@pytest.fixture
def police(db) -> Source:
    return Source.objects.create(kind=Source.Kind.POLICE_EVENTS, name="Polisen")


@pytest.fixture
def violence(db) -> Category:
    return Category.objects.get(key="violence")


def engine_last_week(counts: np.ndarray):
    year, week, _day = first_monday(len(counts)).isocalendar()
    (alarms,) = ears([WeeklySeries("planted", (year, week), counts)], "C2", baseline=7, last=4)
    return int(alarms.observed[-1]), float(alarms.upperbound[-1]), bool(alarms.alarm[-1])


def test_the_default_minimum_is_five():
    assert settings.TRYGG_ALERT_MINIMUM_OBSERVED == 5
    assert minimum_observed() == 5


def test_three_against_a_bound_of_two_alarms_the_engine_but_raises_no_alert(
    kungsbacka, police, violence
):
    observed, upperbound, alarm = engine_last_week(THREE_AGAINST_TWO)
    assert (observed, alarm) == (3, True)
    assert 2 < upperbound < 3
    plant(police, kungsbacka, violence, THREE_AGAINST_TWO)

    result = recompute_alerts(today=TODAY, weeks=4)

    assert not Alert.objects.exists()
    assert result.alarms == 0


def test_a_week_with_exactly_the_minimum_raises_its_alert(kungsbacka, police, violence):
    observed, upperbound, alarm = engine_last_week(FIVE_AGAINST_THREE)
    assert (observed, alarm) == (5, True)
    plant(police, kungsbacka, violence, FIVE_AGAINST_THREE)

    recompute_alerts(today=TODAY, weeks=4)

    alert = Alert.objects.get()
    assert (alert.iso_year, alert.iso_week, alert.observed) == (2026, 12, 5)
    assert alert.upperbound == pytest.approx(upperbound, rel=1e-12)


def test_the_chart_marks_only_the_weeks_that_would_be_alerts(kungsbacka, police, violence):
    counts = FIVE_AGAINST_THREE.copy()
    counts[-3] = 4  # an alarm to the engine (above 2.8), too few for the list
    year, week, _day = first_monday(len(counts)).isocalendar()
    (engine,) = ears([WeeklySeries("planted", (year, week), counts)], "C2", baseline=7, last=3)
    assert engine.alarm.tolist() == [True, False, True]
    plant(police, kungsbacka, violence, counts)

    recompute_alerts(today=TODAY, weeks=4)

    chart = Alert.objects.get().chart
    assert chart["observed"][-3:] == [4, 1, 5]
    assert chart["alarm"][-3:] == [False, False, True]


def test_a_minimum_of_zero_stores_every_alarm_the_engine_raises(
    kungsbacka, police, violence, settings
):
    settings.TRYGG_ALERT_MINIMUM_OBSERVED = 0
    plant(police, kungsbacka, violence, THREE_AGAINST_TWO)

    recompute_alerts(today=TODAY, weeks=4)

    assert list(Alert.objects.values_list("iso_week", "observed")) == [(12, 3)]


def test_raising_the_minimum_removes_open_small_alerts_and_marks_acknowledged_ones(
    kungsbacka, police, violence, settings
):
    settings.TRYGG_ALERT_MINIMUM_OBSERVED = 0
    varberg = MunicipalityFactory(code="1383", name="Varberg", slug="varberg")
    plant(police, kungsbacka, violence, THREE_AGAINST_TWO)
    plant(police, varberg, violence, THREE_AGAINST_TWO)
    recompute_alerts(today=TODAY, weeks=4)
    acknowledged = Alert.objects.get(municipality=kungsbacka)
    acknowledge_alert(acknowledged, member(kungsbacka), "Tre händelser, inget mönster.")

    settings.TRYGG_ALERT_MINIMUM_OBSERVED = 5
    result = recompute_alerts(today=TODAY, weeks=4)

    assert not Alert.objects.filter(municipality=varberg).exists()
    acknowledged.refresh_from_db()
    assert not acknowledged.still_alarming
    assert acknowledged.acknowledgement == "Tre händelser, inget mönster."
    assert (result.removed, result.no_longer_alarming) == (1, 1)


def test_the_alert_list_says_how_many_events_an_alert_needs(client, kungsbacka, settings):
    client.force_login(member(kungsbacka, Role.VIEWER))
    url = reverse("situation:alerts", kwargs={"municipality": kungsbacka.code})

    page = client.get(url).content.decode()
    settings.TRYGG_ALERT_MINIMUM_OBSERVED = 1
    without = client.get(url).content.decode()

    assert "Larm kräver minst 5 händelser i veckan" in page
    assert "Larm kräver minst" not in without


def test_the_alerts_command_still_alarms_on_three_as_r_does(tmp_path):
    start = first_monday(len(THREE_AGAINST_TWO))
    rows = []
    for offset, count in enumerate(THREE_AGAINST_TWO):
        iso_year, iso_week, _weekday = (start + dt.timedelta(weeks=offset)).isocalendar()
        rows.append(f"planted,{iso_year},{iso_week},{count}\n")
    path = tmp_path / "series.csv"
    path.write_text("series,year,week,count\n" + "".join(rows), encoding="utf-8")
    out = io.StringIO()

    call_command("alerts", str(path), "--method", "ears-c2", "--evaluate-last", "1", stdout=out)

    (last,) = json.loads(out.getvalue())
    assert (last["year"], last["week"], last["observed"], last["alarm"]) == (2026, 12, 3, True)
    assert last["upperbound"] == pytest.approx(engine_last_week(THREE_AGAINST_TWO)[1], rel=1e-9)
