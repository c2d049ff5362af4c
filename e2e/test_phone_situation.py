"""The incident and lägesbild pages on a phone (390 px) in a real Chromium.

A coordinator on a phone opens each page of issues 10 and 11: the page never scrolls
sideways (document.scrollingElement.scrollWidth <= innerWidth), axe-core finds no
WCAG 2.1 AA violation of any impact, and a table too wide for the screen keeps its
first column in view while it scrolls inside its frame. The alert's chart shows the
latest half year, and the map's cell numbers do not overlap at the opening zoom.
"""

import datetime as dt

import h3.api.basic_int as h3_int
import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from e2e.helpers import axe_violations, format_violations, screenshot, sign_in
from tests.factories import MunicipalityFactory, member
from tests.situation.lagesbild_data import BUSY_CELL, report
from tests.situation.planting import TODAY, outbreak_counts, plant
from trygg.geo.models import Landmark
from trygg.population.services import load_shipped_residents
from trygg.situation.alerts import recompute_alerts
from trygg.situation.hotspots import (
    LIGHTING_CATEGORY,
    recompute_hotspots,
    survey_marks,
    survey_year_with_places,
)
from trygg.situation.lagesbild_services import approve_lagesbild, refresh_lagesbild
from trygg.situation.models import Alert, Category, Incident, Source

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
PHONE = {"width": 390, "height": 844}
EVERY_IMPACT = ("minor", "moderate", "serious", "critical")
YEAR = 2026

# Every element inside <main> that scrolls sideways, with whether its table's first
# column stays put (position: sticky) or the table is laid out as cards.
SCROLLING_TABLES = """() => [...document.querySelectorAll('main .table-wrapper')]
  .filter(frame => frame.scrollWidth > frame.clientWidth + 1)
  .map(frame => {
    const first = frame.querySelector('tbody tr > :first-child');
    return {
      caption: (frame.querySelector('caption') || frame).textContent.trim().slice(0, 60),
      sticky: first !== null && getComputedStyle(first).position === 'sticky',
    };
  })"""

# Pairs of cell numbers on the map whose boxes overlap.
OVERLAPPING_NUMBERS = """() => {
  const numbers = document.querySelectorAll('.leaflet-marker-icon .map-number');
  const boxes = [...numbers].map(n => n.getBoundingClientRect());
  const pairs = [];
  boxes.forEach((a, i) => boxes.slice(i + 1).forEach(b => {
    if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) pairs.push(i);
  }));
  return pairs.length;
}"""


