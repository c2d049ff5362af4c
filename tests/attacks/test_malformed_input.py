"""Malformed input through the answering pages, the paper form and the service.

The attacker's technique is a crafted body: map JSON with a dict where a reason goes,
brackets nested past the stack, an oversized field, NaN and infinite coordinates,
wrong types anywhere, numbers past the database column. Each must get a Swedish
message (200 with the form, never a 500) and store nothing.
"""

import json
import uuid

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.factories import LAST_DAY, member
from trygg.dialogue import services
from trygg.dialogue.models import Answer, PlaceMark, Question, Response, ResponseDraft
from trygg.dialogue.submission import SubmissionError, submit_response
from trygg.tenancy.models import Role

pytestmark = pytest.mark.django_db

INSIDE = {"latitude": 57.5, "longitude": 12.1}
RESIDENT_KEYS = ["area", "age_group", "gender", "feel_safe", "unsafe_places", "suggestions"]
PAPER_KEYS = [
    *RESIDENT_KEYS[:4],
    "local_problems",
    "years_resident",
    "unsafe_places",
    "suggestions",
]
UNREADABLE = "Platserna du markerat på kartan kunde inte läsas. Markera dem igen."


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


@pytest.fixture
def survey(kungsbacka, onsala):
    draft = services.create_survey(
        kungsbacka, year=2026, title="Trygghet", question_keys=PAPER_KEYS
    )
    return services.open_survey(draft, closes_on=LAST_DAY)


@pytest.fixture
def resident_survey(kungsbacka, onsala):
    draft = services.create_survey(
        kungsbacka, year=2027, title="Trygghet", question_keys=RESIDENT_KEYS
    )
    return services.open_survey(draft, closes_on=LAST_DAY)


@pytest.fixture
def unlimited(survey):
    """The number question without limits, as a coordinator may set it up."""
    Question.objects.filter(survey=survey, key="years_resident").update(
        number_min=None, number_max=None
    )
    return survey


def stored() -> tuple[int, int, int]:
    return Response.objects.count(), Answer.objects.count(), PlaceMark.objects.count()


# --------------------------------------------------------------- the resident's map page


def map_page(survey) -> str:
    return reverse(
        "answer:page", kwargs={"municipality": "kungsbacka", "pk": survey.pk, "number": 3}
    )


def post_places(client, survey, raw: str):
    # Page 1 first, so that a draft exists and page 3 is where the resident is.
    client.post(
        reverse("answer:page", kwargs={"municipality": "kungsbacka", "pk": survey.pk, "number": 1}),
        {"area": str(survey.municipality.areas.get().pk), "age_group": "25-44", "gender": "man"},
    )
    return client.post(map_page(survey), {"unsafe_places": raw})


CRAFTED_PLACES = {
    "a dict as a reason": json.dumps([INSIDE | {"reasons": [{"a": 1}]}]),
    "a string as the reasons": json.dumps([INSIDE | {"reasons": "dark"}]),
    "a list as the description": json.dumps([INSIDE | {"description": ["x"]}]),
    "deeply nested brackets": "[" * 100_000 + "]" * 100_000,
    # Under the size limit: nested past the stack, and just shallow enough to parse.
    "brackets nested past the stack within the size limit": "[" * 20_000 + "]" * 20_000,
    "brackets nested just shallow enough to parse": "[" * 900 + "]" * 900,
    "a place's reasons nested just shallow enough to parse": json.dumps([INSIDE])[:-2]
    + ', "reasons": '
    + "[" * 880
    + "]" * 880
    + "}]",
    "oversized JSON": json.dumps([INSIDE | {"description": "x" * 200_000}]),
    "NaN coordinates": '[{"latitude": NaN, "longitude": 12.1}]',
    "infinite coordinates": '[{"latitude": 1e999, "longitude": 12.1}]',
    "coordinates as a dict": json.dumps([{"latitude": {"x": 1}, "longitude": 12.1}]),
    "coordinates as booleans": json.dumps([{"latitude": True, "longitude": True}]),
    "a number as the list": "12",
    "not JSON": "[{latitude:",
    "a NUL in the description": json.dumps([INSIDE | {"description": "a\u0000b"}]),
}


@pytest.mark.parametrize("raw", CRAFTED_PLACES.values(), ids=CRAFTED_PLACES.keys())
def test_crafted_map_json_is_refused_beside_the_field(client, resident_survey, raw):
    response = post_places(client, resident_survey, raw)

    assert response.status_code == 200
    page = response.content.decode()
    assert "kunde inte läsas" in page or "Välj" in page or "Markera" in page
    assert "unsafe_places" not in ResponseDraft.objects.get().answers
    assert stored() == (0, 0, 0)


def test_coordinates_outside_the_municipality_are_refused(client, resident_survey):
    response = post_places(
        client, resident_survey, json.dumps([{"latitude": 59.3, "longitude": 18.0}])
    )

    assert response.status_code == 200
    assert "Markera platser inom Kungsbacka" in response.content.decode()
    assert "unsafe_places" not in ResponseDraft.objects.get().answers


def test_deep_nesting_gives_the_map_message(client, resident_survey):
    response = post_places(client, resident_survey, "[" * 100_000 + "]" * 100_000)

    assert UNREADABLE in response.content.decode()


# --------------------------------------------------------------- the paper form


@pytest.fixture
def coordinator(client, kungsbacka):
    client.force_login(member(kungsbacka, Role.COORDINATOR))
    return client


