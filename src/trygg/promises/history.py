"""The change history of an agreement and everything in it, for staff.

django-simple-history keeps a row per change of each model; this gathers the rows of
one agreement's tree, including deleted children, into one timeline of who changed
what and from which value to which.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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

KIND_LABELS = {
    "+": pgettext_lazy("history of a change", "created"),
    "~": pgettext_lazy("history of a change", "changed"),
    "-": pgettext_lazy("history of a change", "deleted"),
}


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    who: str
    kind: str
    what: str
    object_label: str
    changes: list[FieldChange]
    reason: str = ""
    """Why the change was made, where the change asks for one (a corrected update)."""

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])


def _who(user) -> str:
    if user is None:
        return str(_("the system"))
    return user.get_full_name() or user.get_username()


def _ids(records) -> set[int]:
    return {record.id for record in records}


def _label(record) -> str:
    # Read the label off the historical row itself: building each record's model
    # instance to call its __str__ could cost a query per row.
    for field in ("title", "name", "text"):
        value = getattr(record, field, None)
        if value:
            return Truncator(value).chars(80)
    return f"{getattr(record, 'value', '')} ({getattr(record, 'measured_on', '')})"


def _display(model, field_name: str, value) -> str:
    if value in (None, ""):
        return "–"
    field = model._meta.get_field(field_name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def _entries(records, model) -> list[HistoryEntry]:
    # Pair each record with the one before it in Python: asking each record for its
    # ``prev_record`` would cost a query per change.
    entries = []
    previous_by_id = {}
    for record in records.order_by("id", "history_date", "history_id"):
        previous = previous_by_id.get(record.id)
        previous_by_id[record.id] = record
        changes = []
        if record.history_type == "~" and previous is not None:
            delta = record.diff_against(previous)
            changes = [
                FieldChange(
                    field=str(model._meta.get_field(change.field).verbose_name),
                    old=_display(model, change.field, change.old),
                    new=_display(model, change.field, change.new),
                )
                for change in delta.changes
            ]
            if not changes:
                continue
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=_who(record.history_user),
                kind=record.history_type,
                what=str(model._meta.verbose_name),
                object_label=_label(record),
                changes=changes,
                reason=record.history_change_reason or "",
            )
        )
    return entries


def agreement_history(agreement: Agreement) -> list[HistoryEntry]:
    """Every recorded change in ``agreement``'s tree, newest first."""
    history = Agreement.history.filter(id=agreement.pk)
    signatories = Signatory.history.filter(agreement_id=agreement.pk)
    focus_areas = FocusArea.history.filter(agreement_id=agreement.pk)
    promises = Promise.history.filter(focus_area_id__in=_ids(focus_areas))
    promise_ids = _ids(promises)
    evidence = EvidenceLink.history.filter(promise_id__in=promise_ids)
    actions = Action.history.filter(promise_id__in=promise_ids)
    updates = ProgressUpdate.history.filter(action_id__in=_ids(actions))
    indicators = Indicator.history.filter(promise_id__in=promise_ids)
    values = IndicatorValue.history.filter(indicator_id__in=_ids(indicators))

    entries = []
    for records, model in [
        (history, Agreement),
        (signatories, Signatory),
        (focus_areas, FocusArea),
        (promises, Promise),
        (evidence, EvidenceLink),
        (actions, Action),
        (updates, ProgressUpdate),
        (indicators, Indicator),
        (values, IndicatorValue),
    ]:
        entries.extend(_entries(records.select_related("history_user"), model))
    return sorted(entries, key=lambda entry: entry.when, reverse=True)
