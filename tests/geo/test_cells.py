import subprocess
import sys

import h3
import numpy as np
import pytest
import shapely
from shapely.geometry import Point, shape

from trygg.geo import cells

from ..stats import hotspots_reference
from .shapes import kungsbacka_border


def random_points_inside(geometry, count: int, seed: int = 1384):
    rng = np.random.default_rng(seed)
    min_x, min_y, max_x, max_y = geometry.bounds
    longitudes = rng.uniform(min_x, max_x, count * 4)
    latitudes = rng.uniform(min_y, max_y, count * 4)
    inside = shapely.contains_xy(geometry, longitudes, latitudes)
    return latitudes[inside][:count], longitudes[inside][:count]


def test_cells_for_points_agree_with_h3_point_by_point():
    latitudes, longitudes = random_points_inside(shape(kungsbacka_border()), 500)

    found = cells.cells_for_points(latitudes, longitudes, 9)

    expected = [
        h3.str_to_int(h3.latlng_to_cell(lat, lng, 9))
        for lat, lng in zip(latitudes, longitudes, strict=True)
    ]
    assert found.dtype == np.int64
    np.testing.assert_array_equal(found, expected)


def test_a_point_without_coordinates_has_no_cell():
    found = cells.cells_for_points([57.49, np.nan], [12.07, 12.07], 8)

    assert found[1] == cells.NO_CELL
    assert h3.is_valid_cell(h3.int_to_str(int(found[0])))


def test_latitudes_and_longitudes_of_different_length_are_refused():
    with pytest.raises(ValueError):
        cells.cells_for_points([57.0, 58.0], [12.0], 8)


@pytest.mark.parametrize("resolution", [7, 8, 9])
def test_the_cover_of_kungsbacka_has_no_holes(resolution):
    border = shape(kungsbacka_border())
    covering = set(cells.cells_covering(kungsbacka_border(), resolution).tolist())
    latitudes, longitudes = random_points_inside(border, 5000, seed=resolution)

    point_cells = cells.cells_for_points(latitudes, longitudes, resolution)

    assert set(point_cells.tolist()) <= covering


def test_points_near_the_border_are_covered_though_their_cell_centre_is_outside():
    border = shape(kungsbacka_border())
    resolution = 7
    centre_only = {h3.str_to_int(cell) for cell in h3.geo_to_cells(kungsbacka_border(), resolution)}
    covering = set(cells.cells_covering(kungsbacka_border(), resolution).tolist())
    latitudes, longitudes = random_points_inside(border, 20000)
    point_cells = set(cells.cells_for_points(latitudes, longitudes, resolution).tolist())

    assert point_cells - centre_only, "some points lie in cells whose centre is outside"
    assert point_cells <= covering


def test_every_cell_of_the_cover_overlaps_the_municipality():
    border = shape(kungsbacka_border())

    covering = cells.cells_covering(kungsbacka_border(), 8)

    hexagons = [shape(cells.cell_boundary_geojson(cell)) for cell in covering.tolist()]
    assert all(hexagon.intersects(border) for hexagon in hexagons)
    assert list(covering) == sorted(set(covering.tolist()))


def test_the_cover_is_h3s_own_overlap_mode():
    # h3 has the overlap mode only as an experimental function; it is the reference.
    expected = sorted(
        h3.str_to_int(cell)
        for cell in h3.h3shape_to_cells_experimental(
            h3.geo_to_h3shape(kungsbacka_border()), 8, "overlap"
        )
    )

    assert cells.cells_covering(kungsbacka_border(), 8).tolist() == expected


def test_a_polygon_smaller_than_a_cell_is_covered_by_the_cell_it_lies_in():
    tiny = {
        "type": "Polygon",
        "coordinates": [[[12.0, 57.5], [12.0001, 57.5], [12.0001, 57.5001], [12.0, 57.5]]],
    }

    covering = cells.cells_covering(tiny, 6)

    assert covering.tolist() == [h3.str_to_int(h3.latlng_to_cell(57.50005, 12.00005, 6))]


def test_a_multipolygon_with_islands_is_covered_on_every_island():
    islands = {
        "type": "MultiPolygon",
        "coordinates": [
            [[[11.0, 57.0], [11.05, 57.0], [11.05, 57.05], [11.0, 57.0]]],
            [[[12.0, 58.0], [12.05, 58.0], [12.05, 58.05], [12.0, 58.0]]],
        ],
    }

    covering = set(cells.cells_covering(islands, 7).tolist())

    island_cells = cells.cells_for_points([57.01, 58.01], [11.04, 12.04], 7)
    assert set(island_cells.tolist()) <= covering


