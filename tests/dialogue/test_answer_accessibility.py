"""The answering pages for keyboard and screen-reader users: the error summary that
takes focus and names each question, the forward button first, the places in text."""

import re

import pytest
from django.urls import reverse

from tests.dialogue.test_answering import KEYS
from tests.factories import LAST_DAY
from trygg.core.templatetags.error_summary import naming_the_question
from trygg.dialogue import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(onsala):
    survey = services.create_survey(
        onsala.municipality, year=2026, title="Trygghet", question_keys=KEYS
    )
    return services.open_survey(survey, closes_on=LAST_DAY)


def page_url(survey, number):
    return reverse(
        "answer:page", kwargs={"municipality": "kungsbacka", "pk": survey.pk, "number": number}
    )


def summary_of(html: str) -> str:
    match = re.search(r'<div class="error-summary".*?</ul>', html, flags=re.S)
    assert match, "no error summary"
    return match.group(0)


def test_a_refused_page_opens_with_a_summary_that_takes_focus(client, survey):
    html = client.post(page_url(survey, 1), {"gender": "woman"}).content.decode()
    summary = summary_of(html)

    assert html.index('class="error-summary"') < html.index('class="form-field')
    assert 'tabindex="-1"' in summary and "autofocus" in summary
    assert 'aria-labelledby="error-summary-title"' in summary
    assert "Några svar behöver ses över." in summary
    assert "trygg/js/error-summary.js" in html


def test_each_error_links_to_its_question_and_names_it(client, survey):
    html = client.post(page_url(survey, 1), {"gender": "woman"}).content.decode()
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary_of(html))

    assert links == [
        ("id_area_0", "I vilket område bor du? Svara på den här frågan."),
        ("id_age_group_0", "Hur gammal är du? Svara på den här frågan."),
    ]
    for target, _text in links:
        assert f'id="{target}"' in html  # the first option of the question's group


def test_an_error_of_the_map_question_links_to_its_fieldset(client, survey):
    html = client.post(page_url(survey, 3), {"unsafe_places": "not json"}).content.decode()
    links = re.findall(r'<a href="#([^"]+)">', summary_of(html))

    assert links == ["id_unsafe_places-question"]
    assert re.search(r'<fieldset [^>]*id="id_unsafe_places-question" tabindex="-1"', html)


def test_an_error_of_the_whole_survey_is_listed_without_a_link(client, survey):
    # Straight to the last page: the earlier page's required questions are missing.
    html = client.post(page_url(survey, 4), {"suggestions": "Mer ljus."}).content.decode()
    summary = summary_of(html)

    assert "<li>Dina svar är inte skickade än." in summary
    assert 'href="#id_area_0"' in summary


def test_a_page_without_errors_has_no_summary(client, survey):
    html = client.get(page_url(survey, 1)).content.decode()

    assert "error-summary" not in html.replace("error-summary.js", "")


def test_the_forward_button_comes_first_so_enter_goes_forward(client, survey):
    # A browser submits with the form's first button when Enter is pressed in a field.
    html = client.get(page_url(survey, 2)).content.decode()
    buttons = re.findall(r'<button type="submit"[^>]*>([^<]+)</button>', html.split("<main")[1])

    assert buttons == ["Nästa", "Tillbaka"]


def test_the_places_in_text_can_fold_away_when_the_map_runs(client, survey):
    html = client.get(page_url(survey, 3)).content.decode()

    assert 'class="place-fallback" data-fold-summary="Beskriv platser i text i stället"' in html


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Hur trygg känner du dig?", "Hur trygg känner du dig? Svara på frågan."),
        ("Beskriv platsen", "Beskriv platsen: Svara på frågan."),
    ],
)
def test_the_summary_names_the_question_before_the_message(label, expected):
    assert naming_the_question(label, "Svara på frågan.") == expected


def test_a_long_question_is_cut_in_the_summary():
    text = naming_the_question("Hur ofta " * 20, "Svara på frågan.")

    question, message = text.split("… ")
    assert len(question) == 79 and message == "Svara på frågan."
