"""A resident finds the demo's open survey on the front page and reaches its first question.

At phone width (390 px) and on a desktop, with axe on every page passed. The
municipality page stays short: focus areas fold, and an opened one shows its
indicators' target and latest value without scrolling sideways.
"""

import pytest
from django.utils.formats import date_format

from e2e.helpers import assert_no_axe_violations, screenshot

pytestmark = pytest.mark.browser

# The municipality page was 14,576 px tall at 390 px with every focus area open.
PHONE_PAGE_MOST_PX = 5_000


def test_the_front_page_leads_to_the_open_surveys_first_question(
    live_server, page, phone_page, demo
):
    survey = demo.dialogue.open_survey
    last_day = date_format(survey.closes_on)
    for name, tab in (("desktop", page), ("phone", phone_page)):
        tab.goto("/")
        banner = tab.locator(".open-surveys")
        assert banner.is_visible()
        assert f"Sista dag att svara: {last_day}" in banner.inner_text()
        assert "Kungsbacka" in banner.inner_text()
        # The banner comes before everything else on the page, right under the heading.
        assert banner.bounding_box()["y"] < tab.locator("#published-heading").bounding_box()["y"]
        assert_no_axe_violations(tab)
        screenshot(tab, f"open-survey-home-{name}")

        banner.get_by_role("link", name="Svara på enkäten").click()
        tab.wait_for_url(f"**/dialog/{survey.pk}/")
        assert f"Sista dag att svara: {last_day}" in tab.locator("main").inner_text()
        assert_no_axe_violations(tab)

        tab.get_by_role("link", name="Börja").click()
        tab.wait_for_url(f"**/dialog/{survey.pk}/sida/1/")
        assert tab.get_by_text("I vilket område bor du?").is_visible()
        assert_no_axe_violations(tab)


def test_the_municipality_page_puts_the_survey_first_and_folds_its_focus_areas(
    live_server, page, phone_page, demo
):
    url = f"/kommun/{demo.municipality.slug}/"
    for name, tab in (("desktop", page), ("phone", phone_page)):
        tab.goto(url)
        banner = tab.locator(".open-surveys")
        assert banner.bounding_box()["y"] < tab.locator(".facts").bounding_box()["y"]
        folds = tab.locator("details.focus-area__fold")
        assert folds.count() == 3
        assert tab.locator("details.focus-area__fold[open]").count() == 0
        assert "löften" in folds.first.locator("summary").inner_text()
        height = tab.evaluate("document.documentElement.scrollHeight")
        if name == "phone":
            assert height < PHONE_PAGE_MOST_PX, f"{height} px"
        assert_no_axe_violations(tab)
        screenshot(tab, f"municipality-folded-{name}")

        folds.first.locator("summary").click()
        indicator = folds.first.locator(".indicators tbody tr").first
        indicator.scroll_into_view_if_needed()
        for column in ("Mål", "Senaste värde"):
            cell = indicator.locator(f'td[data-label="{column}"]')
            assert cell.is_visible()
            box = cell.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= tab.viewport_size["width"]
        assert tab.evaluate("document.documentElement.scrollWidth") <= tab.viewport_size["width"]
        assert_no_axe_violations(tab)
        screenshot(tab, f"municipality-opened-{name}")


def test_the_thank_you_page_says_when_and_where_the_results_appear(live_server, phone_page, demo):
    survey = demo.dialogue.open_survey
    phone_page.goto(f"/kommun/{demo.municipality.slug}/dialog/{survey.pk}/tack/")
    text = phone_page.locator("main").inner_text()
    assert f"öppen till och med {date_format(survey.closes_on)}" in text
    assert f"{live_server.url}/kommun/{demo.municipality.slug}/" in text
    assert_no_axe_violations(phone_page)
