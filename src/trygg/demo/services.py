"""Loading the Kungsbacka demo into the database.

``load_kungsbacka_demo`` brings the database to the demo described in ``kungsbacka``:
it creates what is missing, corrects what differs and removes what the demo agreement
holds beyond it (say, a progress update added while trying the demo). Rows are matched
on natural keys and saved only when something changed, so a second load writes
nothing, not even history. The first load writes the history of a real agreement:
drafted by the coordinator in November 2020, signed and published in December,
followed up through 2021–2022 and ended in January 2023.
"""

from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.utils.translation import gettext as _

from trygg.background.progress import Progress, no_progress
from trygg.core.errors import DomainError
from trygg.geo.models import Area, Landmark
from trygg.geo.services import load_municipalities
from trygg.plans.models import ActionPlan, Evidence, FollowUp, Measure, Problem
from trygg.promises.models import (
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
from trygg.promises.services import signature_of
from trygg.tenancy.models import Membership, Municipality, Organisation, PoliceArea

from . import kungsbacka
from . import plan as demo_plan
from .dialogue import PLACES as DIALOGUE_PLACES
from .dialogue import DialogueDemoResult, load_dialogue_demo
from .districts import DistrictError, voronoi_districts
from .incidents import IncidentsDemoResult, load_incidents_demo


@dataclass(frozen=True)
class DemoSignIn:
    username: str
    password: str
    role: str  # the membership role, or "operator" for the installation's operator
    organisation: str  # "Trygg" for the operator: the whole installation
    title: str


@dataclass(frozen=True)
class DemoResult:
    """What the demo holds after loading (counts of the demo's own rows)."""

    municipality: Municipality
    agreement: Agreement
    districts: int
    focus_areas: int
    promises: int
    actions: int
    progress_updates: int
    indicators: int
    sign_ins: tuple[DemoSignIn, ...]
    dialogue: DialogueDemoResult | None = None
    """The surveys, when the dialogue was loaded."""
    incidents: IncidentsDemoResult | None = None
    """The police's events and the synthetic municipal reports, when they were loaded."""
    plan: ActionPlan | None = None
    """The åtgärdsplan 2021–2022 whose measures lead to the agreement's actions."""


def municipalities_file() -> Path:
    return Path(settings.TRYGG_REFERENCE_DATA_DIR) / "swedish-municipalities.geojson"


@transaction.atomic
def load_kungsbacka_demo(
    *,
    municipalities_path: Path | None = None,
    dry_run: bool = False,
    dialogue: bool = True,
    incidents: bool = True,
    progress: Progress = no_progress,
) -> DemoResult:
    """Create or restore the Kungsbacka demo, all in one transaction.

    Loads the municipalities from ``municipalities_path`` (by default the shipped
    GeoJSON) if Kungsbacka is missing. With ``dry_run`` everything is rolled back at
    the end and the result says what the demo would hold. ``dialogue=False`` leaves
    out the citizen dialogue (2,200 responses) where only the agreement is wanted;
    ``incidents=False`` the police's events of the whole country (which load all the
    shipped municipalities, some ten seconds) and the synthetic municipal reports.
    ``progress`` follows the long steps. Raises ``DomainError`` if Kungsbacka has no
    usable border, ``ImportProblem`` (a ``DomainError``) if the events cannot be read.
    """
    municipality = _kungsbacka(municipalities_path)
    police_area = _police_area(municipality)
    organisations = _organisations(municipality, police_area)
    users, sign_ins = _sign_ins(organisations)
    districts = _districts(municipality)
    _landmarks(municipality)
    agreement = _agreement(municipality, police_area, users)
    plan = _action_plan(municipality, organisations, users, agreement)
    dialogue_result = load_dialogue_demo(municipality) if dialogue else None
    incidents_result = (
        load_incidents_demo(
            municipality, municipalities_file=municipalities_file(), progress=progress
        )
        if incidents
        else None
    )

    actions = agreement.actions()
    result = DemoResult(
        municipality=municipality,
        agreement=agreement,
        districts=len(districts),
        focus_areas=agreement.focus_areas.count(),
        promises=Promise.objects.filter(focus_area__agreement=agreement).count(),
        actions=actions.count(),
        progress_updates=ProgressUpdate.objects.filter(action__in=actions).count(),
        indicators=Indicator.objects.filter(promise__focus_area__agreement=agreement).count(),
        sign_ins=sign_ins,
        dialogue=dialogue_result,
        incidents=incidents_result,
        plan=plan,
    )
    if dry_run:
        transaction.set_rollback(True)
    return result


# --- tenancy ----------------------------------------------------------------------------


def _kungsbacka(municipalities_path: Path | None) -> Municipality:
    code = kungsbacka.MUNICIPALITY_CODE
    if not Municipality.objects.filter(code=code).exists():
        load_municipalities(municipalities_path or municipalities_file())
    municipality = Municipality.objects.filter(code=code).first()
    if municipality is None or not municipality.border:
        raise DomainError(
            _("The municipality %(code)s with its border is missing from the file.")
            % {"code": code}
        )
    return municipality


def _police_area(municipality: Municipality) -> PoliceArea:
    police_area, _created = PoliceArea.objects.update_or_create(
        name=kungsbacka.POLICE_AREA, defaults={"region": kungsbacka.POLICE_REGION}
    )
    police_area.municipalities.add(municipality)
    return police_area


def _organisations(municipality: Municipality, police_area: PoliceArea) -> dict[str, Organisation]:
    wanted = {
        kungsbacka.MUNICIPAL_ORGANISATION: (Organisation.Kind.MUNICIPALITY, municipality, None),
        kungsbacka.POLICE_ORGANISATION: (Organisation.Kind.POLICE, None, police_area),
        kungsbacka.PARTNER_ORGANISATION: (Organisation.Kind.PARTNER, municipality, None),
    }
    organisations = {}
    for name, (kind, served_municipality, served_police_area) in wanted.items():
        organisations[name], _created = Organisation.objects.update_or_create(
            name=name,
            kind=kind,
            defaults={"municipality": served_municipality, "police_area": served_police_area},
        )
    return organisations


def _sign_ins(organisations: dict[str, Organisation]) -> tuple[dict[str, Any], tuple]:
    """The demo's staff users with their memberships; their password is reset to the demo's.

    The municipality's administrator is a member with the admin role, no superuser;
    only the operator (``drift``) is staff and superuser, with no membership.
    """
    User = get_user_model()
    # One hash for all: a password hash is deliberately slow, and the demo's is public.
    password_hash = make_password(kungsbacka.DEMO_PASSWORD)
    users = {}
    sign_ins = []
    for spec in kungsbacka.SIGN_INS:
        user, _created = User.objects.update_or_create(
            username=spec.username,
            defaults={
                "first_name": spec.first_name,
                "last_name": spec.last_name,
                "email": f"{spec.username}@kungsbacka.example",
                "is_active": True,
                "is_staff": spec.operator,
                "is_superuser": spec.operator,
            },
        )
        user.password = password_hash
        user.save(update_fields=["password"])
        organisation = organisations[spec.organisation] if spec.organisation else None
        # Memberships beyond the demo's (say, an earlier demo's admin) are removed.
        Membership.objects.filter(user=user).exclude(organisation=organisation).delete()
        if organisation is not None:
            membership = Membership.objects.filter(user=user, organisation=organisation).first()
            _sync(
                membership or Membership(user=user, organisation=organisation),
                {"role": spec.role, "title": spec.title},
            )
        users[spec.username] = user
        sign_ins.append(
            DemoSignIn(
                username=spec.username,
                password=kungsbacka.DEMO_PASSWORD,
                role=spec.role or "operator",
                organisation=organisation.name if organisation else "Trygg",
                title=spec.title,
            )
        )
    return users, tuple(sign_ins)


# --- districts --------------------------------------------------------------------------


def _districts(municipality: Municipality) -> list[Area]:
    """One area per demo place, tiling the border. Areas of other names are left alone."""
    try:
        geometries = voronoi_districts(municipality.border, kungsbacka.PLACES)
    except DistrictError as error:
        raise DomainError(
            _("The demo districts could not be drawn: %(error)s") % {"error": error}
        ) from error
    areas = []
    for name, geometry in geometries.items():
        area = Area.objects.filter(municipality=municipality, name=name).first()
        area = area or Area(municipality=municipality, name=name)
        _sync(area, {"geometry": geometry})
        areas.append(area)
    return areas


def _landmarks(municipality: Municipality) -> None:
    """The places the 2020 dialogue's residents named, so the maps call cells by them."""
    for place in DIALOGUE_PLACES:
        landmark = Landmark.objects.filter(
            municipality=municipality, folded_name=place.name.casefold()
        ).first()
        landmark = landmark or Landmark(municipality=municipality, name=place.name)
        _sync(landmark, {"latitude": place.latitude, "longitude": place.longitude})


# --- the agreement ----------------------------------------------------------------------


def _agreement(
    municipality: Municipality, police_area: PoliceArea, users: dict[str, Any]
) -> Agreement:
    spec = kungsbacka.AGREEMENT
    coordinator = users["samordnare"]
    drafted = spec.drafted_at

    agreement = Agreement.objects.filter(municipality=municipality, title=spec.title).first()
    created = agreement is None
    agreement = agreement or Agreement(municipality=municipality, title=spec.title)
    _sync(
        agreement,
        {
            "police_area": police_area,
            "summary": spec.summary,
            "starts_on": spec.starts_on,
            "ends_on": spec.ends_on,
        },
        user=coordinator,
        when=drafted,
    )
    if created:
        # Drafted in November 2020, as the demo's story goes, not today.
        agreement.created_at = drafted
        Agreement.objects.filter(pk=agreement.pk).update(created_at=drafted)

    _keep_only(
        agreement.signatories.all(),
        [
            _sync(
                Signatory.objects.filter(agreement=agreement, order=order).first()
                or Signatory(agreement=agreement, order=order),
                {
                    "name": signatory.name,
                    "title": signatory.title,
                    "organisation": signatory.organisation,
                },
                user=coordinator,
                when=drafted,
            )
            for order, signatory in enumerate(spec.signatories, start=1)
        ],
    )

    planned: list[tuple[Action, kungsbacka.ActionSpec]] = []
    measured: list[tuple[Promise, kungsbacka.PromiseSpec]] = []
    focus_areas = []
    for focus_order, focus_spec in enumerate(spec.focus_areas, start=1):
        focus_area = _sync(
            FocusArea.objects.filter(agreement=agreement, title=focus_spec.title).first()
            or FocusArea(agreement=agreement, title=focus_spec.title),
            {"description": focus_spec.description, "order": focus_order},
            user=coordinator,
            when=drafted,
        )
        focus_areas.append(focus_area)
        promises = []
        for promise_order, promise_spec in enumerate(focus_spec.promises, start=1):
            promise = _promise(focus_area, promise_order, promise_spec, coordinator, drafted)
            promises.append(promise)
            measured.append((promise, promise_spec))
            actions = []
            for action_order, action_spec in enumerate(promise_spec.actions, start=1):
                action = _planned_action(promise, action_order, action_spec, coordinator, drafted)
                actions.append(action)
                planned.append((action, action_spec))
            _keep_only(promise.actions.all(), actions)
        _keep_only(focus_area.promises.all(), promises)
    _keep_only(agreement.focus_areas.all(), focus_areas)

    # The agreement's life: signed and published in December 2020 ...
    if agreement.status == Agreement.Status.DRAFT:
        _sync(
            agreement,
            {"status": Agreement.Status.SIGNED, "signed_on": spec.signed_on},
            user=coordinator,
            when=_at(spec.signed_on, 15),
        )
    if agreement.published_at is None:
        _sync(
            agreement,
            {"published_at": spec.published_at},
            user=coordinator,
            when=spec.published_at,
        )
    # ... followed up through the period ...
    for action, action_spec in planned:
        _follow_up(action, action_spec, users[action_spec.reporter])
    # ... and ended when the final follow-up was done (this also restores a changed
    # signing or publication).
    _sync(
        agreement,
        {
            "status": Agreement.Status.ENDED,
            "signed_on": spec.signed_on,
            "published_at": spec.published_at,
        },
        user=coordinator,
        when=spec.ended_at,
    )
    for promise, promise_spec in measured:
        _indicators(promise, promise_spec, coordinator, drafted)
    return agreement


def _promise(
    focus_area: FocusArea, order: int, spec: kungsbacka.PromiseSpec, user, when: datetime
) -> Promise:
    promise = _sync(
        Promise.objects.filter(focus_area=focus_area, title=spec.title).first()
        or Promise(focus_area=focus_area, title=spec.title),
        {"text": spec.text, "problem": spec.problem, "order": order},
        user=user,
        when=when,
    )
    _keep_only(
        promise.evidence.all(),
        [
            _sync(
                EvidenceLink.objects.filter(promise=promise, title=title, url=url).first()
                or EvidenceLink(promise=promise, title=title, url=url),
                {},
                user=user,
                when=when,
            )
            for title, url in spec.evidence
        ],
    )
    return promise


def _planned_action(
    promise: Promise, order: int, spec: kungsbacka.ActionSpec, user, when: datetime
) -> Action:
    """The action as drafted; a new one starts as planned, an existing one keeps its status."""
    action = Action.objects.filter(promise=promise, title=spec.title).first()
    fields = {
        "description": spec.description,
        "owner": spec.owner,
        "partner_name": spec.partner_name,
        "responsible": spec.responsible,
        "starts_on": spec.starts_on,
        "due_on": spec.due_on,
        "target_quantity": spec.target_quantity,
        "target_period": spec.target_period,
        "target_unit": spec.target_unit,
        "order": order,
    }
    if action is None:
        action = Action(promise=promise, title=spec.title)
        fields["status"] = Action.Status.PLANNED
    return _sync(action, fields, user=user, when=when)


def _follow_up(action: Action, spec: kungsbacka.ActionSpec, reporter) -> None:
    """The action's progress updates and its way from planned through ongoing to its end."""
    if action.status == Action.Status.PLANNED:
        _sync(action, {"status": Action.Status.ONGOING}, user=reporter, when=_at(spec.starts_on, 8))
    signed_name, signed_organisation = signature_of(reporter, action.agreement)
    updates = []
    for update_spec in spec.updates:
        update = ProgressUpdate.objects.filter(
            action=action, date=update_spec.date, text=update_spec.text
        ).first()
        created = update is None
        update = update or ProgressUpdate(
            action=action, date=update_spec.date, text=update_spec.text, created_by=reporter
        )
        recorded_at = _at(update_spec.date, 16)
        _sync(
            update,
            {
                "quantity": update_spec.quantity,
                "link": update_spec.link,
                "signed_name": signed_name,
                "signed_organisation": signed_organisation,
            },
            user=reporter,
            when=recorded_at,
        )
        if created:
            # Recorded on the day it happened, as the demo's story goes, not today.
            update.created_at = recorded_at
            ProgressUpdate.objects.filter(pk=update.pk).update(created_at=recorded_at)
        updates.append(update)
    _keep_only(action.progress_updates.all(), updates)

    closed_on = spec.closed_on or (spec.updates[-1].date if spec.updates else spec.due_on)
    _sync(
        action,
        {"status": spec.status, "outcome_note": spec.outcome_note},
        user=reporter,
        when=_at(closed_on, 17),
    )


def _indicators(promise: Promise, spec: kungsbacka.PromiseSpec, user, when: datetime) -> None:
    indicators = []
    for indicator_spec in spec.indicators:
        indicator = _sync(
            Indicator.objects.filter(promise=promise, name=indicator_spec.name).first()
            or Indicator(promise=promise, name=indicator_spec.name),
            {
                "definition": indicator_spec.definition,
                "unit": indicator_spec.unit,
                "direction": indicator_spec.direction,
                "baseline_value": indicator_spec.baseline_value,
                "baseline_on": indicator_spec.baseline_on,
                "target_value": indicator_spec.target_value,
                "target_on": indicator_spec.target_on,
            },
            user=user,
            when=when,
        )
        values = [
            _sync(
                IndicatorValue.objects.filter(indicator=indicator, measured_on=measured_on).first()
                or IndicatorValue(indicator=indicator, measured_on=measured_on, created_by=user),
                {"value": value, "note": note},
                user=user,
                when=_at(measured_on, 12),
            )
            for measured_on, value, note in indicator_spec.values
        ]
        _keep_only(indicator.values.all(), values)
        indicators.append(indicator)
    _keep_only(promise.indicators.all(), indicators)


# --- the action plan ------------------------------------------------------------------


def _action_plan(
    municipality: Municipality,
    organisations: dict[str, Organisation],
    users: dict[str, Any],
    agreement: Agreement,
) -> ActionPlan:
    """The decided åtgärdsplan 2021–2022 (``demo.plan``), each measure linked to the
    agreement's action of the same work, with its follow-up history."""
    coordinator = users["samordnare"]
    drafted = _at(date(2020, 11, 2), 9)
    problems = {}
    for spec in demo_plan.PROBLEMS:
        problem = _sync(
            Problem.objects.filter(municipality=municipality, title=spec.title).first()
            or Problem(municipality=municipality, title=spec.title),
            {
                "situation_year": demo_plan.SITUATION_YEAR,
                "description": spec.description,
                "staff_note": spec.staff_note,
            },
            user=coordinator,
            when=drafted,
        )
        _keep_only(
            problem.evidence.all(),
            [
                _sync(
                    Evidence.objects.filter(problem=problem, label=evidence.label).first()
                    or Evidence(problem=problem, label=evidence.label),
                    {
                        "kind": evidence.kind,
                        "figure": evidence.figure,
                        "source": evidence.source,
                        "public": evidence.public,
                    },
                    user=coordinator,
                    when=drafted,
                )
                for evidence in spec.evidence
            ],
        )
        problems[spec.key] = problem

    plan = _sync(
        ActionPlan.objects.filter(municipality=municipality, title=demo_plan.PLAN_TITLE).first()
        or ActionPlan(municipality=municipality, title=demo_plan.PLAN_TITLE),
        {
            "first_year": agreement.starts_on.year,
            "last_year": agreement.ends_on.year,
            "status": ActionPlan.Status.DECIDED,
            "decided_on": demo_plan.PLAN_DECIDED_ON,
            "decided_by": demo_plan.PLAN_DECIDED_BY,
        },
        user=coordinator,
        when=_at(demo_plan.PLAN_DECIDED_ON, 15),
    )
    actions = {action.title: action for action in agreement.actions()}
    measures = []
    for order, spec in enumerate(demo_plan.MEASURES):
        measure = _sync(
            Measure.objects.filter(plan=plan, order=order).first()
            or Measure(plan=plan, order=order),
            {
                "title": spec.title,
                "operational_goal": spec.operational_goal,
                "starts_on": spec.starts_on,
                "ends_on": spec.ends_on,
                "term": spec.term,
                "responsible": organisations[spec.responsible],
                "action": actions[spec.action],
            },
            user=coordinator,
            when=drafted,
        )
        measure.problems.set([problems[key] for key in spec.problems])
        measure.organisations.set([organisations[name] for name in spec.organisations])
        _follow_ups(measure, spec, users, agreement)
        measures.append(measure)
    _keep_only(plan.measures.all(), measures)
    return plan


def _follow_ups(measure: Measure, spec, users: dict[str, Any], agreement: Agreement) -> None:
    kept = []
    for follow_up in spec.follow_ups:
        reporter = users[follow_up.reporter]
        name, organisation = signature_of(reporter, agreement)
        kept.append(
            _sync(
                FollowUp.objects.filter(measure=measure, date=follow_up.date).first()
                or FollowUp(measure=measure, date=follow_up.date),
                {
                    "status": follow_up.status,
                    "comment": follow_up.comment,
                    "created_by": reporter,
                    "signed_name": name,
                    "signed_organisation": organisation,
                },
                user=reporter,
                when=_at(follow_up.date, 14),
            )
        )
    _keep_only(measure.follow_ups.all(), kept)
    latest = max(spec.follow_ups, key=lambda follow_up: follow_up.date)
    _sync(
        measure,
        {"status": latest.status},
        user=users[latest.reporter],
        when=_at(latest.date, 14),
    )


# --- helpers ----------------------------------------------------------------------------


def _sync[M: models.Model](
    instance: M, fields: dict[str, Any], *, user=None, when: datetime | None = None
) -> M:
    """Give ``instance`` these field values and save it, only if it is new or they differ.

    The save is validated (``full_clean``) and its history names ``user`` and the
    moment ``when`` it happened in the demo's story.
    """
    if instance.pk is None:
        changed = list(fields)
    else:
        changed = [name for name, value in fields.items() if getattr(instance, name) != value]
        if not changed:
            return instance
    for name in changed:
        setattr(instance, name, fields[name])
    instance.full_clean()
    instance._history_user = user
    if when is not None:
        instance._history_date = when
    instance.save()
    return instance


def _keep_only(queryset: models.QuerySet, kept: list[models.Model]) -> None:
    """Delete the rows of ``queryset`` that are not among ``kept``."""
    for stale in queryset.exclude(pk__in=[row.pk for row in kept]):
        stale.delete()


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=kungsbacka.STOCKHOLM)
