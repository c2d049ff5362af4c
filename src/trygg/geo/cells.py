"""H3 cell helpers for hotspots and maps; pure Python, NumPy, shapely and h3 (no Django).

Cells are 64-bit H3 indexes held as ``int`` (NumPy ``int64`` in arrays), because that
is what an indexed database column and a ``GROUP BY`` work with. Every function that
takes a cell also accepts the hexadecimal string form (``"881f2528...ff"``).
``0`` (H3's null index) stands for "no cell".
"""

from collections.abc import Mapping
from typing import Any

import h3
import h3.api.basic_int as h3_int
import numpy as np
import numpy.typing as npt
import shapely
from shapely.geometry import shape

NO_CELL = 0

# One degree of latitude is about 111 km and a degree of longitude never more, so a
# step of this many degrees is never longer on the ground than the same number of
# kilometres divided by it.
_KM_PER_DEGREE = 111.0


def as_cell(cell: int | str) -> int:
    """The integer form of an H3 cell given as an integer or a hexadecimal string."""
    if isinstance(cell, str):
        return h3.str_to_int(cell)
    return int(cell)


def cells_for_points(
    latitudes: npt.ArrayLike, longitudes: npt.ArrayLike, resolution: int
) -> npt.NDArray[np.int64]:
    """The H3 cell of every point at ``resolution``.

    Takes equal-length sequences of latitudes and longitudes in degrees (WGS 84) and
    returns an ``int64`` array of cells in the same order; points with a missing
    (non-finite) coordinate get ``NO_CELL``.
    """
    latitudes = np.asarray(latitudes, dtype=float).ravel()
    longitudes = np.asarray(longitudes, dtype=float).ravel()
    if latitudes.shape != longitudes.shape:
        raise ValueError("latitudes and longitudes must have the same length")
    cells = np.full(latitudes.shape, NO_CELL, dtype=np.int64)
    finite = np.isfinite(latitudes) & np.isfinite(longitudes)
    # h3 v4 has no array form of latlng_to_cell; the C call per point is about 1 µs.
    cells[finite] = [
        h3_int.latlng_to_cell(lat, lng, resolution)
        for lat, lng in zip(latitudes[finite].tolist(), longitudes[finite].tolist(), strict=True)
    ]
    return cells


def cells_covering(geometry: Mapping[str, Any], resolution: int) -> npt.NDArray[np.int64]:
    """Every H3 cell at ``resolution`` that shares any area with a polygon.

    Takes a GeoJSON Polygon or MultiPolygon (longitude, latitude) and returns the
    sorted, unique cells as ``int64``.

    H3's own ``geo_to_cells`` keeps only cells whose centre lies inside, which leaves a
    fringe of the municipality along its border in no cell at all; a hotspot analysis
    must count events there too. So the cover is "overlap": the centre cells, plus
    every cell on or next to the border whose hexagon intersects the polygon. Every
    point inside the polygon then falls in a returned cell. (h3 4.x has this mode
    only as ``h3shape_to_cells_experimental``, without a stable API, hence our own.)
    """
    polygon = shape(geometry)
    if polygon.geom_type not in {"Polygon", "MultiPolygon"}:
        raise ValueError(f"expected a Polygon or MultiPolygon, got {polygon.geom_type}")
    centre_cells = np.array(h3_int.geo_to_cells(polygon, resolution), dtype=np.int64)

    # A cell that reaches over the border without its centre inside is crossed by the
    # border line. Walk the line in steps shorter than a cell edge: some step then falls
    # in that cell or in one of its neighbours, so the ring-1 disks around the cells of
    # the steps hold every such cell. Edges vary in length over the globe; a quarter of
    # the average leaves a wide margin.
    step = h3.average_hexagon_edge_length(resolution, unit="km") / _KM_PER_DEGREE / 4
    border_points = shapely.get_coordinates(shapely.segmentize(polygon.boundary, step))
    border_cells = np.unique(cells_for_points(border_points[:, 1], border_points[:, 0], resolution))
    candidates = {
        neighbour for cell in border_cells.tolist() for neighbour in h3_int.grid_disk(cell, 1)
    }
    candidates.difference_update(centre_cells.tolist())
    candidate_cells = np.fromiter(candidates, dtype=np.int64, count=len(candidates))
    # Not one array of rings: a cell crossing an edge of H3's icosahedron has more than
    # six vertices (in Kiruna at resolution 9, for one), so the rings differ in length.
    rings = [_boundary_lng_lat(cell) for cell in candidate_cells.tolist()]
    ring_of_vertex = np.repeat(np.arange(len(rings)), [len(ring) for ring in rings])
    vertices = np.array([vertex for ring in rings for vertex in ring], dtype=float).reshape(-1, 2)
    hexagons = shapely.polygons(shapely.linearrings(vertices, indices=ring_of_vertex))
    shapely.prepare(polygon)
    overlapping = candidate_cells[shapely.intersects(polygon, hexagons)]
    return np.unique(np.concatenate([centre_cells, overlapping]))


