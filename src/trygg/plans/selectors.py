"""Reads of action plans and problems, already scoped and prefetched for their pages."""

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from trygg.promises.models import Promise
from trygg.tenancy.models import Municipality

from .models import ActionPlan, Evidence, FollowUp, Measure, Problem


def plans_of(municipality: Municipality) -> QuerySet[ActionPlan]:
    return ActionPlan.objects.filter(municipality=municipality)


def problems_of(municipality: Municipality) -> QuerySet[Problem]:
    return Problem.objects.filter(municipality=municipality).prefetch_related("evidence")


def plan_measures(plan: ActionPlan) -> QuerySet[Measure]:
    """The plan's measures with everything a row of Brå's table shows."""
    return (
        plan.measures.select_related("responsible", "action__promise__focus_area__agreement")
        .prefetch_related(
            Prefetch("problems", queryset=Problem.objects.prefetch_related("evidence")),
            "organisations",
            Prefetch("follow_ups", queryset=FollowUp.objects.order_by("-date", "-pk")),
        )
        .order_by("order", "pk")
    )


@dataclass(frozen=True)
class PlanTable:
    plan: ActionPlan
    measures: list[Measure]
    problems: list[Problem]
    """The problems the plan's measures answer, in the order they first appear."""
    unanswered: list[Problem]
    """Problems of the plan's years that no measure of the plan answers yet."""


def plan_table(plan: ActionPlan) -> PlanTable:
    measures = list(plan_measures(plan))
    answered = {}
    for measure in measures:
        for problem in measure.problems.all():
            answered.setdefault(problem.pk, problem)
    unanswered = [
        problem
        for problem in problems_of(plan.municipality).filter(
            situation_year__range=(plan.first_year - 1, plan.last_year)
        )
        if problem.pk not in answered
    ]
    return PlanTable(plan, measures, list(answered.values()), unanswered)


@dataclass(frozen=True)
class AnsweredProblem:
    problem: Problem
    evidence: list[Evidence]
    measures: list[Measure]


def problems_answered_by(promise: Promise, *, public: bool) -> list[AnsweredProblem]:
    """The problems (with their evidence) the measures carried out under ``promise`` answer.

    ``public`` keeps what residents may read: only decided plans, only evidence marked
    public; the template leaves out the staff note.
    """
    measures = Measure.objects.filter(action__promise=promise).select_related("plan")
    if public:
        measures = measures.filter(plan__status=ActionPlan.Status.DECIDED)
    evidence = Evidence.objects.order_by("pk")
    if public:
        evidence = evidence.filter(public=True)
    problems = (
        Problem.objects.filter(measures__in=measures)
        .distinct()
        .order_by("pk")
        .prefetch_related(Prefetch("evidence", queryset=evidence))
    )
    measures = list(measures.prefetch_related("problems"))
    return [
        AnsweredProblem(
            problem,
            list(problem.evidence.all()),
            [m for m in measures if any(p.pk == problem.pk for p in m.problems.all())],
        )
        for problem in problems
    ]


def plan_measures_all() -> QuerySet[Measure]:
    """Every measure, with what its page shows (scope it with ``visible_to``)."""
    return Measure.objects.select_related(
        "plan__municipality", "responsible", "action__promise__focus_area__agreement"
    ).prefetch_related(
        Prefetch("problems", queryset=Problem.objects.prefetch_related("evidence")),
        "organisations",
        Prefetch(
            "follow_ups",
            queryset=FollowUp.objects.select_related("created_by").order_by("-date", "-pk"),
        ),
    )
