"""Who may do what with an action plan: the role and the plan's state.

As in ``promises``: coordinators (of the municipality, or of the police area that
serves it) write, every member reads. What the steering group decided is locked (see
``models``); follow-up and making actions under promises go on after the decision.
The services check the state again and remain the authority.
"""

import rules

from trygg.tenancy.rules import in_status, is_coordinator, is_member

from .models import ActionPlan, Measure, Problem


def plan_of(obj) -> ActionPlan | None:
    if isinstance(obj, ActionPlan):
        return obj
    if isinstance(obj, Measure):
        return obj.plan
    return None


is_draft = in_status(plan_of, ActionPlan.Status.DRAFT)
is_decided = in_status(plan_of, ActionPlan.Status.DECIDED)


@rules.predicate
def is_decided_problem(user, obj) -> bool:
    return isinstance(obj, Problem) and obj.is_decided


@rules.predicate
def is_linked(user, obj) -> bool:
    return getattr(obj, "action_id", None) is not None


VIEW_PLAN = "plans.view_plan"
ADD_PLAN = "plans.add_plan"
CHANGE_PLAN = "plans.change_plan"
DECIDE_PLAN = "plans.decide_plan"
ADD_PROBLEM = "plans.add_problem"
CHANGE_PROBLEM = "plans.change_problem"
CHANGE_MEASURE = "plans.change_measure"
RECORD_FOLLOW_UP = "plans.record_follow_up"
MAKE_ACTION = "plans.make_action"

rules.add_perm(VIEW_PLAN, is_member)
rules.add_perm(ADD_PLAN, is_coordinator)
rules.add_perm(CHANGE_PLAN, is_coordinator & is_draft)
rules.add_perm(DECIDE_PLAN, is_coordinator & is_draft)
rules.add_perm(ADD_PROBLEM, is_coordinator)
rules.add_perm(CHANGE_PROBLEM, is_coordinator & ~is_decided_problem)
# A measure is added to or changed in a draft plan (asked of the plan or the measure).
rules.add_perm(CHANGE_MEASURE, is_coordinator & is_draft)
# Follow-up is of what was decided.
rules.add_perm(RECORD_FOLLOW_UP, is_coordinator & is_decided)
rules.add_perm(MAKE_ACTION, is_coordinator & ~is_linked)
