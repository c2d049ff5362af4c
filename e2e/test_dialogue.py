"""A resident answers the safety survey on a phone and marks an unsafe place on the map;
a coordinator then sees that place counted in the aggregated staff map."""

import uuid

import h3.api.basic_int as h3
import pytest

from e2e.helpers import assert_no_axe_violations, screenshot, sign_in
from tests.factories import LAST_DAY
from trygg.demo.services import load_kungsbacka_demo
from trygg.dialogue import services
from trygg.dialogue.models import PlaceMark, Response
from trygg.dialogue.submission import submit_response
from trygg.insight.places import min_cell_count, suppression_threshold

pytestmark = pytest.mark.browser

KEYS = ["area", "age_group", "gender", "feel_safe", "unsafe_places", "suggestions"]


@pytest.fixture
def survey(transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # No page here shows incidents; their import would add 10 s to every test.
    demo = load_kungsbacka_demo(incidents=False)
    survey = services.create_survey(
        demo.municipality, year=2026, title="Trygghet på kvällen", question_keys=KEYS
    )
    return services.open_survey(survey, closes_on=LAST_DAY)


def test_a_resident_marks_a_place_on_a_phone_that_staff_then_see_counted(
    live_server, phone_page, new_page, survey
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
    page.locator(".place-map .map-label").first.wait_for()  # the base map is drawn
    canvas.scroll_into_view_if_needed()  # below the search on a phone
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

    # Other residents: enough for the map to show anything, and one short of
    # showing the resident's cell, so the cell appears only with their mark.
    _other_residents(survey, cell=mark.h3_cell, in_cell=min_cell_count() - 1)
    staff = new_page()
    sign_in(staff)
    staff.goto(f"/staff/dialog/{survey.pk}/platser/")
    cells = staff.get_by_role("table", name="Celler på kartan")
    row = cells.get_by_role("row").filter(has_text="Mörkt eller dålig belysning")
    assert row.get_by_role("cell").nth(1).inner_text() == str(min_cell_count())
    # The resident's reason completes the others' to the minimum; their time of day,
    # theirs alone, is not published.
    assert f"Mörkt eller dålig belysning ({min_cell_count()})" in row.inner_text()
    assert "Kvällstid" not in row.inner_text()
    staff.locator(".heat-map .leaflet-interactive").first.wait_for()  # the cell is drawn
    screenshot(staff, "dialogue-staff-places")


def _other_residents(survey, *, cell: int, in_cell: int) -> None:
    area = survey.municipality.areas.get(name="Onsala")
    latitude, longitude = h3.cell_to_latlng(cell)
    for number in range(suppression_threshold()):
        places = []
        if number < in_cell:
            places = [{"latitude": latitude, "longitude": longitude, "reasons": ["dark"]}]
        submit_response(
            survey,
            {"area": area.pk, "age_group": "45-64", "feel_safe": "always", "unsafe_places": places},
            channel="open",
            submission_key=uuid.uuid4(),
        )
