"""Every write to problems, action plans, measures and their follow-up.

Each function is one transaction: it validates, saves and names its author in the
history, or raises ``DomainError`` and changes nothing. What a decided plan locks is
said in ``models``; the checks here read the plan's status locked, so that deciding
and editing cannot interleave.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from trygg.core.errors import DomainError
from trygg.promises import services as promise_services
from trygg.promises.models import Action, Promise
from trygg.situation.comparisons import compare_rates
from trygg.tenancy.models import Municipality, Organisation

from .models import ActionPlan, Evidence, FollowUp, Measure, Problem
from .selectors import SuggestedProblem, suggestions_by_lagesbild_key


def _save(instance: Model, user) -> Model:
    instance.full_clean()
    instance._history_user = user
    instance.save()
    return instance


def _locked_plan(plan: ActionPlan) -> ActionPlan:
    return ActionPlan.objects.select_for_update().get(pk=plan.pk)


def _require_draft(plan: ActionPlan) -> ActionPlan:
    plan = _locked_plan(plan)
    if plan.is_decided:
        raise DomainError(
            _(
                "The steering group has decided the plan: its measures are what was decided "
                "and can no longer be changed. Follow-up can still be recorded."
            )
        )
    return plan


def _require_problem_open(problem: Problem) -> None:
    if problem.pk and Problem.objects.get(pk=problem.pk).is_decided:
        raise DomainError(
            _(
                "A decided action plan answers this problem: it and its evidence stay as "
                "the steering group saw them."
            )
        )


def working_organisations(municipality: Municipality):
    """The organisations that can take part in a municipality's measures: its own
    (municipal and partners) and those of the police areas that serve it."""
    return Organisation.objects.filter(
        Q(municipality=municipality) | Q(police_area__municipalities=municipality)
    ).distinct()


@transaction.atomic
def save_plan(plan: ActionPlan, user) -> ActionPlan:
    if plan.pk:
        stored = _require_draft(plan)
        plan.status, plan.decided_on, plan.decided_by = (
            stored.status,
            stored.decided_on,
            stored.decided_by,
        )
    return _save(plan, user)


@transaction.atomic
def decide_plan(plan: ActionPlan, user, *, decided_on: dt.date, decided_by: str) -> ActionPlan:
    """Record the steering group's decision; from then on the plan's content is locked."""
    plan = _require_draft(plan)
    if not plan.measures.exists():
        raise DomainError(_("Add at least one measure before recording the decision."))
    if decided_on > timezone.localdate():
        raise DomainError(_("The date of the decision cannot be in the future."))
    if not decided_by.strip():
        raise DomainError(_("Say who decided the plan."))
    plan.status = ActionPlan.Status.DECIDED
    plan.decided_on = decided_on
    plan.decided_by = decided_by.strip()
    return _save(plan, user)


@transaction.atomic
def save_problem(problem: Problem, user) -> Problem:
    _require_problem_open(problem)
    return _save(problem, user)


def _suggested_problem(suggestion: SuggestedProblem, municipality: Municipality) -> Problem:
    rules = dict.fromkeys(finding.rule_text for finding in suggestion.findings if finding.rule_text)
    intro = _("The analysis of the lägesbild %(year)d suggests prioritising it.") % {
        "year": suggestion.year
    }
    return Problem(
        municipality=municipality,
        situation_year=suggestion.year,
        suggestion_key=suggestion.key,
        title=suggestion.title[:200],
        # Only the rules, which name no figure: the findings' figures are evidence, each
        # public only as the lägesbild's public version states it.
        description=" ".join([intro, *rules]),
    )


def _frozen_findings(problem: Problem, suggestion: SuggestedProblem) -> list[Evidence]:
    source = _("Lägesbild %(year)s") % {"year": suggestion.year}
    return [
        Evidence(
            problem=problem,
            kind=Evidence.Kind.LAGESBILD,
            category=suggestion.category,
            label=(finding.rule_text.rstrip(". ") or finding.rule)[:300],
            figure=finding.text,
            source=source,
            public=finding.public,
            rule=finding.rule,
            lagesbild_computed_at=suggestion.computed_at,
        )
        for finding in suggestion.findings
    ]


def take_over_suggestion(
    municipality: Municipality, year: int, lagesbild_key: str, user
) -> tuple[Problem, bool]:
    """Make a problem the lägesbild of ``year`` suggests a problem of the action plan.

    Its evidence is copied from the lägesbild as computed and frozen: each finding's
    figure, the rule that made it a problem and when the lägesbild was computed.
    Idempotent: a suggestion taken over before, or at the same moment by someone else,
    gives the problem there is. Returns the problem and whether it was created now.
    """
    suggestion = suggestions_by_lagesbild_key(municipality, year).get(lagesbild_key)
    if suggestion is None:
        raise DomainError(
            _(
                "The lägesbild %(year)d does not suggest this problem (any longer): "
                "reload its page to see what it suggests now."
            )
            % {"year": year}
        )
    if suggestion.problem is not None:
        return suggestion.problem, False
    try:
        with transaction.atomic():
            problem = _save(_suggested_problem(suggestion, municipality), user)
            for evidence in _frozen_findings(problem, suggestion):
                _save(evidence, user)
    except (IntegrityError, ValidationError):
        # Someone took it over between the look and the write: theirs is the problem.
        taken = Problem.objects.filter(
            municipality=municipality, situation_year=year, suggestion_key=suggestion.key
        ).first()
        if taken is None:
            raise
        return taken, False
    return problem, True


def _one_decimal(number: float) -> str:
    # Rounded here: number_format cuts the decimals off rather than rounding them.
    return formats.number_format(round(number, 1), 1, use_l10n=True)


def _rate_snapshot(evidence: Evidence, year: int) -> tuple[str, str]:
    """The label and figure of a category's rate comparison for ``year``, as text."""
    comparison = compare_rates(
        evidence.problem.municipality, dt.date(year, 1, 1), dt.date(year, 12, 31), evidence.category
    )
    parts = []
    for row in comparison.rows:
        rate = row.rate.per_10000
        figure = "–" if rate is None else _one_decimal(rate)
        who = (
            row.scope.label if row.label == row.scope.label else f"{row.scope.label} ({row.label})"
        )
        parts.append(f"{who}: {figure}")
    label = _("%(category)s per 10,000 residents, %(year)d") % {
        "category": evidence.category,
        "year": year,
    }
    municipality_row = comparison.rows[0]
    figure = _("%(incidents)s police events. Per 10,000 residents: %(rates)s.") % {
        "incidents": formats.number_format(municipality_row.rate.incidents, use_l10n=True),
        "rates": "; ".join(parts),
    }
    return label, figure


