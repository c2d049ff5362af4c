"""Reads for the staff administration page, already scoped to one municipality."""

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
