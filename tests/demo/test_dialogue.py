"""The demo's citizen dialogue: the 2020 figures after weighting, places, scrubbing, reloads."""

import json
import math
import uuid
from collections import Counter

import pytest
from django.db import transaction
from django.db.models import Sum
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from shapely.geometry import Point, shape

from trygg.demo.dialogue import (
    OPEN_FOR,
    OPEN_SINCE,
    OPEN_SURVEY_RESPONDENTS,
    OPEN_SURVEY_YEAR,
    POPULATION_FILE,
    SURVEY_TITLE,
    WAVES,
    unspent_demo_codes,
)
from trygg.demo.services import load_kungsbacka_demo
from trygg.dialogue.bank import QUESTION_BANK
from trygg.dialogue.models import Answer, Invitation, PlaceMark, Response, Survey
from trygg.dialogue.selectors import open_surveys, published_surveys
from trygg.dialogue.submission import hash_code, submit_response
from trygg.geo.cells import cells_for_points
from trygg.population.models import PopulationCount, ResponseWeight, Weighting
from trygg.population.selectors import representativeness, weighting_status
from trygg.text.scrub import scrub

from .conftest import kungsbacka_feature

pytestmark = pytest.mark.django_db

TRAVEL_CENTRE = (57.4987, 12.0735)
BADHUSPARKEN = (57.4905, 12.0710)
STATION_TUNNEL = (57.4963, 12.0752)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, loaded once for the module and rolled back after it."""
    path = tmp_path_factory.mktemp("demo") / "kungsbacka.geojson"
    path.write_text(
        json.dumps({"type": "FeatureCollection", "features": [kungsbacka_feature()]}),
        encoding="utf-8",
    )
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield load_kungsbacka_demo(municipalities_path=path, incidents=False), path
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def survey(year: int) -> Survey:
    return Survey.objects.get(title=SURVEY_TITLE, year=year)


def weighted_share(responses) -> float:
    """The weighted share of the survey's respondents that ``responses`` holds."""
    total = ResponseWeight.objects.filter(response__survey=responses.first().survey)
    part = ResponseWeight.objects.filter(response__in=responses)
    return part.aggregate(w=Sum("weight"))["w"] / total.aggregate(w=Sum("weight"))["w"]


def feel_safe(year: int):
    return Response.objects.filter(
        survey=survey(year),
        answers__question__key="feel_safe",
        answers__option__value__in=["always", "mostly"],
    )


def with_place(year: int):
    return Response.objects.filter(survey=survey(year), place_marks__isnull=False).distinct()


def metres(point: tuple[float, float], latitude: float, longitude: float) -> float:
    north = (latitude - point[0]) * 111_320
    east = (longitude - point[1]) * 111_320 * math.cos(math.radians(point[0]))
    return math.hypot(north, east)


def test_the_2020_survey_asks_every_bank_question_and_is_closed_with_1200_responses(demo):
    survey_2020 = survey(2020)

    assert survey_2020.status == Survey.Status.CLOSED
    assert list(survey_2020.questions.values_list("key", flat=True)) == [
        question.key for question in QUESTION_BANK
    ]
    assert survey_2020.responses.count() == 1200
    assert survey_2020.opens_on.year == survey_2020.closes_on.year == 2020
    assert all(
        survey_2020.opens_on <= day <= survey_2020.closes_on
        for day in survey_2020.responses.values_list("submitted_on", flat=True)
    )


def test_after_weighting_92_percent_of_2020_feel_always_or_mostly_safe(demo):
    assert weighted_share(feel_safe(2020)) == pytest.approx(0.92, abs=0.02)


def test_after_weighting_60_percent_of_2020_mark_an_unsafe_place(demo):
    assert weighted_share(with_place(2020)) == pytest.approx(0.60, abs=0.03)


