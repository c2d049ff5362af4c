"""The heat map of unsafe places: cells counted in SQL, no point shown, small cells withheld."""

import json
from html.parser import HTMLParser

import h3
import h3.api.basic_int as h3_int
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import LAST_DAY, AreaFactory, MunicipalityFactory, ResponseFactory, member
from trygg.dialogue import services
from trygg.dialogue.models import PlaceMark
from trygg.dialogue.submission import PLACE_RESOLUTION
from trygg.geo.cells import cell_boundary_geojson
from trygg.insight.places import (
    CountClass,
    count_classes,
    place_map,
    public_place_map,
)
from trygg.tenancy.models import Role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

KEYS = ["area", "unsafe_places", "suggestions"]
WEST = {
    "type": "Polygon",
    "coordinates": [[[12.0, 57.4], [12.1, 57.4], [12.1, 57.6], [12.0, 57.6], [12.0, 57.4]]],
}
EAST = {
    "type": "Polygon",
    "coordinates": [[[12.1, 57.4], [12.2, 57.4], [12.2, 57.6], [12.1, 57.6], [12.1, 57.4]]],
}


def points_in_one_cell(latitude: float, longitude: float, count: int) -> list[tuple[float, float]]:
    """``count`` distinct points, with many decimals, in the H3 cell of the given point."""
    cell = h3_int.latlng_to_cell(latitude, longitude, PLACE_RESOLUTION)
    centre_lat, centre_lng = h3_int.cell_to_latlng(cell)
    points = [
        (centre_lat + 0.0000731 * i + 0.00000013, centre_lng + 0.0000917 * i + 0.00000029)
        for i in range(1, count + 1)
    ]
    assert {h3_int.latlng_to_cell(lat, lng, PLACE_RESOLUTION) for lat, lng in points} == {cell}
    return points


# Cell A (Onsala, west), cell B (Centrum, east), cell C (two respondents only).
A = points_in_one_cell(57.45, 12.05, 6)
B = points_in_one_cell(57.55, 12.15, 3)
C = points_in_one_cell(57.5, 12.03, 2)


