"""Public reads of the dialogue: which surveys a municipality's residents can answer or read."""

from django.db.models import QuerySet

from trygg.tenancy.models import Municipality

from .models import Survey


def open_surveys(municipality: Municipality) -> QuerySet[Survey]:
    return municipality.surveys.filter(status=Survey.Status.OPEN).order_by("-year")


def published_surveys(municipality: Municipality) -> QuerySet[Survey]:
    """Closed surveys, whose results are public."""
    return municipality.surveys.filter(status=Survey.Status.CLOSED).order_by("-year")
