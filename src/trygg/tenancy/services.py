"""Writes to the tenancy app: staff administration (memberships, partners, roles)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from trygg.core.errors import DomainError

from .models import Membership, Municipality, Organisation, Role

# --- staff administration ---------------------------------------------------------------
#
# A municipal administrator (the ``admin`` role) manages the memberships of the
# municipality's own organisation and of its partner organisations. Police
# organisations serve a whole police area, so their members are managed by the
# operator (Django admin), never from one municipality. Every write locks the
# municipality's row and checks again, inside the lock, that the acting user is still
# an administrator there: two administrators removing each other at the same moment
# leave one, never none. Nothing here touches ``is_staff`` or ``is_superuser``.


def manageable_organisations(municipality: Municipality) -> QuerySet[Organisation]:
    """The organisations whose members the municipality's administrators manage."""
    return Organisation.objects.filter(municipality=municipality)


def _administrators(municipality: Municipality) -> QuerySet[Membership]:
    return Membership.objects.filter(role=Role.ADMIN, user__is_active=True).filter(
        Q(organisation__municipality=municipality)
        | Q(organisation__police_area__municipalities=municipality)
    )


def _locked_for(municipality_id: int, by) -> Municipality:
    """The municipality, locked, if ``by`` administers it now; else ``DomainError``."""
    municipality = Municipality.objects.select_for_update().get(pk=municipality_id)
    allowed = by.is_active and (
        by.is_superuser or _administrators(municipality).filter(user=by).exists()
    )
    if not allowed:
        raise DomainError(
            _("Only an administrator of %(municipality)s can change its staff.")
            % {"municipality": municipality}
        )
    return municipality


def _managed_membership(membership: Membership, by) -> tuple[Municipality, Membership]:
    municipality_id = membership.organisation.municipality_id
    if municipality_id is None:
        raise DomainError(_("Police staff are managed by the operator, not by a municipality."))
    municipality = _locked_for(municipality_id, by)
    current = (
        Membership.objects.select_related("user", "organisation").filter(pk=membership.pk).first()
    )
    if current is None:
        raise DomainError(_("This membership no longer exists."))
    return municipality, current


def _refuse_if_last_administrator(municipality: Municipality, membership: Membership) -> None:
    if membership.role != Role.ADMIN:
        return
    if not _administrators(municipality).exclude(pk=membership.pk).exists():
        raise DomainError(
            _(
                "%(user)s is the last administrator of %(municipality)s. Make someone else "
                "an administrator first."
            )
            % {"user": display_name(membership.user), "municipality": municipality}
        )


def display_name(user) -> str:
    return user.get_full_name() or user.get_username()


@dataclass(frozen=True)
class AddedMember:
    membership: Membership
    invited: bool  # a new account was made and sent a link to choose a password


def add_member(
    municipality: Municipality,
    by,
    *,
    identifier: str,
    organisation: Organisation,
    role: str,
    title: str = "",
    first_name: str = "",
    last_name: str = "",
    password_link: Callable[[Any], str] | None = None,
) -> AddedMember:
    """Give a colleague a role in one of the municipality's organisations.

    ``identifier`` is an existing account's user name or e-mail address; an e-mail
    address no account has becomes a new account with no usable password, and
    ``password_link(user)`` (an absolute URL) is mailed to it once the transaction
    has committed.
    """
    identifier = identifier.strip()
    if role not in Role.values:
        raise DomainError(_("Choose one of the roles."))
    with transaction.atomic():
        municipality = _locked_for(municipality.pk, by)
        organisation = manageable_organisations(municipality).filter(pk=organisation.pk).first()
        if organisation is None:
            raise DomainError(_("Choose one of the municipality's own organisations."))
        user, invited = _colleague(identifier, first_name, last_name)
        if Membership.objects.filter(user=user, organisation=organisation).exists():
            raise DomainError(
                _("%(user)s is already a member of %(organisation)s; change the role instead.")
                % {"user": display_name(user), "organisation": organisation}
            )
        membership = Membership(user=user, organisation=organisation, role=role, title=title)
        membership._history_user = by
        membership.save()
        if invited and password_link is not None:
            link = password_link(user)
            transaction.on_commit(lambda: _send_invitation(user, municipality, by, link))
    return AddedMember(membership=membership, invited=invited)


