"""Every staff URL × every role × own and foreign municipality.

A member of Kungsbacka, whatever the role, gets 404 for every object of Varberg's
(its existence is not disclosed) and can change nothing there. In Kungsbacka, each
role reaches exactly what its permission grants, and only while the object's state
allows it: a coordinator cannot change a signed agreement's promises by URL. A staff
URL missing from ``STAFF_URLS`` fails the test, so a new view cannot slip past.
"""

import datetime
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import (
    ActionFactory,
    AgreementFactory,
    AreaFactory,
    EvidenceLinkFactory,
    FocusAreaFactory,
    IndicatorFactory,
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    PoliceAreaFactory,
    ProgressUpdateFactory,
    PromiseFactory,
    SignatoryFactory,
    UserFactory,
    member,
)
from tests.plans.factories import ActionPlanFactory, MeasureFactory, ProblemFactory
from trygg.dialogue.models import Survey
from trygg.dialogue.services import create_survey
from trygg.geo.models import Landmark
from trygg.insight.tasks import request_refresh
from trygg.promises.models import Agreement
from trygg.situation.lagesbild_services import refresh_lagesbild
from trygg.situation.models import (
    Alert,
    Category,
    ImportRun,
    OtherInformation,
    ReportColumns,
    Source,
)
from trygg.tenancy.models import Membership, Organisation, Role

pytestmark = pytest.mark.django_db

EVERYONE = frozenset(Role)
COORDINATORS = frozenset({Role.COORDINATOR, Role.ADMIN})
ANALYSTS = frozenset({Role.ANALYST, Role.COORDINATOR, Role.ADMIN})
MODERATORS = frozenset({Role.MODERATOR, Role.COORDINATOR, Role.ADMIN})
ADMINS = frozenset({Role.ADMIN})

# What else a URL needs beside its object.
URL_ARGUMENTS = {
    "situation:incident_counts_export": {"period": "vecka", "extension": "csv"},
    "situation:rates_export": {"extension": "xlsx"},
    "plans:plan_export": {"extension": "xlsx"},
    "situation:lagesbild": {"year": 2026},
    "situation:lagesbild_report": {"year": 2026},
    "situation:lagesbild_pdf": {"year": 2026},
    "situation:lagesbild_compute": {"year": 2026},
    "situation:lagesbild_approve": {"year": 2026},
    "situation:other_information_create": {"year": 2026},
    "plans:problem_from_lagesbild": {"year": 2026},
}

