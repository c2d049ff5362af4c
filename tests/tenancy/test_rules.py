import pytest

from tests.factories import (
    AreaFactory,
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    PoliceAreaFactory,
    UserFactory,
    member,
)
from trygg.tenancy.models import Municipality, Organisation, Role

pytestmark = pytest.mark.django_db

# The permissions a role grants wherever it holds, whatever state objects are in;
# the state-aware ones are tested beside their apps (tests/promises/test_rules.py).
VIEW, ADD_AGREEMENT = "tenancy.view_municipality", "promises.add_agreement"
VALUES, FREE_TEXT = "promises.enter_indicator_value", "insight.read_free_text"
MEMBERS, IMPORT_AREAS = "tenancy.manage_members", "geo.import_areas"
IMPORT_COUNTS, ADD_SURVEY = "population.import_counts", "dialogue.add_survey"
SEEING = {
    VIEW,
    "promises.view_agreement",
    "dialogue.view_survey",
    "geo.view_areas",
    "population.view_population",
    "insight.view_results",
}
ANALYSING = {VALUES, IMPORT_COUNTS, "population.weight_survey"}
COORDINATING = {ADD_AGREEMENT, ADD_SURVEY, "dialogue.do_fieldwork", IMPORT_AREAS}
PERMISSIONS = sorted(SEEING | ANALYSING | COORDINATING | {FREE_TEXT, MEMBERS})
GRANTED = {
    Role.VIEWER: SEEING,
    Role.MODERATOR: SEEING | {FREE_TEXT},
    Role.ANALYST: SEEING | ANALYSING,
    Role.COORDINATOR: SEEING | ANALYSING | COORDINATING | {FREE_TEXT},
    Role.ADMIN: set(PERMISSIONS),
}


def granted(user, municipality) -> set[str]:
    return {permission for permission in PERMISSIONS if user.has_perm(permission, municipality)}


@pytest.mark.parametrize("role", list(Role))
def test_each_role_has_exactly_its_permissions_in_its_municipality(role):
    municipality = MunicipalityFactory()

    assert granted(member(municipality, role), municipality) == GRANTED[role]


@pytest.mark.parametrize("role", list(Role))
def test_no_role_grants_anything_in_another_municipality(role):
    own, other = MunicipalityFactory(), MunicipalityFactory()

    assert granted(member(own, role), other) == set()


def test_coordinator_of_one_municipality_may_edit_there_but_not_in_another():
    kungsbacka, varberg = (
        MunicipalityFactory(name="Kungsbacka"),
        MunicipalityFactory(name="Varberg"),
    )
    coordinator = member(kungsbacka, Role.COORDINATOR)

    assert coordinator.has_perm(ADD_AGREEMENT, kungsbacka)
    assert not coordinator.has_perm(ADD_AGREEMENT, varberg)
    assert not coordinator.has_perm(VIEW, varberg)


def test_a_police_membership_grants_every_municipality_of_the_police_area():
    kungsbacka, varberg, halmstad = (
        MunicipalityFactory(),
        MunicipalityFactory(),
        MunicipalityFactory(),
    )
    police_area = PoliceAreaFactory(municipalities=[kungsbacka, varberg])
    police = Organisation.objects.create(
        name="Polisen", kind=Organisation.Kind.POLICE, police_area=police_area
    )
    officer = MembershipFactory(organisation=police, role=Role.COORDINATOR).user

    assert officer.has_perm(ADD_AGREEMENT, kungsbacka)
    assert officer.has_perm(ADD_AGREEMENT, varberg)
    assert not officer.has_perm(VIEW, halmstad)
    assert set(Municipality.objects.visible_to(officer)) == {kungsbacka, varberg}


def test_a_partner_organisation_serves_its_own_municipality_only():
    municipality, other = MunicipalityFactory(), MunicipalityFactory()
    partner = OrganisationFactory(
        name="Fältgruppen", kind=Organisation.Kind.PARTNER, municipality=municipality
    )
    worker = MembershipFactory(organisation=partner, role=Role.VIEWER).user

    assert worker.has_perm(VIEW, municipality)
    assert not worker.has_perm(VIEW, other)


def test_roles_from_two_organisations_add_up():
    municipality = MunicipalityFactory()
    analyst = member(municipality, Role.ANALYST)
    partner = OrganisationFactory(
        name="Fältgruppen", kind=Organisation.Kind.PARTNER, municipality=municipality
    )
    MembershipFactory(user=analyst, organisation=partner, role=Role.MODERATOR)

    assert granted(analyst, municipality) == GRANTED[Role.ANALYST] | GRANTED[Role.MODERATOR]


def test_a_viewer_cannot_edit():
    municipality = MunicipalityFactory()
    viewer = member(municipality, Role.VIEWER)

    assert viewer.has_perm(VIEW, municipality)
    assert not viewer.has_perm(ADD_AGREEMENT, municipality)


def test_an_inactive_user_has_nothing_even_as_admin():
    municipality = MunicipalityFactory()
    former_admin = member(municipality, Role.ADMIN, user__is_active=False)

    assert granted(former_admin, municipality) == set()
    assert not Municipality.objects.visible_to(former_admin).exists()


def test_a_superuser_has_everything_everywhere():
    municipality = MunicipalityFactory()
    superuser = UserFactory(is_superuser=True, is_staff=True)

    assert granted(superuser, municipality) == set(PERMISSIONS)
    assert municipality in Municipality.objects.visible_to(superuser)


def test_a_user_without_membership_has_nothing():
    municipality = MunicipalityFactory()

    assert granted(UserFactory(), municipality) == set()


def test_an_object_is_judged_by_its_municipality():
    kungsbacka, varberg = MunicipalityFactory(), MunicipalityFactory()
    coordinator = member(kungsbacka, Role.COORDINATOR)

    assert coordinator.has_perm(IMPORT_AREAS, AreaFactory(municipality=kungsbacka))
    assert not coordinator.has_perm(IMPORT_AREAS, AreaFactory(municipality=varberg))


def test_a_permission_asked_without_an_object_is_refused():
    coordinator = member(MunicipalityFactory(), Role.COORDINATOR)

    assert not coordinator.has_perm(ADD_AGREEMENT)
