"""Correcting the public record: corrected and withdrawn progress updates, the locked
end of an agreement, signatures, and the comment on an action done below its target."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import (
    ActionFactory,
    AgreementFactory,
    IndicatorFactory,
    ProgressUpdateFactory,
    member,
)
from trygg.core.errors import DomainError
from trygg.promises import services
from trygg.promises.history import agreement_history
from trygg.promises.models import Action, Agreement, IndicatorValue, ProgressUpdate
from trygg.promises.progress import ProgressState
from trygg.promises.selectors import actions_with_totals
from trygg.tenancy.models import Role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def action(signed_action):
    return signed_action


@pytest.fixture
def coordinator(action):
    return member(
        action.municipality, Role.COORDINATOR, user__first_name="Eva", user__last_name="Ek"
    )


def _ended(action) -> Agreement:
    agreement = action.agreement
    Agreement.objects.filter(pk=agreement.pk).update(status=Agreement.Status.ENDED)
    agreement.refresh_from_db()
    return agreement


def test_an_update_is_signed_with_the_name_and_organisation_not_the_user_name(action, coordinator):
    update = ProgressUpdate(action=action, date=datetime.date(2026, 3, 1), text="Kontroll")
    services.record_progress(update, coordinator)
    organisation = coordinator.memberships.get().organisation.name
    assert update.signature == f"Eva Ek, {organisation}"
    assert coordinator.username not in update.signature


def test_a_corrected_update_says_when_and_keeps_the_reason_and_the_old_text_in_history(
    action, coordinator
):
    update = ProgressUpdateFactory(action=action, text="Tre kontroller", quantity=3)
    update.text, update.quantity = "Två kontroller", 2
    services.correct_progress(update, coordinator, reason="Felräknat i mars.")

    update.refresh_from_db()
    assert update.corrected_on == timezone.localdate()
    assert action.quantity_done() == 2
    entry = next(e for e in agreement_history(action.agreement) if e.reason)
    assert entry.reason == "Felräknat i mars."
    assert {(c.old, c.new) for c in entry.changes} >= {("Tre kontroller", "Två kontroller")}
    assert entry.who == "Eva Ek"


def test_a_correction_without_a_reason_is_refused_and_changes_nothing(action, coordinator):
    update = ProgressUpdateFactory(action=action, text="Tre kontroller")
    update.text = "Två kontroller"
    with pytest.raises(DomainError, match="reason"):
        services.correct_progress(update, coordinator, reason="  ")
    assert ProgressUpdate.objects.get(pk=update.pk).text == "Tre kontroller"


def test_a_withdrawn_update_no_longer_counts_and_cannot_be_corrected(action, coordinator):
    kept = ProgressUpdateFactory(action=action, quantity=2)
    withdrawn = ProgressUpdateFactory(action=action, quantity=5)
    services.withdraw_progress(withdrawn, coordinator, reason="Dubbelrapporterad.")

    assert action.quantity_done() == 2
    assert actions_with_totals().get(pk=action.pk).quantity_done() == 2
    assert ProgressUpdate.objects.current().get() == kept
    withdrawn.refresh_from_db()
    with pytest.raises(DomainError, match="withdrawn"):
        services.correct_progress(withdrawn, coordinator, reason="Ändå")
    assert not coordinator.has_perm("promises.correct_progress", withdrawn)


def test_an_ended_agreement_takes_late_reports_dated_inside_its_period_only():
    agreement = AgreementFactory(
        published=True,
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2025, 12, 31),
    )
    action = ActionFactory(promise__focus_area__agreement=agreement)
    reporter = member(agreement.municipality, Role.COORDINATOR)
    _ended(action)

    late = ProgressUpdate(action=action, date=datetime.date(2025, 12, 20), text="Sent")
    services.record_progress(late, reporter)
    outside = ProgressUpdate(action=action, date=datetime.date(2026, 1, 5), text="Efter")
    with pytest.raises(DomainError, match="inside the agreement's period"):
        services.record_progress(outside, reporter)
    assert list(action.progress_updates.all()) == [late]


def test_an_ended_agreement_locks_its_details_actions_and_indicators(action, coordinator):
    indicator = IndicatorFactory(promise=action.promise)
    agreement = _ended(action)

    agreement.title = "Ny titel"
    with pytest.raises(DomainError, match="ended"):
        services.save_agreement(agreement, coordinator)
    action.title = "Ny åtgärd"
    with pytest.raises(DomainError, match="ended"):
        services.save_action(action, coordinator)
    indicator.name = "Nytt namn"
    with pytest.raises(DomainError, match="ended"):
        services.save_indicator(indicator, coordinator)
    assert not coordinator.has_perm("promises.change_agreement", agreement)


def test_an_ended_agreement_takes_indicator_values_measured_inside_its_period_only(
    action, coordinator
):
    indicator = IndicatorFactory(promise=action.promise)
    agreement = _ended(action)
    inside = IndicatorValue(indicator=indicator, measured_on=agreement.starts_on, value=3)
    services.record_indicator_value(inside, coordinator)
    before = IndicatorValue(
        indicator=indicator, measured_on=agreement.starts_on - datetime.timedelta(days=1), value=2
    )
    with pytest.raises(DomainError, match="inside the agreement's period"):
        services.record_indicator_value(before, coordinator)
    assert list(indicator.values.all()) == [inside]


def test_marking_an_action_done_below_its_target_asks_for_a_comment(action, coordinator):
    ProgressUpdateFactory(action=action, quantity=3)
    action.status = Action.Status.DONE
    with pytest.raises(ValidationError) as refused:
        services.save_action(action, coordinator)
    assert "outcome_note" in refused.value.message_dict
    assert "3 of the 104" in refused.value.message_dict["outcome_note"][0]

    action.outcome_note = "Personalbrist under hösten."
    services.save_action(action, coordinator)
    assert action.progress().state is ProgressState.DONE_BELOW_TARGET


def test_an_action_done_in_full_needs_no_comment(coordinator):
    action = ActionFactory(
        promise__focus_area__agreement__published=True, target_quantity=2, status="ongoing"
    )
    ProgressUpdateFactory(action=action, quantity=2)
    action.status = Action.Status.DONE
    services.save_action(action, coordinator)
    assert action.progress().state is ProgressState.DONE
