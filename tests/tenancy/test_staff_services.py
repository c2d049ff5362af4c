"""The municipal administrator's staff services: who may change what, and what is kept."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    PoliceAreaFactory,
    UserFactory,
    member,
)
from trygg.core.errors import DomainError
from trygg.tenancy import services
from trygg.tenancy.models import Membership, Organisation, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def varberg():
    return MunicipalityFactory(code="1383", name="Varberg", slug="varberg")


@pytest.fixture
def admin(kungsbacka):
    return member(kungsbacka, Role.ADMIN)


def own_organisation(municipality):
    return Organisation.objects.get(municipality=municipality, kind=Organisation.Kind.MUNICIPALITY)


def link(user) -> str:
    return f"https://trygg.example/konto/losenord/{user.pk}/token/"


def test_an_administrator_adds_an_existing_colleague_by_user_name(kungsbacka, admin):
    colleague = UserFactory(username="anna")

    added = services.add_member(
        kungsbacka,
        admin,
        identifier="ANNA",
        organisation=own_organisation(kungsbacka),
        role=Role.ANALYST,
        title="analytiker",
    )

    assert (added.membership.user, added.membership.role, added.invited) == (
        colleague,
        Role.ANALYST,
        False,
    )
    assert added.membership.history.get().history_user == admin


def test_a_new_e_mail_address_becomes_an_invited_account_with_no_password(
    kungsbacka, admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        added = services.add_member(
            kungsbacka,
            admin,
            identifier="Ny.Kollega@Kungsbacka.se",
            organisation=own_organisation(kungsbacka),
            role=Role.COORDINATOR,
            first_name="Ny",
            last_name="Kollega",
            password_link=link,
        )

    user = added.membership.user
    assert added.invited and user.email == "ny.kollega@kungsbacka.se"
    assert not user.has_usable_password()
    assert not user.is_staff and not user.is_superuser
    [message] = mail.outbox
    assert message.to == ["ny.kollega@kungsbacka.se"]
    assert link(user) in message.body


def test_an_unknown_user_name_is_refused_with_what_to_do(kungsbacka, admin):
    with pytest.raises(DomainError, match="e-post"):
        services.add_member(
            kungsbacka,
            admin,
            identifier="okand",
            organisation=own_organisation(kungsbacka),
            role=Role.VIEWER,
        )
    assert get_user_model().objects.count() == 1


def test_an_administrator_cannot_add_to_another_municipalitys_organisation(
    kungsbacka, varberg, admin
):
    member(varberg, Role.VIEWER)

    with pytest.raises(DomainError):
        services.add_member(
            kungsbacka,
            admin,
            identifier=UserFactory().username,
            organisation=own_organisation(varberg),
            role=Role.ADMIN,
        )
    with pytest.raises(DomainError):
        services.add_member(
            varberg,
            admin,
            identifier=UserFactory().username,
            organisation=own_organisation(varberg),
            role=Role.ADMIN,
        )
    assert not Membership.objects.filter(organisation__municipality=varberg, role=Role.ADMIN)


def test_an_administrator_cannot_touch_another_municipalitys_members(kungsbacka, varberg, admin):
    in_varberg = Membership.objects.get(user=member(varberg, Role.ADMIN))
    member(varberg, Role.ADMIN)

    with pytest.raises(DomainError):
        services.change_role(in_varberg, admin, role=Role.VIEWER, title="")
    with pytest.raises(DomainError):
        services.remove_member(in_varberg, admin)
    in_varberg.refresh_from_db()
    assert in_varberg.role == Role.ADMIN


def test_a_coordinator_cannot_manage_staff(kungsbacka, admin):
    coordinator = member(kungsbacka, Role.COORDINATOR)

    with pytest.raises(DomainError):
        services.change_role(
            Membership.objects.get(user=coordinator), coordinator, role=Role.ADMIN, title=""
        )
    assert Membership.objects.get(user=coordinator).role == Role.COORDINATOR


def test_the_last_administrator_can_be_neither_demoted_nor_removed(kungsbacka, admin):
    own = Membership.objects.get(user=admin)

    with pytest.raises(DomainError, match="sista administratören"):
        services.change_role(own, admin, role=Role.COORDINATOR, title="")
    with pytest.raises(DomainError, match="sista administratören"):
        services.remove_member(own, admin)
    assert Membership.objects.get(user=admin).role == Role.ADMIN


def test_with_a_second_administrator_the_first_may_step_down(kungsbacka, admin):
    member(kungsbacka, Role.ADMIN)
    own = Membership.objects.get(user=admin)

    services.change_role(own, admin, role=Role.COORDINATOR, title="samordnare")

    own.refresh_from_db()
    assert (own.role, own.title) == (Role.COORDINATOR, "samordnare")
    assert [record.role for record in own.history.order_by("history_date")] == [
        Role.ADMIN,
        Role.COORDINATOR,
    ]


def test_a_removed_member_keeps_the_account_and_the_history_says_who_removed_them(
    kungsbacka, admin
):
    viewer = member(kungsbacka, Role.VIEWER)
    membership = Membership.objects.get(user=viewer)

    services.remove_member(membership, admin)

    assert get_user_model().objects.filter(pk=viewer.pk).exists()
    removal = Membership.history.filter(id=membership.pk, history_type="-").get()
    assert removal.history_user == admin


def test_police_memberships_are_not_one_municipalitys_to_manage(kungsbacka, varberg, admin):
    police_area = PoliceAreaFactory(municipalities=[kungsbacka, varberg])
    police = OrganisationFactory(
        kind=Organisation.Kind.POLICE, municipality=None, police_area=police_area, name="Polisen"
    )
    officer = MembershipFactory(organisation=police, role=Role.COORDINATOR)

    with pytest.raises(DomainError, match="driftansvarige"):
        services.change_role(officer, admin, role=Role.ADMIN, title="")
    with pytest.raises(DomainError):
        services.add_member(
            kungsbacka, admin, identifier=UserFactory().username, organisation=police, role="admin"
        )


def test_partner_organisations_are_added_and_removed_when_empty(kungsbacka, admin):
    partner = services.add_partner(kungsbacka, admin, name="Nattvandrarna")
    services.add_member(
        kungsbacka, admin, identifier=UserFactory().username, organisation=partner, role="viewer"
    )

    with pytest.raises(DomainError, match="medlemmar"):
        services.remove_partner(partner, admin)
    with pytest.raises(DomainError, match="redan"):
        services.add_partner(kungsbacka, admin, name="nattvandrarna")
    Membership.objects.filter(organisation=partner).delete()
    services.remove_partner(partner, admin)

    assert partner.kind == Organisation.Kind.PARTNER
    assert not Organisation.objects.filter(pk=partner.pk).exists()


def test_the_municipalitys_own_organisation_cannot_be_removed_as_a_partner(kungsbacka, admin):
    with pytest.raises(DomainError):
        services.remove_partner(own_organisation(kungsbacka), admin)
    assert Organisation.objects.filter(municipality=kungsbacka).exists()


def test_the_two_factor_requirement_is_set_with_its_history(kungsbacka, admin):
    services.set_two_factor_requirement(kungsbacka, admin, required=True)

    kungsbacka.refresh_from_db()
    assert kungsbacka.require_two_factor
    assert kungsbacka.history.latest("history_date").history_user == admin


def test_a_foreign_administrator_cannot_set_the_requirement(kungsbacka, varberg, admin):
    with pytest.raises(DomainError):
        services.set_two_factor_requirement(varberg, admin, required=True)
    varberg.refresh_from_db()
    assert not varberg.require_two_factor
