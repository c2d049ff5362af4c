"""The plain sentence of a significant change: words, direction and numbers as shown."""

import pytest

from trygg.insight.changes import change_sentence
from trygg.stats.compare import difference

QUESTION = "Hur trygg eller otrygg känner du dig om du går ut ensam sent en kväll?"


def said(before, after, *, kind="proportion", key="fairly_unsafe", column="Ganska otrygg", **kw):
    return change_sentence(
        kind=kind,
        column_key=key,
        column=column,
        before=before,
        after=after,
        difference=difference(before, 0.01, after, 0.01),
        language=kw.pop("language", "sv"),
        **kw,
    )


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (0.14, 0.11, "Andelen som svarade ”Ganska otrygg” har minskat från 14 till 11 procent."),
        (0.11, 0.14, "Andelen som svarade ”Ganska otrygg” har ökat från 11 till 14 procent."),
        (
            0.1449,
            0.1051,
            "Andelen som svarade ”Ganska otrygg” har minskat från 14 till 11 procent.",
        ),
        (0.005, 0.5, "Andelen som svarade ”Ganska otrygg” har ökat från 0 till 50 procent."),
        (0.999, 0.9, "Andelen som svarade ”Ganska otrygg” har minskat från 100 till 90 procent."),
    ],
)
def test_a_share_is_said_in_whole_percent_with_its_direction(before, after, expected):
    assert said(before, after) == expected


def test_figures_that_round_alike_get_a_decimal_comma_in_swedish():
    assert said(0.144, 0.136) == (
        "Andelen som svarade ”Ganska otrygg” har minskat från 14,4 till 13,6 procent."
    )


def test_figures_that_round_alike_get_a_decimal_point_in_english():
    assert said(0.136, 0.144, column="Fairly unsafe", language="en") == (
        "The share who answered “Fairly unsafe” has risen from 13.6 to 14.4 per cent."
    )


def test_the_direction_is_that_of_the_tested_difference_not_of_the_rounded_figures():
    # As the table rounds them: 14.49 → 14 and 14.51 → 15.
    assert "har ökat från 14 till 15 procent" in said(0.1449, 0.1451)
    assert "har ökat från 14,44 till 14,45 procent" in said(0.14441, 0.14449)


def test_a_multi_word_answer_and_question_are_quoted_whole():
    sentence = said(0.05, 0.08, column="Går aldrig ut ensam sent på kvällen", question=QUESTION)
    assert sentence == (
        "Andelen som svarade ”Går aldrig ut ensam sent på kvällen” på frågan "
        f"”{QUESTION}” har ökat från 5 till 8 procent."
    )


def test_english_names_the_question_in_english_quotes():
    sentence = said(
        0.43,
        0.50,
        column="Fairly high",
        question="How much do you trust the police?",
        language="en",
    )
    assert sentence == (
        "The share who answered “Fairly high” to “How much do you trust the police?” "
        "has risen from 43 to 50 per cent."
    )


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("sv", "Andelen som markerade minst en otrygg plats har minskat från 60 till 54 procent."),
        ("en", "The share who marked at least one unsafe place has fallen from 60 to 54 per cent."),
    ],
)
def test_the_places_question_says_who_marked_a_place(language, expected):
    sentence = said(0.6, 0.54, key="marked", column="Markerade minst en plats", language=language)
    assert sentence == expected
    # It reads the same in a summary: the sentence needs no question.
    assert said(0.6, 0.54, key="marked", column="x", language=language, question=QUESTION) == (
        expected
    )


@pytest.mark.parametrize(
    ("before", "after", "language", "expected"),
    [
        (25.63, 26.41, "sv", "Medelvärdet har ökat från 25,6 till 26,4."),
        (26.41, 25.63, "en", "The mean answer has fallen from 26.4 to 25.6."),
        (3.04, 2.96, "sv", "Medelvärdet har minskat från 3,04 till 2,96."),
    ],
)
def test_a_mean_has_one_decimal_and_no_unit(before, after, language, expected):
    assert said(before, after, kind="mean", key="mean", column="Medelvärde", language=language) == (
        expected
    )


def test_a_mean_in_a_summary_names_its_question():
    sentence = said(
        25.6,
        26.4,
        kind="mean",
        key="mean",
        column="Medelvärde",
        question="Hur många år har du bott i kommunen?",
    )
    assert sentence == (
        "Medelvärdet för frågan ”Hur många år har du bott i kommunen?” "
        "har ökat från 25,6 till 26,4."
    )


def test_the_sentence_is_in_the_language_asked_whatever_is_active():
    from django.utils import translation

    with translation.override("en"):
        assert said(0.14, 0.11).startswith("Andelen som svarade")
    with translation.override("sv"):
        assert said(0.14, 0.11, language="en").startswith("The share who answered")
