"""A resident answers through the pages with Django's test client (Swedish, no JS)."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from trygg.dialogue import ballot, services
from trygg.dialogue.answering import pages
from trygg.dialogue.models import Answer, Invitation, PlaceMark, Response
from trygg.dialogue.submission import create_invitations

pytestmark = pytest.mark.django_db

KEYS = ["area", "age_group", "gender", "feel_safe", "unsafe_places", "suggestions"]


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


@pytest.fixture
def survey(onsala):
    survey = services.create_survey(
        onsala.municipality, year=2026, title="Trygghet", question_keys=KEYS
    )
    return services.open_survey(survey)


def url(survey, name, **kwargs):
    return reverse(
        f"answer:{name}", kwargs={"municipality": "kungsbacka", "pk": survey.pk, **kwargs}
    )


def page_url(survey, number):
    return url(survey, "page", number=number)


def answer_everything(client, survey, onsala, overrides=None):
    """Post every page as a resident without JavaScript would; returns the last response."""
    data = {
        1: {"area": str(onsala.pk), "age_group": "25-44", "gender": "woman"},
        2: {"feel_safe": "mostly"},
        3: {
            "unsafe_places": "",
            "unsafe_places__area": str(onsala.pk),
            "unsafe_places__description": "Gångtunneln vid stationen",
            "unsafe_places__reasons": ["dark", "isolated"],
            "unsafe_places__times": ["evening"],
        },
        4: {"suggestions": "Mer belysning."},
    }
    for number, values in data.items():
        response = client.post(page_url(survey, number), values | (overrides or {}).get(number, {}))
    return response


def test_the_survey_is_paged_with_the_map_question_alone(survey):
    assert [[q.key for q in page] for page in pages(survey)] == [
        ["area", "age_group", "gender"],
        ["feel_safe"],
        ["unsafe_places"],
        ["suggestions"],
    ]


def test_the_start_page_explains_anonymity_in_swedish(client, survey):
    page = client.get(url(survey, "start")).content.decode()
    assert "Trygghet 2026" in page
    assert "anonym" in page


def test_a_resident_answers_every_page_and_one_response_is_stored(client, survey, onsala):
    response = answer_everything(client, survey, onsala)
    assert response["Location"] == url(survey, "thanks")
    stored = Response.objects.get()
    assert (stored.channel, stored.area, stored.flagged) == ("open", onsala, False)
    place = PlaceMark.objects.get()
    assert place.area == onsala and place.reasons == ["dark", "isolated"]
    assert "Tack för dina svar" in client.get(response["Location"]).content.decode()


def test_sending_the_last_page_twice_stores_one_response(client, survey, onsala):
    answer_everything(client, survey, onsala)
    client.post(page_url(survey, 4), {"suggestions": "Mer belysning."})
    assert Response.objects.count() == 1


def test_the_answers_so_far_are_kept_when_the_resident_comes_back(client, survey, onsala):
    client.post(
        page_url(survey, 1), {"area": str(onsala.pk), "age_group": "65-84", "gender": "man"}
    )
    page = client.get(page_url(survey, 1)).content.decode()
    assert re.search(r'value="65-84"[^>]*checked', page)
    assert "Fortsätt där du slutade" in client.get(url(survey, "start")).content.decode()


def test_a_missing_required_answer_is_explained_and_the_rest_kept(client, survey, onsala):
    response = client.post(page_url(survey, 1), {"age_group": "25-44", "gender": "woman"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Detta fält måste fyllas i." in page
    assert re.search(r'value="25-44"[^>]*checked', page)
    assert not Response.objects.exists()


def test_the_honeypot_thanks_a_bot_and_stores_nothing(client, survey, onsala):
    client.post(page_url(survey, 1), {"area": str(onsala.pk), "age_group": "25-44", "website": "x"})
    response = answer_everything(client, survey, onsala, {4: {"website": "http://spam"}})
    assert response["Location"] == url(survey, "thanks")
    assert not Response.objects.exists()


def test_a_burst_from_one_network_is_flagged_and_then_refused(client, survey, onsala, settings):
    for _ in range(ballot.FLAG_AFTER):
        ballot.count_submission(survey.pk, "127.0.0.1")
    answer_everything(client, survey, onsala)
    assert Response.objects.get().flagged

    for _ in range(ballot.REFUSE_AFTER):
        ballot.count_submission(survey.pk, "127.0.0.1")
    client.cookies.clear()
    response = answer_everything(client, survey, onsala)
    assert "För många svar" in response.content.decode()
    assert Response.objects.count() == 1


def test_a_browser_that_has_answered_is_told_so(client, survey, onsala):
    answer_everything(client, survey, onsala)
    assert "redan svarat" in client.get(url(survey, "start")).content.decode()


def test_an_invitation_code_is_checked_first_and_spent_on_submit(client, survey, onsala):
    [code] = create_invitations(survey, 1)
    response = client.post(url(survey, "code"), {"code": code.lower()})
    assert response["Location"] == page_url(survey, 1)
    answer_everything(client, survey, onsala)
    stored = Response.objects.get()
    assert stored.channel == "invitation" and Invitation.objects.get().spent


def test_a_wrong_code_is_explained_on_the_start_page(client, survey):
    response = client.post(url(survey, "code"), {"code": "FEL-KOD"}, follow=True)
    assert "Koden gäller inte för den här undersökningen" in response.content.decode()


def test_a_draft_survey_is_not_found(client, onsala):
    draft = services.create_survey(
        onsala.municipality, year=2027, title="Utkast", question_keys=["feel_safe"]
    )
    assert client.get(url(draft, "start")).status_code == 404


def test_the_map_data_holds_the_border_and_the_areas(client, survey, onsala):
    data = client.get(url(survey, "map")).json()
    kinds = [feature["properties"]["kind"] for feature in data["features"]]
    assert kinds == ["border", "area"]


def test_free_text_is_stored_scrubbed(client, survey, onsala):
    answer_everything(client, survey, onsala, {4: {"suggestions": "Ring 0701234567"}})
    assert Answer.objects.get(question__key="suggestions").text == "Ring [telefonnummer]"


def test_the_municipality_page_invites_residents_while_the_survey_is_open(client, survey):
    page = client.get(reverse("portal:municipality", args=["kungsbacka"])).content.decode()
    assert f'href="{url(survey, "start")}"' in page
    services.close_survey(survey)
    page = client.get(reverse("portal:municipality", args=["kungsbacka"])).content.decode()
    assert f'href="{url(survey, "start")}"' not in page
    assert f'href="{url(survey, "results")}"' in page
