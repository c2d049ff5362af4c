"""Writes to the geo app: importing a municipality's areas from GeoJSON."""

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import shapely
from django.db import transaction
from django.utils.translation import gettext as _
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry

from trygg.core.errors import ImportProblem
from trygg.core.imports import Source, UnreadableContent, load_json, read_bytes
from trygg.tenancy.models import Municipality

from .models import Area
from .validity import UnreadableGeometry, invalid_reason, read_geometry

# Municipal borders in the reference data are simplified, so a district drawn on the
# true border pokes out of them a little; up to this share of its area may be outside.
OUTSIDE_TOLERANCE = 0.01

_NAME_MAX_LENGTH = Area._meta.get_field("name").max_length
_CODE_MAX_LENGTH = Area._meta.get_field("code").max_length
# GeoJSON (RFC 7946) is always WGS 84; these are the names a file may still declare.
_WGS84_NAMES = {
    "urn:ogc:def:crs:OGC:1.3:CRS84",
    "urn:ogc:def:crs:OGC::CRS84",
    "urn:ogc:def:crs:EPSG::4326",
    "EPSG:4326",
}


@dataclass(frozen=True)
class ImportResult:
    """What an import did (or, in a dry run, would do): counts and names in file order."""

    created: int
    updated: int
    names: tuple[str, ...]


@dataclass(frozen=True)
class _ValidArea:
    name: str
    code: str | None
    geometry: dict[str, Any]


def import_areas(
    municipality: Municipality,
    source: Source,
    *,
    name_property: str,
    code_property: str | None = None,
    dry_run: bool = False,
) -> ImportResult:
    """Create or update ``municipality``'s areas from a GeoJSON FeatureCollection.

    ``source`` is a path, the file's bytes, or an open binary file such as an upload.
    Each feature needs a name in ``name_property`` (and a code in ``code_property`` if
    one is given) and a valid Polygon or MultiPolygon inside the municipality's border.
    The whole file is checked first; on the first problem ``ImportProblem`` is raised
    with a message naming the feature and nothing is stored. Areas are matched by name,
    so importing the same file again changes nothing; areas missing from the file are
    kept. Without ``code_property`` existing codes are left as they are.
    """
    if not municipality.border:
        raise ImportProblem(
            _("%(municipality)s has no border yet; load the municipalities first.")
            % {"municipality": municipality}
        )
    border = shape(municipality.border)
    shapely.prepare(border)
    features = _read_features(source)
    valid_areas: list[_ValidArea] = []
    feature_of_name: dict[str, int] = {}
    for number, feature in enumerate(features, start=1):
        area = _check_feature(feature, number, municipality, border, name_property, code_property)
        if area.name in feature_of_name:
            raise ImportProblem(
                _("The name '%(area)s' occurs twice, in features %(first)d and %(second)d.")
                % {"area": area.name, "first": feature_of_name[area.name], "second": number}
            )
        feature_of_name[area.name] = number
        valid_areas.append(area)

    names = tuple(area.name for area in valid_areas)
    existing = set(
        Area.objects.filter(municipality=municipality, name__in=names).values_list(
            "name", flat=True
        )
    )
    if not dry_run:
        with transaction.atomic():
            for area in valid_areas:
                fields: dict[str, Any] = {"geometry": area.geometry}
                if area.code is not None:
                    fields["code"] = area.code
                Area.objects.update_or_create(
                    municipality=municipality, name=area.name, defaults=fields
                )
    return ImportResult(created=len(names) - len(existing), updated=len(existing), names=names)


def _read_features(source: Source) -> list[Any]:
    """The features of a GeoJSON FeatureCollection, or ``ImportProblem``."""
    try:
        collection = load_json(read_bytes(source))
    except UnreadableContent as error:
        raise ImportProblem(
            _("The file is not valid JSON: %(error)s") % {"error": error.message}
        ) from error
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        raise ImportProblem(_("The file is not a GeoJSON FeatureCollection."))
    features = collection.get("features")
    if not isinstance(features, list):
        raise ImportProblem(_("The FeatureCollection has no list of features."))
    if not features:
        # Never read as "the municipality has no areas": missing areas are kept anyway,
        # and an empty export is a mistake to point out, not an import of nothing.
        raise ImportProblem(
            _("The file has no features; nothing was imported and the existing areas are kept.")
        )
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


