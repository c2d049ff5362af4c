"""GeoJSON test material built from the real Kungsbacka border."""

import functools
import json
from pathlib import Path
from typing import Any

from django.conf import settings
from shapely.geometry import box, mapping, shape
from shapely.geometry.base import BaseGeometry

QUADRANT_NAMES = ("Sydväst", "Sydost", "Nordväst", "Nordost")

# Crosses itself in the middle: the classic invalid polygon.
BOW_TIE = {
    "type": "Polygon",
    "coordinates": [[[12.0, 57.40], [12.1, 57.50], [12.1, 57.40], [12.0, 57.50], [12.0, 57.40]]],
}
STOCKHOLM_SQUARE = {
    "type": "Polygon",
    "coordinates": [[[18.0, 59.30], [18.1, 59.30], [18.1, 59.35], [18.0, 59.35], [18.0, 59.30]]],
}


@functools.cache
def kungsbacka_border() -> dict[str, Any]:
    """Kungsbacka's (1384) border from the shipped reference data, as GeoJSON."""
    path = Path(settings.TRYGG_REFERENCE_DATA_DIR) / "swedish-municipalities.geojson"
    collection = json.loads(path.read_text(encoding="utf-8"))
    for feature in collection["features"]:
        if feature["properties"]["id"] == "1384":
            return feature["geometry"]
    raise LookupError("Kungsbacka is missing from the reference data")


def quadrants(border: dict[str, Any]) -> list[tuple[str, BaseGeometry]]:
    """Four districts: the border's bounding box cut in quadrants, clipped to the border."""
    polygon = shape(border)
    min_x, min_y, max_x, max_y = polygon.bounds
    mid_x, mid_y = (min_x + max_x) / 2, (min_y + max_y) / 2
    boxes = [
        box(min_x, min_y, mid_x, mid_y),
        box(mid_x, min_y, max_x, mid_y),
        box(min_x, mid_y, mid_x, max_y),
        box(mid_x, mid_y, max_x, max_y),
    ]
    return [
        (name, quadrant.intersection(polygon))
        for name, quadrant in zip(QUADRANT_NAMES, boxes, strict=True)
    ]


def feature(geometry: BaseGeometry | dict[str, Any] | None, **properties: Any) -> dict[str, Any]:
    if isinstance(geometry, BaseGeometry):
        geometry = mapping(geometry)
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def collection_bytes(*features: dict[str, Any]) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


def quadrant_features(**extra_properties: Any) -> list[dict[str, Any]]:
    return [
        feature(geometry, namn=name, **extra_properties)
        for name, geometry in quadrants(kungsbacka_border())
    ]
