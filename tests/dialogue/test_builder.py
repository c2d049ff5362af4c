"""The survey builder: order and pages, the preview, opening with a last day, the forms."""

import datetime
import importlib
import re

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from tests.factories import LAST_DAY, MunicipalityFactory, member
from trygg.core.errors import DomainError
from trygg.dialogue import answering, services
from trygg.dialogue.models import Question, Response, ResponseDraft, Survey
from trygg.tenancy.models import Role

pytestmark = pytest.mark.django_db

BACKGROUND = ["area", "age_group", "gender"]
KEYS = [*BACKGROUND, "feel_safe", "unsafe_places", "suggestions"]


@pytest.fixture
def survey(onsala):
    return services.create_survey(
        onsala.municipality, year=2026, title="Trygghet", question_keys=KEYS
    )


@pytest.fixture
def coordinator(client, kungsbacka):
    client.force_login(member(kungsbacka, Role.COORDINATOR))
    return client


def keys(survey) -> list[str]:
    return list(survey.questions.order_by("order").values_list("key", flat=True))


def paged_keys(survey) -> list[list[str]]:
    return [[question.key for question in page] for page in answering.pages(survey)]


# --- order and pages ----------------------------------------------------------------


def test_moving_a_question_up_swaps_it_with_the_one_before(survey):
    services.move_question(survey.questions.get(key="gender"), "up")
    assert keys(survey)[:3] == ["area", "gender", "age_group"]


def test_moving_a_question_down_swaps_it_with_the_one_after(survey):
    services.move_question(survey.questions.get(key="area"), "down")
    assert keys(survey)[:3] == ["age_group", "area", "gender"]


def test_the_first_question_cannot_move_up_nor_the_last_down(survey):
    with pytest.raises(DomainError, match="redan först"):
        services.move_question(survey.questions.get(key="area"), "up")
    with pytest.raises(DomainError, match="redan sist"):
        services.move_question(survey.questions.get(key="suggestions"), "down")
    assert keys(survey) == KEYS


def test_a_question_at_the_top_of_a_page_moves_to_the_end_of_the_page_before(survey):
    services.move_question(survey.questions.get(key="feel_safe"), "up")
    assert paged_keys(survey)[:2] == [["area", "age_group", "feel_safe"], ["gender"]]


def test_an_open_surveys_questions_cannot_be_moved(survey):
    services.open_survey(survey, closes_on=LAST_DAY)
    with pytest.raises(DomainError, match="kan inte längre ändras"):
        services.move_question(survey.questions.get(key="gender"), "up")
    assert keys(survey) == KEYS


def test_a_coordinator_moves_a_question_up_in_the_builder(coordinator, survey):
    gender = survey.questions.get(key="gender")
    response = coordinator.post(reverse("dialogue:question_move_up", args=[gender.pk]))
    assert response["Location"] == f"{survey.get_absolute_url()}#question-{gender.pk}"
    assert keys(survey)[:3] == ["area", "gender", "age_group"]


def test_moving_by_url_is_refused_on_an_open_survey(coordinator, survey):
    services.open_survey(survey, closes_on=LAST_DAY)
    gender = survey.questions.get(key="gender")
    assert coordinator.post(reverse("dialogue:question_move_up", args=[gender.pk])).status_code == (
        403
    )
    assert keys(survey) == KEYS


def test_a_coordinator_of_another_municipality_cannot_move_a_question(client, survey):
    varberg = MunicipalityFactory(name="Varberg", code="1383", slug="varberg")
    client.force_login(member(varberg, Role.COORDINATOR))
    gender = survey.questions.get(key="gender")
    assert client.post(reverse("dialogue:question_move_up", args=[gender.pk])).status_code == 404
    assert keys(survey) == KEYS


