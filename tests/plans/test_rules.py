import pytest

from tests.factories import MembershipFactory, MunicipalityFactory, member
from trygg.plans import rules as perms
from trygg.tenancy.models import Role

from .factories import MeasureFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.ADMIN])
def test_coordinators_change_a_draft_plan(role, municipality, measure):
    user = member(municipality, role)
    assert user.has_perm(perms.CHANGE_PLAN, measure.plan)
    assert user.has_perm(perms.CHANGE_MEASURE, measure)
    assert user.has_perm(perms.DECIDE_PLAN, measure.plan)
    assert user.has_perm(perms.MAKE_ACTION, measure)
    assert not user.has_perm(perms.RECORD_FOLLOW_UP, measure)


@pytest.mark.parametrize("role", [Role.VIEWER, Role.ANALYST, Role.MODERATOR])
def test_other_members_only_read(role, municipality, measure, problem):
    user = member(municipality, role)
    assert user.has_perm(perms.VIEW_PLAN, measure.plan)
    for permission, obj in [
        (perms.ADD_PLAN, municipality),
        (perms.CHANGE_PLAN, measure.plan),
        (perms.CHANGE_MEASURE, measure),
        (perms.CHANGE_PROBLEM, problem),
        (perms.MAKE_ACTION, measure),
    ]:
        assert not user.has_perm(permission, obj), permission


def test_a_decided_plan_takes_follow_up_but_no_changes(municipality, decided_measure, problem):
    user = member(municipality, Role.COORDINATOR)
    assert user.has_perm(perms.RECORD_FOLLOW_UP, decided_measure)
    assert user.has_perm(perms.MAKE_ACTION, decided_measure)
    assert not user.has_perm(perms.CHANGE_MEASURE, decided_measure)
    assert not user.has_perm(perms.CHANGE_PLAN, decided_measure.plan)
    assert not user.has_perm(perms.DECIDE_PLAN, decided_measure.plan)
    # The problem a decided measure answers is what the steering group saw.
    assert not user.has_perm(perms.CHANGE_PROBLEM, problem)


def test_a_linked_measure_is_not_made_an_action_again(municipality, draft_plan, action):
    user = member(municipality, Role.COORDINATOR)
    assert not user.has_perm(perms.MAKE_ACTION, MeasureFactory(plan=draft_plan, action=action))


def test_the_police_areas_coordinator_edits_its_viewer_reads(police, measure):
    coordinator = MembershipFactory(organisation=police, role=Role.COORDINATOR).user
    viewer = MembershipFactory(organisation=police, role=Role.VIEWER).user
    assert coordinator.has_perm(perms.CHANGE_MEASURE, measure)
    assert viewer.has_perm(perms.VIEW_PLAN, measure.plan)
    assert not viewer.has_perm(perms.CHANGE_MEASURE, measure)


def test_nobody_of_another_municipality_reads_the_plan(measure):
    stranger = member(MunicipalityFactory(), Role.ADMIN)
    assert not stranger.has_perm(perms.VIEW_PLAN, measure.plan)
    assert not stranger.has_perm(perms.CHANGE_MEASURE, measure)