def _alert_snapshot(evidence: Evidence) -> tuple[str, str]:
    alert = evidence.alert
    label = _("Alert: %(category)s, week %(week)d %(year)d") % {
        "category": alert.category,
        "week": alert.iso_week,
        "year": alert.iso_year,
    }
    figure = _("%(observed)d observed against %(expected)s expected (threshold %(upper)s).") % {
        "observed": alert.observed,
        "expected": _one_decimal(alert.expected),
        "upper": _one_decimal(alert.upperbound),
    }
    return label, figure


@transaction.atomic
def add_evidence(evidence: Evidence, user) -> Evidence:
    """Cite evidence for a problem, freezing the figure as text.

    A category's rate comparison (the problem's lägesbild year) and an alert are read
    from the data when their figure is left empty; a place, a dialogue figure and other
    information are stored as the user gives them. What is cited must be the problem's
    own municipality's.
    """
    problem = evidence.problem
    _require_problem_open(problem)
    municipality = problem.municipality
    for field in ("alert", "area", "question"):
        cited = getattr(evidence, field)
        if cited is not None and cited.municipality != municipality:
            raise DomainError(
                _("Cite only what belongs to %(municipality)s.") % {"municipality": municipality}
            )
    evidence.full_clean()
    if evidence.kind == Evidence.Kind.CATEGORY_RATE and not evidence.figure.strip():
        evidence.label, evidence.figure = _rate_snapshot(evidence, problem.situation_year)
        evidence.source = evidence.source or _("The police's open events; SCB's residents")
    elif evidence.kind == Evidence.Kind.ALERT and not evidence.figure.strip():
        label, evidence.figure = _alert_snapshot(evidence)
        evidence.label = evidence.label or label
    if evidence.kind == Evidence.Kind.SURVEY_FIGURE and not evidence.label.strip():
        evidence.label = evidence.question.text if evidence.question else _("The dialogue")
    if evidence.kind == Evidence.Kind.PLACE and evidence.area and not evidence.label.strip():
        evidence.label = evidence.area.name
    return _save(evidence, user)


def _check_who(measure: Measure, organisations) -> None:
    allowed = working_organisations(measure.plan.municipality)
    chosen = {organisation.pk for organisation in organisations} | {measure.responsible_id}
    if chosen - set(allowed.values_list("pk", flat=True)):
        raise DomainError(
            _(
                "Choose organisations of %(municipality)s, of the police area that serves it "
                "or its partners."
            )
            % {"municipality": measure.plan.municipality}
        )