def test_the_sample_is_unrepresentative_so_weighting_moves_the_figures(demo):
    rows = {(row.margin, row.label): row for row in representativeness(survey(2020))}
    women = rows[("gender", "Kvinna")]
    middle_aged = rows[("age_group", "45–64 år")]
    young = rows[("age_group", "16–24 år")]
    unweighted_places = with_place(2020).count() / 1200

    assert women.respondent_share > women.population_share + 0.1
    assert middle_aged.respondent_share > middle_aged.population_share + 0.1
    assert young.respondent_share < young.population_share / 2
    assert abs(unweighted_places - weighted_share(with_place(2020))) > 0.02


def test_the_weights_reproduce_the_population_margins(demo):
    for row in representativeness(survey(2020)):
        if row.population_share is not None:
            assert row.weighted_share == pytest.approx(row.population_share, abs=1e-6), row
    assert weighting_status(survey(2020)).current


def test_the_weights_sum_to_the_population_aged_16_and_over(demo):
    total = PopulationCount.objects.filter(year=2020).aggregate(n=Sum("count"))["n"]
    weights = ResponseWeight.objects.filter(response__survey=survey(2020))

    assert weights.aggregate(w=Sum("weight"))["w"] == pytest.approx(total)
    assert 63_000 <= total <= 67_000


def test_the_population_is_split_by_district_roughly_by_locality_size(demo):
    by_area = dict(
        PopulationCount.objects.filter(year=2020)
        .values_list("area__name")
        .annotate(n=Sum("count"))
        .order_by()
    )

    ranked = sorted(by_area, key=by_area.get, reverse=True)
    assert ranked[:2] == ["Kungsbacka stad", "Onsala"]
    assert ranked[-1] == "Gottskär"
    assert set(PopulationCount.objects.values_list("year", flat=True)) == {2020, 2022}


def test_the_population_ships_as_an_scb_export_in_windows_1252(demo):
    content = POPULATION_FILE.read_bytes()

    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")
    assert '"region";"ålder";"kön";"2020";"2022"' in content.decode("cp1252")


def test_the_2022_follow_up_is_a_copy_with_1000_responses_and_better_figures(demo):
    follow_up = survey(2022)

    assert follow_up.copied_from == survey(2020)
    assert follow_up.status == Survey.Status.CLOSED
    assert follow_up.responses.count() == 1000
    assert Weighting.objects.get(survey=follow_up).population_year == 2022
    assert weighted_share(feel_safe(2022)) > weighted_share(feel_safe(2020))
    assert weighted_share(with_place(2022)) < weighted_share(with_place(2020))


def test_place_marks_lie_inside_the_border_with_their_cell_and_area(demo):
    border = shape(kungsbacka_feature()["geometry"])
    marks = list(PlaceMark.objects.values_list("latitude", "longitude", "h3_cell", "area_id"))

    assert len(marks) > 1000
    for latitude, longitude, _cell, area_id in marks:
        assert border.contains(Point(longitude, latitude))
        assert area_id is not None
    latitudes, longitudes, cells, _areas = zip(*marks, strict=True)
    assert list(cells_for_points(latitudes, longitudes, 9)) == list(cells)


def test_place_marks_cluster_at_the_travel_centre_the_tunnels_and_badhusparken(demo):
    marks = list(
        PlaceMark.objects.filter(response__survey=survey(2020)).values_list(
            "latitude", "longitude", "reasons", "times"
        )
    )

    near = Counter()
    for latitude, longitude, _reasons, _times in marks:
        for name, point in (
            ("travel centre", TRAVEL_CENTRE),
            ("Badhusparken", BADHUSPARKEN),
            ("station tunnel", STATION_TUNNEL),
        ):
            if metres(point, latitude, longitude) < 150:
                near[name] += 1
    assert near["travel centre"] > 0.2 * len(marks)
    assert near["Badhusparken"] > 0.15 * len(marks)
    assert near["station tunnel"] > 0.05 * len(marks)
    in_the_dark = [
        times for _lat, _lng, _reasons, times in marks if {"evening", "night"} & set(times)
    ]
    assert len(in_the_dark) > 0.8 * len(marks)
    reasons = Counter(reason for _lat, _lng, found, _times in marks for reason in found)
    assert {"dark", "gathering", "drugs", "isolated"} <= set(reasons)


