"""The demo's incidents: the police's events of the whole file and Kungsbacka's synthetic reports.

The police events' expectations are computed from the raw file with plain ``gzip`` and
``json`` (the situation tests' helpers), not with the importer's parsing.
"""

import datetime
import math
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from shapely.geometry import Point, shape

from tests.situation.conftest import expected_municipality, municipality_lookups, raw_events
from trygg.demo import reports
from trygg.demo.dialogue import METRES_PER_DEGREE, PLACES
from trygg.demo.incidents import (
    LAGESBILD_YEAR,
    REPORTS_SOURCE_NAME,
    load_incidents_demo,
    load_municipal_reports,
    reports_source,
)
from trygg.demo.kungsbacka import MUNICIPALITY_CODE
from trygg.demo.services import municipalities_file
from trygg.dialogue.submission import PLACE_RESOLUTION
from trygg.geo.cells import cells_for_points, ring
from trygg.geo.services import load_municipalities
from trygg.situation.hotspots import municipality_hotspots
from trygg.situation.models import (
    Alert,
    Category,
    Incident,
    LagesbildApproval,
    LagesbildSnapshot,
    Source,
    TypeMapping,
)
from trygg.situation.services import police_events_source
from trygg.stats.surveillance import FarringtonControl, farrington_flexible, weekly_series
from trygg.tenancy.models import Municipality

pytestmark = pytest.mark.django_db

NOTICE_TYPES = {"Övrigt", "Information"}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Kungsbacka alone, then the incidents' demo, loaded once and rolled back after."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            path = municipalities_file()
            load_municipalities(path)
            # The events' step loads the other municipalities itself when they are missing.
            Municipality.objects.exclude(code=MUNICIPALITY_CODE).delete()
            kungsbacka = Municipality.objects.get(code=MUNICIPALITY_CODE)
            yield load_incidents_demo(kungsbacka, municipalities_file=path), kungsbacka
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def reports_of(municipality) -> list[Incident]:
    return list(reports_source(municipality).incidents.order_by("external_id"))


def metres(latitude: float, longitude: float, place) -> float:
    north = (latitude - place.latitude) * METRES_PER_DEGREE
    east = (longitude - place.longitude) * METRES_PER_DEGREE * math.cos(math.radians(latitude))
    return math.hypot(north, east)


# --- the police's events ----------------------------------------------------------------


def test_the_demo_holds_the_police_events_of_every_municipality_in_the_file(demo):
    result, _kungsbacka = demo
    by_name, by_county = municipality_lookups()
    incidents = [
        event
        for event in raw_events()
        if not event["type"].startswith("Sammanfattning") and event["type"] not in NOTICE_TYPES
    ]
    expected = Counter(expected_municipality(event, by_name, by_county) for event in incidents)

    stored = Counter(
        police_events_source()
        .incidents.exclude(type__in=NOTICE_TYPES)
        .values_list("municipality__code", flat=True)
    )

    assert stored == expected
    assert len(expected) > 280  # all municipalities, not Kungsbacka's county alone
    assert result.police_events == police_events_source().incidents.count()
    assert result.police_events_imported == result.police_events


def test_the_police_events_loaded_the_municipalities_they_name(demo):
    assert Municipality.objects.count() == 290


def test_a_second_load_imports_no_police_event(demo):
    _result, kungsbacka = demo
    before = Incident.objects.count()

    again = load_incidents_demo(kungsbacka, municipalities_file=municipalities_file())

    assert again.police_events_imported == 0 and again.municipal_reports_added == 0
    assert Incident.objects.count() == before


def test_a_load_restores_police_events_that_were_deleted(demo):
    _result, kungsbacka = demo
    before = police_events_source().incidents.count()
    deleted, _ = police_events_source().incidents.filter(municipality=kungsbacka).delete()

    again = load_incidents_demo(kungsbacka, municipalities_file=municipalities_file())

    assert deleted > 100
    assert again.police_events_imported == deleted
    assert police_events_source().incidents.count() == before


# --- the synthetic municipal reports ----------------------------------------------------


