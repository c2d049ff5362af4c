"""Nothing unscrubbed is kept for a resident, and reading the public site keeps nothing.

Counted in the database itself: ``django_session`` rows and drafts before and after
every public page, the language switch and a whole answer; forged and swapped draft
cookies; the raw text and the code looked for in every row they could hide in.
"""

import importlib
import json
import re

import pytest
from django.contrib.sessions.models import Session
from django.core import signing
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from tests.factories import (
    LAST_DAY,
    AgreementFactory,
    ProgressUpdateFactory,
    PromiseFactory,
)
from trygg.dialogue import services
from trygg.dialogue.models import Response, ResponseDraft
from trygg.dialogue.submission import create_invitations

pytestmark = pytest.mark.django_db

KEYS = ["area", "age_group", "gender", "feel_safe", "unsafe_places", "suggestions"]
CHECKED_65_84 = re.compile(r'value="65-84"[^>]*checked')
SECRET_TEXT = "Ring Anna på 0701234567 eller anna.svensson@example.se"


@pytest.fixture
def open_survey(onsala):
    survey = services.create_survey(
        onsala.municipality, year=2026, title="Trygghet", question_keys=KEYS
    )
    return services.open_survey(survey, closes_on=LAST_DAY)


@pytest.fixture
def closed_survey(onsala):
    survey = services.create_survey(
        onsala.municipality, year=2025, title="Trygghet", question_keys=KEYS
    )
    return services.close_survey(services.open_survey(survey, closes_on=LAST_DAY))


def answer_url(survey, name: str, **kwargs) -> str:
    return reverse(
        f"answer:{name}", kwargs={"municipality": "kungsbacka", "pk": survey.pk, **kwargs}
    )


def public_urls(kungsbacka, open_survey, closed_survey) -> list[str]:
    agreement = AgreementFactory(municipality=kungsbacka, published=True)
    promise = PromiseFactory(focus_area__agreement=agreement)
    update = ProgressUpdateFactory(action__promise=promise)
    slug = kungsbacka.slug
    places = {"municipality": slug, "pk": closed_survey.pk}
    return [
        reverse("portal:home"),
        reverse("portal:municipality", args=[slug]),
        reverse("portal:archive", args=[slug]),
        reverse("portal:agreement", args=[slug, agreement.pk]),
        reverse("portal:agreement_document", args=[slug, agreement.pk]),
        reverse("portal:promise", args=[slug, promise.pk]),
        reverse("portal:update_attachment", args=[slug, update.pk]),
        reverse("portal:feed", args=[slug]),
        reverse("portal:accessibility"),
        reverse("portal:about"),
        reverse("login"),
        answer_url(open_survey, "start"),
        answer_url(open_survey, "page", number=1),
        answer_url(open_survey, "page", number=3),
        answer_url(open_survey, "thanks"),
        answer_url(open_survey, "map"),
        reverse("insight_public:results", kwargs=places),
        reverse("insight_public:results", kwargs=places) + "?visa=area",
        reverse("insight_public:places", kwargs=places),
        reverse("insight_public:places_geojson", kwargs=places),
    ]


def stored_rows() -> tuple[int, int]:
    return Session.objects.count(), ResponseDraft.objects.count()


@pytest.mark.parametrize("language", ["sv", "en"])
def test_reading_every_public_page_stores_no_session_and_no_draft(
    client, kungsbacka, open_survey, closed_survey, language
):
    urls = public_urls(kungsbacka, open_survey, closed_survey)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    assert stored_rows() == (0, 0)
    statuses = {url: client.get(url).status_code for url in urls}
    # Twice, with the cookies the first round set (CSRF, language), as a browser does.
    statuses |= {url: client.get(url).status_code for url in urls}
    assert stored_rows() == (0, 0)
    assert not [url for url, status in statuses.items() if status >= 500]
    assert statuses[answer_url(open_survey, "start")] == 200
    results = reverse("insight_public:results", args=[kungsbacka.slug, closed_survey.pk])
    assert statuses[results] == 200


def test_switching_language_and_a_wrong_code_store_no_session(client, open_survey):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.post(answer_url(open_survey, "code"), {"code": "FEL-KOD"}, follow=True)
    assert "Koden gäller inte" in response.content.decode() or "not valid" in (
        response.content.decode()
    )
    assert stored_rows() == (0, 0)