def test_a_page_break_changes_the_pages_residents_go_through(client, coordinator, survey, onsala):
    assert paged_keys(survey)[0] == BACKGROUND
    gender = survey.questions.get(key="gender")
    coordinator.post(reverse("dialogue:question_page_break", args=[gender.pk]), {"new_page": "1"})
    assert paged_keys(survey)[:3] == [["area", "age_group"], ["gender"], ["feel_safe"]]

    services.open_survey(survey, closes_on=LAST_DAY)
    client.logout()
    second = client.get(
        reverse("answer:page", kwargs={"municipality": "kungsbacka", "pk": survey.pk, "number": 2})
    ).content.decode()
    assert 'name="gender"' in second and "Steg 2 av 5" in second
    assert 'name="age_group"' not in second


def test_joining_a_page_to_the_one_before_puts_its_questions_there(coordinator, survey):
    feel_safe = survey.questions.get(key="feel_safe")
    coordinator.post(
        reverse("dialogue:question_page_break", args=[feel_safe.pk]), {"new_page": "0"}
    )
    assert paged_keys(survey)[0] == [*BACKGROUND, "feel_safe"]


def test_a_map_question_keeps_a_page_of_its_own(survey):
    services.set_page_break(survey.questions.get(key="suggestions"), new_page=False)
    assert paged_keys(survey)[-2:] == [["unsafe_places"], ["suggestions"]]


def test_the_builder_shows_the_pages_residents_get(coordinator, survey):
    page = coordinator.get(survey.get_absolute_url()).content.decode()
    assert "Sida 1 av 4" in page and "Sida 4 av 4" in page
    assert "En kartfråga har alltid en egen sida." in page
    assert 'Flytta upp<span class="visually-hidden"> fråga 3: Vilket kön har du?' in page
    assert 'Flytta upp<span class="visually-hidden"> fråga 1:' not in page


def test_existing_surveys_keep_their_pages_when_breaks_become_settable(onsala):
    survey = Survey.objects.create(municipality=onsala.municipality, year=2025, title="Förr")
    for order, (key, kind) in enumerate(
        [
            ("a", "single"),
            ("b", "single"),
            ("c", "single"),
            ("d", "single"),
            ("map", "places"),
            ("e", "text"),
        ],
        start=1,
    ):
        Question.objects.create(survey=survey, key=key, kind=kind, text=key, order=order)
    migration = importlib.import_module("trygg.dialogue.migrations.0011_question_starts_page")

    migration.break_as_before(apps, None)

    assert paged_keys(survey) == [["a", "b", "c"], ["d"], ["map"], ["e"]]


# --- opening ---------------------------------------------------------------------------


def test_opening_needs_the_last_day_to_answer(survey):
    with pytest.raises(DomainError, match="Ange sista dag att svara"):
        services.open_survey(survey, closes_on=None)
    survey.refresh_from_db()
    assert survey.status == Survey.Status.DRAFT


def test_a_last_day_in_the_past_is_refused(coordinator, survey):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = coordinator.post(
        reverse("dialogue:survey_open", args=[survey.pk]), {"closes_on": yesterday.isoformat()}
    )
    assert "har redan passerat. Välj i dag eller senare." in response.content.decode()
    survey.refresh_from_db()
    assert survey.status == Survey.Status.DRAFT


def test_opening_without_a_date_explains_what_is_missing(coordinator, survey):
    response = coordinator.post(reverse("dialogue:survey_open", args=[survey.pk]), {})
    assert "Ange sista dag att svara innan du öppnar undersökningen." in response.content.decode()
    survey.refresh_from_db()
    assert survey.status == Survey.Status.DRAFT


def test_the_open_page_says_what_happens_and_asks_for_the_last_day(coordinator, survey):
    page = coordinator.get(reverse("dialogue:survey_open", args=[survey.pk])).content.decode()
    assert "Det här händer när undersökningen öppnas" in page
    assert "kan inte längre ändras" in page
    assert 'type="date" name="closes_on"' in page


def test_opening_with_a_last_day_sets_it_and_opens(coordinator, survey):
    today = timezone.localdate()
    response = coordinator.post(
        reverse("dialogue:survey_open", args=[survey.pk]), {"closes_on": today.isoformat()}
    )
    assert response["Location"] == survey.get_absolute_url()
    survey.refresh_from_db()
    assert (survey.status, survey.opens_on, survey.closes_on) == ("open", today, today)


