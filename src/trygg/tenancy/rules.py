"""Permissions as small named predicates over (user, tenant-owned object).

Every staff permission is asked of an object: a ``Municipality`` or anything with a
``municipality`` attribute. A role counts only in the municipalities its
organisation serves, so a coordinator in Kungsbacka is nobody in Varberg.

The role predicates are the base the other apps' ``rules`` modules build on, adding
what the object's state allows (a signed agreement's promises are what was signed).
Those rules decide what a page offers and which URL answers; the services check the
state again, locked, and remain the authority.
"""

from collections import defaultdict
from collections.abc import Callable

import rules

from .models import Membership, Municipality, Organisation, Role


def municipality_of(obj) -> Municipality | None:
    if isinstance(obj, Municipality):
        return obj
    return getattr(obj, "municipality", None)


def roles_in(user, municipality: Municipality | None) -> frozenset[str]:
    """The roles ``user`` holds in ``municipality``; one query per user and request."""
    if not user.is_authenticated or not user.is_active or municipality is None:
        return frozenset()
    by_municipality = user.__dict__.get("_trygg_roles")
    if by_municipality is None:
        by_municipality = defaultdict(set)
        rows = Membership.objects.filter(user=user).values_list(
            "role", "organisation__municipality_id", "organisation__police_area__municipalities"
        )
        for role, own_municipality, police_area_municipality in rows:
            for municipality_id in (own_municipality, police_area_municipality):
                if municipality_id is not None:
                    by_municipality[municipality_id].add(role)
        user.__dict__["_trygg_roles"] = by_municipality
    return frozenset(by_municipality.get(municipality.pk, ()))


def has_role(*allowed: Role) -> rules.Predicate:
    allowed_values = frozenset(allowed)

    @rules.predicate(name=f"has_role({', '.join(sorted(allowed_values))})")
    def predicate(user, obj) -> bool:
        return bool(roles_in(user, municipality_of(obj)) & allowed_values)

    return predicate


@rules.predicate
def is_police(user, obj) -> bool:
    """Whether ``user`` is a member of a police organisation serving the municipality.

    The kommunpolis works with the municipality whatever role the police area's
    organisation gives them; one query per user and request, as ``roles_in``.
    """
    municipality = municipality_of(obj)
    if not user.is_authenticated or not user.is_active or municipality is None:
        return False
    served = user.__dict__.get("_trygg_police_municipalities")
    if served is None:
        served = frozenset(
            Membership.objects.filter(
                user=user, organisation__kind=Organisation.Kind.POLICE
            ).values_list("organisation__police_area__municipalities", flat=True)
        )
        user.__dict__["_trygg_police_municipalities"] = served
    return municipality.pk in served


def in_status(whose: Callable[[object], object | None], *statuses: str) -> rules.Predicate:
    """Whether the object whose life cycle counts, ``whose(obj)``, is in ``statuses``.

    ``whose`` leads from what is asked about (a promise) to what has the status (its
    agreement); it gives None for a municipality, where nothing exists yet.
    """

    @rules.predicate(name=f"{whose.__name__}_in({', '.join(statuses)})")
    def predicate(user, obj) -> bool:
        owner = whose(obj)
        return owner is not None and owner.status in statuses

    return predicate


is_member = has_role(*Role)
is_coordinator = has_role(Role.COORDINATOR, Role.ADMIN)
is_analyst = has_role(Role.ANALYST, Role.COORDINATOR, Role.ADMIN)
is_moderator = has_role(Role.MODERATOR, Role.COORDINATOR, Role.ADMIN)
is_admin = has_role(Role.ADMIN)

# Permission names, exported for views and templates: each app's rules module names
# its own (``promises.change_promise``), with the state of the object beside the role.
VIEW_MUNICIPALITY = "tenancy.view_municipality"
MANAGE_MEMBERS = "tenancy.manage_members"

rules.add_perm(VIEW_MUNICIPALITY, is_member)
rules.add_perm(MANAGE_MEMBERS, is_admin)
