"""Demo districts: Voronoi cells of named places, clipped to a municipality's border.

Pure shapely, no Django. The cells are drawn in a locally equal-scaled plane (a
degree of longitude is shortened by the cosine of the latitude) so that a border
between two places lies roughly halfway between them on the ground, not in degrees.
"""

import json
import math
from collections.abc import Mapping
from typing import Any

import shapely
from shapely import affinity
from shapely.geometry import MultiPoint, Point, shape
from shapely.geometry.base import BaseGeometry


class DistrictError(ValueError):
    """The places cannot be turned into districts of this border."""


def voronoi_districts(
    border: Mapping[str, Any], places: Mapping[str, tuple[float, float]]
) -> dict[str, dict[str, Any]]:
    """One district per place: the part of ``border`` nearer to it than to any other.

    ``border`` is a GeoJSON Polygon or MultiPolygon in WGS 84; ``places`` maps each
    district's name to its place's (latitude, longitude). Returns the same names, in
    the same order, each with a valid GeoJSON Polygon or MultiPolygon (exteriors
    counter-clockwise, as RFC 7946 asks). Together the districts cover the border
    without overlapping. Raises ``DistrictError`` if a place lies outside the border
    or two places coincide.
    """
    outline = shape(border)
    if outline.geom_type not in {"Polygon", "MultiPolygon"} or not outline.is_valid:
        raise DistrictError("The border is not a valid polygon.")
    if len(places) < 2:
        raise DistrictError("At least two places are needed.")
    points = {name: Point(longitude, latitude) for name, (latitude, longitude) in places.items()}
    for name, point in points.items():
        if not outline.contains(point):
            raise DistrictError(f"{name} lies outside the border.")
    if len({(point.x, point.y) for point in points.values()}) < len(points):
        raise DistrictError("Two places have the same position.")

    origin = outline.centroid
    squeeze = math.cos(math.radians(origin.y))

    def to_plane(geometry: BaseGeometry) -> BaseGeometry:
        return affinity.scale(geometry, xfact=squeeze, yfact=1.0, origin=origin)

    def from_plane(geometry: BaseGeometry) -> BaseGeometry:
        return affinity.scale(geometry, xfact=1 / squeeze, yfact=1.0, origin=origin)

    plane_border = to_plane(outline)
    # ``ordered=True`` returns the cells in the order of the input points.
    cells = shapely.voronoi_polygons(
        to_plane(MultiPoint(list(points.values()))), extend_to=plane_border, ordered=True
    )
    districts = {}
    for name, cell in zip(points, cells.geoms, strict=True):
        district = _polygonal(from_plane(cell.intersection(plane_border)))
        if district.is_empty or not district.is_valid:
            raise DistrictError(f"The district {name} came out empty or invalid.")
        districts[name] = json.loads(shapely.to_geojson(shapely.orient_polygons(district)))
    return districts


def _polygonal(geometry: BaseGeometry) -> BaseGeometry:
    """Only the areal part of ``geometry``: clipping can leave stray lines or points."""
    if geometry.geom_type in {"Polygon", "MultiPolygon"}:
        return geometry
    parts = [
        part
        for part in getattr(geometry, "geoms", [])
        if part.geom_type in {"Polygon", "MultiPolygon"}
    ]
    return shapely.union_all(parts) if parts else shapely.Polygon()