def cell_boundary_geojson(cell: int | str) -> dict[str, Any]:
    """The hexagon (or pentagon) of a cell as a GeoJSON Polygon, closed, in lng/lat."""
    ring = _boundary_lng_lat(as_cell(cell))
    ring.append(ring[0])
    return {"type": "Polygon", "coordinates": [ring]}


def ring(cell: int | str, k: int = 1, *, include_cell: bool = True) -> npt.NDArray[np.int64]:
    """The cells within ``k`` grid steps of ``cell``, sorted, as ``int64``.

    With ``include_cell`` (the default) this is the filled disk Gi* sums over: the cell
    and its neighbours (7 cells for ``k=1``, 6 + 1 next to a pentagon). Without it,
    only the neighbours.
    """
    centre = as_cell(cell)
    cells = np.array(sorted(h3_int.grid_disk(centre, k)), dtype=np.int64)
    if not include_cell:
        cells = cells[cells != centre]
    return cells


def _boundary_lng_lat(cell: int) -> list[list[float]]:
    return [[lng, lat] for lat, lng in h3_int.cell_to_boundary(cell)]


def ring_links(cells: npt.ArrayLike) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The ring-1 neighbour links among ``cells``, as index pairs into ``cells``.

    Takes distinct H3 cells of one resolution (``int64`` or hexadecimal strings) and
    returns ``(sources, targets)``: every pair of cells of the set that are grid
    neighbours, once, with ``sources < targets``, sorted by source then target. A
    neighbour outside the set is left out, so a cell at the border of a municipality
    has fewer links and a cell with none is isolated. This is the graph that
    :func:`trygg.stats.hotspots.getis_ord_star` takes (it adds each cell itself).
    """
    given = np.array([as_cell(cell) for cell in np.asarray(cells).ravel().tolist()], dtype=np.int64)
    order = np.argsort(given, kind="stable")
    ordered = given[order]
    if ordered.size > 1 and np.any(ordered[1:] == ordered[:-1]):
        raise ValueError("the cells must be distinct")
    # h3 v4 has no array form of grid_ring; one C call per cell (about 1 µs).
    neighbours = [h3_int.grid_ring(cell, 1) for cell in given.tolist()]
    counts = np.fromiter((len(ring) for ring in neighbours), dtype=np.int64, count=given.size)
    sources = np.repeat(np.arange(given.size, dtype=np.int64), counts)
    found = np.fromiter(
        (cell for ring in neighbours for cell in ring), dtype=np.int64, count=int(counts.sum())
    )
    position = np.searchsorted(ordered, found).clip(max=max(ordered.size - 1, 0))
    inside = ordered[position] == found
    targets = order[position[inside]]
    sources = sources[inside]
    once = sources < targets
    sources, targets = sources[once], targets[once].astype(np.int64)
    by_pair = np.lexsort((targets, sources))
    return sources[by_pair], targets[by_pair]