@transaction.atomic
def save_measure(measure: Measure, user, *, problems, organisations=()) -> Measure:
    """Create or edit a measure of a draft plan with the problems it answers and who
    takes part (the responsible organisation always does)."""
    _require_draft(measure.plan)
    problems = list(problems)
    if not problems:
        raise DomainError(_("Choose at least one problem the measure answers."))
    municipality = measure.plan.municipality
    if any(problem.municipality_id != municipality.pk for problem in problems):
        raise DomainError(
            _("Choose problems of %(municipality)s.") % {"municipality": municipality}
        )
    _check_who(measure, organisations)
    _save(measure, user)
    measure.problems.set(problems)
    measure.organisations.set(organisations)
    return measure


@transaction.atomic
def record_follow_up(follow_up: FollowUp, user) -> FollowUp:
    """Record a measure's status (green, yellow or red) with a dated, signed comment;
    the measure shows the latest one's status."""
    measure = Measure.objects.select_for_update().get(pk=follow_up.measure_id)
    if not _locked_plan(measure.plan).is_decided:
        raise DomainError(_("Follow-up is recorded once the steering group has decided the plan."))
    if follow_up.date and follow_up.date > timezone.localdate():
        raise DomainError(_("The date cannot be in the future."))
    follow_up.created_by = user
    follow_up.signed_name, follow_up.signed_organisation = promise_services.signature_of(
        user, measure.plan
    )
    _save(follow_up, user)
    latest = measure.follow_ups.order_by("-date", "-pk").first()
    if measure.status != latest.status:
        measure.status = latest.status
        _save(measure, user)
    return follow_up


def _owner_of(organisations: list[Organisation]) -> tuple[str, str]:
    """The action's owner (and partner's name) from the organisations working on it."""
    kinds = {organisation.kind for organisation in organisations}
    if {Organisation.Kind.MUNICIPALITY, Organisation.Kind.POLICE} <= kinds:
        return Action.Owner.BOTH, ""
    if Organisation.Kind.MUNICIPALITY in kinds:
        return Action.Owner.MUNICIPALITY, ""
    if Organisation.Kind.POLICE in kinds:
        return Action.Owner.POLICE, ""
    partners = [o.name for o in organisations if o.kind == Organisation.Kind.PARTNER]
    return Action.Owner.PARTNER, ", ".join(partners)[:200]


def _check_promise(measure: Measure, promise: Promise) -> None:
    if promise.municipality != measure.plan.municipality:
        raise DomainError(
            _("Choose a promise of %(municipality)s's agreements.")
            % {"municipality": measure.plan.municipality}
        )


@transaction.atomic
def make_action(measure: Measure, user, *, promise: Promise) -> Action:
    """Create the action under ``promise`` that carries out ``measure``, and link them.

    The action takes the measure's title and description, its operational goal, its
    owner from who takes part (kommun, polis, both or a partner) and its dates clipped
    to the agreement's period. The promises' rules apply (no new work in an ended
    agreement). Raises if the measure already has its action.
    """
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    if measure.action_id is not None:
        raise DomainError(_("The measure is already an action under a promise."))
    _check_promise(measure, promise)
    agreement = promise.agreement
    starts_on = max(measure.starts_on or agreement.starts_on, agreement.starts_on)
    due_on = min(measure.ends_on or agreement.ends_on, agreement.ends_on)
    if starts_on > due_on:
        raise DomainError(
            _("The measure's dates lie outside the agreement's period (%(period)s).")
            % {"period": agreement.period_label}
        )
    organisations = [measure.responsible, *measure.organisations.all()]
    owner, partner_name = _owner_of(organisations)
    description = "\n\n".join(
        part
        for part in (
            measure.description,
            _("Operational goal: %(goal)s") % {"goal": measure.operational_goal},
        )
        if part
    )
    action = Action(
        promise=promise,
        title=measure.title,
        description=description,
        owner=owner,
        partner_name=partner_name,
        responsible=measure.responsible.name[:200],
        starts_on=starts_on,
        due_on=due_on,
    )
    promise_services.save_action(action, user)
    measure.action = action
    _save(measure, user)
    return action


@transaction.atomic
def link_action(measure: Measure, user, *, action: Action) -> Action:
    """Link ``measure`` to an action that already exists under one of the promises."""
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    if measure.action_id is not None:
        raise DomainError(_("The measure is already an action under a promise."))
    _check_promise(measure, action.promise)
    if Measure.objects.filter(action=action).exists():
        raise DomainError(_("Another measure is already carried out by this action."))
    measure.action = action
    _save(measure, user)
    return action
