"""Survey content in Swedish and English: the bank's English versions, copying them,
and the answering pages in the language the survey can be read in."""

import pytest
from django.urls import reverse

from tests.factories import LAST_DAY
from trygg.dialogue import services
from trygg.dialogue.bank import QUESTION_BANK
from trygg.dialogue.content import ENGLISH, SWEDISH, content_language, missing_english
from trygg.dialogue.models import Option, Question, Survey

pytestmark = pytest.mark.django_db

KEYS = ["area", "age_group", "gender", "feel_safe", "unsafe_places", "suggestions"]


@pytest.fixture
def survey(onsala):
    survey = services.create_survey(
        onsala.municipality,
        year=2026,
        title="Trygghetsundersökning",
        title_en="Safety survey",
        question_keys=KEYS,
    )
    return services.open_survey(survey, closes_on=LAST_DAY)


def answer_url(survey, name="start", **kwargs):
    return reverse(
        f"answer:{name}", kwargs={"municipality": "kungsbacka", "pk": survey.pk, **kwargs}
    )


@pytest.mark.parametrize("bank_question", QUESTION_BANK, ids=lambda q: q.key)
def test_every_bank_question_has_a_complete_english_version(bank_question):
    english = bank_question.english
    assert english.text and english.text != bank_question.text
    assert bool(english.help_text) == bool(bank_question.help_text)
    assert set(english.options) == {value for value, _ in bank_question.options}
    assert all(english.options.values())


def test_a_survey_from_the_bank_with_an_english_title_can_be_read_in_english(survey):
    assert not missing_english(survey)
    assert content_language(survey, "en") == ENGLISH
    assert content_language(survey, "en-GB") == ENGLISH
    assert content_language(survey, "sv") == SWEDISH


def test_each_missing_part_keeps_the_survey_swedish(survey):
    survey.introduction = "Välkommen!"
    survey.save()
    question = Question.objects.create(
        survey=survey, key="own", kind=Question.Kind.SINGLE_CHOICE, text="Egen fråga?"
    )
    Option.objects.create(question=question, value="yes", label="Ja")
    feel_safe = survey.questions.get(key="feel_safe")
    feel_safe.options.filter(value="never").update(label_en="")

    missing = missing_english(survey)

    assert missing.survey_parts == ("introduction",)
    assert {q.key for q in missing.questions} == {"feel_safe", "own"}
    assert content_language(survey, "en") == SWEDISH


def test_a_copy_keeps_the_english_version(survey):
    survey.introduction, survey.introduction_en = "Välkommen!", "Welcome!"
    survey.save()
    copy = services.copy_survey(survey, year=2028)
    assert (copy.title_en, copy.introduction_en) == ("Safety survey", "Welcome!")
    assert copy.questions.get(key="feel_safe").options.get(value="mostly").label_en == (
        "Most of the time"
    )
    assert not missing_english(copy)


def test_an_english_reader_answers_in_english(client, survey, onsala):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    start = client.get(answer_url(survey)).content.decode()
    assert '<html lang="en">' in start
    assert "<h1>Safety survey 2026</h1>" in start
    assert "only available in Swedish" not in start

    first = client.get(answer_url(survey, "page", number=1)).content.decode()
    assert "Which area do you live in?" in first
    assert "16–24 years" in first and "Prefer not to say" in first
    places = client.get(answer_url(survey, "page", number=3)).content.decode()
    assert "Are there places in the municipality where you feel unsafe?" in places
    assert "Dark or poor lighting" in places and "Weekends" in places


def test_a_swedish_reader_gets_the_swedish_version(client, survey):
    first = client.get(answer_url(survey, "page", number=1)).content.decode()
    assert '<html lang="sv">' in first
    assert "I vilket område bor du?" in first and "Which area" not in first
    places = client.get(answer_url(survey, "page", number=3)).content.decode()
    assert "Mörkt eller dålig belysning" in places and "Helger" in places


def test_without_a_complete_english_version_the_whole_page_is_swedish(client, survey):
    survey.title_en = ""
    survey.save()
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    start = client.get(answer_url(survey)).content.decode()
    assert '<html lang="sv">' in start
    assert (
        '<p class="message message--info" lang="en">This survey is only available in Swedish.'
        in (start)
    )
    assert "Börja" in start
    first = client.get(answer_url(survey, "page", number=1)).content.decode()
    assert "I vilket område bor du?" in first and "Nästa" in first


def test_a_coordinator_sees_what_lacks_english_and_writes_it(client, onsala):
    from tests.factories import member
    from trygg.tenancy.models import Role

    client.force_login(member(onsala.municipality, Role.COORDINATOR))
    client.post(
        reverse("dialogue:survey_create", args=["1384"]),
        {"title": "Trygghet", "title_en": "", "year": "2026", "start": "bank"}
        | {"questions": ["feel_safe"]},
    )
    survey = Survey.objects.get()
    question = Question.objects.create(
        survey=survey, key="own", kind=Question.Kind.SINGLE_CHOICE, text="Egen fråga?", order=9
    )
    option = Option.objects.create(question=question, value="yes", label="Ja")

    page = client.get(survey.get_absolute_url()).content.decode()
    assert "tills varje del finns på engelska. Saknas:" in page
    assert "<li>titeln</li>" in page and "Egen fråga?</a></li>" in page

    saved = client.post(
        reverse("dialogue:survey_update", args=[survey.pk]),
        {"title": "Trygghet", "title_en": "Safety", "introduction": "", "introduction_en": ""},
    )
    assert saved.status_code == 302
    client.post(
        reverse("dialogue:question_update", args=[question.pk]),
        {"text": "Egen fråga?", "text_en": "Own question?", "key": "own", "kind": "single"}
        | {"help_text": "", "help_text_en": "", "order": "9"},
    )
    client.post(
        reverse("dialogue:option_update", args=[option.pk]),
        {"label": "Ja", "label_en": "Yes", "value": "yes", "order": "0"},
    )

    survey.refresh_from_db()
    assert not missing_english(survey)
    page = client.get(survey.get_absolute_url()).content.decode()
    assert "Klart: invånare som läser engelska svarar på engelska" in page
    assert '<span lang="en">Yes</span>' in page


def test_a_closed_survey_keeps_its_title_and_introduction(survey):
    from trygg.core.errors import DomainError

    services.close_survey(survey)
    survey.refresh_from_db()
    survey.introduction = "Ändrad i efterhand"
    with pytest.raises(DomainError):
        services.save_survey_details(survey)
    survey.refresh_from_db()
    assert survey.introduction == ""


def test_saving_the_details_does_not_reopen_a_survey_that_opened_meanwhile(onsala):
    draft = services.create_survey(
        onsala.municipality, year=2026, title="Trygghet", question_keys=["feel_safe"]
    )
    stale = Survey.objects.get(pk=draft.pk)
    services.open_survey(draft, closes_on=LAST_DAY)
    stale.title_en = "Safety"
    services.save_survey_details(stale)
    fresh = Survey.objects.get(pk=draft.pk)
    assert (fresh.status, fresh.title_en) == (Survey.Status.OPEN, "Safety")
