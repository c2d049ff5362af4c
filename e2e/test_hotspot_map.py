"""The staff hotspot map in a real browser: hot cells drawn, the layer switch, axe, phone width."""

import datetime as dt
from zoneinfo import ZoneInfo

import h3.api.basic_int as h3_int
import pytest

from e2e.helpers import assert_no_axe_violations, screenshot, sign_in
from trygg.situation.hotspots import (
    municipality_hotspots,
    recompute_hotspots,
    survey_year_with_places,
)
from trygg.situation.models import Category, Incident, Source

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": (1366, 900), "phone": (390, 844)}
STOCKHOLM = ZoneInfo("Europe/Stockholm")
# Kungsbacka's travel centre: reports cluster on its cell and the cells around it.
TRAVEL_CENTRE = h3_int.latlng_to_cell(57.4936, 12.0757, 9)


@pytest.fixture
def hotspots(demo):
    municipality = demo.municipality
    year = survey_year_with_places(municipality)
    reports = Source.objects.create(
        kind=Source.Kind.MUNICIPAL_REPORTS, name="Felanmälan", municipality=municipality
    )
    vandalism = Category.objects.get(key="vandalism")
    rows = []
    for cell in sorted(h3_int.grid_disk(TRAVEL_CENTRE, 1)):
        latitude, longitude = h3_int.cell_to_latlng(cell)
        rows += [
            Incident(
                source=reports,
                external_id=f"{cell:x}-{n}",
                municipality=municipality,
                county_code="13",
                occurred_at=dt.datetime(year, 4, 1 + n, 22, tzinfo=STOCKHOLM),
                type="Skadegörelse",
                type_key="skadegörelse",
                category=vandalism,
                precision=Incident.Precision.POINT,
                latitude=latitude,
                longitude=longitude,
                h3_cell=cell,
            )
            for n in range(8)
        ]
    Incident.objects.bulk_create(rows)
    recompute_hotspots(municipality, year=year)
    return municipality, year


def drawn(page) -> int:
    return page.locator(".hotspot-map path.hotspot-cell").count()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_map_draws_the_hot_cells_and_the_layer_switch_works(
    live_server, new_page, hotspots, viewport
):
    municipality, year = hotspots
    stored = municipality_hotspots(municipality, year=year)
    width, height = VIEWPORTS[viewport]
    page = new_page(viewport={"width": width, "height": height})
    sign_in(page)

    page.goto(f"/staff/{municipality.code}/lagesbild/hotspots/?year={year}")
    page.locator(".hotspot-map[data-ready='true']").wait_for()

    combined = stored.layer("combined")
    assert drawn(page) == len(combined.hot) + len(combined.cold) > 0
    page.get_by_role("radio", name="Kommunens rapporter").check()
    reports = stored.layer("reports")
    page.wait_for_function(
        "document.querySelector('.hotspot-map').dataset.shownLayer === 'reports'"
    )
    assert drawn(page) == len(reports.hot) + len(reports.cold)
    assert page.locator(".hotspot-map path.hotspot-cell--hot").count() == len(reports.hot)
    assert page.get_by_role("heading", name="Prioriterade platser").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"hotspot-map-{viewport}")
    assert_no_axe_violations(page)
