"""Weekly and monthly counts per place × category, counted in the database."""

import datetime as dt
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from trygg.situation.counts import Period, Place, count_incidents, period_range
from trygg.situation.models import Category, Incident, Source
from trygg.tenancy.models import Municipality

STOCKHOLM = ZoneInfo("Europe/Stockholm")
UTC = dt.UTC


@pytest.fixture
def places(db) -> dict:
    kungsbacka = Municipality.objects.create(
        code="1384", name="Kungsbacka", slug="kungsbacka", county_code="13"
    )
    varberg = Municipality.objects.create(
        code="1383", name="Varberg", slug="varberg", county_code="13"
    )
    source = Source.objects.create(kind=Source.Kind.POLICE_EVENTS, name="Polisen")
    return {
        "kungsbacka": kungsbacka,
        "varberg": varberg,
        "source": source,
        "violence": Category.objects.get(key="violence"),
        "traffic": Category.objects.get(key="traffic_accidents"),
    }


def add(places, municipality, category, when: dt.datetime, *, county_only=False):
    number = Incident.objects.count() + 1
    return Incident.objects.create(
        source=places["source"],
        external_id=str(number),
        municipality=None if county_only else places[municipality],
        county_code="13",
        occurred_at=when,
        type=category,
        type_key=category,
        category=places[category],
        precision=Incident.Precision.COUNTY if county_only else Incident.Precision.MUNICIPALITY,
    )


def test_an_incident_counts_in_its_swedish_week_not_its_utc_one(places):
    # Monday 2025-03-03 00:30 in Stockholm is Sunday 23:30 UTC, the week before.
    add(places, "kungsbacka", "violence", dt.datetime(2025, 3, 2, 23, 30, tzinfo=UTC))
    # Sunday 2025-03-09 23:30 in Stockholm: still the same week.
    add(places, "kungsbacka", "violence", dt.datetime(2025, 3, 9, 23, 30, tzinfo=STOCKHOLM))
    counts = count_incidents(Incident.objects.all())
    assert counts.periods == [dt.date(2025, 3, 3)]
    assert counts.keys == [(places["kungsbacka"].pk, places["violence"].pk)]
    assert counts.counts.tolist() == [[2]]


def test_weeks_without_incidents_are_zeros_and_keys_line_up(places):
    kungsbacka, varberg = places["kungsbacka"].pk, places["varberg"].pk
    violence, traffic = places["violence"].pk, places["traffic"].pk
    add(places, "kungsbacka", "violence", dt.datetime(2025, 1, 1, 12, tzinfo=STOCKHOLM))
    add(places, "kungsbacka", "violence", dt.datetime(2025, 1, 2, 12, tzinfo=STOCKHOLM))
    add(places, "varberg", "traffic", dt.datetime(2025, 1, 20, 12, tzinfo=STOCKHOLM))
    add(
        places,
        "varberg",
        "traffic",
        dt.datetime(2025, 1, 20, 12, tzinfo=STOCKHOLM),
        county_only=True,
    )
    counts = count_incidents(Incident.objects.all())
    # 2024-12-30 is the Monday of ISO week 2025-W01.
    assert counts.periods == [
        dt.date(2024, 12, 30),
        dt.date(2025, 1, 6),
        dt.date(2025, 1, 13),
        dt.date(2025, 1, 20),
    ]
    assert counts.row(kungsbacka, violence).tolist() == [2, 0, 0, 0]
    # The county-only incident has no municipality and is not counted.
    assert counts.row(varberg, traffic).tolist() == [0, 0, 0, 1]
    assert counts.row(varberg, violence).tolist() == [0, 0, 0, 0]
    series = {s.name: s for s in counts.weekly_series()}
    assert series[f"{kungsbacka}:{violence}"].start == (2025, 1)
    assert np.array_equal(series[f"{varberg}:{traffic}"].counts, [0, 0, 0, 1])


def test_a_fixed_span_cuts_and_pads_the_series(places):
    add(places, "kungsbacka", "violence", dt.datetime(2024, 11, 30, 12, tzinfo=STOCKHOLM))
    add(places, "kungsbacka", "violence", dt.datetime(2025, 2, 14, 12, tzinfo=STOCKHOLM))
    counts = count_incidents(
        Incident.objects.all(),
        period=Period.MONTH,
        first=dt.date(2025, 1, 15),
        last=dt.date(2025, 4, 2),
    )
    assert counts.periods == [
        dt.date(2025, 1, 1),
        dt.date(2025, 2, 1),
        dt.date(2025, 3, 1),
        dt.date(2025, 4, 1),
    ]
    assert counts.counts.tolist() == [[0, 1, 0, 0]]


def test_months_follow_swedish_time_at_the_turn_of_the_year(places):
    # 2025-01-01 00:15 in Stockholm is still 2024 in UTC.
    add(places, "kungsbacka", "violence", dt.datetime(2024, 12, 31, 23, 15, tzinfo=UTC))
    counts = count_incidents(Incident.objects.all(), period=Period.MONTH)
    assert counts.periods == [dt.date(2025, 1, 1)]


def test_point_sources_count_per_cell(places):
    municipal = Source.objects.create(
        kind=Source.Kind.MUNICIPAL_REPORTS, name="Felanmälan", municipality=places["kungsbacka"]
    )
    for cell in (617700169958293503, 617700169958293503, 617700169959079935):
        Incident.objects.create(
            source=municipal,
            external_id=str(Incident.objects.count()),
            municipality=places["kungsbacka"],
            county_code="13",
            occurred_at=dt.datetime(2025, 5, 5, 21, tzinfo=STOCKHOLM),
            type="Gatubelysning",
            type_key="gatubelysning",
            category=places["traffic"],
            precision=Incident.Precision.POINT,
            latitude=57.49,
            longitude=12.07,
            h3_cell=cell,
        )
    add(places, "kungsbacka", "traffic", dt.datetime(2025, 5, 5, 21, tzinfo=STOCKHOLM))
    counts = count_incidents(Incident.objects.all(), place=Place.CELL)
    assert sorted(counts.counts.sum(axis=1).tolist()) == [1, 2]


def test_nothing_to_count_gives_an_empty_table(places):
    counts = count_incidents(Incident.objects.all())
    assert counts.keys == [] and counts.periods == [] and counts.counts.shape == (0, 0)


def test_the_period_range_crosses_a_53_week_year():
    weeks = period_range(dt.date(2026, 12, 20), dt.date(2027, 1, 5), Period.WEEK)
    assert [day.isocalendar()[:2] for day in weeks] == [
        (2026, 51),
        (2026, 52),
        (2026, 53),
        (2027, 1),
    ]