def _colleague(identifier: str, first_name: str, last_name: str):
    User = get_user_model()
    matches = list(
        User.objects.filter(Q(username__iexact=identifier) | Q(email__iexact=identifier))[:2]
    )
    if len(matches) > 1:
        raise DomainError(
            _("More than one account has the address %(address)s: give the user name instead.")
            % {"address": identifier}
        )
    if matches:
        user = matches[0]
        if not user.is_active:
            raise DomainError(
                _("The account %(user)s is switched off. Ask the operator to switch it on.")
                % {"user": user.get_username()}
            )
        return user, False
    try:
        validate_email(identifier)
    except ValidationError as error:
        raise DomainError(
            _(
                "No account is called %(name)s. To invite a new colleague, give their "
                "e-mail address."
            )
            % {"name": identifier}
        ) from error
    address = identifier.lower()
    user = User(username=address, email=address, first_name=first_name, last_name=last_name)
    user.set_unusable_password()
    user.save()
    return user, True


def _send_invitation(user, municipality: Municipality, by, link: str) -> None:
    send_mail(
        _("You are invited to Trygg"),
        _(
            "Hello,\n\n%(by)s has given you access to %(municipality)s in Trygg, the platform "
            "for the municipality's and the police's joint safety work.\n\nChoose your "
            "password here (the link works once, for a few days):\n%(link)s\n\nYour user "
            "name is %(username)s.\n"
        )
        % {
            "by": display_name(by),
            "municipality": municipality,
            "link": link,
            "username": user.get_username(),
        },
        None,
        [user.email],
    )


def change_role(membership: Membership, by, *, role: str, title: str) -> Membership:
    """Set a member's role and title; the last administrator cannot be demoted."""
    if role not in Role.values:
        raise DomainError(_("Choose one of the roles."))
    with transaction.atomic():
        municipality, current = _managed_membership(membership, by)
        if role != Role.ADMIN:
            _refuse_if_last_administrator(municipality, current)
        current.role, current.title = role, title
        current._history_user = by
        current.save(update_fields=["role", "title"])
    return current


def remove_member(membership: Membership, by) -> Municipality:
    """End a membership (the account stays); the last administrator cannot be removed."""
    with transaction.atomic():
        municipality, current = _managed_membership(membership, by)
        _refuse_if_last_administrator(municipality, current)
        current._history_user = by
        current.delete()
    return municipality


def add_partner(municipality: Municipality, by, *, name: str) -> Organisation:
    """A partner organisation (e.g. a night-walkers' association) working with the municipality."""
    name = name.strip()
    with transaction.atomic():
        municipality = _locked_for(municipality.pk, by)
        if manageable_organisations(municipality).filter(name__iexact=name).exists():
            raise DomainError(
                _("%(municipality)s already has an organisation called %(name)s.")
                % {"municipality": municipality, "name": name}
            )
        return Organisation.objects.create(
            name=name, kind=Organisation.Kind.PARTNER, municipality=municipality
        )


def remove_partner(organisation: Organisation, by) -> Municipality:
    """Remove a partner organisation that has no members left."""
    with transaction.atomic():
        municipality = _locked_for(organisation.municipality_id, by)
        current = manageable_organisations(municipality).filter(pk=organisation.pk).first()
        if current is None or current.kind != Organisation.Kind.PARTNER:
            raise DomainError(_("Only partner organisations can be removed here."))
        if current.memberships.exists():
            raise DomainError(
                _("%(organisation)s still has members. Remove them first.")
                % {"organisation": current}
            )
        current.delete()
    return municipality


def set_two_factor_requirement(municipality: Municipality, by, *, required: bool) -> Municipality:
    """Whether all the municipality's staff must sign in with an authenticator app."""
    with transaction.atomic():
        municipality = _locked_for(municipality.pk, by)
        if municipality.require_two_factor != required:
            municipality.require_two_factor = required
            municipality._history_user = by
            municipality.save(update_fields=["require_two_factor"])
    return municipality


def set_residents_contact(municipality: Municipality, by, *, contact: str) -> Municipality:
    """The contact the invitation letters print for residents' questions ("" for none)."""
    with transaction.atomic():
        municipality = _locked_for(municipality.pk, by)
        contact = contact.strip()
        if municipality.residents_contact != contact:
            municipality.residents_contact = contact
            municipality._history_user = by
            municipality.save(update_fields=["residents_contact"])
    return municipality
