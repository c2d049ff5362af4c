from itertools import combinations

import pytest
import shapely
from shapely.geometry import Point, shape

from trygg.demo.districts import DistrictError, voronoi_districts
from trygg.demo.kungsbacka import PLACES


@pytest.fixture
def districts(kungsbacka_border):
    return {
        name: shape(geometry)
        for name, geometry in voronoi_districts(kungsbacka_border, PLACES).items()
    }


def test_every_demo_place_lies_inside_kungsbackas_border(kungsbacka_border):
    border = shape(kungsbacka_border)
    outside = [
        name
        for name, (latitude, longitude) in PLACES.items()
        if not border.contains(Point(longitude, latitude))
    ]
    assert outside == []


def test_there_are_about_ten_districts_named_after_the_places(districts):
    assert 8 <= len(districts) <= 12
    assert list(districts) == list(PLACES)
    assert {"Kungsbacka stad", "Onsala", "Särö", "Kullavik", "Fjärås", "Åsa"} <= set(districts)


def test_every_district_is_a_valid_polygon_inside_the_border(districts, kungsbacka_border):
    border = shape(kungsbacka_border)
    for name, district in districts.items():
        assert district.geom_type in {"Polygon", "MultiPolygon"}, name
        assert district.is_valid, name
        assert not district.is_empty, name
        assert district.difference(border).area <= 1e-9 * border.area, name


def test_each_district_holds_its_own_place(districts):
    for name, district in districts.items():
        latitude, longitude = PLACES[name]
        assert district.contains(Point(longitude, latitude)), name


def test_the_districts_cover_the_border_within_one_percent(districts, kungsbacka_border):
    border = shape(kungsbacka_border)
    union = shapely.union_all(list(districts.values()))

    assert union.area == pytest.approx(border.area, rel=0.01)
    assert border.symmetric_difference(union).area <= 0.01 * border.area


def test_no_two_districts_overlap(districts, kungsbacka_border):
    tolerance = 1e-9 * shape(kungsbacka_border).area
    for (first, a), (second, b) in combinations(districts.items(), 2):
        assert a.intersection(b).area <= tolerance, f"{first} overlaps {second}"


def test_district_exteriors_run_counter_clockwise_as_geojson_asks(districts):
    for name, district in districts.items():
        polygons = getattr(district, "geoms", [district])
        assert all(polygon.exterior.is_ccw for polygon in polygons), name


def test_a_place_outside_the_border_is_refused(kungsbacka_border):
    with pytest.raises(DistrictError, match="Göteborg"):
        voronoi_districts(kungsbacka_border, {**PLACES, "Göteborg": (57.707, 11.967)})


def test_two_places_at_one_position_are_refused(kungsbacka_border):
    with pytest.raises(DistrictError, match="same position"):
        voronoi_districts(kungsbacka_border, {**PLACES, "Tölö": PLACES["Kungsbacka stad"]})
