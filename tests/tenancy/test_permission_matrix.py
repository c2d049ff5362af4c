"""Every staff URL × every role × own and foreign municipality.

A member of Kungsbacka, whatever the role, gets 404 for every object of Varberg's
(its existence is not disclosed) and can change nothing there. In Kungsbacka, each
role reaches exactly what its permission grants. A staff URL missing from
``STAFF_URLS`` fails the test, so a new view cannot slip past the matrix.
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
    member,
)
from trygg.dialogue.services import create_survey
from trygg.insight.tasks import request_refresh
from trygg.tenancy.models import Membership, Organisation, Role

pytestmark = pytest.mark.django_db

VIEW, EDIT, PROGRESS, VALUES, DIALOGUE = "view", "edit", "progress", "values", "dialogue"
MODERATE = "moderate"
MEMBERS = "members"
GRANTED = {
    MEMBERS: {Role.ADMIN},
    DIALOGUE: {Role.COORDINATOR, Role.ADMIN},
    VIEW: set(Role),
    EDIT: {Role.COORDINATOR, Role.ADMIN},
    PROGRESS: {Role.COORDINATOR, Role.ADMIN},
    VALUES: {Role.ANALYST, Role.COORDINATOR, Role.ADMIN},
    MODERATE: {Role.MODERATOR, Role.COORDINATOR, Role.ADMIN},
}

# URL name → (which object fills the URL, the permission it needs, whether GET is allowed)
STAFF_URLS = {
    "promises:agreements": ("municipality", VIEW, True),
    "promises:agreement_create": ("municipality", EDIT, True),
    "promises:agreement": ("agreement", VIEW, True),
    "promises:agreement_update": ("agreement", EDIT, True),
    "promises:agreement_sign": ("draft", EDIT, True),
    "promises:agreement_publish": ("agreement", EDIT, False),
    "promises:agreement_end": ("agreement", EDIT, False),
    "promises:agreement_history": ("agreement", VIEW, True),
    "promises:agreement_document": ("agreement", VIEW, True),
    "promises:signatory_create": ("draft", EDIT, True),
    "promises:focus_area_create": ("draft", EDIT, True),
    "promises:focus_area_update": ("focus_area", EDIT, True),
    "promises:promise_create": ("focus_area", EDIT, True),
    "promises:promise_update": ("promise", EDIT, True),
    "promises:evidence_create": ("promise", EDIT, True),
    "promises:action_create": ("promise", EDIT, True),
    "promises:indicator_create": ("promise", EDIT, True),
    "promises:action": ("action", VIEW, True),
    "promises:action_update": ("action", EDIT, True),
    "promises:progress_create": ("action", PROGRESS, True),
    "promises:progress_attachment": ("update", VIEW, True),
    "promises:indicator_update": ("indicator", EDIT, True),
    "promises:indicator_value_create": ("indicator", VALUES, True),
    "promises:signatory_delete": ("signatory", EDIT, True),
    "promises:focus_area_delete": ("focus_area", EDIT, True),
    "promises:promise_delete": ("promise", EDIT, True),
    "promises:evidence_delete": ("evidence", EDIT, True),
    "promises:action_delete": ("action", EDIT, True),
    "dialogue:surveys": ("municipality", VIEW, True),
    "dialogue:survey_create": ("municipality", DIALOGUE, True),
    "dialogue:survey": ("survey", VIEW, True),
    "dialogue:survey_update": ("survey", DIALOGUE, True),
    "dialogue:survey_open": ("survey", DIALOGUE, False),
    "dialogue:survey_close": ("survey", DIALOGUE, False),
    "dialogue:bank_question_add": ("survey", DIALOGUE, False),
    "dialogue:question_create": ("survey", DIALOGUE, True),
    "dialogue:question_update": ("question", DIALOGUE, True),
    "dialogue:question_delete": ("question", DIALOGUE, True),
    "dialogue:option_create": ("question", DIALOGUE, True),
    "dialogue:option_update": ("option", DIALOGUE, True),
    "insight:results": ("survey", VIEW, True),
    "insight:results_csv": ("survey", VIEW, True),
    "insight:results_xlsx": ("survey", VIEW, True),
    "dialogue:paper_response": ("survey", DIALOGUE, True),
    "dialogue:invitations": ("survey", DIALOGUE, True),
    "insight:places": ("survey", VIEW, True),
    "insight:places_geojson": ("survey", VIEW, True),
    "insight:free_text": ("survey", MODERATE, True),
    "population:counts": ("municipality", VIEW, True),
    "population:import": ("municipality", DIALOGUE, True),
    "population:weights": ("survey", VIEW, True),
    "population:weights_compute": ("survey", DIALOGUE, False),
    "geo:areas": ("municipality", VIEW, True),
    "geo:import": ("municipality", EDIT, True),
    "tenancy:members": ("municipality", MEMBERS, True),
    "tenancy:member_add": ("municipality", MEMBERS, True),
    "tenancy:member_update": ("membership", MEMBERS, True),
    "tenancy:member_remove": ("membership", MEMBERS, True),
    "tenancy:partner_create": ("municipality", MEMBERS, True),
    "tenancy:partner_delete": ("partner", MEMBERS, True),
    "tenancy:two_factor_requirement": ("municipality", MEMBERS, False),
}


@dataclass
class Tenant:
    municipality: object
    objects: dict

    def url(self, name: str) -> str:
        kind = STAFF_URLS[name][0]
        if kind == "municipality":
            return reverse(name, kwargs={"municipality": self.municipality.code})
        return reverse(name, kwargs={"pk": self.objects[kind].pk})


def make_tenant(name: str, code: str) -> Tenant:
    municipality = MunicipalityFactory(name=name, code=code, slug=name.lower())
    agreement = AgreementFactory(municipality=municipality, published=True)
    agreement.signed_document.save("avtal.pdf", ContentFile(b"%PDF-1.4 signed"))
    draft = AgreementFactory(municipality=municipality, police_area=agreement.police_area)
    signatory = SignatoryFactory(agreement=draft)
    focus_area = FocusAreaFactory(agreement=agreement)
    promise = PromiseFactory(focus_area=focus_area)
    action = ActionFactory(promise=promise)
    update = ProgressUpdateFactory(action=action, date=datetime.date(2026, 1, 15))
    update.attachment.save("bild.png", ContentFile(b"\x89PNG\r\n\x1a\nimage"))
    AreaFactory(municipality=municipality)
    survey = create_survey(municipality, year=2026, title="Trygghet", question_keys=["feel_safe"])
    colleague = member(municipality, Role.COORDINATOR)
    partner = OrganisationFactory(
        kind=Organisation.Kind.PARTNER, municipality=municipality, name=f"Nattvandrarna i {name}"
    )
    return Tenant(
        municipality,
        {
            "agreement": agreement,
            "draft": draft,
            "focus_area": focus_area,
            "promise": promise,
            "action": action,
            "update": update,
            "indicator": IndicatorFactory(promise=promise),
            "signatory": signatory,
            "evidence": EvidenceLinkFactory(promise=promise),
            "survey": survey,
            "question": survey.questions.get(),
            "option": survey.questions.get().options.first(),
            "membership": colleague.memberships.get(),
            "partner": partner,
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
    staff_namespaces = {"promises", "geo", "dialogue", "insight", "population", "tenancy"}
    return {name for name in names if name.split(":")[0] in staff_namespaces}


def test_every_staff_url_is_in_the_matrix():
    assert staff_url_names() == set(STAFF_URLS)


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
    for name, (_, permission, get_allowed) in STAFF_URLS.items():
        url = kungsbacka.url(name)
        if role not in GRANTED[permission]:
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
