"""A resident answers through the pages with Django's test client (Swedish, no JS)."""

import datetime
import io
import json
import re

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.factories import LAST_DAY
from trygg.__main__ import main
from trygg.dialogue import answering, ballot, services
from trygg.dialogue.answering import pages
from trygg.dialogue.models import (
    Answer,
    Invitation,
    NetworkCount,
    PlaceMark,
    Response,
    ResponseDraft,
    SubmittingNetwork,
)
from trygg.dialogue.submission import create_invitations, hash_code

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
    return services.open_survey(survey, closes_on=LAST_DAY)


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
    assert "Svara på den här frågan." in page
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


def test_the_map_data_holds_the_border_the_areas_and_the_localities(client, survey, onsala):
    data = client.get(url(survey, "map")).json()
    kinds = [feature["properties"]["kind"] for feature in data["features"]]
    assert kinds == ["border", "area", *["locality"] * 11]


def test_free_text_is_stored_scrubbed(client, survey, onsala):
    answer_everything(client, survey, onsala, {4: {"suggestions": "Ring 0701234567"}})
    assert Answer.objects.get(question__key="suggestions").text == "Ring [telefonnummer]"


def test_the_municipality_page_invites_residents_while_the_survey_is_open(client, survey):
    page = client.get(reverse("portal:municipality", args=["kungsbacka"])).content.decode()
    assert f'href="{url(survey, "start")}"' in page
    services.close_survey(survey)
    page = client.get(reverse("portal:municipality", args=["kungsbacka"])).content.decode()
    assert f'href="{url(survey, "start")}"' not in page
    results = reverse("insight_public:results", args=["kungsbacka", survey.pk])
    assert f'href="{results}"' in page


def test_each_page_is_saved_scrubbed_in_a_draft_of_its_own_not_the_session(client, survey, onsala):
    client.post(
        page_url(survey, 3),
        {
            "unsafe_places": "",
            "unsafe_places__area": str(onsala.pk),
            "unsafe_places__description": "Där Anna Svensson bor, mejla anna@example.se",
        },
    )
    # "Back" from the last page saves it too, without sending.
    client.post(page_url(survey, 4), {"back": "1", "suggestions": "Ring 0701234567"})
    draft = ResponseDraft.objects.get()
    stored = json.dumps(draft.answers)
    assert "0701234567" not in stored and "anna@example.se" not in stored
    assert "[telefonnummer]" in draft.answers["suggestions"]
    assert "anna@example.se" not in draft.answers["unsafe_places"][0]["description"]
    assert not Response.objects.exists()
    assert not Session.objects.exists()


def test_the_draft_keeps_the_codes_hash_and_never_the_code(client, survey, onsala):
    [code] = create_invitations(survey, 1)
    client.post(url(survey, "code"), {"code": code})
    client.post(
        page_url(survey, 1), {"area": str(onsala.pk), "age_group": "25-44", "gender": "woman"}
    )
    draft = ResponseDraft.objects.get()
    assert draft.invitation_code_hash == hash_code(code)
    assert code.replace("-", "") not in json.dumps(draft.answers) + str(draft.__dict__)
    assert not Session.objects.exists()


def test_a_draft_older_than_a_day_is_gone_and_the_resident_is_told_kindly(client, survey, onsala):
    client.post(
        page_url(survey, 1), {"area": str(onsala.pk), "age_group": "25-44", "gender": "woman"}
    )
    ResponseDraft.objects.update(
        created_at=timezone.now() - answering.DRAFT_LIFETIME - datetime.timedelta(minutes=1)
    )
    response = client.post(page_url(survey, 2), {"feel_safe": "mostly"})
    assert response["Location"] == url(survey, "start")
    page = client.get(url(survey, "start")).content.decode()
    assert "sparades i 24 timmar och har nu raderats" in page
    assert "Fortsätt där du slutade" not in page
    # Told once; then the resident starts again with an empty form.
    assert "har nu raderats" not in client.get(url(survey, "start")).content.decode()
    answer_everything(client, survey, onsala)
    assert Response.objects.count() == 1
    # The expired draft was not reused: the new one was sent, the old one awaits purging.
    assert sorted(ResponseDraft.objects.values_list("finished", flat=True)) == [False, True]


