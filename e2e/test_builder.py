"""The survey builder in a real browser at desktop and phone width: a coordinator moves
a question up and sees the new order, sets a page break, and looks through the preview."""

import pytest
from playwright.sync_api import expect

from e2e.helpers import assert_no_axe_violations, screenshot, sign_in
from tests.accounts.helpers import PASSWORD
from tests.factories import AreaFactory, MunicipalityFactory, member
from trygg.dialogue import services
from trygg.dialogue.models import Response, ResponseDraft
from trygg.tenancy.models import Role

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
KEYS = ["area", "age_group", "gender", "feel_safe", "suggestions"]


@pytest.fixture
def survey(transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TRYGG_REQUIRE_TWO_FACTOR = False
    municipality = MunicipalityFactory(code="1384", name="Kungsbacka", slug="kungsbacka")
    AreaFactory(municipality=municipality, name="Onsala")
    member(municipality, Role.COORDINATOR, user__username="samordnare")
    return services.create_survey(
        municipality, year=2026, title="Trygghetsundersökning", question_keys=KEYS
    )


def question_texts(page) -> list[str]:
    return page.locator(".builder-question__text").all_inner_texts()


def no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} scrolls sideways ({width} px)"


@pytest.mark.parametrize("width", WIDTHS, ids=list(WIDTHS))
def test_a_coordinator_reorders_the_questions_and_previews_the_pages(
    live_server, new_page, survey, width
):
    page = new_page(viewport=WIDTHS[width])
    sign_in(page, "samordnare", PASSWORD)
    page.goto(survey.get_absolute_url())
    expect(page.get_by_role("heading", name="Sida 1 av 2")).to_be_visible()
    before = question_texts(page)
    screenshot(page, f"builder-{width}")
    assert_no_axe_violations(page)
    no_sideways_scroll(page)

    page.get_by_role("button", name=f"Flytta upp fråga 3: {before[2][3:]}").click()
    after = question_texts(page)
    assert [text[3:] for text in after[1:3]] == [before[2][3:], before[1][3:]]

    page.get_by_role("button", name=f"Börja en ny sida här – fråga 2: {before[2][3:]}").click()
    expect(page.get_by_role("heading", name="Sida 3 av 3")).to_be_visible()
    screenshot(page, f"builder-moved-{width}")

    page.get_by_role("link", name="Förhandsvisa som invånarna ser den").click()
    expect(page.get_by_text("Förhandsvisning – svaren sparas inte")).to_be_visible()
    expect(page.get_by_role("heading", name="Steg 1 av 3")).to_be_visible()
    screenshot(page, f"builder-preview-{width}")
    assert_no_axe_violations(page)
    no_sideways_scroll(page)
    page.get_by_role("button", name="Nästa").click()
    expect(page.get_by_role("heading", name="Steg 2 av 3")).to_be_visible()
    expect(page.get_by_text(before[2][3:]).first).to_be_visible()
    page.get_by_role("button", name="Tillbaka").click()
    expect(page.get_by_role("heading", name="Steg 1 av 3")).to_be_visible()
    assert not Response.objects.exists() and not ResponseDraft.objects.exists()

    page.goto(survey.get_absolute_url())
    page.get_by_role("link", name="Öppna för svar").click()
    screenshot(page, f"builder-open-{width}")
    assert_no_axe_violations(page)
    no_sideways_scroll(page)


@pytest.mark.parametrize("width", WIDTHS, ids=list(WIDTHS))
def test_the_new_survey_and_question_forms_show_what_the_choice_uses(
    live_server, new_page, survey, width
):
    page = new_page(viewport=WIDTHS[width])
    sign_in(page, "samordnare", PASSWORD)
    page.goto(f"/staff/{survey.municipality.code}/dialog/ny/")
    copy_from = page.get_by_label("Vilken undersökning som ska kopieras")
    assert copy_from.is_visible() and page.locator("input[name=questions]").first.is_hidden()
    page.get_by_label("Frågebankens standardfrågor").check()
    assert copy_from.is_hidden() and page.locator("input[name=questions]").first.is_visible()
    screenshot(page, f"builder-new-survey-{width}")
    assert_no_axe_violations(page)
    no_sideways_scroll(page)

    page.goto(f"{survey.get_absolute_url()}fragor/ny/")
    smallest = page.get_by_label("Minsta tal")
    assert smallest.is_hidden()
    page.get_by_label("Typ").select_option(label="Tal")
    assert smallest.is_visible()
    assert_no_axe_violations(page)