# --- preview ---------------------------------------------------------------------------


def preview_url(survey, number=1) -> str:
    return f"{reverse('dialogue:survey_preview', args=[survey.pk])}?sida={number}"


def test_the_preview_shows_the_residents_page_of_a_draft(coordinator, survey):
    page = coordinator.get(preview_url(survey)).content.decode()
    assert "Förhandsvisning – svaren sparas inte" in page
    assert "Steg 1 av 4" in page
    assert 'name="age_group"' in page and "I vilket område bor du?" in page
    assert f'action="{preview_url(survey)}"' in page.replace("&amp;", "&")


def test_the_preview_goes_page_by_page_and_stores_nothing(coordinator, survey, onsala):
    services.open_survey(survey, closes_on=LAST_DAY)
    before = (Response.objects.count(), ResponseDraft.objects.count())
    answers = {"area": str(onsala.pk), "age_group": "25-44", "gender": "woman"}

    forward = coordinator.post(preview_url(survey, 1), answers)
    back = coordinator.post(preview_url(survey, 2), {"back": "1"})
    last = coordinator.post(preview_url(survey, 4), {"suggestions": "Mer ljus"}, follow=True)

    assert forward["Location"] == preview_url(survey, 2)
    assert back["Location"] == preview_url(survey, 1)
    assert "Förhandsvisningen har inte skickat eller sparat något." in last.content.decode()
    assert (Response.objects.count(), ResponseDraft.objects.count()) == before
    assert not [name for name in forward.cookies if name.startswith("trygg-")]


def test_the_public_cannot_reach_the_preview(client, survey):
    response = client.get(preview_url(survey))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    resident = reverse(
        "answer:page", kwargs={"municipality": "kungsbacka", "pk": survey.pk, "number": 1}
    )
    assert client.get(resident).status_code == 404


def test_a_viewer_cannot_preview_nor_anyone_a_closed_survey(client, kungsbacka, survey):
    client.force_login(member(kungsbacka, Role.VIEWER))
    assert client.get(preview_url(survey)).status_code == 403
    services.close_survey(services.open_survey(survey, closes_on=LAST_DAY))
    client.force_login(member(kungsbacka, Role.COORDINATOR))
    assert client.get(preview_url(survey)).status_code == 403


def test_the_preview_map_serves_the_base_map_of_a_draft(coordinator, survey):
    response = coordinator.get(reverse("dialogue:survey_preview_map", args=[survey.pk]))
    assert response.json()["type"] == "FeatureCollection"


# --- what the forms and pages show -----------------------------------------------------


def test_no_internal_key_is_on_the_builder_page(coordinator, survey):
    page = coordinator.get(survey.get_absolute_url()).content.decode()
    for key in ["age_group", "no_answer", "feel_safe", "unsafe_places", "very_safe"]:
        assert key not in page, key
    assert "Vill inte svara" in page


def test_the_question_form_shows_only_the_fields_of_its_kind(coordinator, survey):
    single = survey.questions.get(key="feel_safe")
    text = survey.questions.get(key="suggestions")
    places = survey.questions.get(key="unsafe_places")
    form_of = {
        question.key: coordinator.get(
            reverse("dialogue:question_update", args=[question.pk])
        ).content.decode()
        for question in (single, text, places)
    }
    assert 'name="number_min"' not in form_of["feel_safe"]
    assert 'name="kind"' in form_of["feel_safe"]  # single and multiple choice swap
    assert 'name="kind"' not in form_of["suggestions"]
    assert 'name="required"' in form_of["suggestions"]
    assert 'name="required"' not in form_of["unsafe_places"]
    assert 'name="starts_page"' not in form_of["unsafe_places"]
    for page in form_of.values():
        assert 'name="key"' not in page and 'name="order"' not in page


