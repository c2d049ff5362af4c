"""The Kungsbacka demo's åtgärdsplan in a real Chromium: Brå's table at desktop and
phone width, the follow-up status in words and symbol, and the promise page that
shows the problem it answers."""

import pytest

from e2e.helpers import assert_no_axe_violations, screenshot, sign_in
from trygg.plans.models import ActionPlan

pytestmark = pytest.mark.browser

COLUMNS = ["Orsak", "Åtgärd", "Operativt mål", "När", "Vem", "Uppföljning"]


def test_the_plan_page_reads_as_bras_table_at_desktop_and_phone_width(live_server, new_page, demo):
    for width, name in ((1366, "plan-desktop"), (390, "plan-phone")):
        page = new_page(viewport={"width": width, "height": 900})
        sign_in(page)
        page.goto(demo.plan.get_absolute_url())
        assert page.locator("h1").inner_text() == demo.plan.title
        headings = page.locator(".plan-table thead th").all_inner_texts()
        assert headings == COLUMNS
        rows = page.locator(".plan-table tbody tr")
        assert rows.count() == demo.plan.measures.count()
        lighting = rows.filter(has_text="Belysning och röjning vid resecentrum")
        assert "Mörka och igenvuxna platser" in lighting.inner_text()
        badge = lighting.locator(".badge--follow-up-green")
        assert badge.inner_text().strip() == "Enligt plan"
        # The symbol before the words: the status is not told by colour alone.
        symbol = badge.evaluate("el => getComputedStyle(el, '::before').content")
        assert "✓" in symbol
        red = page.locator(".badge--follow-up-red")
        assert red.first.inner_text().strip() == "Når inte målet"
        # The wide table scrolls inside its region, not the page.
        page_width = page.evaluate("document.documentElement.scrollWidth")
        assert page_width <= width
        assert_no_axe_violations(page)
        screenshot(page, name)


def test_a_measure_page_shows_its_follow_up_history(live_server, page, demo):
    sign_in(page)
    measure = demo.plan.measures.get(title__startswith="Belysning")
    page.goto(measure.get_absolute_url())
    items = page.locator(".timeline__item")
    assert items.count() == 2
    assert "Enligt plan" in items.first.inner_text()
    assert "Risk att inte nås" in items.nth(1).inner_text()
    assert_no_axe_violations(page)
    screenshot(page, "plan-measure")


def test_the_public_promise_page_shows_the_problem_it_answers(live_server, phone_page, demo):
    measure = demo.plan.measures.get(title__startswith="Belysning")
    phone_page.goto(f"/kommun/{demo.municipality.slug}/loften/{measure.action.promise_id}/")
    problems = phone_page.locator(".answered-problems")
    assert "Mörka och igenvuxna platser" in problems.inner_text()
    assert "Polisen bekräftar" not in phone_page.content()
    assert_no_axe_violations(phone_page)
    screenshot(phone_page, "plan-public-promise")


def test_the_measure_form_is_accessible_at_phone_width(live_server, phone_page, demo):
    draft = ActionPlan.objects.create(
        municipality=demo.municipality,
        title="Åtgärdsplan 2027–2028",
        first_year=2027,
        last_year=2028,
    )
    sign_in(phone_page)
    phone_page.goto(f"/staff/atgardsplaner/{draft.pk}/atgarder/ny/")
    assert phone_page.locator("h1").inner_text() == "Lägg till en åtgärd"
    problems = phone_page.get_by_role("checkbox", name="Mörka och igenvuxna platser")
    assert problems.count() == 1
    assert_no_axe_violations(phone_page)
    screenshot(phone_page, "plan-measure-form")
