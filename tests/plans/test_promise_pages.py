"""Every promise shows the problem and evidence its measures answer; publicly, only
what is public."""

import pytest
from django.urls import reverse

from trygg.plans.models import Measure

from .factories import ActionPlanFactory, EvidenceFactory, MeasureFactory, ProblemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(municipality, promise, action):
    problem = ProblemFactory(
        municipality=municipality,
        title="Otrygghet vid resecentrum",
        description="Fyra av tio undviker resecentrum på kvällen.",
        staff_note="Ordningsstörningar enligt polisens interna rapporter.",
    )
    EvidenceFactory(problem=problem, label="Otrygga vid resecentrum", figure="41 %", public=True)
    EvidenceFactory(problem=problem, label="Larm om våld vecka 12", figure="9 mot 3", public=False)
    plan = ActionPlanFactory(municipality=municipality, decided=True)
    MeasureFactory(plan=plan, problems=[problem], title="Vakter på kvällen")
    Measure.objects.filter(plan=plan).update(action=action)
    return problem


def public_page(client, municipality, promise) -> str:
    url = reverse("portal:promise", kwargs={"municipality": municipality.slug, "pk": promise.pk})
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_public_promise_page_shows_the_problem_and_its_public_evidence(
    client, municipality, promise, answered
):
    page = public_page(client, municipality, promise)
    assert "Otrygghet vid resecentrum" in page
    assert "Fyra av tio undviker resecentrum på kvällen." in page
    assert "Otrygga vid resecentrum: 41 %" in page


def test_the_public_promise_page_leaves_out_staff_only_text(
    client, municipality, promise, answered
):
    page = public_page(client, municipality, promise)
    assert "Ordningsstörningar" not in page
    assert "Larm om våld" not in page
    assert "Vakter på kvällen" not in page


def test_a_draft_plans_problems_are_not_public(client, municipality, promise, answered):
    answered.measures.update(plan=ActionPlanFactory(municipality=municipality))
    page = public_page(client, municipality, promise)
    assert "Otrygghet vid resecentrum" not in page


def test_the_staff_agreement_page_shows_the_problem_with_all_its_evidence(
    client, coordinator, promise, answered
):
    client.force_login(coordinator)
    page = client.get(promise.agreement.get_absolute_url()).content.decode()
    assert "Otrygghet vid resecentrum" in page
    assert "Ordningsstörningar enligt polisens interna rapporter." in page
    assert "Larm om våld vecka 12: 9 mot 3" in page
    measure = answered.measures.get()
    assert measure.get_absolute_url() in page
