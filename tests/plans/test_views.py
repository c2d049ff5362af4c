import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import MembershipFactory, member
from trygg.plans.models import ActionPlan, Evidence, FollowUp, Measure, Problem
from trygg.tenancy.models import Role

from .factories import EvidenceFactory, FollowUpFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, coordinator):
    client.force_login(coordinator)
    return client


def test_the_plan_page_is_a_table_in_bras_columns_with_the_status_in_words(
    signed_in, decided_measure, problem
):
    EvidenceFactory(problem=problem, label="Otrygga i tunnlarna", figure="41 %")
    FollowUpFactory(measure=decided_measure, status="yellow", comment="Armaturerna är sena.")
    Measure.objects.filter(pk=decided_measure.pk).update(status="yellow")

    page = signed_in.get(decided_measure.plan.get_absolute_url()).content.decode()

    headings = ["Orsak", "Åtgärd", "Operativt mål", "När", "Vem", "Uppföljning"]
    positions = [page.index(f">{heading}</th>") for heading in headings]
    assert positions == sorted(positions)
    assert problem.title in page
    assert "Otrygga i tunnlarna: 41 %" in page
    assert decided_measure.operational_goal in page
    assert decided_measure.responsible.name in page
    # Not colour only: the status in words, beside its class (colour and symbol).
    assert '<span class="badge badge--follow-up-yellow">Risk att inte nås</span>' in page
    assert "Armaturerna är sena." in page


def test_a_coordinator_adds_a_problem_a_measure_and_decides_the_plan(
    signed_in, municipality, draft_plan
):
    response = signed_in.post(
        reverse("plans:problem_create", args=[municipality.code]),
        {
            "situation_year": 2025,
            "title": "Mopedtrafik vid skolorna",
            "description": "Skolorna rapporterar farlig mopedkörning.",
        },
    )
    problem = Problem.objects.get(title="Mopedtrafik vid skolorna")
    assert response.status_code == 302
    response = signed_in.post(
        reverse("plans:evidence_create", args=[problem.pk]),
        {
            "kind": "other",
            "label": "Skolornas rapporter",
            "figure": "12 händelser",
            "source": "Skolorna",
        },
    )
    assert response.status_code == 302
    assert problem.evidence.get().figure == "12 händelser"

    responsible = member(municipality).memberships.get().organisation
    response = signed_in.post(
        reverse("plans:measure_create", args=[draft_plan.pk]),
        {
            "problems": [problem.pk],
            "title": "Trafikkontroller vid skolorna",
            "operational_goal": "En kontroll i veckan",
            "term": "Varje termin",
            "responsible": responsible.pk,
        },
    )
    assert response.status_code == 302
    measure = draft_plan.measures.get()
    assert list(measure.problems.all()) == [problem]

    response = signed_in.post(
        reverse("plans:plan_decide", args=[draft_plan.pk]),
        {"decided_on": "2026-01-20", "decided_by": "Styrgruppen"},
    )
    assert response.status_code == 302
    draft_plan.refresh_from_db()
    assert draft_plan.status == ActionPlan.Status.DECIDED

    response = signed_in.post(
        reverse("plans:follow_up_create", args=[measure.pk]),
        {"date": "2026-02-01", "status": "green", "comment": "Fyra kontroller."},
    )
    assert response.status_code == 302
    assert FollowUp.objects.get().status == "green"


def test_a_measure_refused_by_the_service_shows_why_and_saves_nothing(
    signed_in, municipality, draft_plan, problem
):
    responsible = member(municipality).memberships.get().organisation
    response = signed_in.post(
        reverse("plans:measure_create", args=[draft_plan.pk]),
        {
            "problems": [problem.pk],
            "title": "Utan tid",
            "operational_goal": "Något",
            "responsible": responsible.pk,
        },
    )
    assert response.status_code == 200
    assert "Ange när: datum eller en period." in response.content.decode()
    assert not Measure.objects.exists()


