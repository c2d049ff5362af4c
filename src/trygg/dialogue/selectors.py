"""Public reads of the dialogue: which surveys a municipality's residents can answer or read."""

from django.db.models import F, Q, QuerySet
from django.shortcuts import get_object_or_404

from trygg.tenancy.models import Municipality

from .models import Survey, swedish_today


def _answerable(surveys: QuerySet[Survey]) -> QuerySet[Survey]:
    """Open surveys whose last day to answer (if any) has not passed, in Swedish time."""
    return (
        surveys.filter(status=Survey.Status.OPEN)
        .filter(Q(closes_on__isnull=True) | Q(closes_on__gte=swedish_today()))
        .select_related("municipality")
        .defer("municipality__border")
    )


def open_surveys(municipality: Municipality) -> QuerySet[Survey]:
    """The surveys the municipality's residents can answer today, soonest closing first."""
    return _answerable(municipality.surveys.all()).order_by(
        F("closes_on").asc(nulls_last=True), "-year", "title"
    )


def all_open_surveys() -> QuerySet[Survey]:
    """Every municipality's surveys that residents can answer today, for the home page."""
    return _answerable(Survey.objects.all()).order_by(
        F("closes_on").asc(nulls_last=True), "municipality__name", "title"
    )


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
