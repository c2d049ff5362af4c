"""Reports, alerts and a dialogue planted for the lägesbild's tests (public version, pages)."""

import datetime as dt
from zoneinfo import ZoneInfo

import h3.api.basic_int as h3_int
import pytest
from django.utils import timezone

from trygg.situation.lagesbild_services import approve_lagesbild, refresh_lagesbild
from trygg.situation.models import Alert, Category, Incident, Source
from trygg.tenancy.models import Municipality

STOCKHOLM = ZoneInfo("Europe/Stockholm")
RESOLUTION = 9
BUSY_CELL = h3_int.latlng_to_cell(57.49, 12.07, RESOLUTION)
QUIET_CELL = h3_int.latlng_to_cell(57.40, 12.20, RESOLUTION)
SECRET = "Ringde Anna på Storgatan 5"


def report(municipality: Municipality, source: Source, cell: int, number: int) -> Incident:
    latitude, longitude = h3_int.cell_to_latlng(cell)
    return Incident.objects.create(
        source=source,
        external_id=f"r{number}",
        municipality=municipality,
        county_code="13",
        occurred_at=dt.datetime(2026, 2, 3 + number % 20, 22, 15, tzinfo=STOCKHOLM),
        type="Klotter",
        type_key="klotter",
        category=Category.objects.get(key="vandalism"),
        precision=Incident.Precision.POINT,
        latitude=latitude,
        longitude=longitude,
        h3_cell=cell,
    )


def alert(municipality: Municipality, cell: int | None, comment: str) -> Alert:
    return Alert.objects.create(
        municipality=municipality,
        category=Category.objects.get(key="vandalism"),
        h3_cell=cell,
        source_kind=Source.Kind.MUNICIPAL_REPORTS if cell else Source.Kind.POLICE_EVENTS,
        method=Alert.Method.EARS_C2,
        iso_year=2026,
        iso_week=6,
        week_start=dt.date(2026, 2, 2),
        observed=2 if cell else 9,
        expected=0.3,
        upperbound=1.5,
        computed_at=dt.datetime(2026, 2, 9, 6, tzinfo=dt.UTC),
        acknowledged_at=dt.datetime(2026, 2, 10, 9, tzinfo=dt.UTC) if comment else None,
        acknowledgement=comment,
    )


@pytest.fixture
def lagesbild_planted(kungsbacka, onsala):
    """Five reports in one cell, two in another; a cell alert and an acknowledged one."""
    source = Source.objects.create(
        kind=Source.Kind.MUNICIPAL_REPORTS, name="Felanmälan", municipality=kungsbacka
    )
    for number in range(5):
        report(kungsbacka, source, BUSY_CELL, number)
    for number in range(5, 7):
        report(kungsbacka, source, QUIET_CELL, number)
    alert(kungsbacka, QUIET_CELL, "")
    alert(kungsbacka, None, SECRET)
    return kungsbacka


def publish(municipality: Municipality, year: int, on: dt.date = dt.date(2026, 3, 2)) -> None:
    """Compute the year's lägesbild and approve it, so that residents read its public version."""
    refresh_lagesbild(municipality, year)
    approve_lagesbild(
        municipality, year, approved_on=on, approved_by="Styrgruppen", recorded_by=None
    )


def category_years(rows: int) -> dict:
    """A by-category table of ``rows`` categories over 2024–2026, as the lägesbild's JSON
    has it: for the layout of its table, without importing the police's events."""
    row = {"counts": [1, 2, 3], "bars": [], "per_10000": 0.5, "similar_per_10000": 0.4}
    return {
        "years": [2024, 2025, 2026],
        "first": "2026-01-01",
        "last": "2026-12-31",
        "left_out": [],
        "rows": [row | {"key": f"k{n}", "name": f"Kategori {n}"} for n in range(rows)],
        "totals": [rows, 2 * rows, 3 * rows],
    }


def report_context(municipality: Municipality, figures: dict) -> dict:
    """What the report's template reads besides the figures, for a version not approved."""
    return {
        "municipality": municipality,
        "year": figures["year"],
        "figures": figures,
        "computed_at": timezone.now(),
        "approval": None,
    }
