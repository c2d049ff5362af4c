"""The staff incident overview in a real browser, at desktop and phone width."""

import datetime as dt
from zoneinfo import ZoneInfo

import h3
import pytest

from e2e.helpers import assert_no_axe_violations, screenshot, sign_in
from tests.situation.conftest import event_lines
from trygg.population.services import load_shipped_residents
from trygg.situation.models import Category, Incident, Source
from trygg.situation.services import import_police_events

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": (1366, 900), "phone": (390, 844)}
STOCKHOLM = ZoneInfo("Europe/Stockholm")


@pytest.fixture
def incidents(demo):
    load_shipped_residents()
    import_police_events(b"".join(event_lines(20_000)))
    reports = Source.objects.create(
        kind=Source.Kind.MUNICIPAL_REPORTS, name="Felanmälan", municipality=demo.municipality
    )
    vandalism = Category.objects.get(key="vandalism")
    for number, (lat, lng) in enumerate([(57.4875, 12.0762)] * 5 + [(57.493, 12.07)] * 2):
        Incident.objects.create(
            source=reports,
            external_id=f"r{number}",
            municipality=demo.municipality,
            county_code="13",
            occurred_at=dt.datetime(2023, 3, 1 + number, 22, tzinfo=STOCKHOLM),
            type="Skadegörelse",
            type_key="skadegörelse",
            category=vandalism,
            precision=Incident.Precision.POINT,
            latitude=lat,
            longitude=lng,
            h3_cell=h3.str_to_int(h3.latlng_to_cell(lat, lng, 9)),
        )
    return demo


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_overview_reads_at_desktop_and_phone_width(live_server, new_page, incidents, viewport):
    width, height = VIEWPORTS[viewport]
    page = new_page(viewport={"width": width, "height": height})
    sign_in(page)

    page.goto(f"/staff/{incidents.municipality.code}/lagesbild/handelser/?year=2023")

    assert page.get_by_role("heading", name="Larm").is_visible()
    assert page.get_by_role("table", name="Polisens händelser per 10 000 invånare").is_visible()
    # Each source has its own table: the police's events and the municipality's reports.
    assert page.get_by_role(
        "table", name="Polisens öppna händelser: händelser per kategori och år"
    ).is_visible()
    assert page.get_by_role(
        "table", name="Kommunens rapporter: händelser per kategori och år"
    ).is_visible()
    assert page.get_by_role("table", name="De 2 cellerna med flest händelser").is_visible()
    page.locator(".heat-map path.leaflet-interactive").first.wait_for()
    assert page.locator(".heat-map path.leaflet-interactive").count() >= 2
    # The map opens on the cells, not the whole municipality: a cell is big enough to see.
    cell = page.locator(".heat-map path.leaflet-interactive").last.bounding_box()
    assert cell["width"] >= 20, cell
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"incident-overview-{viewport}")
    assert_no_axe_violations(page)
