"""The area of a GeoJSON geometry on the GRS 80 ellipsoid, in km²; no Django, no pyproj.

The geometry's longitudes and latitudes are projected with Lambert's cylindrical
equal-area projection of the *authalic* sphere (the sphere of GRS 80's surface area,
on which each geodetic latitude φ has its authalic latitude β, Snyder 1987, eq. 3-11
to 3-13): x = R_q·λ, y = R_q·sin β. That map preserves area exactly, so the planar
(shoelace) area of the projected polygon is its area on the ellipsoid, holes and
multi-polygons included (shapely does the planar part).

Precision: exact for polygons whose edges run along meridians and parallels (a 1° ×
1° quadrangle agrees with the ellipsoid's integral to 1e-9, see the tests). Any other
edge is taken as straight in the projection rather than as the geodesic (or as the
straight line in longitude/latitude GeoJSON implies); for edges of a few kilometres,
as in the simplified municipal borders, the difference is far below 0.01 % of a
municipality's area, less than the simplification itself changes it. The area is of
the border as drawn, so it holds the lakes (and, where the border runs at sea, the
sea) inside it: not SCB's land area.
"""

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import shapely
from shapely.geometry import shape

# GRS 80 (WGS 84 differs by less than 0.1 mm in the semi-minor axis).
SEMI_MAJOR_AXIS_M = 6_378_137.0
FLATTENING = 1 / 298.257222101
_E2 = FLATTENING * (2 - FLATTENING)
_E = math.sqrt(_E2)


def _q(sin_phi: np.ndarray | float) -> np.ndarray | float:
    """Snyder's q(φ), of which the authalic latitude is asin(q / q_p)."""
    e_sin = _E * sin_phi
    return (1 - _E2) * (
        sin_phi / (1 - e_sin**2) - (1 / (2 * _E)) * np.log((1 - e_sin) / (1 + e_sin))
    )


_Q_POLE = float(_q(1.0))
AUTHALIC_RADIUS_M = SEMI_MAJOR_AXIS_M * math.sqrt(_Q_POLE / 2)


def _equal_area(coordinates: np.ndarray) -> np.ndarray:
    """(longitude, latitude) rows in degrees → (x, y) rows in metres."""
    sin_beta = _q(np.sin(np.radians(coordinates[:, 1]))) / _Q_POLE
    return AUTHALIC_RADIUS_M * np.column_stack([np.radians(coordinates[:, 0]), sin_beta])


def area_km2(geometry: Mapping[str, Any]) -> float:
    """The area of a GeoJSON Polygon or MultiPolygon (WGS 84 degrees) in km²."""
    return shapely.transform(shape(geometry), _equal_area).area / 1e6