# URL name → (which object fills the URL, the roles it grants, whether GET is allowed).
# Each object is in a state where the action is possible (a draft's promise for a
# change of promise, a signed agreement's action for progress): what the state
# forbids is in STATE_REFUSED below.
STAFF_URLS = {
    "promises:agreements": ("municipality", EVERYONE, True),
    "promises:agreement_create": ("municipality", COORDINATORS, True),
    "promises:agreement": ("agreement", EVERYONE, True),
    "promises:agreement_update": ("agreement", COORDINATORS, True),
    "promises:agreement_sign": ("draft", COORDINATORS, True),
    "promises:agreement_publish": ("unpublished", COORDINATORS, False),
    "promises:agreement_end": ("agreement", COORDINATORS, False),
    "promises:agreement_history": ("agreement", EVERYONE, True),
    "promises:agreement_document": ("agreement", EVERYONE, True),
    "promises:signatory_create": ("draft", COORDINATORS, True),
    "promises:focus_area_create": ("draft", COORDINATORS, True),
    "promises:focus_area_update": ("draft_focus_area", COORDINATORS, True),
    "promises:promise_create": ("draft_focus_area", COORDINATORS, True),
    "promises:promise_update": ("draft_promise", COORDINATORS, True),
    "promises:evidence_create": ("draft_promise", COORDINATORS, True),
    "promises:action_create": ("promise", COORDINATORS, True),
    "promises:indicator_create": ("promise", COORDINATORS, True),
    "promises:action": ("action", EVERYONE, True),
    "promises:action_update": ("action", COORDINATORS, True),
    "promises:progress_create": ("action", COORDINATORS, True),
    "promises:progress_attachment": ("update", EVERYONE, True),
    "promises:progress_correct": ("update", COORDINATORS, True),
    "promises:progress_withdraw": ("update", COORDINATORS, True),
    "promises:indicator_update": ("indicator", COORDINATORS, True),
    "promises:indicator_value_create": ("indicator", ANALYSTS, True),
    "promises:signatory_delete": ("signatory", COORDINATORS, True),
    "promises:focus_area_delete": ("draft_focus_area", COORDINATORS, True),
    "promises:promise_delete": ("draft_promise", COORDINATORS, True),
    "promises:evidence_delete": ("draft_evidence", COORDINATORS, True),
    "promises:action_delete": ("draft_action", COORDINATORS, True),
    "dialogue:surveys": ("municipality", EVERYONE, True),
    "dialogue:survey_create": ("municipality", COORDINATORS, True),
    "dialogue:survey": ("survey", EVERYONE, True),
    "dialogue:survey_update": ("survey", COORDINATORS, True),
    "dialogue:survey_open": ("survey", COORDINATORS, True),
    "dialogue:survey_preview": ("survey", COORDINATORS, True),
    "dialogue:survey_preview_map": ("survey", COORDINATORS, True),
    "dialogue:survey_close": ("open_survey", COORDINATORS, False),
    "dialogue:bank_question_add": ("survey", COORDINATORS, False),
    "dialogue:question_create": ("survey", COORDINATORS, True),
    "dialogue:question_update": ("question", COORDINATORS, True),
    "dialogue:question_delete": ("question", COORDINATORS, True),
    "dialogue:question_move_up": ("question", COORDINATORS, False),
    "dialogue:question_move_down": ("question", COORDINATORS, False),
    "dialogue:question_page_break": ("question", COORDINATORS, False),
    "dialogue:option_create": ("question", COORDINATORS, True),
    "dialogue:option_update": ("option", COORDINATORS, True),
    "insight:results": ("survey", EVERYONE, True),
    "insight:results_csv": ("survey", EVERYONE, True),
    "insight:results_xlsx": ("survey", EVERYONE, True),
    "dialogue:paper_response": ("survey", COORDINATORS, True),
    "dialogue:invitations": ("survey", COORDINATORS, True),
    "dialogue:invitations_send_again": ("survey", COORDINATORS, False),
    "insight:places": ("survey", EVERYONE, True),
    "insight:places_geojson": ("survey", EVERYONE, True),
    "insight:free_text": ("survey", MODERATORS, True),
    "population:counts": ("municipality", EVERYONE, True),
    "population:import": ("municipality", ANALYSTS, True),
    "population:weights": ("survey", EVERYONE, True),
    "population:weights_compute": ("survey", ANALYSTS, False),
    "geo:areas": ("municipality", EVERYONE, True),
    "geo:import": ("municipality", COORDINATORS, True),
    "geo:landmark_add": ("municipality", COORDINATORS, False),
    "geo:landmark_delete": ("landmark", COORDINATORS, True),
    "tenancy:members": ("municipality", ADMINS, True),
    "tenancy:member_add": ("municipality", ADMINS, True),
    "tenancy:member_update": ("membership", ADMINS, True),
    "tenancy:member_remove": ("membership", ADMINS, True),
    "tenancy:partner_create": ("municipality", ADMINS, True),
    "tenancy:partner_delete": ("partner", ADMINS, True),
    "tenancy:two_factor_requirement": ("municipality", ADMINS, False),
    "situation:incidents": ("municipality", EVERYONE, True),
    "situation:incident_cells": ("municipality", EVERYONE, True),
    "situation:incident_counts_export": ("municipality", EVERYONE, True),
    "situation:rates_export": ("municipality", EVERYONE, True),
    "situation:sources": ("municipality", EVERYONE, True),
    "situation:source_create": ("municipality", ANALYSTS, True),
    "situation:upload": ("source", ANALYSTS, True),
    # Every member reads a source's types; changing one's category is the
    # coordinator's (tests/situation/test_report_views.py).
    "situation:types": ("source", EVERYONE, True),
    "situation:columns": ("import_run", ANALYSTS, True),
    "situation:run": ("import_run", EVERYONE, True),
    "situation:alerts": ("municipality", EVERYONE, True),
    "situation:hotspots": ("municipality", EVERYONE, True),
    "situation:hotspot_cells": ("municipality", EVERYONE, True),
    # Computing now queues the background recompute; analysts and coordinators.
    "situation:hotspot_compute": ("municipality", ANALYSTS, False),
    "situation:alert": ("alert", EVERYONE, True),
    # Analysts and coordinators; the police by their organisation, whatever the role
    # (tests/situation/test_rules.py).
    "situation:alert_acknowledge": ("alert", ANALYSTS, False),
    "tenancy:residents_contact": ("municipality", ADMINS, False),
    "plans:plans": ("municipality", EVERYONE, True),
    "plans:plan_create": ("municipality", COORDINATORS, True),
    "plans:problem_create": ("municipality", COORDINATORS, True),
    "plans:plan": ("plan", EVERYONE, True),
    "plans:plan_update": ("plan", COORDINATORS, True),
    "plans:plan_decide": ("plan", COORDINATORS, True),
    "plans:plan_export": ("plan", EVERYONE, True),
    "plans:measure_create": ("plan", COORDINATORS, True),
    "plans:problem_update": ("problem", COORDINATORS, True),
    "plans:evidence_create": ("problem", COORDINATORS, True),
    "plans:measure": ("measure", EVERYONE, True),
    "plans:measure_update": ("measure", COORDINATORS, True),
    "plans:follow_up_create": ("decided_measure", COORDINATORS, True),
    "plans:make_action": ("measure", COORDINATORS, True),
    "plans:problem_from_lagesbild": ("municipality", COORDINATORS, False),
    # The lägesbild: analysts compute it now; coordinators write its other
    # information and record the steering group's approval.
    "situation:lagesbild": ("municipality", EVERYONE, True),
    "situation:lagesbild_report": ("municipality", EVERYONE, True),
    "situation:lagesbild_pdf": ("municipality", EVERYONE, True),
    "situation:lagesbild_compute": ("municipality", ANALYSTS, False),
    "situation:lagesbild_approve": ("municipality", COORDINATORS, True),
    "situation:other_information_create": ("municipality", COORDINATORS, True),
    "situation:other_information_update": ("other_information", COORDINATORS, True),
}