def test_a_new_question_gets_its_key_from_its_text_and_drops_what_its_kind_has_not(
    coordinator, survey
):
    new = coordinator.get(reverse("dialogue:question_create", args=[survey.pk])).content.decode()
    assert 'data-for-kinds="number"' in new
    response = coordinator.post(
        reverse("dialogue:question_create", args=[survey.pk]),
        {"kind": "text", "text": "Vad gör dig trygg?", "number_min": "3", "number_max": "9"},
    )
    assert response.status_code == 302
    question = survey.questions.get(text="Vad gör dig trygg?")
    assert question.key == "vad-gor-dig-trygg"
    assert (question.number_min, question.number_max) == (None, None)
    assert question.order == len(KEYS) + 1


def test_an_option_of_an_own_question_gets_its_value_from_its_label(coordinator, survey):
    question = services.save_question(
        Question(survey=survey, kind="single", text="Brukar du gå ut på kvällen?")
    )
    coordinator.post(
        reverse("dialogue:option_create", args=[question.pk]), {"label": "Ja, ofta", "order": 1}
    )
    coordinator.post(
        reverse("dialogue:option_create", args=[question.pk]), {"label": "Ja, ofta!", "order": 2}
    )
    assert list(question.options.values_list("value", flat=True)) == ["ja-ofta", "ja-ofta-2"]


def test_the_form_pages_say_where_they_are(coordinator, survey):
    question = survey.questions.get(key="feel_safe")
    page = coordinator.get(reverse("dialogue:question_update", args=[question.pk])).content.decode()
    crumbs = re.search(r'<nav class="breadcrumbs" aria-label="Du är här">(.*?)</nav>', page).group(
        1
    )
    assert reverse("dialogue:surveys", args=["1384"]) in crumbs
    assert f'href="{survey.get_absolute_url()}">Trygghet 2026</a>' in crumbs
    assert '<li aria-current="page">Redigera frågan</li>' in crumbs
    for url in [
        reverse("dialogue:survey_open", args=[survey.pk]),
        reverse("dialogue:survey_create", args=["1384"]),
        reverse("dialogue:question_delete", args=[question.pk]),
        reverse("dialogue:option_update", args=[question.options.first().pk]),
        preview_url(survey),
    ]:
        assert 'aria-label="Du är här"' in coordinator.get(url).content.decode(), url


def test_the_survey_list_tells_the_years_apart(coordinator, survey, kungsbacka):
    services.copy_survey(survey, year=2027)
    page = coordinator.get(reverse("dialogue:surveys", args=["1384"])).content.decode()
    for year in (2026, 2027):
        assert f'Trygghet<span class="visually-hidden"> {year}</span></a>' in page
    assert "Svarstid" in page and "inte öppnad än" in page


# --- a new survey ----------------------------------------------------------------------


def test_the_new_survey_page_offers_one_choice_of_where_to_start(coordinator, survey):
    page = coordinator.get(reverse("dialogue:survey_create", args=["1384"])).content.decode()
    assert page.count('name="start"') == 3
    assert re.search(r'value="copy"[^>]*checked', page)
    assert "Frågebankens standardfrågor" in page and "En tom undersökning" in page


def test_without_earlier_surveys_there_is_nothing_to_copy(coordinator):
    page = coordinator.get(reverse("dialogue:survey_create", args=["1384"])).content.decode()
    assert 'value="copy"' not in page
    assert re.search(r'value="bank"[^>]*checked', page)


def test_an_empty_survey_starts_without_questions(coordinator, survey):
    coordinator.post(
        reverse("dialogue:survey_create", args=["1384"]),
        {"title": "Egen", "year": "2026", "start": "empty", "questions": ["area"]},
    )
    assert not Survey.objects.get(title="Egen").questions.exists()


def test_copying_needs_the_survey_to_copy(coordinator, survey):
    response = coordinator.post(
        reverse("dialogue:survey_create", args=["1384"]),
        {"title": "Kopia", "year": "2027", "start": "copy"},
    )
    assert "Välj vilken undersökning som ska kopieras." in response.content.decode()
    assert not Survey.objects.filter(title="Kopia").exists()
