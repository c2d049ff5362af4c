"""Who may do what with an agreement and its parts: the role and the agreement's state.

The life cycle is the services' (a draft is edited freely; once signed, the promises
are what was signed and only actions, indicators and follow-up change; an ended
agreement takes late progress reports and values, dated inside its period, but no
new work, and its details no longer change). These rules mirror it so
that pages offer only what can be done and a URL for anything else answers 403.
"""

import rules

from trygg.tenancy.rules import in_status, is_analyst, is_coordinator, is_member

from .models import Agreement


def agreement_of(obj) -> Agreement | None:
    """The agreement ``obj`` belongs to; None for a municipality (nothing exists yet)."""
    if isinstance(obj, Agreement):
        return obj
    return getattr(obj, "agreement", None)


is_draft = in_status(agreement_of, Agreement.Status.DRAFT)
is_signed = in_status(agreement_of, Agreement.Status.SIGNED)
is_under_way = in_status(agreement_of, Agreement.Status.DRAFT, Agreement.Status.SIGNED)
is_signed_or_ended = in_status(agreement_of, Agreement.Status.SIGNED, Agreement.Status.ENDED)


@rules.predicate
def is_withdrawn(user, obj) -> bool:
    return bool(getattr(obj, "is_withdrawn", False))


@rules.predicate
def is_published(user, obj) -> bool:
    agreement = agreement_of(obj)
    return agreement is not None and agreement.is_published


VIEW_AGREEMENT = "promises.view_agreement"
ADD_AGREEMENT = "promises.add_agreement"
CHANGE_AGREEMENT = "promises.change_agreement"
SIGN_AGREEMENT = "promises.sign_agreement"
PUBLISH_AGREEMENT = "promises.publish_agreement"
END_AGREEMENT = "promises.end_agreement"
# Signatories, focus areas, promises and their evidence: the signed text.
CHANGE_PROMISE = "promises.change_promise"
CHANGE_ACTION = "promises.change_action"
DELETE_ACTION = "promises.delete_action"
CHANGE_INDICATOR = "promises.change_indicator"
RECORD_PROGRESS = "promises.record_progress"
# Correct or withdraw a progress update: the public record, kept honest also after the end.
CORRECT_PROGRESS = "promises.correct_progress"
ENTER_INDICATOR_VALUE = "promises.enter_indicator_value"

rules.add_perm(VIEW_AGREEMENT, is_member)
rules.add_perm(ADD_AGREEMENT, is_coordinator)
rules.add_perm(CHANGE_AGREEMENT, is_coordinator & is_under_way)
rules.add_perm(SIGN_AGREEMENT, is_coordinator & is_draft)
rules.add_perm(PUBLISH_AGREEMENT, is_coordinator & is_signed_or_ended & ~is_published)
rules.add_perm(END_AGREEMENT, is_coordinator & is_signed)
rules.add_perm(CHANGE_PROMISE, is_coordinator & is_draft)
rules.add_perm(CHANGE_ACTION, is_coordinator & is_under_way)
rules.add_perm(DELETE_ACTION, is_coordinator & is_draft)
rules.add_perm(CHANGE_INDICATOR, is_coordinator & is_under_way)
rules.add_perm(RECORD_PROGRESS, is_coordinator & is_signed_or_ended)
rules.add_perm(CORRECT_PROGRESS, is_coordinator & is_signed_or_ended & ~is_withdrawn)
rules.add_perm(ENTER_INDICATOR_VALUE, is_analyst)
