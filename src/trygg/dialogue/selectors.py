"""Public reads of the dialogue: which surveys a municipality's residents can answer or read."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from trygg.tenancy.models import Municipality

from .models import Survey


def open_surveys(municipality: Municipality) -> QuerySet[Survey]:
    return municipality.surveys.filter(status=Survey.Status.OPEN).order_by("-year")


def published_surveys(municipality: Municipality) -> QuerySet[Survey]:
    """Closed surveys, whose results are public."""
    return municipality.surveys.filter(status=Survey.Status.CLOSED).order_by("-year")


def public_survey_or_404(municipality_slug: str, pk: int, *statuses: str) -> Survey:
    """The survey at this public address if it is in one of ``statuses``, else 404.

    Residents answer open surveys and read the results of closed ones; a draft, or
    a survey asked for under another municipality's address, does not exist for them.
    """
    return get_object_or_404(
        Survey.objects.select_related("municipality"),
        pk=pk,
        municipality__slug=municipality_slug,
        status__in=statuses,
    )
