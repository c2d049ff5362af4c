"""Writes to the tenancy app."""

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from shapely.geometry import shape

from trygg.core.errors import ImportProblem

from .models import Municipality


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
    try:
        collection = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise ImportProblem(_("The file %(path)s does not exist.") % {"path": path}) from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ImportProblem(
            _("The file %(path)s is not valid GeoJSON: %(error)s") % {"path": path, "error": error}
        ) from error
    features = collection.get("features") if isinstance(collection, dict) else None
    if not isinstance(features, list):
        raise ImportProblem(_("The file is not a GeoJSON FeatureCollection."))

    rows = {}
    for number, feature in enumerate(features, start=1):
        if not isinstance(feature, dict):
            raise ImportProblem(
                _("Feature %(number)d is not a GeoJSON feature.") % {"number": number}
            )
        properties = feature.get("properties") or {}
        code = str(properties.get("id", "")).strip()
        name = str(properties.get("kom_namn", "")).strip()
        label = name or _("feature %(number)d") % {"number": number}
        if len(code) != 4 or not code.isdigit():
            raise ImportProblem(
                _("%(feature)s has no four-digit municipality code in 'id'.") % {"feature": label}
            )
        if not name:
            raise ImportProblem(_("%(feature)s has no name in 'kom_namn'.") % {"feature": label})
        if code in rows:
            raise ImportProblem(_("The municipality code %(code)s occurs twice.") % {"code": code})
        try:
            geometry = shape(feature["geometry"])
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise ImportProblem(
                _("%(feature)s has no readable geometry.") % {"feature": label}
            ) from error
        if geometry.geom_type not in {"Polygon", "MultiPolygon"} or not geometry.is_valid:
            raise ImportProblem(
                _("%(feature)s does not have a valid polygon border.") % {"feature": label}
            )
        rows[code] = {
            "name": name,
            "slug": slugify(name),
            "county_code": str(properties.get("lan_code", ""))[:2],
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
    return LoadResult(created=len(rows) - len(existing), updated=len(existing))