@pytest.fixture(autouse=True)
def _english_pages(client):
    """Pages in English, so that the checks of their text hold once Swedish is added."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture(autouse=True)
def _thresholds(settings):
    settings.TRYGG_MAP_MIN_CELL_COUNT = 3
    settings.TRYGG_SUPPRESSION_THRESHOLD = 5


@pytest.fixture
def onsala(kungsbacka):
    return AreaFactory(municipality=kungsbacka, name="Onsala", geometry=WEST)


@pytest.fixture
def centrum(kungsbacka):
    return AreaFactory(municipality=kungsbacka, name="Centrum", geometry=EAST)


@pytest.fixture
def survey(kungsbacka, onsala, centrum):
    survey = services.create_survey(kungsbacka, year=2026, title="Trygghet", question_keys=KEYS)
    return services.open_survey(survey, closes_on=LAST_DAY)


def place(point, reasons=(), times=(), description=""):
    return {
        "latitude": point[0],
        "longitude": point[1],
        "reasons": list(reasons),
        "times": list(times),
        "description": description,
    }


def respond(survey, home, places, *, flagged=False, suggestions=""):
    return ResponseFactory(
        survey=survey,
        answers={"area": home.pk, "unsafe_places": places, "suggestions": suggestions},
        flagged=flagged,
    )


@pytest.fixture
def answered(survey, onsala, centrum):
    """Cell A: 4 respondents; cell B: 3; cell C: 2 (withheld); one respondent without places."""
    respond(survey, onsala, [place(A[0], ["dark", "isolated"], ["evening"])])
    respond(survey, onsala, [place(A[1], ["dark"], ["evening", "night"])])
    # Two places in cell A from one respondent: counted once, reasons once each.
    respond(
        survey,
        centrum,
        [place(A[2], ["dark", "drugs"], ["night"]), place(A[3], ["dark"], ["night"])],
    )
    respond(survey, centrum, [place(A[4], ["gathering"], []), place(B[0], ["traffic"], ["day"])])
    respond(survey, centrum, [place(B[1], ["traffic"], ["day"]), place(C[0], ["dark"], [])])
    respond(survey, onsala, [place(B[2], ["traffic", "dark"], ["day", "evening"])])
    respond(survey, onsala, [place(C[1], ["drugs"], ["night"])])
    respond(survey, onsala, [])
    return survey


def tallies(items):
    return [(tally.value, tally.count) for tally in items]


def cell_of(points):
    return h3_int.latlng_to_cell(*points[0], PLACE_RESOLUTION)


def test_cells_count_respondents_and_what_they_said_per_cell(answered):
    result = place_map(answered)
    assert result.respondents == 8
    assert [(cell.number, cell.cell) for cell in result.cells] == [(1, cell_of(A)), (2, cell_of(B))]
    a, b = result.cells
    assert (a.respondents, a.marks) == (4, 5)
    # Reasons and times named by fewer than three respondents are not published.
    assert dict(tallies(a.reasons)) == {"dark": 3}
    assert dict(tallies(a.times)) == {}
    assert (b.respondents, b.marks) == (3, 3)
    assert tallies(b.reasons) == [("traffic", 3)]
    assert tallies(b.times) == [("day", 3)]
    assert a.share_percent == pytest.approx(50.0)
    assert b.share_percent == pytest.approx(37.5)


def test_equal_counts_keep_the_question_banks_order(survey, onsala):
    for point in A[:3]:
        respond(survey, onsala, [place(point, ["isolated", "drugs", "dark"], ["night", "day"])])
    [a] = place_map(survey).cells
    # Bank order: dark, gathering, drugs, traffic, isolated, …; day, evening, night, weekend.
    assert tallies(a.reasons) == [("dark", 3), ("drugs", 3), ("isolated", 3)]
    assert tallies(a.times) == [("day", 3), ("night", 3)]


def test_each_cell_is_named_by_the_area_its_centre_lies_in(answered):
    assert [cell.area_name for cell in place_map(answered).cells] == ["Onsala", "Centrum"]


def test_a_cell_with_two_respondents_is_withheld_and_its_marks_reported(answered):
    result = place_map(answered)
    assert cell_of(C) not in {cell.cell for cell in result.cells}
    assert result.withheld_marks == 2
    assert result.shown_marks == 8


def test_one_respondent_marking_a_cell_three_times_does_not_make_it_public(survey, onsala):
    respond(survey, onsala, [place(point, ["dark"]) for point in A[:3]])
    result = place_map(survey)
    assert result.cells == ()
    assert result.withheld_marks == 3


def test_the_setting_can_raise_the_cell_rule_but_not_lower_it(answered, settings):
    settings.TRYGG_MAP_MIN_CELL_COUNT = 1
    assert [cell.cell for cell in place_map(answered).cells] == [cell_of(A), cell_of(B)]
    settings.TRYGG_MAP_MIN_CELL_COUNT = 4
    result = place_map(answered)
    assert [cell.cell for cell in result.cells] == [cell_of(A)]
    assert result.withheld_marks == 5


def test_the_aggregation_is_grouped_in_sql_and_never_reads_a_point(answered):
    with CaptureQueriesContext(connection) as queries:
        place_map(answered)
    sql = [query["sql"] for query in queries.captured_queries]
    assert any("GROUP BY" in statement and "h3_cell" in statement for statement in sql)
    assert any("HAVING" in statement for statement in sql)
    assert not any("latitude" in statement or "longitude" in statement for statement in sql)


def test_marks_without_a_point_are_counted_per_area_under_the_same_rule(survey, onsala, centrum):
    for reasons in (["dark"], ["dark", "drugs"], ["isolated"]):
        respond(survey, onsala, [{"area": onsala.pk, "reasons": reasons, "times": ["night"]}])
    respond(survey, centrum, [{"area": centrum.pk, "reasons": ["dark"], "description": "Tunneln"}])
    result = place_map(survey)
    assert [(area.area_name, area.respondents) for area in result.areas] == [("Onsala", 3)]
    # "dark" (2), "drugs" and "isolated" (1 each) rest on too few respondents to list.
    assert tallies(result.areas[0].reasons) == []
    assert tallies(result.areas[0].times) == [("night", 3)]
    assert result.withheld_marks == 1


def test_flagged_responses_are_left_out_unless_asked_for(survey, onsala):
    for point in A[:2]:
        respond(survey, onsala, [place(point, ["dark"])])
    respond(survey, onsala, [place(A[2], ["drugs"])], flagged=True)
    assert place_map(survey).cells == ()
    assert place_map(survey).respondents == 2
    included = place_map(survey, include_flagged=True)
    assert [cell.respondents for cell in included.cells] == [3]
    assert included.respondents == 3


def test_count_classes_are_equal_width_whole_numbers_from_the_rule():
    assert count_classes([], 3) == ()
    assert count_classes([3], 3) == (CountClass(1, 3, 3),)
    assert count_classes([3, 4], 3) == (CountClass(1, 3, 3), CountClass(2, 4, 4))
    assert count_classes([3, 12, 40], 3) == (
        CountClass(1, 3, 10),
        CountClass(2, 11, 18),
        CountClass(3, 19, 26),
        CountClass(4, 27, 34),
        CountClass(5, 35, 40),
    )


def test_the_public_map_shows_nothing_below_the_suppression_threshold(answered, settings):
    settings.TRYGG_SUPPRESSION_THRESHOLD = 9
    result = public_place_map(answered)
    assert result.suppressed
    assert (result.cells, result.areas) == ((), ())
    settings.TRYGG_SUPPRESSION_THRESHOLD = 8
    assert [cell.cell for cell in public_place_map(answered).cells] == [cell_of(A), cell_of(B)]


# --- Pages and GeoJSON --------------------------------------------------------------------


def staff_urls(survey):
    return [
        reverse("insight:places", kwargs={"pk": survey.pk}),
        reverse("insight:places", kwargs={"pk": survey.pk}) + "?flagged=1",
        reverse("insight:places_geojson", kwargs={"pk": survey.pk}),
        reverse("insight:places_geojson", kwargs={"pk": survey.pk}) + "?flagged=1",
        reverse("insight:free_text", kwargs={"pk": survey.pk}),
    ]


def public_urls(survey, slug="kungsbacka"):
    kwargs = {"municipality": slug, "pk": survey.pk}
    return [
        reverse("insight_public:places", kwargs=kwargs),
        reverse("insight_public:places_geojson", kwargs=kwargs),
    ]


@pytest.fixture
def closed(answered):
    return services.close_survey(answered)


@pytest.fixture
def coordinator_client(client, kungsbacka):
    client.force_login(member(kungsbacka, Role.COORDINATOR))
    return client


def bodies(client, urls):
    result = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        result[url] = response.content.decode()
    return result


def test_the_geojson_holds_the_border_the_areas_and_the_shown_cells(client, closed):
    response = client.get(public_urls(closed)[1])
    assert response["Content-Type"] == "application/json"
    data = response.json()
    kinds = [feature["properties"]["kind"] for feature in data["features"]]
    # The base map (here no neighbours are stored), Kungsbacka's localities, the cells.
    assert kinds == ["border", "area", "area", *["locality"] * 11, "cell", "cell"]
    first = data["features"][-2]
    assert first["geometry"] == json.loads(json.dumps(cell_boundary_geojson(cell_of(A))))
    assert first["properties"] | {"reasons": None, "times": None} == {
        "kind": "cell",
        "number": 1,
        "cell": h3.int_to_str(cell_of(A)),
        "count": 4,
        "share": 0.5,
        "area": "Onsala",
        "reasons": None,
        "times": None,
        "level": 2,
    }
    assert first["properties"]["reasons"][0] == {
        "value": "dark",
        "label": "Dark or poor lighting",
        "count": 3,
    }
    # Two withheld marks are fewer than the minimum: published as null ("fewer than 3").
    assert data["withheld_marks"] is None
    assert data["classes"] == [{"level": 1, "low": 3, "high": 3}, {"level": 2, "low": 4, "high": 4}]


def test_no_stored_coordinate_of_any_mark_appears_in_any_response(coordinator_client, closed):
    pages = bodies(coordinator_client, staff_urls(closed) + public_urls(closed))
    coordinates = PlaceMark.objects.values_list("latitude", "longitude")
    for url, body in pages.items():
        for latitude, longitude in coordinates:
            for value in (latitude, longitude):
                assert repr(value) not in body, url
                assert f"{value:.6f}" not in body, url


def test_a_withheld_cell_leaves_no_trace_in_the_geojson_or_the_html(coordinator_client, closed):
    withheld = cell_of(C)
    vertices = cell_boundary_geojson(withheld)["coordinates"][0]
    pages = bodies(coordinator_client, staff_urls(closed) + public_urls(closed))
    for url, body in pages.items():
        assert format(withheld, "x") not in body, url
        assert str(withheld) not in body, url
        for lng, lat in vertices:
            assert repr(lng) not in body and repr(lat) not in body, url
        if "geojson" in url:
            cells = [
                feature
                for feature in json.loads(body)["features"]
                if feature["properties"]["kind"] == "cell"
            ]
            assert [feature["properties"]["count"] for feature in cells] == [4, 3]


def test_the_table_lists_every_shown_cell_without_scripts(client, closed):
    page = client.get(public_urls(closed)[0]).content.decode()
    assert "Cells on the map" in page
    assert page.count('<th scope="row">') == 2
    assert "Dark or poor lighting (3)" in page
    assert "Traffic (3)" in page
    assert "50.0 %" in page and "37.5 %" in page
    assert "Fewer than 3 marked places are in cells or areas with fewer respondents" in page


@pytest.mark.parametrize("status", ["draft", "open"])
def test_the_public_map_is_not_found_before_the_survey_has_closed(client, survey, status):
    if status == "draft":
        survey.status = "draft"
        survey.save()
    for url in public_urls(survey):
        assert client.get(url).status_code == 404, url


def test_the_public_map_is_not_found_under_another_municipalitys_address(client, closed):
    MunicipalityFactory(name="Varberg", code="1383", slug="varberg")
    for url in public_urls(closed, slug="varberg"):
        assert client.get(url).status_code == 404, url


def test_the_public_page_says_why_nothing_is_shown_below_the_threshold(client, closed, settings):
    settings.TRYGG_SUPPRESSION_THRESHOLD = 30
    page = client.get(public_urls(closed)[0]).content.decode()
    assert "Fewer than 30 residents answered the survey" in page
    assert "Cells on the map" not in page
    assert "heat-map.js" not in page
    data = client.get(public_urls(closed)[1]).json()
    assert data["suppressed"] is True
    assert {f["properties"]["kind"] for f in data["features"]} == {"border", "area", "locality"}
    assert "withheld_marks" not in data


def test_staff_see_the_same_cells_while_the_survey_is_open(coordinator_client, answered):
    data = coordinator_client.get(staff_urls(answered)[2]).json()
    counts = [
        f["properties"]["count"] for f in data["features"] if f["properties"]["kind"] == "cell"
    ]
    assert counts == [4, 3]
    page = coordinator_client.get(staff_urls(answered)[0]).content.decode()
    assert "The public map is published when the survey has closed." in page


def test_staff_of_another_municipality_find_nothing(client, closed):
    varberg = MunicipalityFactory(name="Varberg", code="1383", slug="varberg")
    client.force_login(member(varberg, Role.ADMIN))
    for url in staff_urls(closed):
        assert client.get(url).status_code == 404, url


def test_a_viewer_sees_the_map_but_not_the_free_text(client, kungsbacka, closed):
    client.force_login(member(kungsbacka, Role.VIEWER))
    assert client.get(staff_urls(closed)[0]).status_code == 200
    assert client.get(staff_urls(closed)[2]).status_code == 200
    assert client.get(staff_urls(closed)[4]).status_code == 403


class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "style" in attrs or any(name.startswith("on") for name in attrs):
            self.problems.append(f"inline style or handler on <{tag}>")
        if tag == "style":
            self.problems.append("<style> element")
        if tag == "script" and (not attrs.get("nonce") or not attrs.get("src")):
            self.problems.append("inline script or script without nonce")
        for name in ("src", "href"):
            value = attrs.get(name) or ""
            if value.startswith(("http:", "https:", "//")):
                self.problems.append(f"<{tag}> loads {value}")


def test_map_pages_need_no_inline_style_or_script_and_load_nothing_from_elsewhere(
    coordinator_client, closed
):
    urls = [staff_urls(closed)[0], public_urls(closed)[0]]
    for url, body in bodies(coordinator_client, urls).items():
        page = Page()
        page.feed(body)
        assert page.problems == [], url
        assert "heat-map.js" in body and "vendor/leaflet/leaflet.js" in body, url
