"""Which municipalities border which, and the part of each neighbour a map shows.

Pure shapely, no Django. The shipped borders are simplified, so two neighbours'
outlines may leave a sliver of a few hundred metres between them or overlap a
little: a border counts as touching another within ``TOUCH_DISTANCE`` degrees.
"""

import json
from collections.abc import Mapping
from typing import Any

import shapely
from shapely.geometry import box, shape

# About 500 m: wider than the gaps the simplification leaves, narrower than any
# municipality that lies across a strait or a lake from another.
TOUCH_DISTANCE = 0.005
# How far beyond a municipality's own bounding box its map shows the neighbours
# (degrees): enough to give the border its context when the map is zoomed out.
CONTEXT_MARGIN = 0.1
# The neighbours are background; a coarser outline (about 100 m) keeps the map light.
SIMPLIFY_TOLERANCE = 0.001


def neighbour_outlines[Key](
    borders: Mapping[Key, Mapping[str, Any]],
) -> dict[Key, list[tuple[Key, dict[str, Any]]]]:
    """For every municipality, its neighbours and the part of each its map shows.

    ``borders`` maps a key (a municipality's id or code) to a GeoJSON Polygon or MultiPolygon.
    Returns the same keys, each with ``(neighbour's key, GeoJSON geometry)`` pairs in
    the order of ``borders``: the neighbour's outline clipped to the municipality's
    bounding box widened by ``CONTEXT_MARGIN``. A municipality with none has ``[]``.
    """
    keys = list(borders)
    shapes = [shapely.make_valid(shape(borders[key])) for key in keys]
    tree = shapely.STRtree(shapes)
    result: dict[Key, list[tuple[Key, dict[str, Any]]]] = {}
    for index, (key, outline) in enumerate(zip(keys, shapes, strict=True)):
        near = sorted(
            int(i) for i in tree.query(outline, predicate="dwithin", distance=TOUCH_DISTANCE)
        )
        frame = box(*outline.bounds).buffer(CONTEXT_MARGIN, join_style="mitre")
        pairs = []
        for other in near:
            if other == index:
                continue
            clipped = shapes[other].intersection(frame).simplify(SIMPLIFY_TOLERANCE)
            if clipped.is_empty or clipped.geom_type not in {"Polygon", "MultiPolygon"}:
                continue
            # Through GeoJSON text: lists, as a JSON column reads them back.
            pairs.append((keys[other], json.loads(shapely.to_geojson(clipped))))
        result[key] = pairs
    return result