# The police's open events are national: only the installation's operator (Django
# staff) imports them, whatever a user's roles in municipalities.
OPERATOR_URLS = {
    "situation:police_upload": None,
    "situation:police_run": "police_import_run",
}

# URL name → the objects whose state forbids the action, even to a coordinator.
STATE_REFUSED = {
    # A signed agreement's focus areas, promises, evidence and signatories are what
    # was signed; it cannot be signed twice, published twice or ended unsigned.
    "promises:agreement_sign": ["agreement", "ended"],
    "promises:agreement_publish": ["agreement", "draft"],
    "promises:agreement_end": ["draft", "ended"],
    "promises:signatory_create": ["agreement"],
    "promises:signatory_delete": ["signed_signatory"],
    "promises:focus_area_create": ["agreement"],
    "promises:focus_area_update": ["focus_area"],
    "promises:focus_area_delete": ["focus_area"],
    "promises:promise_create": ["focus_area"],
    "promises:promise_update": ["promise"],
    "promises:promise_delete": ["promise"],
    "promises:evidence_create": ["promise"],
    "promises:evidence_delete": ["evidence"],
    # Actions are deleted only from a draft; an ended agreement takes no new work,
    # and progress is recorded once the agreement is signed.
    "promises:action_delete": ["action"],
    "promises:action_create": ["ended_promise"],
    "promises:action_update": ["ended_action"],
    "promises:indicator_create": ["ended_promise"],
    "promises:indicator_update": ["ended_indicator"],
    "promises:progress_create": ["draft_action"],
    # An ended agreement's details are locked as its actions and indicators are.
    "promises:agreement_update": ["ended"],
    # A survey's questions change only while it is a draft; it opens once and
    # closes once; a closed survey stays as residents saw it.
    "dialogue:question_create": ["open_survey"],
    "dialogue:question_update": ["open_question"],
    "dialogue:question_delete": ["open_question"],
    "dialogue:question_move_up": ["open_question"],
    "dialogue:question_move_down": ["open_question"],
    "dialogue:question_page_break": ["open_question"],
    # The preview shows a draft or an open survey; a closed one has its results.
    "dialogue:survey_preview": ["closed_survey"],
    "dialogue:survey_preview_map": ["closed_survey"],
    "dialogue:option_create": ["open_question"],
    "dialogue:option_update": ["open_option"],
    "dialogue:bank_question_add": ["open_survey"],
    "dialogue:survey_open": ["open_survey", "closed_survey"],
    "dialogue:survey_close": ["survey", "closed_survey"],
    "dialogue:survey_update": ["closed_survey"],
    # What the steering group decided is locked (trygg.plans.models); follow-up is of
    # a decided plan; a measure becomes one action.
    "plans:plan_update": ["decided_plan"],
    "plans:plan_decide": ["decided_plan"],
    "plans:measure_create": ["decided_plan"],
    "plans:measure_update": ["decided_measure"],
    "plans:problem_update": ["decided_problem"],
    "plans:evidence_create": ["decided_problem"],
    "plans:follow_up_create": ["measure"],
    "plans:make_action": ["linked_measure"],
}


