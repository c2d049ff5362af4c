"""A resident answers the safety survey on a phone and marks an unsafe place on the map."""

import pytest

from e2e.helpers import assert_no_axe_violations, screenshot
from trygg.demo.services import load_kungsbacka_demo
from trygg.dialogue import services
from trygg.dialogue.models import PlaceMark, Response

pytestmark = pytest.mark.browser

KEYS = ["area", "age_group", "gender", "feel_safe", "unsafe_places", "suggestions"]


@pytest.fixture
def survey(transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    demo = load_kungsbacka_demo()
    survey = services.create_survey(
        demo.municipality, year=2026, title="Trygghetsundersökning", question_keys=KEYS
    )
    return services.open_survey(survey)


def test_a_resident_answers_on_a_phone_and_marks_a_place_on_the_map(
    live_server, phone_page, survey
):
    page = phone_page
    page.goto(f"/kommun/kungsbacka/dialog/{survey.pk}/")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Börja").click()

    page.get_by_label("Onsala").check()
    page.get_by_label("25–44 år").check()
    page.get_by_label("Kvinna").check()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Nästa").click()

    page.get_by_label("För det mesta").check()
    page.get_by_role("button", name="Nästa").click()

    canvas = page.locator(".place-map__canvas")
    canvas.wait_for(state="visible")
    page.locator(".leaflet-interactive").first.wait_for()  # the border is drawn
    box = canvas.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    place = page.locator(".place-map__list li").first
    place.get_by_label("Mörkt eller dålig belysning").check()
    place.get_by_label("Kvällstid").check()
    screenshot(page, "dialogue-map-phone")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Nästa").click()

    page.get_by_label("Vad tycker du").fill("Tänd lamporna i gångtunneln.")
    page.get_by_role("button", name="Skicka mina svar").click()
    assert page.get_by_role("heading", name="Tack för dina svar!").is_visible()

    response = Response.objects.get(survey=survey)
    mark = PlaceMark.objects.get(response=response)
    assert mark.h3_cell and mark.reasons == ["dark"] and mark.times == ["evening"]
    assert response.area.name == "Onsala"
