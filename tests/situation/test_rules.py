"""Who may see and acknowledge a municipality's alerts (situation/rules.py)."""

import pytest

from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    PoliceAreaFactory,
    UserFactory,
    member,
)
from trygg.situation import rules as perms
from trygg.tenancy.models import Organisation, Role

pytestmark = pytest.mark.django_db

ACKNOWLEDGING = {Role.ANALYST, Role.COORDINATOR, Role.ADMIN}


@pytest.fixture
def kungsbacka():
    return MunicipalityFactory(code="1384", name="Kungsbacka", slug="kungsbacka")


def police_member(municipalities, role):
    area = PoliceAreaFactory(municipalities=municipalities)
    organisation = OrganisationFactory(
        kind=Organisation.Kind.POLICE, municipality=None, police_area=area, name="Polisen"
    )
    return MembershipFactory(organisation=organisation, role=role).user


@pytest.mark.parametrize("role", list(Role))
def test_every_member_sees_the_alerts_and_analysts_and_coordinators_acknowledge(kungsbacka, role):
    user = member(kungsbacka, role)

    assert user.has_perm(perms.VIEW_ALERTS, kungsbacka)
    assert user.has_perm(perms.ACKNOWLEDGE_ALERT, kungsbacka) == (role in ACKNOWLEDGING)


@pytest.mark.parametrize("role", [Role.VIEWER, Role.MODERATOR])
def test_the_police_of_the_area_acknowledge_whatever_their_role(kungsbacka, role):
    officer = police_member([kungsbacka], role)

    assert officer.has_perm(perms.ACKNOWLEDGE_ALERT, kungsbacka)


def test_the_police_of_another_area_and_people_without_membership_may_not(kungsbacka):
    varberg = MunicipalityFactory(code="1383", name="Varberg", slug="varberg")
    elsewhere = police_member([varberg], Role.COORDINATOR)
    resident = UserFactory()

    for user in (elsewhere, resident):
        assert not user.has_perm(perms.VIEW_ALERTS, kungsbacka)
        assert not user.has_perm(perms.ACKNOWLEDGE_ALERT, kungsbacka)
    assert elsewhere.has_perm(perms.ACKNOWLEDGE_ALERT, varberg)
