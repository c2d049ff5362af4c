"""The Kungsbacka demo in a real Chromium: a resident reads, a coordinator follows up."""

import pytest

from e2e.helpers import assert_no_axe_violations, screenshot, sign_in
from trygg.dialogue.models import Survey
from trygg.promises.models import Action, Promise

pytestmark = pytest.mark.browser


def test_a_resident_reads_a_promise_in_swedish_and_then_in_english(live_server, phone_page, demo):
    promise = Promise.objects.filter(focus_area__agreement=demo.agreement).first()

    phone_page.goto("/")
    phone_page.get_by_role("link", name="Kungsbacka", exact=True).first.click()
    assert phone_page.locator("html").get_attribute("lang") == "sv"
    # The focus areas are folded: the resident opens the promise's.
    phone_page.locator("summary", has_text=promise.focus_area.title).click()
    heading = phone_page.get_by_role("heading", name=promise.title)
    heading.scroll_into_view_if_needed()
    assert heading.is_visible()
    assert phone_page.get_by_text("Tillgänglighetsredogörelse").is_visible()
    screenshot(phone_page, "kungsbacka-phone-sv")

    phone_page.get_by_role("button", name="In English").click()
    assert phone_page.locator("html").get_attribute("lang") == "en"
    phone_page.locator("summary", has_text=promise.focus_area.title).click()
    assert phone_page.get_by_role("heading", name=promise.title).is_visible()
    assert phone_page.get_by_text("Accessibility statement").is_visible()
    screenshot(phone_page, "kungsbacka-phone-en")


def test_a_coordinator_records_progress_that_then_shows_publicly(live_server, page, demo):
    action = Action.objects.filter(promise__focus_area__agreement=demo.agreement).first()
    text = "Trafikkontroll vid Kungsbacka resecentrum, inga anmärkningar."

    sign_in(page)
    page.get_by_role("link", name=demo.agreement.title).first.click()
    page.get_by_role("link", name=action.title).first.click()

    # The agreement has ended: the date starts at its last day, where a late report
    # belongs, and the action has no quantity target to count towards.
    assert page.get_by_label("Datum").input_value() == demo.agreement.ends_on.isoformat()
    assert page.get_by_label("Antal genomförda").count() == 0
    page.get_by_label("Vad som gjordes").fill(text)
    page.get_by_role("button", name="Spara uppdateringen").click()
    assert page.get_by_text(text).is_visible()
    screenshot(page, "staff-action-after-update")

    page.goto(f"/kommun/{demo.municipality.slug}/")
    page.locator("details", has_text=text).locator("summary").click()
    assert page.get_by_text(text).first.is_visible()


def public_pages(demo) -> list[str]:
    slug = demo.municipality.slug
    promise = Promise.objects.filter(focus_area__agreement=demo.agreement).first()
    return [
        "/",
        "/?q=kungs",
        f"/kommun/{slug}/",
        f"/kommun/{slug}/overenskommelser/",
        f"/kommun/{slug}/overenskommelser/{demo.agreement.pk}/",
        f"/kommun/{slug}/loften/{promise.pk}/",
        "/tillganglighet/",
        "/om-trygg/",
        "/konto/logga-in/",
        *(
            f"/kommun/{slug}/dialog/{survey.pk}/{page}"
            for survey in Survey.objects.filter(
                municipality=demo.municipality, status=Survey.Status.CLOSED
            )[:1]
            for page in ("resultat/", "resultat/?visa=age_group", "platser/")
        ),
        # The survey residents can answer now: its front door and its thanks.
        f"/kommun/{slug}/dialog/{demo.dialogue.open_survey.pk}/",
        f"/kommun/{slug}/dialog/{demo.dialogue.open_survey.pk}/tack/",
    ]


def staff_pages(demo) -> list[str]:
    action = Action.objects.filter(promise__focus_area__agreement=demo.agreement).first()
    return [
        "/staff/",
        f"/staff/{demo.municipality.code}/overenskommelser/",
        demo.agreement.get_absolute_url(),
        f"/staff/overenskommelser/{demo.agreement.pk}/historik/",
        action.get_absolute_url(),
        f"/staff/{demo.municipality.code}/overenskommelser/ny/",
        f"/staff/{demo.municipality.code}/omraden/",
        f"/staff/{demo.municipality.code}/dialog/",
        f"/staff/{demo.municipality.code}/dialog/ny/",
        *(
            f"/staff/dialog/{survey.pk}/{page}"
            for survey in Survey.objects.filter(
                municipality=demo.municipality, status=Survey.Status.CLOSED
            )[:1]
            for page in (
                "",
                "resultat/",
                "platser/",
                "fritext/",
                "vikter/",
                "pappersenkat/",
                "inbjudningar/",
            )
        ),
    ]


def test_public_pages_have_no_serious_accessibility_violations(live_server, page, phone_page, demo):
    for tab in (page, phone_page):
        for path in public_pages(demo):
            response = tab.goto(path)
            assert response.ok, path
            assert_no_axe_violations(tab)


def test_staff_pages_have_no_serious_accessibility_violations(live_server, page, demo):
    sign_in(page)
    for path in staff_pages(demo):
        response = page.goto(path)
        assert response.ok, path
        assert_no_axe_violations(page)
