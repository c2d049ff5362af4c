"""The staff dashboard, the agreement tables and the letters' QR link in a real Chromium.

At 1366 px the agreement's tables fit their column (nothing of "Läge" or a button
hides behind a scroll); at 390 px neither the dashboard nor the agreement page
scrolls sideways (a table may scroll inside its own focusable region).
"""

import datetime
import re
import uuid

import pytest
from django.utils import timezone

from e2e.helpers import assert_no_axe_violations, screenshot, sign_in
from trygg.dialogue import services as dialogue_services
from trygg.dialogue.models import Response
from trygg.dialogue.submission import submit_response

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def open_survey(demo):
    """A survey of this year, open for answers for nine more days, with two answers."""
    survey = dialogue_services.open_survey(
        dialogue_services.create_survey(
            demo.municipality, year=2026, title="Trygghetsenkät", question_keys=("feel_safe",)
        ),
        closes_on=timezone.localdate() + datetime.timedelta(days=9),
    )
    for _ in range(2):
        submit_response(
            survey,
            {"feel_safe": "mostly"},
            channel=Response.Channel.OPEN,
            submission_key=uuid.uuid4(),
        )
    return survey


def signed_in(new_page, viewport, username="samordnare"):
    page = new_page(viewport=viewport)
    sign_in(page, username)
    return page


def assert_no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} scrolls sideways ({width} px)"


def test_the_agreement_tables_fit_the_page_at_1366_px(live_server, new_page, demo):
    page = signed_in(new_page, DESKTOP, "kommunpolis")
    for url in (
        f"/staff/{demo.municipality.code}/overenskommelser/",
        demo.agreement.get_absolute_url(),
    ):
        page.goto(url)
        assert page.locator("main").evaluate("e => e.scrollWidth <= e.clientWidth"), url
        wrappers = page.locator(".table-wrapper")
        assert wrappers.count() > 0, url
        for wrapper in wrappers.all():
            assert wrapper.evaluate("e => e.scrollWidth <= e.clientWidth"), url
        assert_no_sideways_scroll(page)
    # The last column, state in words, is in view beside the first.
    state = page.get_by_role("columnheader", name="Läge").first
    assert state.is_visible()
    box, main = state.bounding_box(), page.locator("main").bounding_box()
    assert box["x"] + box["width"] <= main["x"] + main["width"]
    screenshot(page, "staff-agreement-1366")


def test_the_agreement_page_does_not_scroll_sideways_at_390_px(live_server, new_page, demo):
    page = signed_in(new_page, PHONE, "kommunpolis")
    page.goto(demo.agreement.get_absolute_url())
    # The tables scroll inside their own regions, hidden labels and all.
    assert_no_sideways_scroll(page)


def test_the_dashboard_says_what_needs_doing_and_fits_a_phone(
    live_server, new_page, demo, open_survey
):
    page = signed_in(new_page, PHONE)
    assert page.url.endswith("/staff/")
    surveys = page.locator("section", has=page.get_by_role("heading", name="Öppna undersökningar"))
    assert "2 svar" in surveys.inner_text()
    assert "(9 dagar kvar)" in surveys.inner_text()
    ended = page.locator(
        "section",
        has=page.get_by_role("heading", name="Överenskommelser som har löpt ut utan någon ny"),
    )
    assert demo.agreement.title in ended.inner_text()
    assert ended.get_by_role("link", name="Påbörja nästa överenskommelse").is_visible()
    # The filter is a plain form: choose and send.
    page.get_by_label("Visa åtgärder som ägs av").select_option("polis")
    page.get_by_role("button", name="Visa").click()
    # Read the page only once the filtered one has loaded (mid-navigation it has no
    # document element to measure).
    page.wait_for_url(re.compile(r"organisation=polis"))
    page.wait_for_load_state()
    assert_no_sideways_scroll(page)
    assert_no_axe_violations(page)
    screenshot(page, "dashboard-phone")


def test_the_letters_qr_link_fills_in_the_code(live_server, new_page, open_survey):
    page = new_page(viewport=PHONE)
    page.goto(f"/kommun/kungsbacka/dialog/{open_survey.pk}/#kod=ABCD-EFGH-JK")
    assert page.get_by_label("Din kod").input_value() == "ABCD-EFGH-JK"
    # Out of the address at once, so it is not left in the history.
    assert "#" not in page.url