@pytest.fixture
def kungsbacka(transactional_db, settings):
    """Police events with an outbreak, reports around the travel centre, a lägesbild."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    municipality = MunicipalityFactory(
        code="1384", name="Kungsbacka", slug="kungsbacka", county_code="13"
    )
    load_shipped_residents()
    police = Source.objects.create(kind=Source.Kind.POLICE_EVENTS, name="Polisen")
    plant(police, municipality, Category.objects.get(key="violence"), outbreak_counts())
    reports = Source.objects.create(
        kind=Source.Kind.MUNICIPAL_REPORTS, name="Felanmälan", municipality=municipality
    )
    # A crowded centre: the busy cell and its ring of neighbours, each with reports.
    number = 0
    for cell in h3_int.grid_disk(BUSY_CELL, 1):
        for _ in range(3 + (cell == BUSY_CELL) * 5):
            report(municipality, reports, cell, number)
            number += 1
    recompute_alerts(today=TODAY, weeks=8)
    recompute_hotspots(municipality, year=YEAR)
    refresh_lagesbild(municipality, YEAR)
    approve_lagesbild(
        municipality,
        YEAR,
        approved_on=timezone.localdate(),
        approved_by="Styrgruppen för samverkan",
        recorded_by=None,
    )
    Landmark.objects.create(
        municipality=municipality,
        name="Gångtunneln under järnvägen vid stationen",
        latitude=57.4963,
        longitude=12.0752,
    )
    member(municipality, user__username="samordnare", user__first_name="Maria")
    return municipality


def phone_pages(municipality) -> list[str]:
    code, alert = municipality.code, Alert.objects.get(iso_year=YEAR, iso_week=12)
    return [
        f"/staff/{code}/lagesbild/handelser/?year={YEAR}",
        f"/staff/{code}/lagesbild/larm/",
        alert.get_absolute_url(),
        f"/staff/{code}/lagesbild/kallor/",
        f"/staff/{code}/lagesbild/hotspots/",
        f"/staff/{code}/lagesbild/{YEAR}/",
        f"/staff/{code}/lagesbild/{YEAR}/rapport/",
        f"/staff/{code}/atgardsplan/",
        f"/staff/{code}/omraden/",
        f"/kommun/{municipality.slug}/lagesbild/{YEAR}/",
    ]


def test_every_incident_and_lagesbild_page_reads_on_a_phone(new_page, live_server, kungsbacka):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    sign_in(page, "samordnare", PASSWORD)
    problems = []

    for url in phone_pages(kungsbacka):
        response = page.goto(url)
        page.wait_for_load_state("networkidle")
        assert response.status == 200, url
        overflow = page.evaluate("document.scrollingElement.scrollWidth - innerWidth")
        if overflow > 0:
            problems.append(f"{url} scrolls sideways by {overflow} px")
        for table in page.evaluate(SCROLLING_TABLES):
            if not table["sticky"]:
                problems.append(f"{url}: the table {table['caption']!r} scrolls without its rows")
        violations = axe_violations(page, impacts=EVERY_IMPACT)
        if violations:
            problems.append(format_violations(violations, url))
        screenshot(page, "phone-" + url.strip("/").replace("/", "-"))

    assert not problems, "\n".join(problems)


def test_the_alert_chart_on_a_phone_shows_the_latest_half_year(new_page, live_server, kungsbacka):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    sign_in(page, "samordnare", PASSWORD)
    alert = Alert.objects.get(iso_year=YEAR, iso_week=12)

    page.goto(alert.get_absolute_url())

    chart = page.get_by_role("img", name="Händelser i kategorin Våld och hot per vecka")
    assert chart.count() == 1
    assert chart.locator("rect.alert-chart__bar").count() == 26
    first_bar = chart.locator("rect.alert-chart__bar").first.bounding_box()
    assert first_bar["width"] >= 8  # px; two years of bars would be about 2
    assert page.get_by_text("De senaste 26 veckorna").is_visible()
    monday = dt.date.fromisocalendar(YEAR, 12, 1) - dt.timedelta(weeks=25)
    with translation.override("sv"):
        first_monday = date_format(monday)
    assert page.locator(".alert-chart--recent .alert-chart__x span").first.inner_text() == (
        first_monday
    )


def test_the_map_numbers_do_not_overlap_at_the_opening_zoom(new_page, live_server, kungsbacka):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    sign_in(page, "samordnare", PASSWORD)

    page.goto(f"/staff/{kungsbacka.code}/lagesbild/handelser/?year={YEAR}")
    page.locator(".map-number").first.wait_for()

    assert page.evaluate(OVERLAPPING_NUMBERS) == 0
    # The numbers hidden where cells crowd are all in the list beside the map.
    assert page.get_by_role("table", name="De 7 cellerna med flest händelser").count() == 1


@pytest.fixture
def crowded_priority_places(demo):
    """A lighting fault reported twice in every cell where the dialogue marked a place.

    Every marked cell becomes a priority place, and the travel centre's lie a few
    pixels apart at the opening zoom of a phone.
    """
    municipality = demo.municipality
    year = survey_year_with_places(municipality)
    marks, _surveys = survey_marks(municipality, year)
    reports = Source.objects.create(
        kind=Source.Kind.MUNICIPAL_REPORTS, name="Felanmälan", municipality=municipality
    )
    lighting = Category.objects.get(key=LIGHTING_CATEGORY)
    cells = sorted(set(marks.values_list("h3_cell", flat=True)))
    Incident.objects.bulk_create(
        Incident(
            source=reports,
            external_id=f"{cell:x}-{n}",
            municipality=municipality,
            county_code="13",
            occurred_at=dt.datetime(year, 3, 1 + n, 21, tzinfo=dt.UTC),
            type="Trasig belysning",
            type_key="trasig belysning",
            category=lighting,
            precision=Incident.Precision.POINT,
            latitude=h3_int.cell_to_latlng(cell)[0],
            longitude=h3_int.cell_to_latlng(cell)[1],
            h3_cell=cell,
        )
        for cell in cells
        for n in range(2)
    )
    recompute_hotspots(municipality, year=year)
    return municipality, year


def test_the_priority_places_numbers_do_not_overlap_at_the_opening_zoom(
    new_page, live_server, crowded_priority_places
):
    municipality, year = crowded_priority_places
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    sign_in(page)

    page.goto(f"/staff/{municipality.code}/lagesbild/hotspots/?year={year}")
    page.locator(".hotspot-map[data-ready='true']").wait_for()
    page.locator(".leaflet-marker-icon .map-number").first.wait_for()

    assert page.evaluate(OVERLAPPING_NUMBERS) == 0
    shown = page.locator(".leaflet-marker-icon .map-number").count()
    assert 0 < shown < page.locator(".priority-place").count()
    # Zoomed in on the first place, the numbers hidden around it come back.
    page.locator(".hotspot-map .leaflet-control-zoom-in").click()
    page.locator(".hotspot-map .leaflet-control-zoom-in").click()
    page.wait_for_function(
        "(shown) => document.querySelectorAll('.leaflet-marker-icon .map-number').length > shown",
        arg=shown,
    )
    assert page.evaluate(OVERLAPPING_NUMBERS) == 0
    screenshot(page, "phone-hotspot-map", full_page=False)
