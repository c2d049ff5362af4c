"""Maps a person can read (issue 9, point 2), in a real browser at phone and desktop width.

The heat map's numbered cells match the table's; a resident marks a place with the
keyboard alone ("Mark here" at the cross); the public pages do not scroll sideways at
320 px; axe stays clean.
"""

import pytest

from e2e.helpers import assert_no_axe_violations, screenshot
from tests.factories import LAST_DAY
from trygg.demo.services import load_kungsbacka_demo
from trygg.dialogue import services
from trygg.dialogue.models import PlaceMark, Survey

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": (1366, 900), "phone": (390, 844)}


@pytest.fixture
def demo(transactional_db):
    # No page here shows incidents; their import would add 10 s to every test.
    return load_kungsbacka_demo(incidents=False)


@pytest.fixture
def open_survey(demo):
    survey = services.create_survey(
        demo.municipality, year=2026, title="Trygghet i Kungsbacka", question_keys=["unsafe_places"]
    )
    return services.open_survey(survey, closes_on=LAST_DAY)


def _overlap(one: dict, other: dict) -> bool:
    return (
        one["x"] < other["x"] + other["width"]
        and other["x"] < one["x"] + one["width"]
        and one["y"] < other["y"] + other["height"]
        and other["y"] < one["y"] + one["height"]
    )


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
def test_the_heat_maps_numbered_cells_match_the_table(live_server, new_page, demo, viewport):
    width, height = viewport
    survey = Survey.objects.filter(status=Survey.Status.CLOSED).latest("year")
    page = new_page(viewport={"width": width, "height": height})
    page.goto(f"/kommun/kungsbacka/dialog/{survey.pk}/platser/")
    page.locator(".heat-map .map-number").first.wait_for()

    table = page.get_by_role("table", name="Celler på kartan")
    rows = table.locator("tbody th[scope=row]").all_inner_texts()
    numbers_in_table = [text.split()[-1] for text in rows]
    numbers_on_map = page.locator(".heat-map .map-number").all_inner_texts()
    assert numbers_in_table and set(numbers_on_map) <= set(numbers_in_table)
    assert "1" in numbers_on_map
    # Numbers that would cover each other are left out until the map is zoomed in.
    boxes = [number.bounding_box() for number in page.locator(".heat-map .map-number").all()]
    for index, one in enumerate(boxes):
        for other in boxes[index + 1 :]:
            assert not _overlap(one, other), (one, other)
    for _ in range(3):
        page.get_by_role("button", name="Zooma in").click()
        page.wait_for_timeout(400)  # Leaflet's zoom animation
    zoomed = page.locator(".heat-map .map-number").all_inner_texts()
    assert len(zoomed) >= len(numbers_on_map) and set(zoomed) <= set(numbers_in_table)
    page.get_by_role("button", name="Zooma ut").click()
    # The base map: district names always shown, the localities, the neighbours.
    labels = page.locator(".heat-map .map-label").all_inner_texts()
    assert {"Onsala", "Särö", "Kullavik"} <= set(labels)
    assert page.locator(".map-label--neighbour").count() >= 1
    assert page.get_by_role("button", name="Zooma in").is_visible()
    # The legend folds away on a phone, and is open on a wide screen.
    legend_open = page.locator(".map-legend").evaluate("node => node.open")
    assert legend_open is (width > 640)
    # No tab stop per area or cell: the map itself is the one.
    assert page.locator(".heat-map [tabindex]:not([tabindex='-1'])").count() == 1
    screenshot(page, f"maps-heat-map-{width}", full_page=False)
    page.locator(".heat-map").scroll_into_view_if_needed()
    screenshot(page, f"maps-heat-map-{width}-map", full_page=False)
    assert_no_axe_violations(page)


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
def test_a_resident_marks_a_place_with_the_keyboard_alone(
    live_server, new_page, open_survey, viewport
):
    width, height = viewport
    page = new_page(viewport={"width": width, "height": height})
    page.goto(f"/kommun/kungsbacka/dialog/{open_survey.pk}/")
    page.get_by_role("link", name="Börja").click()
    page.locator(".place-map .map-label").first.wait_for()
    assert page.locator("[data-without-map]").is_hidden()

    search = page.get_by_label("Sök ett område eller en ort")
    search.fill("Onsala")
    search.press("Enter")  # finds the place, does not send the page
    assert page.get_by_role("status").inner_text() == "Kartan visar Onsala."
    page.locator(".place-map__canvas").focus()
    page.keyboard.press("ArrowUp")  # the map moves; the cross stays in its centre
    mark_here = page.get_by_role("button", name="Markera här")
    for _ in range(4):  # past the zoom buttons
        page.keyboard.press("Tab")
        if mark_here.evaluate("node => node === document.activeElement"):
            break
    page.keyboard.press("Enter")

    place = page.locator(".place-map__list li")
    assert place.count() == 1
    assert place.locator(".place-map__label").inner_text() == "Plats 1"
    assert page.locator(".place-map .map-number--place").inner_text() == "1"
    place.get_by_label("Mörkt eller dålig belysning").check()
    screenshot(page, f"maps-mark-here-{width}")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Skicka mina svar").click()
    page.get_by_role("heading", name="Tack för dina svar!").wait_for()

    mark = PlaceMark.objects.get(question__survey=open_survey)
    assert mark.reasons == ["dark"]
    assert mark.area.name == "Onsala"  # the map's centre was in Onsala


def test_without_scripts_a_resident_describes_several_places(live_server, new_page, open_survey):
    page = new_page(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page.goto(f"/kommun/kungsbacka/dialog/{open_survey.pk}/")
    page.get_by_role("link", name="Börja").click()
    assert page.locator("[data-without-map]").is_visible()
    fallback = page.locator(".place-fallback__place")
    assert fallback.count() == 3
    fallback.nth(0).get_by_label("Var ligger platsen? Välj område").select_option(label="Onsala")
    fallback.nth(1).get_by_label("Var ligger platsen? Välj område").select_option(label="Åsa")
    fallback.nth(1).get_by_label("Beskriv platsen").fill("Stationen")
    screenshot(page, "maps-without-scripts")
    page.get_by_role("button", name="Skicka mina svar").click()
    page.get_by_role("heading", name="Tack för dina svar!").wait_for()

    marks = PlaceMark.objects.filter(question__survey=open_survey).order_by("pk")
    assert [(mark.area.name, mark.description) for mark in marks] == [
        ("Onsala", ""),
        ("Åsa", "Stationen"),
    ]


def test_the_map_pages_do_not_scroll_sideways_at_320_px(live_server, new_page, open_survey):
    closed = Survey.objects.filter(status=Survey.Status.CLOSED).latest("year")
    page = new_page(viewport={"width": 320, "height": 640})
    for path in [f"{closed.pk}/platser/", f"{open_survey.pk}/sida/1/"]:
        if path.endswith("sida/1/"):
            page.goto(f"/kommun/kungsbacka/dialog/{open_survey.pk}/")
            page.get_by_role("link", name="Börja").click()
        else:
            page.goto(f"/kommun/kungsbacka/dialog/{path}")
        page.locator(".map-label").first.wait_for()
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
