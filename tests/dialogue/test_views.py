import pytest
from django.urls import reverse

from tests.factories import member
from trygg.dialogue import services
from trygg.dialogue.models import Survey
from trygg.tenancy.models import Role

pytestmark = pytest.mark.django_db


def test_a_coordinator_starts_a_survey_from_the_question_bank(client, kungsbacka):
    client.force_login(member(kungsbacka, Role.COORDINATOR))
    response = client.post(
        reverse("dialogue:survey_create", args=["1384"]),
        {"title": "Trygghetsundersökning", "year": "2026", "start": "bank"}
        | {"questions": ["area", "feel_safe"]},
    )
    survey = Survey.objects.get()
    assert response["Location"] == survey.get_absolute_url()
    page = client.get(survey.get_absolute_url()).content.decode()
    assert "Känner du dig trygg i ditt bostadsområde?" in page
    assert "Öppna för svar" in page


def test_a_coordinator_copies_last_years_survey(client, kungsbacka):
    last_year = services.create_survey(
        kungsbacka, year=2025, title="Trygghet", question_keys=["feel_safe"]
    )
    client.force_login(member(kungsbacka, Role.COORDINATOR))
    client.post(
        reverse("dialogue:survey_create", args=["1384"]),
        {"title": "Trygghet", "year": "2026", "start": "copy", "copy_from": last_year.pk},
    )
    copy = Survey.objects.get(year=2026)
    assert copy.copied_from == last_year
    assert list(copy.questions.values_list("key", flat=True)) == ["feel_safe"]


def test_a_new_survey_from_the_bank_needs_a_question_of_it(client, kungsbacka):
    client.force_login(member(kungsbacka, Role.COORDINATOR))
    response = client.post(
        reverse("dialogue:survey_create", args=["1384"]),
        {"title": "Tom", "year": "2026", "start": "bank"},
    )
    assert "Välj minst en fråga ur frågebanken" in response.content.decode()
    assert not Survey.objects.exists()


def test_the_same_title_and_year_twice_is_explained_on_the_form(client, kungsbacka):
    services.create_survey(kungsbacka, year=2026, title="Trygghet", question_keys=["feel_safe"])
    client.force_login(member(kungsbacka, Role.COORDINATOR))
    response = client.post(
        reverse("dialogue:survey_create", args=["1384"]),
        {"title": "Trygghet", "year": "2026", "start": "bank", "questions": ["feel_safe"]},
    )
    assert response.status_code == 200
    assert Survey.objects.count() == 1
    summary = response.content.decode().split('id="error-summary"')[1].split("</ul>")[0]
    assert "Undersökning med samma Kommun, År och Titel finns redan." in summary


def test_opening_a_survey_fixes_its_questions(client, kungsbacka):
    survey = services.create_survey(
        kungsbacka, year=2026, title="Trygghet", question_keys=["feel_safe"]
    )
    client.force_login(member(kungsbacka, Role.COORDINATOR))
    client.post(reverse("dialogue:survey_open", args=[survey.pk]), {"closes_on": "2099-12-31"})
    survey.refresh_from_db()
    assert survey.status == Survey.Status.OPEN
    question = survey.questions.get()
    response = client.post(
        reverse("dialogue:question_update", args=[question.pk]),
        {"text": "Ny text", "key": "feel_safe", "kind": "single", "order": 1},
    )
    assert response.status_code == 403
    question.refresh_from_db()
    assert question.text != "Ny text"
    page = client.get(survey.get_absolute_url()).content.decode()
    assert reverse("dialogue:question_update", args=[question.pk]) not in page
    assert "Stäng undersökningen" in page


def test_a_refusal_of_the_service_is_shown_as_a_message(client, kungsbacka):
    survey = services.create_survey(
        kungsbacka, year=2026, title="Trygghet", question_keys=["feel_safe"]
    )
    survey.questions.all().delete()
    client.force_login(member(kungsbacka, Role.COORDINATOR))

    response = client.post(
        reverse("dialogue:survey_open", args=[survey.pk]), {"closes_on": "2099-12-31"}
    )

    assert "Lägg till frågor innan du öppnar undersökningen." in response.content.decode()
    survey.refresh_from_db()
    assert survey.status == Survey.Status.DRAFT