def test_the_reports_are_the_generators_stored_as_points_of_a_synthetic_municipal_source(demo):
    result, kungsbacka = demo
    expected = reports.synthetic_reports(kungsbacka.border)
    stored = reports_of(kungsbacka)

    source = reports_source(kungsbacka)
    assert source.kind == Source.Kind.MUNICIPAL_REPORTS
    assert source.name == REPORTS_SOURCE_NAME and "syntetiska" in source.name
    assert result.municipal_reports == len(stored) == len(expected) > 2000
    assert [row.external_id for row in stored] == [report.external_id for report in expected]
    assert {row.precision for row in stored} == {Incident.Precision.POINT}
    assert {row.municipality_id for row in stored} == {kungsbacka.pk}
    assert {row.county_code for row in stored} == {"13"}
    assert all("Syntetisk" in row.summary for row in stored)
    assert [row.occurred_at for row in stored] == [report.reported_at for report in expected]


def test_every_report_lies_inside_kungsbackas_border_in_its_own_h3_cell(demo):
    _result, kungsbacka = demo
    border = shape(kungsbacka.border)
    stored = reports_of(kungsbacka)

    cells = cells_for_points(
        [row.latitude for row in stored], [row.longitude for row in stored], PLACE_RESOLUTION
    )

    assert all(border.contains(Point(row.longitude, row.latitude)) for row in stored)
    assert [row.h3_cell for row in stored] == cells.tolist()


def test_each_type_has_a_mapping_for_municipal_reports_and_its_category(demo):
    _result, kungsbacka = demo
    categories = {kind.label: kind.category for kind in reports.TYPES}

    for row in reports_of(kungsbacka):
        assert row.category.key == categories[row.type]
    mapped = dict(
        TypeMapping.objects.filter(source_kind=Source.Kind.MUNICIPAL_REPORTS).values_list(
            "type_label", "category__key"
        )
    )
    assert mapped == categories
    assert set(Counter(row.type for row in reports_of(kungsbacka))) == set(categories)


def test_the_reports_cluster_where_the_residents_mark_unsafe_places(demo):
    _result, kungsbacka = demo
    stored = reports_of(kungsbacka)
    named = {place.name: place for place in PLACES}

    for name in (
        reports.TRAVEL_CENTRE,
        reports.STATION_TUNNEL,
        reports.HEDE_TUNNEL,
        reports.E6_TUNNEL,
        reports.BADHUSPARKEN,
    ):
        place = named[name]
        near = [row for row in stored if metres(row.latitude, row.longitude, place) < 150]
        assert len(near) > 100, name
    # The cells with most reports are at the named places (their cell or one next to it,
    # a cell being some 350 m across), as the residents' marks are.
    busiest = [cell for cell, _count in Counter(row.h3_cell for row in stored).most_common(8)]
    place_cells = cells_for_points(
        [place.latitude for place in PLACES],
        [place.longitude for place in PLACES],
        PLACE_RESOLUTION,
    ).tolist()
    around_places = {cell for centre in place_cells for cell in ring(centre, 1).tolist()}
    assert set(busiest) <= around_places
    assert set(place_cells[:4]) <= set(busiest)  # the travel centre and the three tunnels


def test_street_lights_break_mostly_in_the_dark_half_year(demo):
    _result, kungsbacka = demo
    lighting = [row for row in reports_of(kungsbacka) if row.type == reports.LIGHTING]
    dark = sum(row.occurred_at.month in (10, 11, 12, 1, 2, 3) for row in lighting)

    assert dark > 2 * (len(lighting) - dark)


def test_the_recent_rise_in_vandalism_sets_off_farrington_and_nothing_else_does(demo):
    _result, kungsbacka = demo
    mondays = reports.weeks()
    weeks = [monday.isocalendar()[:2] for monday in mondays]
    counts: dict[str, Counter] = {key: Counter() for key in {k.category for k in reports.TYPES}}
    for row in reports_of(kungsbacka):
        counts[row.category.key][row.occurred_at.isocalendar()[:2]] += 1
    series = [
        weekly_series(
            key,
            [year for year, _ in weeks],
            [week for _, week in weeks],
            [counts[key][week] for week in weeks],
        )
        for key in sorted(counts)
    ]

    # The file's history is short: two or three years back, not R's default of five.
    for years_back in (2, 3):
        control = FarringtonControl(b=years_back, w=3)
        alarms = {
            result.series: result.alarm.tolist()
            for result in farrington_flexible(series, control, last=12)
        }
        assert alarms.pop("vandalism") == [False] * 8 + [True] * reports.RISE_WEEKS
        assert not any(any(weekly) for weekly in alarms.values()), alarms


