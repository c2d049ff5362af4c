"""Why a polygon from an import file cannot be used, said in the user's language.

GEOS (through shapely) explains an invalid geometry in fixed English phrases with the
place of the fault, such as ``Self-intersection[12.05 57.45]``; reading a malformed
coordinate list fails with Python's own messages. Both importers of polygons (areas
and municipalities) say these through the functions here.
"""

import re
from typing import Any

import shapely
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from shapely.errors import GEOSException, ShapelyError
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

__all__ = ["UnreadableGeometry", "invalid_reason", "read_geometry"]

# "Self-intersection[12.05 57.45]": the phrase, then the point where GEOS found it.
_REASON = re.compile(r"^(?P<phrase>[^\[]+?)\s*(\[(?P<x>[^\s\]]+) (?P<y>[^\s\]]+)\])?$")

# GEOS's phrases (IsValidOp / TopologyValidationError), in the words of a map.
_PHRASES = {
    "self-intersection": lambda: _("the polygon crosses itself"),
    "ring self-intersection": lambda: _("the polygon's outline touches itself at one point"),
    "hole lies outside shell": lambda: _("a hole lies outside the polygon"),
    "holes are nested": lambda: _("a hole lies inside another hole"),
    "interior is disconnected": lambda: _("holes cut the polygon into separate parts"),
    "nested shells": lambda: _("one part of the multipolygon lies inside another"),
    "duplicate rings": lambda: _("an outline occurs twice"),
    "too few points in geometry component": lambda: _(
        "an outline has fewer than three different points"
    ),
    "invalid coordinate": lambda: _("a coordinate is not a number"),
    "ring is not closed": lambda: _("an outline does not end where it begins"),
    "repeated point": lambda: _("a point is repeated"),
}


class UnreadableGeometry(ValueError):
    """A feature's geometry is missing or malformed; ``message`` says how, translated."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _number(text: str) -> str:
    try:
        return number_format(float(text), decimal_pos=5)
    except ValueError:
        return text


def invalid_reason(geometry: BaseGeometry) -> str:
    """Why ``geometry`` is invalid, with the point where it is, e.g. "the polygon
    crosses itself at longitude 12.05000, latitude 57.45000"; empty if it is valid.

    The point is in the reader's number format (a decimal comma in Swedish).
    """
    if geometry.is_valid:
        return ""
    reason = shapely.is_valid_reason(geometry)
    match = _REASON.match(reason.strip())
    phrase = match["phrase"].strip().casefold() if match else ""
    explain = _PHRASES.get(phrase)
    text = explain() if explain else _("the geometry is not a valid polygon")
    if match and match["x"] and match["y"] and "nan" not in (match["x"] + match["y"]).lower():
        return _("%(reason)s at longitude %(x)s, latitude %(y)s") % {
            "reason": text,
            "x": _number(match["x"]),
            "y": _number(match["y"]),
        }
    return text


def read_geometry(geometry: Any) -> BaseGeometry:
    """A GeoJSON geometry object as a shapely geometry, or ``UnreadableGeometry``."""
    if not isinstance(geometry, dict) or "type" not in geometry:
        raise UnreadableGeometry(_("the geometry is missing"))
    if not isinstance(geometry.get("coordinates"), list):
        raise UnreadableGeometry(_("the geometry has no list of coordinates"))
    try:
        return shape(geometry)
    except (ShapelyError, GEOSException, TypeError, ValueError, IndexError, KeyError) as error:
        if "linearring requires at least 4 coordinates" in str(error).lower():
            raise UnreadableGeometry(
                _("an outline of the polygon has fewer than three different points")
            ) from error
        if "unknown geometry type" in str(error).lower():
            raise UnreadableGeometry(
                _("the geometry has the unknown type %(type)s") % {"type": geometry["type"]}
            ) from error
        raise UnreadableGeometry(
            _(
                "the coordinates cannot be read; each point must be a pair of numbers, "
                "longitude and latitude"
            )
        ) from error
