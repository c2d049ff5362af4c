"""Every write to agreements, promises, actions, indicators and their follow-up.

Each function is one transaction: it validates, saves and records who did it in the
history, or raises and changes nothing. The rules of the agreement's life cycle live
here: a draft is edited freely; once signed, the promises are what was signed and
only actions, progress and indicator values change; an ended agreement is locked —
its details, actions and indicators no longer change — and takes only late reports
and values dated inside its period (the final follow-up is written after it). Progress
updates are part of the public record: they are corrected or withdrawn, never deleted,
with the reason kept in the history.
"""

from django.db import transaction
from django.db.models import Model, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from trygg.core.errors import DomainError
from trygg.tenancy.models import Membership

from .models import (
    Action,
    Agreement,
    EvidenceLink,
    FocusArea,
    Indicator,
    IndicatorValue,
    ProgressUpdate,
    Promise,
    Signatory,
)


def _save(instance: Model, user) -> Model:
    """Validate and save ``instance``, naming ``user`` as the author in its history."""
    instance.full_clean()
    instance._history_user = user
    instance.save()
    return instance


def _current(agreement: Agreement) -> Agreement:
    # The caller's copy may be stale (a cached parent of the object being saved); read
    # the status locked, so that signing and editing cannot interleave.
    return Agreement.objects.select_for_update().get(pk=agreement.pk)


def _require_draft(agreement: Agreement) -> None:
    if not _current(agreement).is_draft:
        raise DomainError(
            _(
                "The agreement is signed: its focus areas and promises are what was signed "
                "and can no longer be changed. Actions can still be added and followed up."
            )
        )


def _require_not_ended(agreement: Agreement) -> None:
    if _current(agreement).status == Agreement.Status.ENDED:
        raise DomainError(
            _(
                "The agreement has ended; its details, actions and indicators can no longer "
                "be changed. Late progress reports and values dated inside its period can "
                "still be added."
            )
        )


def _require_in_period(agreement: Agreement, day, *, ended_only: bool = False) -> None:
    """``day`` must not be in the future, nor outside the agreement's period.

    With ``ended_only`` the period is a limit only once the agreement has ended (an
    indicator's values may be measured before the work starts, as its baseline).
    """
    if day > timezone.localdate():
        raise DomainError(_("The date cannot be in the future."))
    if ended_only and agreement.status != Agreement.Status.ENDED:
        return
    if not agreement.starts_on <= day <= agreement.ends_on:
        raise DomainError(
            _("The date must lie inside the agreement's period (%(period)s).")
            % {"period": agreement.period_label}
        )


def signature_of(user, agreement: Agreement) -> tuple[str, str]:
    """The name and organisation a progress update by ``user`` is signed with.

    The organisation is the one through which the user works in the agreement's
    municipality (their own municipality's, or the police area's that serves it).
    """
    name = user.get_full_name() or user.get_username()
    membership = (
        Membership.objects.filter(user=user)
        .filter(
            Q(organisation__municipality_id=agreement.municipality_id)
            | Q(organisation__police_area__municipalities=agreement.municipality_id)
        )
        .select_related("organisation")
        .order_by("pk")
        .first()
    )
    return name, membership.organisation.name if membership else ""


def _require_reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Give the reason for the correction; it is kept in the history."))
    return reason


@transaction.atomic
def save_agreement(agreement: Agreement, user) -> Agreement:
    """Create or edit an agreement's details. The period is fixed once signed."""
    if agreement.pk:
        _require_not_ended(agreement)
        stored = Agreement.objects.select_for_update().get(pk=agreement.pk)
        period = (agreement.starts_on, agreement.ends_on)
        if not stored.is_draft and (stored.starts_on, stored.ends_on) != period:
            raise DomainError(_("The period of a signed agreement cannot be changed."))
        agreement.status = stored.status
    if (
        agreement.police_area_id
        and not agreement.police_area.municipalities.filter(pk=agreement.municipality_id).exists()
    ):
        raise DomainError(
            _("%(police_area)s does not serve %(municipality)s.")
            % {"police_area": agreement.police_area, "municipality": agreement.municipality}
        )
    if agreement.pk:
        outside = agreement.actions().exclude(
            due_on__range=(agreement.starts_on, agreement.ends_on)
        )
        if outside.exists():
            count = outside.count()
            raise DomainError(
                ngettext(
                    "%(count)d action is due outside the new period; move it first.",
                    "%(count)d actions are due outside the new period; move them first.",
                    count,
                )
                % {"count": count}
            )
    return _save(agreement, user)


@transaction.atomic
def sign_agreement(agreement: Agreement, user, *, signed_on, signed_document=None) -> Agreement:
    """Record that the agreement was signed. It needs focus areas, promises and signatories."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    _require_draft(agreement)
    if not Promise.objects.filter(focus_area__agreement=agreement).exists():
        raise DomainError(_("Add at least one focus area with a promise before signing."))
    if not agreement.signatories.exists():
        raise DomainError(_("Add the signatories before recording the signing."))
    if signed_on > timezone.localdate():
        raise DomainError(_("The signing date cannot be in the future."))
    agreement.status = Agreement.Status.SIGNED
    agreement.signed_on = signed_on
    if signed_document:
        agreement.signed_document = signed_document
    return _save(agreement, user)


@transaction.atomic
def publish_agreement(agreement: Agreement, user) -> Agreement:
    """Make a signed agreement public on the municipality's page."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.is_draft:
        raise DomainError(_("Only a signed agreement can be published."))
    if agreement.published_at is None:
        agreement.published_at = timezone.now()
        _save(agreement, user)
    return agreement


