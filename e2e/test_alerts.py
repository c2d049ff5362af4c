"""The alert pages in a real Chromium: readable at 1366 and 390 px, accessible, acknowledged.

A planted outbreak (15 incidents of violence in a week that usually has three) gives
Kungsbacka an alert; a coordinator finds it in the list, reads its chart and
acknowledges it with a comment.
"""

import pytest
from playwright.sync_api import expect

from e2e.helpers import SCREENSHOT_DIR, assert_no_axe_violations, screenshot, sign_in
from tests.factories import MunicipalityFactory, member
from tests.situation.planting import TODAY, outbreak_counts, plant
from trygg.situation.alerts import recompute_alerts
from trygg.situation.models import Category, Source

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def coordinator(transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    kungsbacka = MunicipalityFactory(code="1384", name="Kungsbacka", slug="kungsbacka")
    police = Source.objects.create(kind=Source.Kind.POLICE_EVENTS, name="Polisen")
    plant(police, kungsbacka, Category.objects.get(key="violence"), outbreak_counts())
    recompute_alerts(today=TODAY, weeks=8)
    return member(kungsbacka, user__username="samordnare", user__first_name="Maria")


def sideways_scroll(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366", "390"])
def test_a_coordinator_reads_an_alert_and_acknowledges_it(
    new_page, live_server, coordinator, viewport
):
    page = new_page(viewport=viewport)
    sign_in(page, "samordnare", PASSWORD)
    width = viewport["width"]

    page.goto("/staff/")
    page.get_by_role("link", name="Larm").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Larm för Kungsbacka"
    assert_no_axe_violations(page)
    assert sideways_scroll(page) <= 0
    screenshot(page, f"alerts-list-{width}")

    page.get_by_role("link", name="Våld och hot, vecka 12, 2026").click()
    # Two charts, of two years and of the last half year: the screen's width shows one
    # (once the page's stylesheet has come, which the click does not wait for).
    expect(page.locator("figure.alert-chart:visible")).to_have_count(1)
    chart = page.locator("figure.alert-chart:visible").get_by_role(
        "img", name="Händelser i kategorin Våld och hot per vecka"
    )
    assert chart.bounding_box()["width"] > width * 0.6
    page.get_by_text("Diagrammets siffror som tabell").click()
    assert page.get_by_role("row", name="Vecka 12, 2026").is_visible()
    assert_no_axe_violations(page)
    assert sideways_scroll(page) <= 0
    screenshot(page, f"alert-detail-{width}")
    chart_figure = page.locator("figure.alert-chart:visible")
    chart_figure.screenshot(path=SCREENSHOT_DIR / f"alert-chart-{width}.png")

    page.get_by_label("Kommentar").fill("Extra närvaro vid resecentrum i helgen.")
    page.get_by_role("button", name="Kvittera").click()
    assert page.get_by_text("Larmet är kvitterat.").is_visible()
    assert page.get_by_text("Kvitterat av Maria").is_visible()
    screenshot(page, f"alert-acknowledged-{width}")
