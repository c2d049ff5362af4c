"""Reads of the geo app: a municipality's areas, for staff, the public survey and batches.

``areas_for_staff`` is scoped to what the asking user may see; the others are the
whole municipality, for what every resident sees anyway (the survey's areas and map)
and for server-side work (imports, submissions, statistics).
"""

import csv
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import h3.api.basic_int as h3_int
from django.db.models import QuerySet

from trygg.tenancy.models import Municipality

from .lookup import NO_AREA, AreaIndex
from .models import Area, Landmark, Neighbour

# Trygg's own list of named localities, shipped in the package (see data/README.md).
LOCALITIES_FILE = Path(__file__).resolve().parent.parent / "data" / "localities.csv"
# A place is named after a locality only this close to the locality's centre point:
# the file has a point, not an outline, and a small town's built-up area is a few km
# across, so further out a name would mislead more than help.
LOCALITY_RADIUS_KM = 2.0
# A cell is named after a named place this close to its centre: about one and a half
# cells of resolution 9 (edge 0.17 km), so the place lies in the cell or touches it.
LANDMARK_RADIUS_KM = 0.25


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


@dataclass(frozen=True, slots=True)
class Locality:
    """A named locality (tätort) as a point, for labelling a map without a base map."""

    name: str
    latitude: float
    longitude: float


@cache
def _localities_by_code() -> dict[str, tuple[Locality, ...]]:
    # A file in the package that changes only with a release: read once per process.
    found: dict[str, list[Locality]] = {}
    with LOCALITIES_FILE.open(encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            found.setdefault(row["kommun_kod"], []).append(
                Locality(row["name"], float(row["latitude"]), float(row["longitude"]))
            )
    return {code: tuple(items) for code, items in found.items()}


def localities(municipality: Municipality) -> tuple[Locality, ...]:
    """The named localities of ``municipality`` (by its kommunkod), by name; may be none."""
    return tuple(
        sorted(_localities_by_code().get(municipality.code, ()), key=lambda item: item.name)
    )


def base_map(municipality: Municipality) -> list[dict[str, Any]]:
    """GeoJSON features for a map without a base map: what lies around and inside.

    In drawing order: the neighbouring municipalities (``kind`` "neighbour", their
    outline near the border), the border and the areas (as :func:`border_and_areas`)
    and the named localities (``kind`` "locality", Points). Every feature has a
    ``name``. The neighbours are stored when the borders are loaded, not computed here.
    """
    neighbours = (
        Neighbour.objects.filter(municipality=municipality)
        .order_by("neighbour__name")
        .values_list("neighbour__name", "outline")
    )
    return [
        *(_feature("neighbour", name, outline) for name, outline in neighbours),
        *border_and_areas(municipality),
        *(
            _feature(
                "locality",
                place.name,
                {"type": "Point", "coordinates": [place.longitude, place.latitude]},
            )
            for place in localities(municipality)
        ),
    ]


def _feature(kind: str, name: str, geometry: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "properties": {"kind": kind, "name": name}, "geometry": geometry}


def area_index(municipality: Municipality) -> AreaIndex:
    """A point → area index over all of ``municipality``'s areas.

    For server-side work (imports, statistics), not for a user's request: it is not
    scoped to a user. Build it once per batch; it reads every area's geometry.
    """
    return AreaIndex(municipality_areas(municipality).values_list("pk", "geometry"))


def cell_area_names(municipality: Municipality, cells: Sequence[int]) -> list[str]:
    """The name of the area each H3 cell's centre lies in ("" where none), in order."""
    if not cells:
        return []
    centres = [h3_int.cell_to_latlng(cell) for cell in cells]
    located = area_index(municipality).locate(
        [lng for _, lng in centres], [lat for lat, _ in centres]
    )
    names = area_names(municipality)
    return [names.get(int(area_id), "") if area_id != NO_AREA else "" for area_id in located]


def cell_localities(municipality: Municipality, cells: Sequence[int]) -> list[str]:
    """The nearest named locality within ``LOCALITY_RADIUS_KM`` of each cell's centre.

    "" for a cell with none that close (open country, or a municipality with no
    localities in the file).
    """
    return _nearest_names(localities(municipality), cells, LOCALITY_RADIUS_KM)


def municipality_landmarks(municipality: Municipality) -> QuerySet[Landmark]:
    """The places ``municipality``'s staff have named, by name."""
    return Landmark.objects.filter(municipality=municipality).order_by("name")


@dataclass(frozen=True, slots=True)
class CellName:
    """What a cell lies in and near: its area, the nearest locality within
    ``LOCALITY_RADIUS_KM`` and the nearest named place within ``LANDMARK_RADIUS_KM``
    ("" for each where none)."""

    area: str
    locality: str
    landmark: str

    @property
    def near(self) -> str:
        """The named place it is at, else the locality."""
        return self.landmark or self.locality

    def __str__(self) -> str:
        """As a resident would recognise it: "Kungsbacka resecentrum", else its area
        and locality ("Särö, Kullavik"; one of them where they are the same or one is
        missing), else ""."""
        return self.landmark or ", ".join(
            dict.fromkeys(part for part in (self.area, self.locality) if part)
        )


def cell_names(municipality: Municipality, cells: Sequence[int]) -> list[CellName]:
    """The names of each H3 cell, in order."""
    return [
        CellName(area, locality, landmark)
        for area, locality, landmark in zip(
            cell_area_names(municipality, cells),
            cell_localities(municipality, cells),
            _nearest_names(municipality_landmarks(municipality), cells, LANDMARK_RADIUS_KM),
            strict=True,
        )
    ]


def cell_place_names(municipality: Municipality, cells: Sequence[int]) -> list[str]:
    """Each cell's name as a resident would recognise it (``str`` of its ``CellName``)."""
    return [str(name) for name in cell_names(municipality, cells)]


def _nearest_names(
    places: Iterable[Locality | Landmark], cells: Sequence[int], radius_km: float
) -> list[str]:
    points = [(place.latitude, place.longitude, place.name) for place in places]
    names = []
    for cell in cells:
        centre = h3_int.cell_to_latlng(cell)
        distance, name = min(
            (
                (h3_int.great_circle_distance(centre, (lat, lng), unit="km"), name)
                for lat, lng, name in points
            ),
            default=(math.inf, ""),
        )
        names.append(name if distance <= radius_km else "")
    return names
