"""A survey's data version: a number that changes whenever its results would.

What the results are made of changes at a few places only: a response is stored
(``submission``), the weights are replaced (``population.services.weight_survey``),
and the survey opens or closes (``services``). Each calls ``record_change`` in its own
transaction, which counts the survey's ``data_version`` up and sends
``survey_data_changed``, so that whoever keeps figures computed from the survey (the
results' snapshots, in ``insight``) can queue their recomputation in the same
transaction. The collecting side thus knows nothing of who analyses its data.
"""

from django.db import transaction
from django.db.models import F
from django.dispatch import Signal

from .models import Survey

survey_data_changed = Signal()
"""Sent with ``survey`` (at its new ``data_version``) inside the changing transaction."""


def record_change(survey: Survey) -> int:
    """Count ``survey``'s data version up, in the caller's transaction; the new version."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_change belongs in the transaction that made the change.")
    Survey.objects.filter(pk=survey.pk).update(data_version=F("data_version") + 1)
    survey.data_version = Survey.objects.values_list("data_version", flat=True).get(pk=survey.pk)
    survey_data_changed.send(sender=Survey, survey=survey)
    return survey.data_version
