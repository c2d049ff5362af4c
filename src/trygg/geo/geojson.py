"""Reading GeoJSON polygons: the one reader of the municipality and the area imports.

Both imports take a FeatureCollection of Polygons or MultiPolygons in WGS 84 and check
the whole file before anything is stored; every problem is an ``ImportProblem`` in
the user's language naming the feature (by the caller's label: "Feature 3
(“Onsala”)", "Municipality no. 12 (“Kungsbacka”)") and, for geometry, the point.
"""

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from shapely.geometry.base import BaseGeometry

from trygg.core.errors import ImportProblem
from trygg.core.imports import Source, UnreadableContent, load_json, read_bytes

from .validity import UnreadableGeometry, invalid_reason, read_geometry

# GeoJSON (RFC 7946) is always WGS 84; these are the names a file may still declare.
_WGS84_NAMES = {
    "urn:ogc:def:crs:OGC:1.3:CRS84",
    "urn:ogc:def:crs:OGC::CRS84",
    "urn:ogc:def:crs:EPSG::4326",
    "EPSG:4326",
}


def read_features(source: Source, *, when_empty: str) -> list[Any]:
    """The features of a GeoJSON FeatureCollection, or ``ImportProblem``.

    ``when_empty`` is the message for a collection without features: an empty export is
    a mistake to point out, never an import of "there are none".
    """
    try:
        collection = load_json(read_bytes(source))
    except UnreadableContent as error:
        if isinstance(source, Path):
            message = _("The file %(path)s is not valid GeoJSON: %(error)s")
        else:
            message = _("The file is not valid JSON: %(error)s")
        raise ImportProblem(message % {"path": source, "error": error.message}) from error
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        raise ImportProblem(_("The file is not a GeoJSON FeatureCollection."))
    features = collection.get("features")
    if not isinstance(features, list):
        raise ImportProblem(_("The FeatureCollection has no list of features."))
    if not features:
        raise ImportProblem(when_empty)
    crs_name = _declared_crs(collection)
    if crs_name is not None and crs_name not in _WGS84_NAMES:
        raise ImportProblem(
            _(
                "The file uses the coordinate system %(crs)s. Convert it to WGS 84 "
                "longitude and latitude (EPSG:4326), as GeoJSON requires."
            )
            % {"crs": crs_name}
        )
    return features


def _declared_crs(collection: Mapping[str, Any]) -> str | None:
    # The "crs" member is from the pre-RFC GeoJSON of 2008, but QGIS and ArcGIS still
    # write it, e.g. for SWEREF 99 TM, the coordinate system Swedish municipalities use.
    crs = collection.get("crs")
    if isinstance(crs, dict) and isinstance(crs.get("properties"), dict):
        name = crs["properties"].get("name")
        return str(name) if name is not None else None
    return None


def properties_of(feature: Any, number: int) -> Mapping[str, Any]:
    """A feature's properties (empty if it has none), or ``ImportProblem`` if it is none."""
    if not isinstance(feature, dict):
        raise ImportProblem(_("Feature %(number)d is not a GeoJSON feature.") % {"number": number})
    properties = feature.get("properties")
    return properties if isinstance(properties, dict) else {}


def text_property(properties: Mapping[str, Any], key: str) -> str:
    """A property as trimmed text; "" if missing or not a name (an object, a yes/no)."""
    value = properties.get(key)
    # Numbers are fine as names and codes (a DeSO or kommun code may come as a number).
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return ""
    return str(value).strip()


def polygon_of(feature: Mapping[str, Any], label: str) -> BaseGeometry:
    """The feature's valid, non-empty Polygon or MultiPolygon in degrees, or ``ImportProblem``."""
    try:
        geometry = read_geometry(feature.get("geometry"))
    except UnreadableGeometry as error:
        raise ImportProblem(
            _("%(feature)s: %(reason)s.") % {"feature": label, "reason": error.message}
        ) from error
    if geometry.geom_type not in {"Polygon", "MultiPolygon"}:
        raise ImportProblem(
            _("%(feature)s is a %(type)s, not a Polygon or MultiPolygon.")
            % {"feature": label, "type": geometry.geom_type}
        )
    if geometry.is_empty:
        raise ImportProblem(_("%(feature)s has an empty geometry.") % {"feature": label})
    min_x, min_y, max_x, max_y = geometry.bounds
    if not (-180 <= min_x <= max_x <= 180 and -90 <= min_y <= max_y <= 90):
        raise ImportProblem(
            _(
                "The coordinates of %(feature)s are not longitude and latitude. "
                "Convert the file to WGS 84 (EPSG:4326), e.g. from SWEREF 99 TM."
            )
            % {"feature": label}
        )
    if not geometry.is_valid:
        raise ImportProblem(
            _("%(feature)s: %(reason)s.") % {"feature": label, "reason": invalid_reason(geometry)}
        )
    return geometry
