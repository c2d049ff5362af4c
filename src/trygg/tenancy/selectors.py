"""Reads for the staff administration page and the workspace, scoped to what the user may see."""

from django.db.models import QuerySet

from .models import Membership, Municipality, Organisation
from .services import manageable_organisations


def managed_memberships(municipality: Municipality) -> QuerySet[Membership]:
    """The memberships the municipality's administrators manage, by organisation and name."""
    return (
        Membership.objects.filter(organisation__in=manageable_organisations(municipality))
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__last_name", "user__first_name", "user__username")
    )


def police_memberships(municipality: Municipality) -> QuerySet[Membership]:
    """The police area's staff, shown for information: the operator manages them."""
    return (
        Membership.objects.filter(organisation__police_area__municipalities=municipality)
        .select_related("user", "organisation")
        .order_by("user__last_name", "user__first_name", "user__username")
    )


def partners(municipality: Municipality) -> QuerySet[Organisation]:
    return manageable_organisations(municipality).filter(kind=Organisation.Kind.PARTNER)


def staff_history(municipality: Municipality, limit: int = 30):
    """The latest membership changes in the municipality's organisations, newest first.

    Read from the history table, so removed members are still there.
    """
    return (
        Membership.history.filter(organisation__municipality=municipality)
        .select_related("history_user", "user", "organisation")
        .order_by("-history_date")[:limit]
    )


def organisation_kind_of(user) -> str | None:
    """The kind (``Organisation.Kind``) of the organisations ``user`` is a member of,
    when they are all of one kind; None for none or a mix."""
    kinds = set(Membership.objects.filter(user=user).values_list("organisation__kind", flat=True))
    return kinds.pop() if len(kinds) == 1 else None


def find_municipalities(user, query: str = "") -> list[Municipality]:
    """The municipalities ``user`` may read whose name contains ``query`` (any case, å, ä
    and ö too) or whose code begins with it, by name; every one for an empty query.

    Matched in Python over at most the 290 names: SQL LIKE on SQLite folds only ASCII.
    """
    municipalities = Municipality.objects.visible_to(user).only("pk", "code", "name", "slug")
    needle = " ".join(query.casefold().split())
    if not needle:
        return list(municipalities)
    return [
        municipality
        for municipality in municipalities
        if needle in municipality.name.casefold() or municipality.code.startswith(needle)
    ]
