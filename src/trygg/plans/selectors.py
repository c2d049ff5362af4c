"""Reads of action plans and problems, already scoped and prefetched for their pages."""

import dataclasses
import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone

from trygg.promises.models import Promise
from trygg.situation.lagesbild_services import snapshot_of
from trygg.situation.models import Category
from trygg.situation.selectors import published_lagesbilder
from trygg.tenancy.models import Municipality

from .models import ActionPlan, Evidence, FollowUp, Measure, Problem

# The rule whose findings are staff data: an alert may rest on a handful of reports.
STAFF_ONLY_RULES = frozenset({"alerts"})


@dataclass(frozen=True)
class Finding:
    """One piece of evidence of a suggested problem, as the lägesbild states it."""

    rule: str
    rule_text: str
    text: str
    public: bool
    """Whether the lägesbild's public version states it too (so residents may read it)."""


@dataclass(frozen=True)
class SuggestedProblem:
    """A problem the analysis of a year's lägesbild suggests, and what became of it."""

    key: str
    """Its key in the lägesbild's figures (``category:KEY``, ``place:CELL``), which its
    page posts and the plan's problem keeps."""
    year: int
    title: str
    category: Category | None
    findings: list[Finding]
    computed_at: dt.datetime
    """When the lägesbild it comes from was computed."""
    lagesbild_url: str
    take_over_url: str
    problem: Problem | None
    """The problem of the action plan it was taken over as, if it was."""


def _findings(figures: dict | None) -> set[tuple[str, str, str]]:
    return {
        (problem["key"], item["rule"], item["text"])
        for problem in (figures or {}).get("analys", {}).get("problems", [])
        for item in problem["evidence"]
    }


def suggested_problems(municipality: Municipality, year: int) -> list[SuggestedProblem]:
    """The problems the computed lägesbild of ``year`` suggests, each with the problem of
    the action plan it became (or None); empty while the lägesbild is not computed."""
    snapshot = snapshot_of(municipality, year, public=False)
    if snapshot is None or not snapshot.figures:
        return []
    analys = snapshot.figures["analys"]
    public = snapshot_of(municipality, year, public=True)
    published = _findings(public.figures if public else None)
    categories = Category.objects.in_bulk(field_name="key") if analys["problems"] else {}
    urls = {"municipality": municipality.code, "year": year}
    lagesbild_url = reverse("situation:lagesbild", kwargs=urls)
    take_over_url = reverse("plans:problem_from_lagesbild", kwargs=urls)
    suggestions = []
    for problem in analys["problems"]:
        kind, _colon, name = problem["key"].partition(":")
        category = categories.get(name) if kind == "category" else None
        suggestions.append(
            SuggestedProblem(
                key=problem["key"],
                year=year,
                title=problem["title"],
                category=category,
                findings=[
                    Finding(
                        rule=item["rule"],
                        rule_text=analys["rules"].get(item["rule"], ""),
                        text=item["text"],
                        public=item["rule"] not in STAFF_ONLY_RULES
                        and (problem["key"], item["rule"], item["text"]) in published,
                    )
                    for item in problem["evidence"]
                ],
                computed_at=snapshot.computed_at,
                lagesbild_url=lagesbild_url,
                take_over_url=take_over_url,
                problem=None,
            )
        )
    taken = {
        problem.suggestion_key: problem
        for problem in Problem.objects.filter(
            municipality=municipality,
            situation_year=year,
            suggestion_key__in=[suggestion.key for suggestion in suggestions],
        )
    }
    return [
        dataclasses.replace(suggestion, problem=taken.get(suggestion.key))
        for suggestion in suggestions
    ]


def suggestions_by_lagesbild_key(
    municipality: Municipality, year: int
) -> dict[str, SuggestedProblem]:
    """``suggested_problems`` by the key the lägesbild's figures give each."""
    return {suggestion.key: suggestion for suggestion in suggested_problems(municipality, year)}


def lagesbild_years(plan: ActionPlan) -> range:
    """The years whose lägesbild a plan answers: the year before it up to its last,
    as far as there is a lägesbild yet (none is made of a year to come)."""
    return range(plan.first_year - 1, min(plan.last_year, timezone.localdate().year) + 1)


def plans_of(municipality: Municipality) -> QuerySet[ActionPlan]:
    return ActionPlan.objects.filter(municipality=municipality)


def problems_of(municipality: Municipality) -> QuerySet[Problem]:
    return (
        Problem.objects.filter(municipality=municipality)
        .select_related("municipality")
        .prefetch_related("evidence")
    )


def _problems_with_evidence() -> QuerySet[Problem]:
    return Problem.objects.select_related("municipality").prefetch_related("evidence")


def plan_measures(plan: ActionPlan) -> QuerySet[Measure]:
    """The plan's measures with everything a row of Brå's table shows."""
    return (
        plan.measures.select_related("responsible", "action__promise__focus_area__agreement")
        .prefetch_related(
            Prefetch("problems", queryset=_problems_with_evidence()),
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
    untaken: list[SuggestedProblem]
    """Problems the lägesbilder of the plan's years suggest that are not problems yet."""


def plan_table(plan: ActionPlan) -> PlanTable:
    measures = list(plan_measures(plan))
    answered = {}
    for measure in measures:
        for problem in measure.problems.all():
            answered.setdefault(problem.pk, problem)
    years = lagesbild_years(plan)
    unanswered = [
        problem
        for problem in problems_of(plan.municipality).filter(
            situation_year__range=(years.start, plan.last_year)
        )
        if problem.pk not in answered
    ]
    untaken = [
        suggestion
        for year in years
        for suggestion in suggested_problems(plan.municipality, year)
        if suggestion.problem is None
    ]
    return PlanTable(plan, measures, list(answered.values()), unanswered, untaken)


@dataclass(frozen=True)
class AnsweredProblem:
    problem: Problem
    evidence: list[Evidence]
    measures: list[Measure]
    lagesbild_url: str | None
    """The lägesbild the problem comes from: the staff page, or publicly the approved
    version (None while the steering group has not approved one of that year)."""


def _lagesbild_urls(promise: Promise, problems: list[Problem], *, public: bool) -> dict:
    municipality = promise.municipality
    if not public:
        return {problem.pk: problem.lagesbild_url for problem in problems}
    approved = set(published_lagesbilder(municipality).values_list("year", flat=True))
    return {
        problem.pk: reverse("portal:lagesbild", args=[municipality.slug, problem.situation_year])
        for problem in problems
        if problem.situation_year in approved
    }


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
    problems = list(
        Problem.objects.filter(measures__in=measures)
        .distinct()
        .order_by("pk")
        .select_related("municipality")
        .prefetch_related(Prefetch("evidence", queryset=evidence))
    )
    measures = list(measures.prefetch_related("problems"))
    urls = _lagesbild_urls(promise, problems, public=public) if problems else {}
    return [
        AnsweredProblem(
            problem,
            list(problem.evidence.all()),
            [m for m in measures if any(p.pk == problem.pk for p in m.problems.all())],
            urls.get(problem.pk),
        )
        for problem in problems
    ]


def plan_measures_all() -> QuerySet[Measure]:
    """Every measure, with what its page shows (scope it with ``visible_to``)."""
    return Measure.objects.select_related(
        "plan__municipality", "responsible", "action__promise__focus_area__agreement"
    ).prefetch_related(
        Prefetch("problems", queryset=_problems_with_evidence()),
        "organisations",
        Prefetch(
            "follow_ups",
            queryset=FollowUp.objects.select_related("created_by").order_by("-date", "-pk"),
        ),
    )
