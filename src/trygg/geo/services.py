"""Writes to the geo app: the municipalities' borders and their areas, from GeoJSON, and
the places staff name on their maps."""

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import shapely
from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.utils.text import slugify
from django.utils.translation import gettext as _
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry

from trygg.core.errors import DomainError, ImportProblem
from trygg.core.imports import Source
from trygg.tenancy.models import Municipality

from .geojson import polygon_of, properties_of, read_features, text_property
from .models import Area, Landmark, Neighbour
from .neighbours import neighbour_outlines

# Municipal borders in the reference data are simplified, so a district drawn on the
# true border pokes out of them a little; up to this share of its area may be outside.
OUTSIDE_TOLERANCE = 0.01

_NAME_MAX_LENGTH = Area._meta.get_field("name").max_length
_CODE_MAX_LENGTH = Area._meta.get_field("code").max_length


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
    features = read_features(
        source,
        when_empty=_(
            "The file has no features; nothing was imported and the existing areas are kept."
        ),
    )
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


def _check_feature(
    feature: Any,
    number: int,
    municipality: Municipality,
    border: BaseGeometry,
    name_property: str,
    code_property: str | None,
) -> _ValidArea:
    """One feature as an area to store, or ``ImportProblem`` naming the feature."""
    properties = properties_of(feature, number)
    name = text_property(properties, name_property)
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
        code = text_property(properties, code_property)
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

    label = _("Feature %(number)d (“%(area)s”)") % {"number": number, "area": name}
    geometry = polygon_of(feature, label)
    _refuse_if_outside(geometry, border, municipality, name)
    return _ValidArea(name=name, code=code, geometry=_as_geojson(geometry))


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


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int


def load_municipalities(path: Path, *, dry_run: bool = False) -> LoadResult:
    """Create or update every municipality in a GeoJSON FeatureCollection.

    Each feature needs ``id`` (the kommunkod) and ``kom_namn`` properties and a valid
    polygon. The whole file is checked before anything is written; a second load of
    the same file changes nothing.
    """
    path = Path(path)
    features = read_features(
        path,
        when_empty=_(
            "The file %(path)s has no municipalities; nothing was loaded and the "
            "existing municipalities are kept."
        )
        % {"path": path},
    )
    rows = {}
    for number, feature in enumerate(features, start=1):
        properties = properties_of(feature, number)
        code = text_property(properties, "id")
        name = text_property(properties, "kom_namn")
        label = (
            _("Municipality no. %(number)d (“%(name)s”)") % {"number": number, "name": name}
            if name
            else _("Municipality no. %(number)d") % {"number": number}
        )
        if len(code) != 4 or not code.isdigit():
            raise ImportProblem(
                _("%(feature)s has no four-digit municipality code in 'id'.") % {"feature": label}
            )
        if not name:
            raise ImportProblem(_("%(feature)s has no name in 'kom_namn'.") % {"feature": label})
        if code in rows:
            raise ImportProblem(_("The municipality code %(code)s occurs twice.") % {"code": code})
        polygon_of(feature, label)
        rows[code] = {
            "name": name,
            "slug": slugify(name),
            "county_code": text_property(properties, "lan_code")[:2],
            "border": feature["geometry"],
        }

    # Slugs drop accents, so Håbo (0305) and Habo (0643) would share one; such
    # namesakes get their code appended, whatever the order of the file.
    slug_counts = Counter(fields["slug"] for fields in rows.values())
    for code, fields in rows.items():
        if slug_counts[fields["slug"]] > 1:
            fields["slug"] = f"{fields['slug']}-{code}"

    existing = set(Municipality.objects.filter(code__in=rows).values_list("code", flat=True))
    if not dry_run:
        with transaction.atomic():
            for code, fields in rows.items():
                Municipality.objects.update_or_create(code=code, defaults=fields)
            store_neighbours()
    return LoadResult(created=len(rows) - len(existing), updated=len(existing))


@transaction.atomic
def store_neighbours() -> int:
    """Recompute which municipalities border which, from every stored border.

    Replaces all ``Neighbour`` rows (a border that moved may gain or lose a
    neighbour) and returns how many there are now. Municipalities without a border
    have none. Takes about a second for the 290.
    """
    borders = dict(
        Municipality.objects.filter(border__isnull=False)
        .order_by("name")
        .values_list("pk", "border")
    )
    outlines = neighbour_outlines(borders)
    Neighbour.objects.all().delete()
    rows = Neighbour.objects.bulk_create(
        Neighbour(municipality_id=pk, neighbour_id=other, outline=outline)
        for pk, pairs in outlines.items()
        for other, outline in pairs
    )
    return len(rows)


# Whatever names map cells after the landmarks (the hotspots' stored priority places)
# listens to this, so geo need not know who reads its names.
landmarks_changed = Signal()
"""Sent with ``municipality`` after its named places changed, once the change is committed."""

# A named place may lie this far outside the simplified border (a ferry quay, a
# bridge end) before it is refused as a slip of the coordinates.
LANDMARK_BORDER_TOLERANCE_DEGREES = 0.01


def add_landmark(
    municipality: Municipality, name: str, latitude: float, longitude: float
) -> Landmark:
    """Name a place of ``municipality``; refused outside its border or under a name in use
    (in any case: "Badhusparken" and "badhusparken" are one place)."""
    name = " ".join(name.split())
    if not name:
        raise DomainError(_("Give the place a name."))
    if municipality.border:
        point = shapely.Point(longitude, latitude)
        if shape(municipality.border).distance(point) > LANDMARK_BORDER_TOLERANCE_DEGREES:
            raise DomainError(
                _(
                    "The point %(latitude).5f, %(longitude).5f lies outside %(municipality)s. "
                    "Give the latitude first, then the longitude."
                )
                % {"latitude": latitude, "longitude": longitude, "municipality": municipality}
            )
    try:
        with transaction.atomic():
            landmark = Landmark.objects.create(
                municipality=municipality, name=name, latitude=latitude, longitude=longitude
            )
            _announce_landmarks(municipality)
    except IntegrityError:
        # The unique index decides, so two coordinators adding one name at once get
        # one place and one clear refusal.
        raise DomainError(
            _("%(municipality)s already has a named place called %(name)s.")
            % {"municipality": municipality, "name": name}
        ) from None
    return landmark


def delete_landmark(landmark: Landmark) -> None:
    with transaction.atomic():
        landmark.delete()
        _announce_landmarks(landmark.municipality)


def _announce_landmarks(municipality: Municipality) -> None:
    transaction.on_commit(
        lambda: landmarks_changed.send(sender=Landmark, municipality=municipality)
    )