def test_a_point_geometry_cannot_be_covered():
    with pytest.raises(ValueError):
        cells.cells_covering({"type": "Point", "coordinates": [12.0, 57.5]}, 7)


def test_the_boundary_of_a_cell_is_a_closed_polygon_around_its_centre():
    cell = h3.latlng_to_cell(57.4875, 12.0761, 9)
    lat, lng = h3.cell_to_latlng(cell)

    boundary = cells.cell_boundary_geojson(cell)

    ring = boundary["coordinates"][0]
    assert boundary["type"] == "Polygon"
    assert ring[0] == ring[-1]
    assert len(ring) == 7
    assert shape(boundary).is_valid
    assert shape(boundary).contains(Point(lng, lat))


def test_a_cell_as_text_and_as_integer_give_the_same_boundary():
    cell = h3.latlng_to_cell(57.4875, 12.0761, 9)

    assert cells.cell_boundary_geojson(cell) == cells.cell_boundary_geojson(h3.str_to_int(cell))


def test_ring_one_is_the_cell_and_its_six_neighbours():
    cell = h3.str_to_int(h3.latlng_to_cell(57.4875, 12.0761, 8))

    disk = cells.ring(cell)
    neighbours = cells.ring(cell, include_cell=False)

    assert len(disk) == 7
    assert cell in disk.tolist()
    assert len(neighbours) == 6
    assert cell not in neighbours.tolist()
    assert all(
        h3.are_neighbor_cells(h3.int_to_str(cell), h3.int_to_str(n)) for n in neighbours.tolist()
    )


def test_ring_two_holds_nineteen_cells():
    assert len(cells.ring(h3.latlng_to_cell(57.4875, 12.0761, 8), k=2)) == 19


def test_the_cell_helpers_import_no_django():
    # Statistics kernels reuse these; they must load without Django settings.
    code = (
        "import sys, trygg.geo.cells, trygg.geo.lookup; "
        "sys.exit(any(name.split('.')[0] == 'django' for name in sys.modules))"
    )

    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_ring_links_are_the_h3_neighbours_inside_the_set_once_each():
    fixture = hotspots_reference.case("h3_ring_poisson")
    given = [h3.str_to_int(cell) for cell in fixture["cells"]]

    sources, targets = cells.ring_links(given)

    assert np.all(sources < targets)
    assert sorted(zip(sources.tolist(), targets.tolist(), strict=True)) == [
        tuple(pair) for pair in fixture["links"]
    ]


def test_ring_links_index_the_cells_in_the_order_given():
    centre = cells.cells_for_points([57.4875], [12.0765], 9)[0]
    disk = cells.ring(centre, 1)[::-1]

    sources, targets = cells.ring_links([h3.int_to_str(int(cell)) for cell in disk])

    linked = {(int(disk[s]), int(disk[t])) for s, t in zip(sources, targets, strict=True)}
    centre_links = {pair for pair in linked if int(centre) in pair}
    assert len(centre_links) == 6
    # The six around the centre form a ring of six links among themselves.
    assert len(linked) == 12


def test_a_cell_without_neighbours_in_the_set_has_no_link():
    centre = cells.cells_for_points([67.855], [20.225], 9)[0]
    far = cells.ring(centre, 5, include_cell=False)[0]

    sources, targets = cells.ring_links([centre, far])

    assert sources.size == 0 and targets.size == 0


def test_ring_links_refuse_a_cell_given_twice():
    centre = cells.cells_for_points([57.4875], [12.0765], 9)[0]

    with pytest.raises(ValueError, match="distinct"):
        cells.ring_links([centre, centre])


def test_a_polygon_in_a_cell_with_seven_vertices_is_covered_by_it():
    # Near Kiruna, resolution 9 cells cross an edge of H3's icosahedron and have a
    # seventh vertex; the cover once failed building their hexagons.
    cell = h3.str_to_int("8908c5869b7ffff")
    assert len(h3.cell_to_boundary(h3.int_to_str(cell))) == 7
    lat, lng = h3.cell_to_latlng(h3.int_to_str(cell))
    vertex_lat, vertex_lng = h3.cell_to_boundary(h3.int_to_str(cell))[0]
    # A small square between the centre and a vertex: no cell's centre is inside it.
    mid_lat, mid_lng = (lat + vertex_lat) / 2, (lng + vertex_lng) / 2
    square = shapely.box(mid_lng - 1e-4, mid_lat - 5e-5, mid_lng + 1e-4, mid_lat + 5e-5)

    cover = cells.cells_covering(shapely.geometry.mapping(square), 9)

    assert cover.tolist() == [cell]
