"""weight_survey: the stored weights meet the population margins, or nothing changes."""

import contextlib
from collections import defaultdict

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from trygg.core.errors import DomainError
from trygg.core.planner import refresh_statistics
from trygg.dialogue.models import Response
from trygg.dialogue.services import create_survey
from trygg.population import weighting
from trygg.population.models import PopulationCount, ResponseWeight, Weighting
from trygg.population.services import import_population, weight_survey
from trygg.stats.raking import RakingResult

from .conftest import AGES, POPULATION_2020, respond, scb_file, skewed_respondents

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def population(municipality, areas):
    import_population(municipality, 2020, scb_file())


@contextlib.contextmanager
def statement_timeout(seconds: int):
    """On PostgreSQL, any statement running longer than ``seconds`` fails the test."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL statement_timeout = '{seconds}s'")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = 0")


def weighted_by(survey, field: str) -> dict:
    totals = defaultdict(float)
    for key, weight in ResponseWeight.objects.filter(response__survey=survey).values_list(
        f"response__{field}", "weight"
    ):
        totals[key] += weight
    return dict(totals)


def population_by(position: int) -> dict:
    totals = defaultdict(float)
    for key, count in POPULATION_2020.items():
        totals[key[position]] += count
    return dict(totals)


def test_the_weighted_respondents_reproduce_the_population_margins(survey, areas, population):
    respond(survey, skewed_respondents(areas))

    result = weight_survey(survey)

    by_area = {name: weighted_by(survey, "area_id")[area.pk] for name, area in areas.items()}
    assert by_area == pytest.approx(population_by(0))
    assert weighted_by(survey, "age_group") == pytest.approx(population_by(1))
    assert weighted_by(survey, "gender") == pytest.approx(population_by(2))
    assert result.converged and result.population_year == 2020


def test_the_weights_sum_to_the_population(survey, areas, population):
    respond(survey, skewed_respondents(areas))

    result = weight_survey(survey)

    assert sum(weighted_by(survey, "survey_id").values()) == pytest.approx(17_370)
    assert result.population_total == 17_370


def test_every_unflagged_response_gets_one_weight_and_flagged_ones_none(survey, areas, population):
    responses = respond(survey, skewed_respondents(areas))
    flagged = respond(survey, [(areas["Norr"], "16-24", "man")] * 5, flagged=True)

    result = weight_survey(survey)

    assert result.responses == len(responses)
    assert ResponseWeight.objects.count() == len(responses)
    assert not ResponseWeight.objects.filter(response__in=flagged).exists()


def test_a_respondent_without_area_age_or_gender_is_weighted_too(survey, areas, population):
    rows = skewed_respondents(areas)
    respond(survey, [*rows, (None, "", ""), (None, "45-64", "other"), (areas["Söder"], "", "")])

    weight_survey(survey)

    assert ResponseWeight.objects.count() == len(rows) + 3
    assert sum(weighted_by(survey, "survey_id").values()) == pytest.approx(17_370)


def test_recomputing_replaces_the_weights(municipality, survey, areas, population):
    respond(survey, skewed_respondents(areas))
    weight_survey(survey)
    before = dict(ResponseWeight.objects.values_list("response_id", "weight"))
    doubled = {key: 2 * count for key, count in POPULATION_2020.items()}
    import_population(municipality, 2020, scb_file(doubled))

    weight_survey(survey)

    after = dict(ResponseWeight.objects.values_list("response_id", "weight"))
    assert after.keys() == before.keys()
    assert after == pytest.approx({pk: 2 * weight for pk, weight in before.items()})
    assert Weighting.objects.get(survey=survey).population_total == 2 * 17_370


def test_the_latest_population_up_to_the_surveys_year_is_used(municipality, survey, areas):
    import_population(municipality, 2018, scb_file(years=(2018,)))
    import_population(municipality, 2019, scb_file(years=(2019,)))
    import_population(municipality, 2022, scb_file(years=(2022,)))
    respond(survey, skewed_respondents(areas))

    assert weight_survey(survey).population_year == 2019
    assert weight_survey(survey, year=2018).population_year == 2018
    assert Weighting.objects.get(survey=survey).population_year == 2018


def test_an_empty_age_group_is_merged_and_reported(survey, areas, population):
    rows = [row for row in skewed_respondents(areas) if row[1] != "85-"]
    respond(survey, rows)

    result = weight_survey(survey)

    assert result.merged_age_groups == {"85-": "65-84"}
    assert Weighting.objects.get(survey=survey).merged_age_groups == {"85-": "65-84"}


def test_without_population_counts_the_survey_cannot_be_weighted(survey, areas):
    respond(survey, skewed_respondents(areas))

    with pytest.raises(DomainError, match="has no population counts for 2020 or earlier"):
        weight_survey(survey)
    assert not ResponseWeight.objects.exists()


def test_a_survey_without_responses_cannot_be_weighted(survey, population):
    with pytest.raises(DomainError, match="no responses"):
        weight_survey(survey)


def test_respondents_in_an_area_without_population_are_refused_and_old_weights_kept(
    municipality, survey, areas, population
):
    respond(survey, skewed_respondents(areas))
    weight_survey(survey)
    before = dict(ResponseWeight.objects.values_list("response_id", "weight"))
    PopulationCount.objects.filter(area=areas["Söder"]).delete()

    with pytest.raises(DomainError, match="Söder, but the population counts for 2020 have nobody"):
        weight_survey(survey)
    assert dict(ResponseWeight.objects.values_list("response_id", "weight")) == before


def test_an_area_with_population_but_no_respondents_is_refused(survey, areas, population):
    respond(survey, [row for row in skewed_respondents(areas) if row[0] != areas["Norr"]])

    with pytest.raises(DomainError, match="No respondent answered Norr"):
        weight_survey(survey)
    assert not ResponseWeight.objects.exists()


def test_raking_that_does_not_converge_is_refused(survey, areas, population, monkeypatch):
    respond(survey, skewed_respondents(areas))

    def stuck(design_weights, margins, **options):
        return RakingResult(design_weights, options["max_iter"], False, 12.5)

    monkeypatch.setattr(weighting, "rake", stuck)

    with pytest.raises(DomainError, match="did not settle after 200 rounds"):
        weight_survey(survey)
    assert not Weighting.objects.exists()


def test_the_population_age_groups_are_the_survey_questions_options(survey):
    assert (
        tuple(survey.questions.get(key="age_group").options.values_list("value", flat=True)) == AGES
    )


# --- replacing the weights: by the weight table's own key, whatever the planner believes ---


def test_a_response_flagged_since_the_last_weighting_loses_its_old_weight(
    survey, areas, population
):
    responses = respond(survey, skewed_respondents(areas))
    weight_survey(survey)
    suspicious = responses[:3]
    Response.objects.filter(pk__in=[r.pk for r in suspicious]).update(flagged=True)

    weight_survey(survey)

    assert not ResponseWeight.objects.filter(response__in=suspicious).exists()
    assert ResponseWeight.objects.count() == len(responses) - 3


def test_weighting_one_survey_leaves_another_surveys_weights_alone(
    municipality, survey, areas, population
):
    other = create_survey(
        municipality, year=2020, title="Andra", question_keys=["area", "age_group", "gender"]
    )
    respond(other, skewed_respondents(areas))
    weight_survey(other)
    theirs = dict(ResponseWeight.objects.values_list("response_id", "weight"))
    respond(survey, skewed_respondents(areas))

    weight_survey(survey)
    weight_survey(survey)

    kept = ResponseWeight.objects.filter(response__survey=other)
    assert dict(kept.values_list("response_id", "weight")) == theirs


def test_old_weights_are_deleted_by_their_response_key_never_through_a_join(
    survey, areas, population
):
    respond(survey, skewed_respondents(areas))
    weight_survey(survey)
    table = ResponseWeight._meta.db_table

    with CaptureQueriesContext(connection) as queries:
        weight_survey(survey)

    deletes = [q["sql"] for q in queries if q["sql"].startswith("DELETE") and table in q["sql"]]
    assert deletes
    for sql in deletes:
        assert "JOIN" not in sql.upper(), sql
        assert "response_id" in sql, sql


def test_reweighting_thousands_of_responses_is_quick_when_the_statistics_say_empty(
    survey, areas, population
):
    """The PostgreSQL suite's 5-minute DELETE: planner statistics of empty tables.

    ``ANALYZE`` while the tables are empty, then 2,100 responses: PostgreSQL believes
    each table holds one row and plans nested loops. A statement timeout turns the old
    join's minutes into a failure; the delete by key takes milliseconds.
    """
    refresh_statistics([Response, ResponseWeight])
    rows = skewed_respondents(areas)
    respond(survey, rows * (2100 // len(rows) + 1))
    weight_survey(survey)

    with statement_timeout(seconds=15):
        weight_survey(survey)

    assert ResponseWeight.objects.filter(response__survey=survey).count() > 2100