# Objects whose URLs name their municipality beside their own id.
MUNICIPALITY_SCOPED = {"source", "import_run", "alert", "other_information", "landmark"}


@dataclass
class Tenant:
    municipality: object
    objects: dict

    def url(self, name: str, kind: str | None = None) -> str:
        kind = kind or STAFF_URLS[name][0]
        if kind == "municipality":
            kwargs = {"municipality": self.municipality.code, **URL_ARGUMENTS.get(name, {})}
            return reverse(name, kwargs=kwargs)
        if kind in MUNICIPALITY_SCOPED:
            kwargs = {"municipality": self.municipality.code, "pk": self.objects[kind].pk}
            return reverse(name, kwargs=kwargs)
        return reverse(name, kwargs={"pk": self.objects[kind].pk, **URL_ARGUMENTS.get(name, {})})


def _agreement_parts(agreement, prefix: str) -> dict:
    focus_area = FocusAreaFactory(agreement=agreement)
    promise = PromiseFactory(focus_area=focus_area)
    action = ActionFactory(promise=promise)
    return {
        f"{prefix}focus_area": focus_area,
        f"{prefix}promise": promise,
        f"{prefix}action": action,
        f"{prefix}evidence": EvidenceLinkFactory(promise=promise),
        f"{prefix}indicator": IndicatorFactory(promise=promise),
    }


def _survey(municipality, status: str = Survey.Status.DRAFT):
    survey = create_survey(
        municipality, year=2026, title=f"Trygghet ({status})", question_keys=["feel_safe"]
    )
    if status != Survey.Status.DRAFT:
        Survey.objects.filter(pk=survey.pk).update(status=status)
        survey.refresh_from_db()
    return survey


def _report_source(municipality) -> dict:
    source = Source.objects.create(
        kind=Source.Kind.MUNICIPAL_REPORTS, name="Felanmälan", municipality=municipality
    )
    run = ImportRun(
        source=source, source_kind=source.kind, file_name="felanmalan.csv", dry_run=True
    )
    run.file.save("felanmalan.csv", ContentFile(b"datum;typ\n2026-01-15;Gatubelysning\n"))
    alert = Alert.objects.create(
        municipality=municipality,
        category=Category.objects.get(key="violence"),
        source_kind=Source.Kind.POLICE_EVENTS,
        method=Alert.Method.EARS_C2,
        iso_year=2026,
        iso_week=3,
        week_start=datetime.date(2026, 1, 12),
        observed=9,
        expected=3.0,
        upperbound=6.0,
        computed_at=datetime.datetime(2026, 1, 19, 6, tzinfo=datetime.UTC),
    )
    other = OtherInformation.objects.create(
        municipality=municipality,
        year=2026,
        heading="Nytt resecentrum",
        text="Bygget börjar i mars.",
        source="Detaljplan 2025:3",
    )
    # The report pages read the lägesbild's snapshot: one is there, as computed.
    refresh_lagesbild(municipality, 2026)
    return {"source": source, "import_run": run, "alert": alert, "other_information": other}


def _action_plans(municipality, action) -> dict:
    plan = ActionPlanFactory(municipality=municipality)
    decided_plan = ActionPlanFactory(municipality=municipality, decided=True)
    decided_problem = ProblemFactory(municipality=municipality)
    linked_measure = MeasureFactory(plan=plan, action=action)
    return {
        "plan": plan,
        "decided_plan": decided_plan,
        "problem": ProblemFactory(municipality=municipality),
        "decided_problem": decided_problem,
        "measure": MeasureFactory(plan=plan),
        "decided_measure": MeasureFactory(plan=decided_plan, problems=[decided_problem]),
        "linked_measure": linked_measure,
    }


