"""The lägesbild in a real Chromium: readable at 1366 and 390 px, accessible, signed off.

Planted reports, an acknowledged alert and a year of violence in Kungsbacka; a
coordinator reads the staff page, adds other information, records the steering
group's approval, and the public page shows the public version.
"""

import pytest

from e2e.helpers import assert_no_axe_violations, screenshot, sign_in
from tests.factories import MunicipalityFactory, member
from tests.situation.lagesbild_data import BUSY_CELL, alert, report
from tests.situation.planting import outbreak_counts, plant
from trygg.situation.lagesbild_services import refresh_lagesbild
from trygg.situation.models import Category, Source

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def coordinator(transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    kungsbacka = MunicipalityFactory(
        code="1384", name="Kungsbacka", slug="kungsbacka", county_code="13"
    )
    police = Source.objects.create(kind=Source.Kind.POLICE_EVENTS, name="Polisen")
    plant(police, kungsbacka, Category.objects.get(key="violence"), outbreak_counts())
    reports = Source.objects.create(
        kind=Source.Kind.MUNICIPAL_REPORTS, name="Felanmälan", municipality=kungsbacka
    )
    for number in range(6):
        report(kungsbacka, reports, BUSY_CELL, number)
    alert(kungsbacka, None, "Extra närvaro vid resecentrum.")
    refresh_lagesbild(kungsbacka, 2026)
    return member(kungsbacka, user__username="samordnare", user__first_name="Maria")


def sideways_scroll(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366", "390"])
def test_a_coordinator_reads_adds_to_and_signs_off_the_lagesbild(
    new_page, live_server, coordinator, viewport
):
    page = new_page(viewport=viewport)
    sign_in(page, "samordnare", PASSWORD)
    width = viewport["width"]

    page.goto("/staff/1384/lagesbild/2026/")
    assert page.get_by_role("heading", level=1).inner_text() == "Lägesbild 2026, Kungsbacka"
    assert page.get_by_role("heading", name="Kartläggning").is_visible()
    assert page.get_by_role("heading", name="Analys", exact=True).is_visible()
    assert_no_axe_violations(page)
    assert sideways_scroll(page) <= 0
    screenshot(page, f"lagesbild-staff-{width}")

    page.get_by_role("link", name="Lägg till annan information").click()
    page.get_by_label("Rubrik").fill("Nytt resecentrum")
    page.get_by_label("Text").fill("Bygget vid stationen börjar i mars och pågår i två år.")
    page.get_by_label("Källa").fill("Detaljplan för Kungsbacka resecentrum")
    page.get_by_role("button", name="Spara").click()
    assert page.get_by_text("Uppgifterna är tillagda.").is_visible()

    refresh_lagesbild(coordinator.memberships.get().organisation.municipality, 2026)
    page.goto("/staff/1384/lagesbild/2026/godkann/")
    page.locator("#id_approved_by").fill("Styrgruppen för samverkan")
    page.get_by_role("button", name="Registrera och publicera").click()
    assert page.get_by_text("Godkännandet är registrerat").is_visible()

    page.goto("/kommun/kungsbacka/lagesbild/2026/")
    assert page.get_by_text("Nytt resecentrum").is_visible()
    assert page.get_by_text("Extra närvaro vid resecentrum.").count() == 0
    assert_no_axe_violations(page)
    assert sideways_scroll(page) <= 0
    screenshot(page, f"lagesbild-public-{width}")

    page.goto("/staff/1384/lagesbild/2026/rapport/")
    screenshot(page, f"lagesbild-print-{width}")