def test_an_expired_draft_is_not_sent(client, survey, onsala):
    answer_everything(client, survey, onsala)
    Response.objects.all().delete()
    ResponseDraft.objects.all().delete()
    client.cookies.pop(f"trygg-answered-{survey.pk}", None)
    data = {"area": str(onsala.pk), "age_group": "25-44", "gender": "woman"}
    client.post(page_url(survey, 1), data)
    ResponseDraft.objects.update(created_at=timezone.now() - datetime.timedelta(days=2))
    response = client.post(page_url(survey, 4), {"suggestions": "Mer belysning."})
    assert response["Location"] == url(survey, "start")
    assert not Response.objects.exists()


def test_purge_drafts_deletes_expired_drafts_and_past_counts_only(client, survey, onsala):
    client.post(
        page_url(survey, 1), {"area": str(onsala.pk), "age_group": "25-44", "gender": "woman"}
    )
    old, fresh = ResponseDraft.objects.get(), ResponseDraft.objects.create(survey=survey)
    ResponseDraft.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=25)
    )
    ballot.count_submission(survey.pk, "192.0.2.1")
    ballot.count_submission(survey.pk, "192.0.2.2", timezone.now() - datetime.timedelta(hours=2))
    assert answering.purge_drafts(dry_run=True) == answering.Purged(1, 1, 0, dry_run=True)
    assert ResponseDraft.objects.count() == 2

    out = io.StringIO()
    call_command("purge_drafts", stdout=out)
    assert "Raderade 1 utgångna utkast" in out.getvalue()
    assert list(ResponseDraft.objects.all()) == [fresh]
    assert list(SubmittingNetwork.objects.values_list("network", flat=True)) == [
        ballot.network_hash("192.0.2.1")
    ]
    assert NetworkCount.objects.get().network.network == ballot.network_hash("192.0.2.1")


def test_the_command_is_called_purge_drafts(capsys):
    main(["trygg", "purge-drafts", "--dry-run"])
    assert "Skulle radera 0 utgångna utkast" in capsys.readouterr().out


def test_a_required_answer_missing_on_an_earlier_page_is_shown_beside_its_field(
    client, survey, onsala
):
    # Straight to the last page, as a bookmark or a lost draft would bring a resident.
    response = client.post(page_url(survey, 4), {"suggestions": "Mer belysning."})
    assert response.status_code == 200
    assert response.context["page"].number == 1
    form = response.context["form"]
    assert set(form.errors) == {"area", "age_group", "__all__"}
    page = response.content.decode()
    assert f'action="{page_url(survey, 1)}"' in page
    # Beside each field, and in the error summary at the top.
    assert page.count("Svara på den här frågan.") == 4
    assert "Dina svar är inte skickade än" in page
    assert not Response.objects.exists()

    # The resident answers page 1 there, walks on and sends: one response.
    client.post(
        page_url(survey, 1), {"area": str(onsala.pk), "age_group": "25-44", "gender": "woman"}
    )
    client.post(page_url(survey, 2), {"feel_safe": "mostly"})
    client.post(page_url(survey, 3), {"unsafe_places": ""})
    response = client.post(page_url(survey, 4), {"suggestions": "Mer belysning."})
    assert response["Location"] == url(survey, "thanks")
    assert Response.objects.get().answers.get(question__key="suggestions").text == (
        "Mer belysning."
    )


def test_after_sending_the_pages_lead_back_to_the_start(client, survey, onsala):
    answer_everything(client, survey, onsala)
    assert client.get(page_url(survey, 1))["Location"] == url(survey, "start")
    assert ResponseDraft.objects.get().answers == {}