@transaction.atomic
def end_agreement(agreement: Agreement, user) -> Agreement:
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.status != Agreement.Status.SIGNED:
        raise DomainError(_("Only a signed agreement can be ended."))
    agreement.status = Agreement.Status.ENDED
    return _save(agreement, user)


@transaction.atomic
def delete_from_draft(obj: Model, user) -> Agreement:
    """Delete a signatory, focus area, promise, evidence link or action of a draft.

    What is deleted with it (a focus area's promises and their actions) goes too; the
    history keeps all of it and who deleted it. Returns the agreement.
    """
    agreement = obj.agreement
    _require_draft(agreement)
    obj._history_user = user
    obj.delete()
    return agreement


@transaction.atomic
def save_signatory(signatory: Signatory, user) -> Signatory:
    _require_draft(signatory.agreement)
    return _save(signatory, user)


@transaction.atomic
def save_focus_area(focus_area: FocusArea, user) -> FocusArea:
    _require_draft(focus_area.agreement)
    return _save(focus_area, user)


@transaction.atomic
def save_promise(promise: Promise, user) -> Promise:
    _require_draft(promise.focus_area.agreement)
    return _save(promise, user)


@transaction.atomic
def save_evidence_link(link: EvidenceLink, user) -> EvidenceLink:
    _require_draft(link.promise.agreement)
    return _save(link, user)


@transaction.atomic
def save_action(action: Action, user) -> Action:
    _require_not_ended(action.promise.agreement)
    return _save(action, user)


def _locked_action_of(update: ProgressUpdate) -> tuple[Action, Agreement]:
    # Lock the action (progress on one action is written one at a time) and read the
    # agreement's status afresh, so a report cannot slip in as the agreement ends.
    action = Action.objects.select_for_update().get(pk=update.action_id)
    agreement = _current(action.agreement)
    if agreement.is_draft:
        raise DomainError(_("Progress is recorded once the agreement is signed."))
    return action, agreement


@transaction.atomic
def record_progress(update: ProgressUpdate, user) -> ProgressUpdate:
    """Record what was done for an action; a planned action thereby becomes ongoing.

    The update is dated inside the agreement's period and not in the future, and
    signed with the name and organisation of ``user``.
    """
    action, agreement = _locked_action_of(update)
    if update.date:
        _require_in_period(agreement, update.date)
    update.created_by = user
    update.signed_name, update.signed_organisation = signature_of(user, agreement)
    _save(update, user)
    if action.status == Action.Status.PLANNED:
        action.status = Action.Status.ONGOING
        _save(action, user)
    return update


@transaction.atomic
def correct_progress(update: ProgressUpdate, user, *, reason: str) -> ProgressUpdate:
    """Save a corrected progress update; it says publicly that it was corrected, and when.

    ``update`` carries the corrected values; the earlier ones and ``reason`` stay in
    the history. The date rules of a new update apply, also to an ended agreement.
    """
    _action, agreement = _locked_action_of(update)
    stored = ProgressUpdate.objects.select_for_update().get(pk=update.pk)
    if stored.is_withdrawn:
        raise DomainError(_("The progress update is withdrawn and can no longer be corrected."))
    reason = _require_reason(reason)
    _require_in_period(agreement, update.date)
    update.corrected_on = timezone.localdate()
    update._change_reason = reason
    return _save(update, user)


@transaction.atomic
def withdraw_progress(update: ProgressUpdate, user, *, reason: str) -> ProgressUpdate:
    """Withdraw a progress update: it no longer counts, and residents see only that it was
    withdrawn and when, not its text. The update and ``reason`` stay in the history."""
    _locked_action_of(update)
    update = ProgressUpdate.objects.select_for_update().get(pk=update.pk)
    if update.is_withdrawn:
        raise DomainError(_("The progress update is already withdrawn."))
    reason = _require_reason(reason)
    update.withdrawn_on = timezone.localdate()
    update._change_reason = reason
    return _save(update, user)


@transaction.atomic
def save_indicator(indicator: Indicator, user) -> Indicator:
    _require_not_ended(indicator.promise.agreement)
    return _save(indicator, user)


@transaction.atomic
def record_indicator_value(value: IndicatorValue, user) -> IndicatorValue:
    """Enter a measured value; once the agreement has ended, only one measured inside
    its period (a late value, like a late progress report)."""
    if value.measured_on:
        _require_in_period(_current(value.indicator.agreement), value.measured_on, ended_only=True)
    if (
        IndicatorValue.objects.filter(indicator=value.indicator_id, measured_on=value.measured_on)
        .exclude(pk=value.pk)
        .exists()
    ):
        raise DomainError(
            _("There is already a value for %(date)s; edit that one instead.")
            % {"date": formats.date_format(value.measured_on)}
        )
    value.created_by = value.created_by or user
    return _save(value, user)