def _check_feature(
    feature: Any,
    number: int,
    municipality: Municipality,
    border: BaseGeometry,
    name_property: str,
    code_property: str | None,
) -> _ValidArea:
    """One feature as an area to store, or ``ImportProblem`` naming the feature."""
    if not isinstance(feature, dict):
        raise ImportProblem(_("Feature %(number)d is not a GeoJSON feature.") % {"number": number})
    properties = feature.get("properties")
    if not isinstance(properties, dict):
        properties = {}
    name = _text_property(properties, name_property)
    if not name:
        raise ImportProblem(
            _("Feature %(number)d has no name in the property '%(property)s'.")
            % {"number": number, "property": name_property}
        )
    if len(name) > _NAME_MAX_LENGTH:
        raise ImportProblem(
            _("The name of feature %(number)d is longer than %(limit)d characters.")
            % {"number": number, "limit": _NAME_MAX_LENGTH}
        )
    code = None
    if code_property:
        code = _text_property(properties, code_property)
        if not code:
            raise ImportProblem(
                _("The area '%(area)s' has no code in the property '%(property)s'.")
                % {"area": name, "property": code_property}
            )
        if len(code) > _CODE_MAX_LENGTH:
            raise ImportProblem(
                _("The code of the area '%(area)s' is longer than %(limit)d characters.")
                % {"area": name, "limit": _CODE_MAX_LENGTH}
            )

    geometry = _polygon_of(feature, number, name)
    _refuse_if_outside(geometry, border, municipality, name)
    return _ValidArea(name=name, code=code, geometry=_as_geojson(geometry))


def _text_property(properties: Mapping[str, Any], key: str) -> str:
    value = properties.get(key)
    # Numbers are fine as names and codes (a DeSO code may come as a number), but a
    # nested object or a yes/no is not a name.
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return ""
    return str(value).strip()


def _polygon_of(feature: Mapping[str, Any], number: int, name: str) -> BaseGeometry:
    try:
        geometry = read_geometry(feature.get("geometry"))
    except UnreadableGeometry as error:
        raise ImportProblem(
            _("Feature %(number)d (“%(area)s”): %(reason)s.")
            % {"number": number, "area": name, "reason": error.message}
        ) from error
    if geometry.geom_type not in {"Polygon", "MultiPolygon"}:
        raise ImportProblem(
            _("The area '%(area)s' is a %(type)s, not a Polygon or MultiPolygon.")
            % {"area": name, "type": geometry.geom_type}
        )
    if geometry.is_empty:
        raise ImportProblem(_("The area '%(area)s' has an empty geometry.") % {"area": name})
    min_x, min_y, max_x, max_y = geometry.bounds
    if not (-180 <= min_x <= max_x <= 180 and -90 <= min_y <= max_y <= 90):
        raise ImportProblem(
            _(
                "The coordinates of the area '%(area)s' are not longitude and latitude. "
                "Convert the file to WGS 84 (EPSG:4326), e.g. from SWEREF 99 TM."
            )
            % {"area": name}
        )
    if not geometry.is_valid:
        raise ImportProblem(
            _("Feature %(number)d (“%(area)s”): %(reason)s.")
            % {"number": number, "area": name, "reason": invalid_reason(geometry)}
        )
    return geometry


def _refuse_if_outside(
    geometry: BaseGeometry, border: BaseGeometry, municipality: Municipality, name: str
) -> None:
    if border.contains(geometry):
        return
    # Shares of areas in degrees are distorted alike for both parts of one district,
    # so their ratio needs no projection.
    outside_share = geometry.difference(border).area / geometry.area
    if outside_share >= OUTSIDE_TOLERANCE:
        raise ImportProblem(
            _(
                "The area '%(area)s' lies outside %(municipality)s: "
                "%(percent)d %% of it is outside the border."
            )
            % {
                "area": name,
                "municipality": municipality,
                "percent": max(1, round(outside_share * 100)),
            }
        )


def _as_geojson(geometry: BaseGeometry) -> dict[str, Any]:
    # Stored without a third coordinate and with lists, as it reads back from JSON.
    return json.loads(json.dumps(mapping(shapely.force_2d(geometry))))