def make_tenant(name: str, code: str) -> Tenant:
    municipality = MunicipalityFactory(name=name, code=code, slug=name.lower())
    agreement = AgreementFactory(municipality=municipality, published=True)
    agreement.signed_document.save("avtal.pdf", ContentFile(b"%PDF-1.4 signed"))
    police_area = agreement.police_area
    draft = AgreementFactory(municipality=municipality, police_area=police_area)
    unpublished = AgreementFactory(
        municipality=municipality, police_area=police_area, published=True, published_at=None
    )
    ended = AgreementFactory(
        municipality=municipality,
        police_area=police_area,
        published=True,
        status=Agreement.Status.ENDED,
    )
    signed_parts = _agreement_parts(agreement, "")
    update = ProgressUpdateFactory(action=signed_parts["action"], date=datetime.date(2026, 1, 15))
    update.attachment.save("bild.png", ContentFile(b"\x89PNG\r\n\x1a\nimage"))
    AreaFactory(municipality=municipality)
    survey = _survey(municipality)
    open_survey = _survey(municipality, Survey.Status.OPEN)
    colleague = member(municipality, Role.COORDINATOR)
    partner = OrganisationFactory(
        kind=Organisation.Kind.PARTNER, municipality=municipality, name=f"Nattvandrarna i {name}"
    )
    return Tenant(
        municipality,
        {
            "agreement": agreement,
            "draft": draft,
            "unpublished": unpublished,
            "ended": ended,
            **signed_parts,
            **_agreement_parts(draft, "draft_"),
            **_agreement_parts(ended, "ended_"),
            "update": update,
            "signatory": SignatoryFactory(agreement=draft),
            "signed_signatory": SignatoryFactory(agreement=agreement),
            "survey": survey,
            "question": survey.questions.get(),
            "option": survey.questions.get().options.first(),
            "open_survey": open_survey,
            "open_question": open_survey.questions.get(),
            "open_option": open_survey.questions.get().options.first(),
            "closed_survey": _survey(municipality, Survey.Status.CLOSED),
            "membership": colleague.memberships.get(),
            "partner": partner,
            "landmark": Landmark.objects.create(
                municipality=municipality, name="Torget", latitude=57.49, longitude=12.07
            ),
            **_report_source(municipality),
            **_action_plans(municipality, signed_parts["action"]),
        },
    )


@pytest.fixture
def kungsbacka(run_tasks):
    tenant = make_tenant("Kungsbacka", "1384")
    # The results files are read from the survey's snapshot, which the worker makes.
    request_refresh(tenant.objects["survey"])
    run_tasks()
    return tenant


@pytest.fixture
def varberg():
    return make_tenant("Varberg", "1383")


def staff_url_names(resolver=None, namespace="") -> set[str]:
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= staff_url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    staff_namespaces = {
        "promises",
        "geo",
        "dialogue",
        "insight",
        "population",
        "tenancy",
        "situation",
        "plans",
    }
    return {name for name in names if name.split(":")[0] in staff_namespaces}


def test_every_staff_url_is_in_the_matrix():
    assert staff_url_names() == set(STAFF_URLS) | set(OPERATOR_URLS)


def operator_url(name: str) -> str:
    if OPERATOR_URLS[name] is None:
        return reverse(name)
    run = ImportRun.objects.create(source_kind=Source.Kind.POLICE_EVENTS, file_name="h.jsonl")
    return reverse(name, kwargs={"pk": run.pk})


@pytest.mark.parametrize("role", list(Role))
def test_the_national_imports_are_the_operators_only(client, role, kungsbacka):
    client.force_login(member(kungsbacka.municipality, role))
    for name in OPERATOR_URLS:
        assert client.get(operator_url(name)).status_code == 403, f"{role} {name}"
    client.force_login(UserFactory(is_staff=True))
    for name in OPERATOR_URLS:
        assert client.get(operator_url(name)).status_code == 200, name


@pytest.mark.parametrize("role", list(Role))
def test_no_role_in_one_municipality_reaches_anything_of_anothers(
    client, role, kungsbacka, varberg
):
    client.force_login(member(kungsbacka.municipality, role))
    for name in STAFF_URLS:
        url = varberg.url(name)
        assert client.get(url).status_code in {404, 405}, f"GET {name}"
        assert client.post(url, {"title": "Kapad", "text": "x"}).status_code == 404, f"POST {name}"
    varberg_objects = varberg.objects
    varberg_objects["promise"].refresh_from_db()
    assert varberg_objects["promise"].title != "Kapad"
    assert varberg_objects["draft"].signatories.count() == 1
    assert Membership.objects.filter(pk=varberg_objects["membership"].pk).exists()
    assert Organisation.objects.filter(pk=varberg_objects["partner"].pk).exists()
    varberg.municipality.refresh_from_db()
    assert not varberg.municipality.require_two_factor