def test_a_whole_answer_stores_no_session_and_no_raw_text_or_code(client, open_survey, onsala):
    [code] = create_invitations(open_survey, 1)
    client.post(answer_url(open_survey, "code"), {"code": code})
    client.post(
        answer_url(open_survey, "page", number=1),
        {"area": str(onsala.pk), "age_group": "25-44", "gender": "woman"},
    )
    client.post(answer_url(open_survey, "page", number=2), {"feel_safe": "mostly"})
    client.post(
        answer_url(open_survey, "page", number=3),
        {
            "unsafe_places": json.dumps(
                [{"latitude": 57.5, "longitude": 12.1, "description": SECRET_TEXT}]
            ),
        },
    )
    # Saved, not yet sent: the draft is what a database dump would show now.
    client.post(
        answer_url(open_survey, "page", number=4), {"back": "1", "suggestions": SECRET_TEXT}
    )
    draft = ResponseDraft.objects.values().get()
    dump = json.dumps(draft, default=str)
    for secret in ("0701234567", "anna.svensson@example.se", code, code.replace("-", "")):
        assert secret not in dump
    assert Session.objects.count() == 0

    response = client.post(answer_url(open_survey, "page", number=4), {"suggestions": SECRET_TEXT})
    assert response["Location"] == answer_url(open_survey, "thanks")
    assert Response.objects.get().channel == "invitation"
    sent = ResponseDraft.objects.values().get()
    assert sent["finished"] and sent["answers"] == {}
    assert sent["submission_key"] is None and sent["invitation_code_hash"] == ""
    assert Session.objects.count() == 0


def draft_cookie(survey) -> str:
    return f"trygg-draft-{survey.pk}"


def signed(survey, value: str) -> str:
    response = HttpResponse()
    response.set_signed_cookie(draft_cookie(survey), value, salt="trygg.dialogue.draft")
    return response.cookies[draft_cookie(survey)].value


def test_a_forged_draft_cookie_reads_nobodys_draft(client, open_survey, onsala):
    victim = Client()
    victim.post(
        answer_url(open_survey, "page", number=1),
        {"area": str(onsala.pk), "age_group": "65-84", "gender": "man"},
    )
    victims_id = str(ResponseDraft.objects.get().pk)
    # The id without the signature, and with another survey's signature, are refused.
    for forged in (victims_id, signing.Signer(salt="other").sign(victims_id), "x" * 5000):
        client.cookies[draft_cookie(open_survey)] = forged
        page = client.get(answer_url(open_survey, "page", number=1)).content.decode()
        assert not CHECKED_65_84.search(page)
    assert ResponseDraft.objects.count() == 1
    # The victim's own, signed cookie does show the answer: the check can fail.
    page = victim.get(answer_url(open_survey, "page", number=1)).content.decode()
    assert CHECKED_65_84.search(page)


def test_a_draft_of_another_survey_is_not_found_through_this_one(
    client, open_survey, closed_survey, onsala
):
    other = services.create_survey(
        onsala.municipality, year=2027, title="Annan", question_keys=KEYS
    )
    other = services.open_survey(other, closes_on=LAST_DAY)
    client.post(
        answer_url(other, "page", number=1),
        {"area": str(onsala.pk), "age_group": "65-84", "gender": "man"},
    )
    others_id = str(ResponseDraft.objects.get().pk)
    client.cookies[draft_cookie(open_survey)] = signed(open_survey, others_id)
    page = client.get(answer_url(open_survey, "start")).content.decode()
    assert "Fortsätt där du slutade" not in page
    client.cookies[draft_cookie(other)] = signed(other, others_id)
    assert "Fortsätt där du slutade" in client.get(answer_url(other, "start")).content.decode()


def test_drafts_an_earlier_release_left_in_sessions_are_deleted_on_migrating():
    from django.apps import apps
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connection

    migration = importlib.import_module(
        "trygg.dialogue.migrations.0006_answering_drafts_and_counts"
    )
    resident, staff, other = SessionStore(), SessionStore(), SessionStore()
    resident["dialogue-draft-1"] = {"answers": {"suggestions": SECRET_TEXT}, "invitation_code": "X"}
    resident.save()
    staff.update({"_auth_user_id": "7", "dialogue-draft-2": {"answers": {}}})
    staff.save()
    other["_auth_user_id"] = "8"
    other.save()

    class Editor:
        pass

    Editor.connection = connection
    migration.delete_drafts_kept_in_sessions(apps, Editor())

    kept = {s.session_key: s.get_decoded() for s in Session.objects.all()}
    assert resident.session_key not in kept
    assert kept[staff.session_key] == {"_auth_user_id": "7"}
    assert kept[other.session_key] == {"_auth_user_id": "8"}
