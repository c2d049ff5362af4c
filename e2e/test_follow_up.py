"""The honest follow-up of the Kungsbacka demo in a real Chromium, at phone and desktop width.

The demo's traffic check did 98 of the 104 its weekly target asked for and a
thirteenth action was cancelled: the summary must say so, not "12 of 12 on plan".
"""

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from e2e.helpers import assert_no_axe_violations, screenshot, sign_in
from trygg.promises.models import Action

pytestmark = pytest.mark.browser

TRAFFIC_CHECK = "Trafikkontroll varje vecka"


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} scrolls sideways ({width} px)"


def test_the_public_summary_counts_the_traffic_check_as_below_target(
    live_server, page, phone_page, demo
):
    url = f"/kommun/{demo.municipality.slug}/"
    for tab in (page, phone_page):
        tab.goto(url)
        summary = tab.locator(".followup")
        assert "11 av 12 åtgärder är helt genomförda eller går enligt plan." in (
            summary.inner_text()
        )
        assert tab.locator(".stat--done_below_target").inner_text().split() == [
            "1",
            "genomförda",
            "under",
            "målet",
        ]
        assert "inställd" in tab.locator(".stat--cancelled").inner_text()
        badge = tab.locator(".badge--done_below_target", has_text="Genomförd – 98 av 104")
        assert badge.count() == 1
        assert tab.locator(".badge--cancelled").count() == 1
        assert_no_axe_violations(tab)
    screenshot(page, "follow-up-desktop")
    screenshot(phone_page, "follow-up-phone")


def test_the_public_pages_do_not_scroll_sideways_at_320_px(live_server, browser, demo):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 320, "height": 700}, locale="sv-SE"
    )
    page = context.new_page()
    traffic = Action.objects.get(title=TRAFFIC_CHECK)
    slug = demo.municipality.slug
    for url in (
        f"/kommun/{slug}/",
        f"/kommun/{slug}/loften/{traffic.promise_id}/",
        f"/kommun/{slug}/overenskommelser/{demo.agreement.pk}/",
    ):
        page.goto(url)
        _no_sideways_scroll(page)
    page.goto(f"/kommun/{slug}/loften/{traffic.promise_id}/")
    text = page.locator("main").inner_text()
    assert "0 av 1 åtgärd är helt genomförd eller går enligt plan." in text
    assert "98 av 104 genomförda" in text
    assert "Kommentar om utfallet:" in text
    context.close()


def test_a_coordinator_corrects_an_update_and_residents_see_it_was_corrected(
    live_server, page, demo
):
    traffic = Action.objects.get(title=TRAFFIC_CHECK)
    update = traffic.progress_updates.order_by("-date").first()
    sign_in(page, "kommunpolis")

    page.goto(demo.agreement.get_absolute_url())
    for wrapper in page.locator(".table-wrapper").all():
        # The agreement's tables fit a 1280 px window: nothing hides behind a scroll.
        assert wrapper.evaluate("e => e.scrollWidth <= e.clientWidth")
    page.goto(traffic.get_absolute_url())
    assert page.locator(".facts .facts__item").count() >= 5
    assert_no_axe_violations(page)
    page.locator(f"#update-{update.pk}").get_by_role("link", name="Rätta").click()
    # An error keeps the action's name and the way back.
    page.get_by_label("Skäl till rättelsen").fill("")
    page.get_by_role("button", name="Spara").click()
    assert page.get_by_role("link", name=TRAFFIC_CHECK).first.is_visible()
    page.get_by_label("Vad som gjordes").fill(update.text + " Rättat antal platser.")
    page.get_by_label("Skäl till rättelsen").fill("Fel plats angavs i december.")
    page.get_by_role("button", name="Spara").click()
    today = date_format(timezone.localdate())
    assert page.locator(f"#update-{update.pk}").get_by_text(f"Rättad {today}").is_visible()
    screenshot(page, "staff-update-corrected")

    page.goto(f"/kommun/{demo.municipality.slug}/loften/{traffic.promise_id}/")
    public = page.locator(f"#update-{update.pk}")
    assert f"Rättad {today}" in public.inner_text()
    assert "Lokalpolisområde Kungsbacka" in public.inner_text()
    assert "kommunpolis" not in public.inner_text()