def test_free_text_is_stored_scrubbed_of_personal_data(demo):
    texts = list(
        Answer.objects.filter(question__key="suggestions").values_list("text", flat=True)
    ) + list(PlaceMark.objects.exclude(description="").values_list("description", flat=True))

    assert len(texts) > 300
    for text in texts:
        assert not scrub(text).found, text
    stored = " ".join(texts)
    for placeholder in ("[telefonnummer]", "[e-post]", "[registreringsnummer]", "[namn]"):
        assert placeholder in stored
    assert "anna.persson@example.se" not in stored and "070-123 45 67" not in stored


def _as_sent(response: Response) -> dict:
    """A stored response's answers, as a form would send them."""
    sent: dict = {}
    for answer in response.answers.select_related("question", "option"):
        question = answer.question
        if question.kind == "multiple":
            sent.setdefault(question.key, []).append(answer.option.value)
        else:
            sent[question.key] = (
                (answer.option and answer.option.value)
                or answer.area_id
                or (answer.number if answer.number is not None else answer.text)
            )
    sent["unsafe_places"] = [
        {
            "latitude": m.latitude,
            "longitude": m.longitude,
            "reasons": m.reasons,
            "times": m.times,
            "description": m.description,
        }
        for m in response.place_marks.all()
    ]
    return sent


def _rows(response: Response) -> tuple:
    return (
        (response.area_id, response.age_group, response.gender),
        sorted(
            response.answers.values_list("question__key", "option__value", "area", "number", "text")
        ),
        sorted(
            response.place_marks.values_list("h3_cell", "area", "reasons", "times", "description")
        ),
    )


def test_the_demo_responses_are_what_a_web_submission_of_their_answers_stores(demo):
    """Free text scrubbed, places' cells and areas located: the submission's own preparation."""
    demo_responses = Response.objects.filter(survey=survey(2022)).exclude(place_marks=None)
    with_text = demo_responses.filter(answers__question__key="suggestions")
    sample = list(with_text.distinct().order_by("pk")[:25])
    assert len(sample) == 25
    with transaction.atomic():
        for response in sample:
            again = submit_response(
                response.survey, _as_sent(response), channel="paper", submission_key=uuid.uuid4()
            )
            assert _rows(again) == _rows(response)
        transaction.set_rollback(True)


def test_every_response_by_invitation_spent_a_code_of_its_own(demo):
    for year in (2020, 2022):
        invited = survey(year).responses.filter(channel="invitation").count()
        assert invited > 100
        assert Invitation.objects.filter(survey=survey(year), spent=True).count() == invited


def test_loading_again_changes_nothing(demo):
    _result, path = demo

    def state():
        return (
            sorted(Response.objects.values_list("pk", "submission_key")),
            Answer.objects.count(),
            PlaceMark.objects.count(),
            sorted(PopulationCount.objects.values_list("pk", "count")),
            sorted(ResponseWeight.objects.values_list("response_id", "weight")),
        )

    before = state()
    load_kungsbacka_demo(municipalities_path=path, incidents=False)

    assert state() == before


def test_loading_again_restores_a_survey_that_was_changed(demo):
    _result, path = demo
    survey(2022).responses.filter(pk__in=survey(2022).responses.values("pk")[:10]).delete()

    load_kungsbacka_demo(municipalities_path=path, incidents=False)

    assert survey(2022).responses.count() == WAVES[1].respondents
    assert survey(2022).copied_from == survey(2020)
    assert weighted_share(feel_safe(2022)) == pytest.approx(0.93, abs=0.02)
    assert weighting_status(survey(2022)).current


