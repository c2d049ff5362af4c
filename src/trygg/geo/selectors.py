"""Reads of the geo app, scoped to what the asking user may see."""

from django.db.models import QuerySet

from trygg.tenancy.models import Municipality

from .lookup import AreaIndex
from .models import Area


def areas_for_staff(user, municipality: Municipality) -> QuerySet[Area]:
    """The areas of ``municipality`` that ``user`` may see, by name (none if no member)."""
    return Area.objects.visible_to(user).filter(municipality=municipality).order_by("name")


def area_index(municipality: Municipality) -> AreaIndex:
    """A point → area index over all of ``municipality``'s areas.

    For server-side work (imports, statistics), not for a user's request: it is not
    scoped to a user. Build it once per batch; it reads every area's geometry.
    """
    return AreaIndex(Area.objects.filter(municipality=municipality).values_list("pk", "geometry"))