def test_make_an_action_under_a_promise_from_the_measure_page(signed_in, measure, promise):
    response = signed_in.post(
        reverse("plans:make_action", args=[measure.pk]), {"promise": promise.pk}
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.action.promise == promise
    page = signed_in.get(measure.get_absolute_url()).content.decode()
    assert measure.action.get_absolute_url() in page
    # Once linked, the page no longer offers it, and the URL refuses.
    assert reverse("plans:make_action", args=[measure.pk]) not in page
    assert signed_in.get(reverse("plans:make_action", args=[measure.pk])).status_code == 403


def test_make_action_wants_a_promise_or_an_action_not_both(signed_in, measure, promise, action):
    response = signed_in.post(
        reverse("plans:make_action", args=[measure.pk]),
        {"promise": promise.pk, "action": action.pk},
    )
    assert response.status_code == 200
    measure.refresh_from_db()
    assert measure.action is None


def test_the_plan_exports_as_csv_in_bras_columns(signed_in, decided_measure, problem):
    EvidenceFactory(problem=problem, label="Otrygga i tunnlarna", figure="41 %")
    FollowUpFactory(
        measure=decided_measure, date=datetime.date(2026, 5, 2), status="red", comment="Stoppat."
    )
    Measure.objects.filter(pk=decided_measure.pk).update(status="red")

    response = signed_in.get(reverse("plans:plan_export", args=[decided_measure.plan.pk, "csv"]))

    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:6] == [
        "Orsak",
        "Underlag",
        "Åtgärd",
        "Operativt mål",
        "När",
        "Ansvarig organisation",
    ]
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Orsak"] == problem.title
    assert "Otrygga i tunnlarna: 41 %" in row["Underlag"]
    assert row["Åtgärd"] == decided_measure.title
    assert row["Uppföljningsstatus"] == "Når inte målet"
    assert row["Senaste uppföljning"] == "2026-05-02"
    assert row["Senaste kommentar"] == "Stoppat."


def test_the_plan_exports_as_xlsx_with_the_decision_noted(signed_in, decided_measure):
    response = signed_in.get(reverse("plans:plan_export", args=[decided_measure.plan.pk, "xlsx"]))
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    assert sheet.cell(1, 3).value == "Åtgärd"
    assert sheet.cell(2, 3).value == decided_measure.title
    notes = [row[0].value for row in workbook.worksheets[-1].iter_rows()]
    assert any("Styrgruppen" in note for note in notes)


def test_an_unknown_export_format_is_not_found(signed_in, draft_plan):
    url = reverse("plans:plan_export", args=[draft_plan.pk, "pdf"])
    assert signed_in.get(url).status_code == 404


def test_a_viewer_sees_the_plan_but_is_offered_nothing_to_change(client, municipality, measure):
    client.force_login(member(municipality, Role.VIEWER))
    page = client.get(measure.plan.get_absolute_url()).content.decode()
    assert measure.title in page
    assert reverse("plans:measure_create", args=[measure.plan.pk]) not in page
    assert reverse("plans:plan_decide", args=[measure.plan.pk]) not in page
    assert client.post(reverse("plans:plan_decide", args=[measure.plan.pk])).status_code == 403


def test_a_police_coordinator_of_the_serving_area_edits_the_plan(client, police, measure):
    officer = MembershipFactory(organisation=police, role=Role.COORDINATOR).user
    client.force_login(officer)
    url = reverse("plans:measure_update", args=[measure.pk])
    assert client.get(url).status_code == 200


def test_the_plan_list_shows_problems_with_evidence_and_offers_the_forms(
    signed_in, municipality, problem, draft_plan
):
    EvidenceFactory(problem=problem, label="Otrygga i tunnlarna", public=False)
    page = signed_in.get(reverse("plans:plans", args=[municipality.code])).content.decode()
    assert draft_plan.title in page
    assert problem.title in page
    assert problem.staff_note in page
    assert "endast för personal" in page
    assert reverse("plans:problem_create", args=[municipality.code]) in page
    assert Evidence.objects.count() == 1