def test_after_loading_the_planner_knows_how_many_answers_there_are(demo):
    """Statistics of the loaded tables, so that the results' joins are planned for their size."""
    from tests.core.test_planner import planner_rows

    for model in (Response, Answer, PlaceMark, ResponseWeight):
        assert planner_rows(model) == pytest.approx(model.objects.count(), rel=0.2), model


# --- the open survey ---------------------------------------------------------------------


def open_survey() -> Survey:
    return Survey.objects.get(title=SURVEY_TITLE, year=OPEN_SURVEY_YEAR)


def test_the_2026_survey_is_open_by_the_open_link_until_a_few_weeks_from_today(demo):
    survey = open_survey()
    today = timezone.localdate()

    assert survey.status == Survey.Status.OPEN and survey.open_link
    assert not survey.last_day_passed()
    assert survey.closes_on == today + OPEN_FOR
    assert survey.opens_on == today - OPEN_SINCE
    assert survey.copied_from.year == 2022
    assert list(open_surveys(survey.municipality)) == [survey]


def test_the_open_survey_has_responses_so_far_and_unspent_letter_codes(demo):
    survey = open_survey()
    today = timezone.localdate()
    days = survey.responses.values_list("submitted_on", flat=True)

    assert survey.responses.count() == OPEN_SURVEY_RESPONDENTS
    assert all(survey.opens_on <= day <= today for day in days)
    assert survey.invitations.count() == 500
    invited = survey.responses.filter(channel="invitation").count()
    assert invited > 30
    assert survey.invitations.filter(spent=True).count() == invited
    codes = unspent_demo_codes(survey)
    assert len(codes) == 3
    spent = set(survey.invitations.filter(spent=True).values_list("code_hash", flat=True))
    assert not {hash_code(code) for code in codes} & spent


def test_the_open_survey_has_no_published_results(demo, client):
    survey = open_survey()
    results = reverse("insight_public:results", args=["kungsbacka", survey.pk])
    assert client.get(results).status_code == 404
    assert survey not in published_surveys(survey.municipality)


def test_the_2020_and_2022_surveys_stay_closed_and_published(demo, client):
    municipality = survey(2020).municipality
    assert list(published_surveys(municipality)) == [survey(2022), survey(2020)]
    for year in (2020, 2022):
        results = reverse("insight_public:results", args=["kungsbacka", survey(year).pk])
        assert client.get(results).status_code == 200


def test_a_resident_answers_the_open_survey_by_the_open_link(demo, client):
    survey = open_survey()
    area = survey.municipality.areas.first()
    start = reverse("answer:start", args=["kungsbacka", survey.pk])
    assert client.get(start).status_code == 200
    required = {"area": str(area.pk), "age_group": "25-44", "feel_safe": "mostly"}
    number, response = 1, None
    while True:
        page = reverse("answer:page", args=["kungsbacka", survey.pk, number])
        response = client.post(page, required)
        assert response.status_code == 302, response.content.decode()[:2000]
        following = reverse("answer:page", args=["kungsbacka", survey.pk, number + 1])
        if response["Location"] != following:
            break
        number += 1

    assert response["Location"] == reverse("answer:thanks", args=["kungsbacka", survey.pk])
    assert survey.responses.count() == OPEN_SURVEY_RESPONDENTS + 1


def test_a_demo_letter_code_answers_the_open_survey(demo, client):
    survey = open_survey()
    [code, *_rest] = unspent_demo_codes(survey)
    response = client.post(reverse("answer:code", args=["kungsbacka", survey.pk]), {"code": code})
    assert response["Location"] == reverse("answer:page", args=["kungsbacka", survey.pk, 1])


def test_loading_again_moves_a_last_day_that_is_near_or_past(demo):
    _result, path = demo
    survey = open_survey()
    Survey.objects.filter(pk=survey.pk).update(closes_on=timezone.localdate())
    responses = survey.responses.count()

    load_kungsbacka_demo(municipalities_path=path, incidents=False)

    survey = open_survey()
    assert survey.closes_on == timezone.localdate() + OPEN_FOR
    assert survey.responses.count() == responses