def paper(survey, coordinator, **overrides):
    onsala = survey.municipality.areas.get()
    data = {
        "submission_key": str(uuid.uuid4()),
        "invitation_code": "",
        "area": str(onsala.pk),
        "age_group": "45-64",
        "gender": "woman",
        "feel_safe": "seldom",
        "years_resident": "23",
        "unsafe_places": "",
        "suggestions": "Mer belysning.",
    } | overrides
    return coordinator.post(reverse("dialogue:paper_response", args=[survey.pk]), data)


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("1e15", "Skriv ett tal som är högst 9\u00a0999\u00a0999\u00a0999,99."),
        ("10000000000", "Skriv ett tal som är högst 9\u00a0999\u00a0999\u00a0999,99."),
        ("9999999999,995", "Skriv ett tal som är högst 9\u00a0999\u00a0999\u00a0999,99."),
        ("-1e15", "Skriv ett tal som är minst \u22129\u00a0999\u00a0999\u00a0999,99."),
        ("1e999999999", "Skriv ett tal som är högst 9\u00a0999\u00a0999\u00a0999,99."),
        ("9" * 41, "Skriv ett tal, t.ex. 12 eller 12,5."),
    ],
)
def test_a_number_past_the_column_is_refused_on_paper(unlimited, coordinator, number, message):
    response = paper(unlimited, coordinator, years_resident=number)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert stored() == (0, 0, 0)


def test_a_question_with_only_a_smallest_number_names_that_limit(unlimited, coordinator):
    Question.objects.filter(survey=unlimited, key="years_resident").update(number_min=0)

    low = paper(unlimited, coordinator, years_resident="-3")
    high = paper(unlimited, coordinator, years_resident="1e12")

    assert "Skriv ett tal som är minst 0." in low.content.decode()
    assert "högst 9\u00a0999\u00a0999\u00a0999,99." in high.content.decode()
    assert stored() == (0, 0, 0)


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-inf", "tolv", "12,5,3", "0x10"])
def test_what_is_not_a_number_is_refused_on_paper(unlimited, coordinator, number):
    response = paper(unlimited, coordinator, years_resident=number)

    assert response.status_code == 200
    assert "Skriv ett tal, t.ex. 12 eller 12,5." in response.content.decode()
    assert stored() == (0, 0, 0)


def test_a_number_past_the_question_s_own_limit_names_the_limits(survey, coordinator):
    response = paper(survey, coordinator, years_resident="111")

    assert "Skriv ett tal från 0 till 110." in response.content.decode()
    assert stored() == (0, 0, 0)


@pytest.mark.parametrize(
    ("typed", "kept"), [("12,5", "12.50"), ("12.5", "12.50"), ("1 200", "1200.00")]
)
def test_the_swedish_decimal_comma_is_accepted_on_paper(unlimited, coordinator, typed, kept):
    response = paper(unlimited, coordinator, years_resident=typed)

    assert response.status_code == 302
    answer = Answer.objects.get(question__key="years_resident")
    assert str(answer.number) == kept


def test_the_largest_storable_number_is_stored_and_read_back(unlimited, coordinator):
    paper(unlimited, coordinator, years_resident="9999999999,99")

    assert str(Answer.objects.get(question__key="years_resident").number) == "9999999999.99"
    assert list(Answer.objects.values_list("number", flat=True).exclude(number=None))


@pytest.mark.parametrize(
    "field",
    [{"area": "1e999"}, {"area": "[]"}, {"feel_safe": "{}"}, {"gender": "x" * 10_000}],
)
def test_wrong_values_in_choices_are_refused_on_paper(survey, coordinator, field):
    response = paper(survey, coordinator, **field)

    assert response.status_code == 200
    assert "Välj" in response.content.decode()
    assert stored() == (0, 0, 0)


# --------------------------------------------------------------- the service itself


def submit(survey, answers):
    return submit_response(
        survey, answers, channel=Response.Channel.OPEN, submission_key=uuid.uuid4()
    )


SERVICE_CASES = {
    "a huge number": {"years_resident": 10**15},
    "a float past the column": {"years_resident": 1e308},
    "an infinite float": {"years_resident": float("inf")},
    "a boolean number": {"years_resident": True},
    "a dict as a number": {"years_resident": {"value": 3}},
    "a dict as an option": {"feel_safe": {"x": 1}},
    "a list of dicts as options": {"local_problems": [{"x": 1}]},
    "a dict as free text": {"suggestions": {"text": "x"}},
    "an infinite area id": {"area": float("inf")},
    "a dict as a reason": {"unsafe_places": [INSIDE | {"reasons": [{"a": 1}]}]},
    "a dict as the times": {"unsafe_places": [INSIDE | {"times": {"evening": 1}}]},
    "a NaN latitude": {"unsafe_places": [{"latitude": float("nan"), "longitude": 12.1}]},
    "a latitude of 1e308": {"unsafe_places": [{"latitude": 1e308, "longitude": 12.1}]},
}


@pytest.mark.parametrize("answers", SERVICE_CASES.values(), ids=SERVICE_CASES.keys())
def test_the_service_refuses_wrong_types_and_stores_nothing(unlimited, answers, english):
    Question.objects.filter(survey=unlimited).update(required=False)
    with pytest.raises(SubmissionError) as refused:
        submit(unlimited, answers)

    assert refused.value.errors, refused.value.errors
    assert stored() == (0, 0, 0)
