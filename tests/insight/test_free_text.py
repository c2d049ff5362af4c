"""Residents' free text for staff: scrubbed again on the way out, tagged, filtered, paginated."""

import pytest
from django.urls import reverse

from tests.factories import LAST_DAY, AreaFactory, MunicipalityFactory, ResponseFactory, member
from trygg.dialogue import services
from trygg.dialogue.models import Answer, PlaceMark, Question
from trygg.insight.free_text import free_texts
from trygg.tenancy.models import Role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

KEYS = ["area", "unsafe_places", "suggestions"]
PHONE = "070-123 45 67"
EMAIL = "anna.svensson@example.se"


@pytest.fixture(autouse=True)
def _english_pages(client):
    """Pages in English, so that the checks of their text hold once Swedish is added."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def centrum(kungsbacka):
    return AreaFactory(municipality=kungsbacka, name="Centrum")


@pytest.fixture
def survey(kungsbacka, onsala, centrum):
    survey = services.create_survey(kungsbacka, year=2026, title="Trygghet", question_keys=KEYS)
    return services.open_survey(survey, closes_on=LAST_DAY)


def respond(survey, home, suggestion="", places=(), *, flagged=False):
    return ResponseFactory(
        survey=survey,
        answers={"area": home.pk, "suggestions": suggestion, "unsafe_places": list(places)},
        flagged=flagged,
    )


@pytest.fixture
def answered(survey, onsala, centrum):
    respond(survey, onsala, "Bättre belysning vid gångtunneln.")
    respond(survey, centrum, "Mopederna kör för fort.")
    respond(
        survey,
        centrum,
        "Knarkhandel vid torget",
        [{"area": centrum.pk, "reasons": ["drugs"], "description": "Mörkt vid busshållplatsen"}],
    )
    respond(survey, onsala, "Allt är bra")
    respond(survey, onsala, "Fler vuxna ute på kvällarna", flagged=True)
    return survey


def texts(listing):
    return [item.text for item in listing.texts]


def test_texts_are_listed_with_their_themes_by_question_then_alphabetically(answered):
    listing = free_texts(answered)
    assert texts(listing) == [
        "Mörkt vid busshållplatsen",
        "Allt är bra",
        "Bättre belysning vid gångtunneln.",
        "Knarkhandel vid torget",
        "Mopederna kör för fort.",
    ]
    themes = {item.text: [badge.id for badge in item.themes] for item in listing.texts}
    assert themes["Bättre belysning vid gångtunneln."] == ["lighting", "places"]
    assert themes["Knarkhandel vid torget"] == ["drugs", "places"]
    assert themes["Allt är bra"] == []
    assert listing.texts[0].question.startswith("Finns det platser")
    assert {item.area_name for item in listing.texts} == {"Onsala", "Centrum"}


def test_the_theme_counts_cover_every_text_the_other_filters_let_through(answered):
    listing = free_texts(answered, theme="drugs")
    assert texts(listing) == ["Knarkhandel vid torget"]
    summary = listing.summary
    assert summary.texts == 5
    assert summary.untagged == 1
    assert summary.count("places") == 3
    assert summary.count("drugs") == 1
    assert summary.count("lighting") == 2


def test_texts_are_filtered_by_the_respondents_area(answered, onsala):
    assert texts(free_texts(answered, area=onsala.pk)) == [
        "Allt är bra",
        "Bättre belysning vid gångtunneln.",
    ]


def test_texts_are_filtered_by_question(answered):
    places = Question.objects.get(survey=answered, key="unsafe_places")
    assert texts(free_texts(answered, question=places.pk)) == ["Mörkt vid busshållplatsen"]


def test_texts_of_flagged_responses_are_hidden_by_default(answered):
    listing = free_texts(answered)
    assert "Fler vuxna ute på kvällarna" not in texts(listing)
    assert listing.flagged_hidden == 1
    included = free_texts(answered, include_flagged=True)
    assert "Fler vuxna ute på kvällarna" in texts(included)
    assert [item.flagged for item in included.texts if item.text.startswith("Fler")] == [True]
    assert included.flagged_hidden == 0


def test_an_unknown_theme_is_refused(answered):
    with pytest.raises(ValueError):
        free_texts(answered, theme="weather")


@pytest.fixture
def unscrubbed(answered, onsala):
    """Texts that reached the database without the scrubber (an import, an old version)."""
    response = respond(answered, onsala, "")
    Answer.objects.create(
        response=response,
        question=Question.objects.get(survey=answered, key="suggestions"),
        text=f"Ring mig på {PHONE} om lampan",
    )
    PlaceMark.objects.create(
        response=response,
        question=Question.objects.get(survey=answered, key="unsafe_places"),
        area=onsala,
        description=f"Skriv till {EMAIL}",
    )
    return answered


def test_a_text_that_bypassed_the_scrubber_is_scrubbed_in_the_listing(unscrubbed):
    listed = texts(free_texts(unscrubbed))
    assert "Ring mig på [telefonnummer] om lampan" in listed
    assert "Skriv till [e-post]" in listed
    assert not any(PHONE in text or EMAIL in text for text in listed)


# --- The page -----------------------------------------------------------------------------


def url(survey, **query):
    address = reverse("insight:free_text", kwargs={"pk": survey.pk})
    if query:
        address += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return address


@pytest.fixture
def moderator(client, kungsbacka):
    client.force_login(member(kungsbacka, Role.MODERATOR))
    return client


def test_a_moderator_reads_the_texts_with_theme_badges_and_counts(moderator, answered):
    page = moderator.get(url(answered)).content.decode()
    assert "Knarkhandel vid torget" in page
    assert '<span class="badge">Drugs</span>' in page
    assert "Lighting and darkness</a>: 2" in page
    assert "5 texts, before the theme filter." in page
    assert "1 text from flagged responses is hidden." in page
    assert "Fler vuxna" not in page


def test_the_filters_work_as_a_plain_get_form(moderator, answered, centrum):
    page = moderator.get(url(answered, theme="places", area=centrum.pk)).content.decode()
    assert '<form method="get"' in page
    assert "Knarkhandel vid torget" in page
    assert "Mörkt vid busshållplatsen" in page
    assert "Bättre belysning" not in page
    assert "Mopederna" not in page


def test_flagged_texts_are_shown_when_asked_for(moderator, answered):
    page = moderator.get(url(answered, flagged="on")).content.decode()
    assert "Fler vuxna ute på kvällarna" in page
    assert "from flagged responses is hidden" not in page


def test_an_invalid_filter_value_shows_everything_with_an_error(moderator, answered):
    response = moderator.get(url(answered, theme="weather"))
    assert response.status_code == 200
    assert "Mopederna kör för fort." in response.content.decode()


def test_the_listing_is_paginated_and_keeps_the_filters(moderator, survey, onsala):
    for number in range(30):
        respond(survey, onsala, f"Mörkt vid gångväg {chr(65 + number % 26)}{number:02d}")
    first = moderator.get(url(survey, theme="lighting")).content.decode()
    assert "30 texts" in first
    assert "Page 1 of 2" in first
    assert "?theme=lighting&amp;page=2" in first
    second = moderator.get(url(survey, theme="lighting", page=2)).content.decode()
    assert second.count('<li class="card">') == 5


def test_personal_data_never_reaches_the_page(moderator, unscrubbed):
    page = moderator.get(url(unscrubbed)).content.decode()
    assert PHONE not in page
    assert EMAIL not in page
    assert "[telefonnummer]" in page


@pytest.mark.parametrize("role", [Role.VIEWER, Role.ANALYST])
def test_members_without_moderation_rights_are_refused(client, kungsbacka, answered, role):
    client.force_login(member(kungsbacka, role))
    assert client.get(url(answered)).status_code == 403


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.COORDINATOR, Role.ADMIN])
def test_moderators_coordinators_and_admins_may_read(client, kungsbacka, answered, role):
    client.force_login(member(kungsbacka, role))
    assert client.get(url(answered)).status_code == 200


def test_another_municipalitys_moderator_finds_nothing(client, answered):
    varberg = MunicipalityFactory(name="Varberg", code="1383", slug="varberg")
    client.force_login(member(varberg, Role.ADMIN))
    assert client.get(url(answered)).status_code == 404
