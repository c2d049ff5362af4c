"""The README's screenshots, taken from the Kungsbacka demo as `make demo` loads it.

Each is written to docs/ only with TRYGG_RENEW_SCREENSHOTS=1, so that a test run
leaves the checkout as it was:

    TRYGG_RENEW_SCREENSHOTS=1 make test-sqlite PYTEST_ARGS="e2e/test_readme_screenshots.py"

Without it they go to a temporary folder, and the test still checks that each page
shows what the README's caption says it shows.
"""

import os

import pytest
from django.utils.formats import date_format

from e2e.helpers import REPO_ROOT, sign_in
from trygg.dialogue.models import Survey
from trygg.insight import snapshots

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 1000}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def folder(tmp_path):
    return REPO_ROOT / "docs" if os.environ.get("TRYGG_RENEW_SCREENSHOTS") == "1" else tmp_path


def take(page, folder, name: str) -> None:
    path = folder / f"screenshot-{name}.png"
    page.screenshot(path=str(path), full_page=False)
    assert path.stat().st_size > 10_000


def test_the_public_pages(live_server, new_page, demo, folder):
    survey = demo.dialogue.open_survey
    phone = new_page(viewport=PHONE, is_mobile=True)
    phone.goto("/")
    banner = phone.locator(".open-surveys")
    assert f"Sista dag att svara: {date_format(survey.closes_on)}" in banner.inner_text()
    take(phone, folder, "phone-front")

    page = new_page(viewport=DESKTOP)
    page.goto(f"/kommun/{demo.municipality.slug}/")
    assert page.locator(".open-surveys").is_visible()
    assert page.locator("details.focus-area__fold").count() == 3
    take(page, folder, "kungsbacka")


def test_the_results(live_server, new_page, demo, folder):
    surveys = Survey.objects.filter(
        municipality=demo.municipality, status=Survey.Status.CLOSED
    ).order_by("year")
    for survey in surveys:
        snapshots.refresh(survey)
    page = new_page(viewport={"width": 1366, "height": 1100})
    page.goto(f"/kommun/{demo.municipality.slug}/dialog/{surveys.last().pk}/resultat/")
    assert page.get_by_role("heading", name="Det här har förändrats sedan 2020").is_visible()
    take(page, folder, "results")


def test_the_staff_pages(live_server, new_page, demo, folder):
    page = new_page(viewport=DESKTOP)
    sign_in(page)
    assert page.get_by_role("heading", name="Öppna undersökningar").is_visible()
    take(page, folder, "dashboard")

    page.goto(demo.agreement.get_absolute_url())
    assert page.get_by_role("heading", name=demo.agreement.title).is_visible()
    take(page, folder, "staff-agreement")
