import numpy as np
import pytest
from shapely.geometry import Point, box, shape

from tests.factories import AreaFactory, MunicipalityFactory
from trygg.geo.lookup import NO_AREA, AreaIndex
from trygg.geo.selectors import area_index

from .shapes import kungsbacka_border, quadrants


def slow_reference(areas, longitudes, latitudes) -> np.ndarray:
    """One shapely ``contains`` per point and area: obviously right, obviously slow."""
    located = []
    for lng, lat in zip(longitudes, latitudes, strict=True):
        point = Point(lng, lat)
        hits = [area_id for area_id, geometry in areas if geometry.contains(point)]
        located.append(min(hits) if hits else NO_AREA)
    return np.array(located)


def random_points_around(geometry, count: int, seed: int = 1384):
    rng = np.random.default_rng(seed)
    min_x, min_y, max_x, max_y = geometry.bounds
    # A margin around the bounding box so that many points fall in no area.
    longitudes = rng.uniform(min_x - 0.05, max_x + 0.05, count)
    latitudes = rng.uniform(min_y - 0.05, max_y + 0.05, count)
    return longitudes, latitudes


def test_locate_agrees_with_a_per_point_contains_on_thousands_of_random_points():
    areas = [
        (10 + number, geometry)
        for number, (_, geometry) in enumerate(quadrants(kungsbacka_border()))
    ]
    longitudes, latitudes = random_points_around(shape(kungsbacka_border()), 4000)

    located = AreaIndex(areas).locate(longitudes, latitudes)

    expected = slow_reference(areas, longitudes, latitudes)
    np.testing.assert_array_equal(located, expected)
    # The test means something only if both outcomes occur often.
    assert (located == NO_AREA).sum() > 500
    assert len(set(located.tolist()) - {NO_AREA}) == 4


def test_locate_reads_geojson_as_well_as_shapely_geometries():
    index = AreaIndex([(7, {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]})])

    np.testing.assert_array_equal(index.locate([0.9, 0.1], [0.1, 0.9]), [7, NO_AREA])


def test_a_point_in_a_hole_of_an_area_is_in_no_area():
    with_hole = box(0, 0, 4, 4).difference(box(1, 1, 3, 3))

    np.testing.assert_array_equal(AreaIndex([(1, with_hole)]).locate([2, 0.5], [2, 0.5]), [-1, 1])


def test_a_point_on_a_shared_edge_goes_to_the_smaller_id_whatever_the_order():
    left, right = box(0, 0, 1, 1), box(1, 0, 2, 1)

    assert AreaIndex([(9, left), (4, right)]).locate([1.0], [0.5])[0] == 4
    assert AreaIndex([(4, right), (9, left)]).locate([1.0], [0.5])[0] == 4


def test_points_with_missing_coordinates_are_in_no_area():
    index = AreaIndex([(1, box(0, 0, 1, 1))])

    np.testing.assert_array_equal(index.locate([np.nan, 0.5], [0.5, np.nan]), [-1, -1])


def test_the_shape_of_the_input_is_kept():
    index = AreaIndex([(1, box(0, 0, 1, 1))])

    located = index.locate(np.full((2, 3), 0.5), np.full((2, 3), 0.5))

    assert located.shape == (2, 3)
    assert located.dtype == np.int64
    assert (located == 1).all()


def test_an_empty_index_locates_nothing():
    index = AreaIndex([])

    assert len(index) == 0
    np.testing.assert_array_equal(index.locate([0.5, 1.5], [0.5, 1.5]), [-1, -1])
    assert index.locate([], []).shape == (0,)


@pytest.mark.django_db
def test_area_index_of_a_municipality_covers_only_its_own_areas():
    municipality, other = MunicipalityFactory(), MunicipalityFactory()
    west = AreaFactory(municipality=municipality, geometry=_box_geojson(12.0, 57.4, 12.1, 57.6))
    east = AreaFactory(municipality=municipality, geometry=_box_geojson(12.1, 57.4, 12.2, 57.6))
    AreaFactory(municipality=other, geometry=_box_geojson(12.0, 57.4, 12.2, 57.6))

    index = area_index(municipality)

    assert len(index) == 2
    np.testing.assert_array_equal(
        index.locate([12.05, 12.15, 13.0], [57.5, 57.5, 57.5]), [west.pk, east.pk, NO_AREA]
    )


def _box_geojson(min_x, min_y, max_x, max_y):
    return {
        "type": "Polygon",
        "coordinates": [
            [[min_x, min_y], [max_x, min_y], [max_x, max_y], [min_x, max_y], [min_x, min_y]]
        ],
    }