def test_a_police_member_reaches_every_municipality_of_the_police_area(client, kungsbacka, varberg):
    police_area = PoliceAreaFactory(municipalities=[kungsbacka.municipality])
    organisation = OrganisationFactory(
        kind=Organisation.Kind.POLICE, municipality=None, police_area=police_area, name="Polisen"
    )
    officer = MembershipFactory(organisation=organisation, role=Role.COORDINATOR).user
    client.force_login(officer)
    assert client.get(kungsbacka.url("promises:agreement_update")).status_code == 200
    assert client.get(varberg.url("promises:agreement")).status_code == 404


@pytest.mark.parametrize("role", list(Role))
def test_each_role_reaches_what_its_permission_grants_at_home(client, role, kungsbacka):
    client.force_login(member(kungsbacka.municipality, role))
    for name, (_, roles, get_allowed) in STAFF_URLS.items():
        url = kungsbacka.url(name)
        if role not in roles:
            status = (client.get(url) if get_allowed else client.post(url)).status_code
            assert status == 403, f"{role} {name}: {status}"
        else:
            status = client.get(url).status_code
            assert status == (200 if get_allowed else 405), f"{role} GET {name}: {status}"


def test_anonymous_visitors_are_sent_to_sign_in(client, kungsbacka):
    for name in STAFF_URLS:
        response = client.get(kungsbacka.url(name))
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("login")), name


def test_the_dashboard_lists_only_the_users_own_municipalities(client, kungsbacka, varberg):
    client.force_login(member(kungsbacka.municipality, Role.VIEWER))
    page = client.get(reverse("workspace:home")).content.decode()
    assert "Kungsbacka" in page
    assert "Varberg" not in page


@pytest.mark.parametrize("role", sorted(COORDINATORS))
def test_what_the_state_forbids_is_refused_even_to_coordinators(client, role, kungsbacka):
    client.force_login(member(kungsbacka.municipality, role))
    for name, kinds in STATE_REFUSED.items():
        get_allowed = STAFF_URLS[name][2]
        for kind in kinds:
            url = kungsbacka.url(name, kind)
            status = (client.get(url) if get_allowed else client.post(url)).status_code
            assert status == 403, f"{role} {name} on {kind}: {status}"


def test_a_coordinator_cannot_change_a_signed_agreements_promise_by_url(client, kungsbacka):
    client.force_login(member(kungsbacka.municipality, Role.COORDINATOR))
    promise = kungsbacka.objects["promise"]
    url = reverse("promises:promise_update", kwargs={"pk": promise.pk})

    response = client.post(
        url, {"title": "Ändrat löfte", "text": "Något annat än det undertecknade."}
    )

    assert response.status_code == 403
    promise.refresh_from_db()
    assert promise.title != "Ändrat löfte"


def test_pages_offer_only_what_the_state_allows(client, kungsbacka):
    client.force_login(member(kungsbacka.municipality, Role.COORDINATOR))
    signed = client.get(kungsbacka.url("promises:agreement")).content.decode()
    draft = client.get(kungsbacka.url("promises:agreement", "draft")).content.decode()
    objects = kungsbacka.objects

    assert reverse("promises:promise_update", args=[objects["promise"].pk]) not in signed
    assert reverse("promises:agreement_end", args=[objects["agreement"].pk]) in signed
    assert reverse("promises:action_create", args=[objects["promise"].pk]) in signed
    assert reverse("promises:promise_update", args=[objects["draft_promise"].pk]) in draft
    assert reverse("promises:agreement_sign", args=[objects["draft"].pk]) in draft
    assert reverse("promises:agreement_end", args=[objects["draft"].pk]) not in draft


def test_another_municipalitys_object_under_ones_own_code_is_not_found(client, kungsbacka, varberg):
    # A coordinator may act on their own municipality's URLs; another municipality's
    # source, import, alert or other information under that code is not theirs.
    client.force_login(member(kungsbacka.municipality, Role.COORDINATOR))
    scoped = [name for name, rule in STAFF_URLS.items() if rule[0] in MUNICIPALITY_SCOPED]
    assert {"situation:upload", "situation:columns", "situation:run", "situation:types"} <= set(
        scoped
    )
    for name in scoped:
        kind = STAFF_URLS[name][0]
        url = reverse(
            name,
            kwargs={"municipality": kungsbacka.municipality.code, "pk": varberg.objects[kind].pk},
        )
        assert client.get(url).status_code in {404, 405}, f"GET {name}"
        assert client.post(url, {"date_column": "x", "type_column": "x"}).status_code == 404, (
            f"POST {name}"
        )
    assert not ReportColumns.objects.filter(source=varberg.objects["source"]).exists()