def test_the_demo_stores_kungsbackas_alerts_of_the_vandalism_rise(demo):
    result, kungsbacka = demo
    alerts = Alert.objects.filter(municipality=kungsbacka)
    assert result.alerts == alerts.count() > 0
    # Where the rise is: vandalism in the cells of the reports' last weeks, nothing else.
    assert set(alerts.values_list("category__key", flat=True)) == {"vandalism"}
    last_week = reports.weeks()[-1]
    rise = {last_week - datetime.timedelta(weeks=n) for n in range(reports.RISE_WEEKS)}
    assert set(alerts.values_list("week_start", flat=True)) <= rise
    cells = set(reports_source(kungsbacka).incidents.values_list("h3_cell", flat=True))
    assert set(alerts.values_list("h3_cell", flat=True)) <= cells


def test_the_demo_has_its_hotspots_at_the_reports_clusters(demo):
    _result, kungsbacka = demo
    hotspots = municipality_hotspots(kungsbacka, year=LAGESBILD_YEAR)
    assert hotspots is not None
    hot = {cell.cell for cell in hotspots.layer("reports").hot}
    assert hot
    # The travel centre, where the reports cluster most, is hot or next to a hot cell.
    travel_centre = next(place for place in PLACES if place.name == "Kungsbacka resecentrum")
    centre = cells_for_points(
        [travel_centre.latitude], [travel_centre.longitude], PLACE_RESOLUTION
    )[0]
    assert hot & set(ring(int(centre), 1))


def test_the_demo_has_its_lagesbild_of_2025_with_its_hotspots(demo):
    _result, kungsbacka = demo
    snapshot = LagesbildSnapshot.objects.get(
        municipality=kungsbacka, year=LAGESBILD_YEAR, public=False, language="sv"
    )
    analys = snapshot.figures["analys"]
    assert analys["hotspots"] is not None
    assert snapshot.figures["police_events"]["count"] > 0
    # Approved, so that residents read its public version, in both languages.
    approval = LagesbildApproval.objects.get(municipality=kungsbacka, year=LAGESBILD_YEAR)
    public = LagesbildSnapshot.objects.get(
        municipality=kungsbacka, year=LAGESBILD_YEAR, public=True, language="sv"
    )
    assert set(approval.figures_by_language) == {"sv", "en"}
    assert approval.figures_by_language["sv"] == public.figures


def test_the_reports_are_the_same_on_every_load(kungsbacka_border):
    assert reports.synthetic_reports(kungsbacka_border) == reports.synthetic_reports(
        kungsbacka_border
    )


def test_a_second_load_adds_no_report_and_restores_a_deleted_one(demo):
    _result, kungsbacka = demo
    before = [row.external_id for row in reports_of(kungsbacka)]
    reports_source(kungsbacka).incidents.filter(external_id=before[10]).delete()

    added = load_municipal_reports(kungsbacka)

    assert added == 1
    assert [row.external_id for row in reports_of(kungsbacka)] == before
    assert load_municipal_reports(kungsbacka) == 0


def test_a_category_an_administrator_chose_for_a_type_is_kept(demo):
    _result, kungsbacka = demo
    mapping = TypeMapping.objects.get(
        source_kind=Source.Kind.MUNICIPAL_REPORTS, type_label=reports.LITTERING
    )
    mapping.category = Category.objects.get(key="other")
    mapping.save()
    reports_source(kungsbacka).incidents.filter(type=reports.LITTERING).delete()

    load_municipal_reports(kungsbacka)

    mapping.refresh_from_db()
    assert mapping.category.key == "other"
    littering = reports_source(kungsbacka).incidents.filter(type=reports.LITTERING)
    assert littering.exists()
    assert set(littering.values_list("category__key", flat=True)) == {"other"}


@override_settings(DEBUG=True, PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
def test_load_demo_says_the_reports_are_synthetic(demo, english, kungsbacka_file):
    out = StringIO()

    call_command("load_demo", "--municipalities", str(kungsbacka_file), stdout=out)

    output = out.getvalue()
    assert "of the police's open events, all municipalities (0 imported now)" in output
    assert "synthetic municipal reports of Kungsbacka, invented for the demo" in output


def test_the_lagesbild_of_each_action_plan_problems_year_is_computed(demo):
    from trygg.plans.models import Problem

    _result, kungsbacka = demo
    Problem.objects.create(
        municipality=kungsbacka, situation_year=2020, title="Otrygg resecentrum", description="-"
    )

    load_incidents_demo(kungsbacka, municipalities_file=municipalities_file())

    years = set(
        LagesbildSnapshot.objects.filter(municipality=kungsbacka, public=False).values_list(
            "year", flat=True
        )
    )
    assert years == {2020, LAGESBILD_YEAR}
