"""Reads of the geo app: a municipality's areas, for staff, the public survey and batches.

``areas_for_staff`` is scoped to what the asking user may see; the others are the
whole municipality, for what every resident sees anyway (the survey's areas and map)
and for server-side work (imports, submissions, statistics).
"""

from typing import Any

from django.db.models import QuerySet

from trygg.tenancy.models import Municipality

from .lookup import AreaIndex
from .models import Area


def areas_for_staff(user, municipality: Municipality) -> QuerySet[Area]:
    """The areas of ``municipality`` that ``user`` may see, by name (none if no member)."""
    return Area.objects.visible_to(user).filter(municipality=municipality).order_by("name")


def municipality_areas(municipality: Municipality | int) -> QuerySet[Area]:
    """All of ``municipality``'s areas (the object or its id), by name."""
    return Area.objects.filter(municipality=municipality).order_by("name")


def area_names(municipality: Municipality | int) -> dict[int, str]:
    """The names of ``municipality``'s areas by id."""
    return dict(municipality_areas(municipality).values_list("pk", "name"))


def border_and_areas(municipality: Municipality) -> list[dict[str, Any]]:
    """GeoJSON features of the municipality's border (first, if it has one) and its areas.

    Each feature's properties are its ``kind`` ("border" or "area") and ``name``: what
    the survey's map and the heat maps draw beneath their own features.
    """
    features = []
    if municipality.border:
        features.append(_feature("border", municipality.name, municipality.border))
    features += [
        _feature("area", name, geometry)
        for name, geometry in municipality_areas(municipality).values_list("name", "geometry")
    ]
    return features


def _feature(kind: str, name: str, geometry: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "properties": {"kind": kind, "name": name}, "geometry": geometry}


def area_index(municipality: Municipality) -> AreaIndex:
    """A point → area index over all of ``municipality``'s areas.

    For server-side work (imports, statistics), not for a user's request: it is not
    scoped to a user. Build it once per batch; it reads every area's geometry.
    """
    return AreaIndex(municipality_areas(municipality).values_list("pk", "geometry"))
