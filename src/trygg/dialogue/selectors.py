"""Reads of the dialogue: which surveys residents can answer or read, and staff's open ones."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

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


def last_day_to_answer(survey: Survey) -> datetime.date | None:
    """The last day residents are asked to answer by; None when none is set.

    The survey's closing day, the one date a survey has for it: the letters print it
    and the dashboard counts the days to it.
    """
    return survey.closes_on


@dataclass(frozen=True)
class OpenSurvey:
    survey: Survey
    responses: int
    last_day: datetime.date | None
    days_left: int | None
    """Days from today to the last day to answer (0 on the day itself, below 0 once it
    has passed while the survey is still open); None without a last day."""


def open_surveys_for(
    user, today: datetime.date | None = None, *, municipalities: QuerySet[Municipality]
) -> list[OpenSurvey]:
    """The open surveys in ``municipalities`` that ``user`` may read, closing soonest first,
    each with its response count (one query)."""
    today = today or timezone.localdate()
    surveys = (
        Survey.objects.visible_to(user)
        .filter(municipality__in=municipalities, status=Survey.Status.OPEN)
        .select_related("municipality")
        .annotate(response_count=Count("responses"))
        .order_by(F("closes_on").asc(nulls_last=True), "pk")
    )
    rows = []
    for survey in surveys:
        last_day = last_day_to_answer(survey)
        rows.append(
            OpenSurvey(
                survey=survey,
                responses=survey.response_count,
                last_day=last_day,
                days_left=(last_day - today).days if last_day else None,
            )
        )
    return rows
