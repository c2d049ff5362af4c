"""Representativeness before and after weighting, population margins, and stale weights."""

import pytest

from trygg.population.selectors import (
    population_margins,
    representativeness,
    weighting_status,
)
from trygg.population.services import import_population, weight_survey

from .conftest import POPULATION_2020, respond, scb_file, skewed_respondents

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def population(municipality, areas):
    import_population(municipality, 2020, scb_file())


def rows_of(survey, margin):
    return {row.label: row for row in representativeness(survey) if row.margin == margin}


def test_rows_compare_population_and_respondents_before_and_after_weighting(
    survey, areas, population
):
    respond(survey, skewed_respondents(areas))
    weight_survey(survey)

    rows = representativeness(survey)

    assert [row.margin for row in rows] == ["area"] * 3 + ["age_group"] * 5 + ["gender"] * 2
    women = rows_of(survey, "gender")["Woman"]
    assert women.population_share == pytest.approx(8760 / 17_370)
    assert women.respondent_share > 0.55
    assert women.weighted_share == pytest.approx(women.population_share)
    for row in rows:
        assert row.weighted_share == pytest.approx(row.population_share)


def test_the_unweighted_shares_count_respondents(survey, areas, population):
    respond(survey, [(areas["Norr"], "25-44", "man")] * 3 + [(areas["Söder"], "45-64", "woman")])

    norr = rows_of(survey, "area")["Norr"]

    assert (norr.respondents, norr.respondent_share) == (3, 0.75)
    assert norr.weighted_share is None


def test_respondents_who_did_not_state_a_gender_get_a_row_of_their_own(survey, areas, population):
    rows = skewed_respondents(areas)
    respond(survey, [*rows, (areas["Norr"], "25-44", "other"), (areas["Norr"], "25-44", "")])
    weight_survey(survey)

    gender = rows_of(survey, "gender")
    not_stated = gender["Not stated"]

    assert not_stated.population is None and not_stated.population_share is None
    assert (not_stated.respondents, not_stated.respondent_share) == (2, 2 / (len(rows) + 2))
    assert 0 < not_stated.weighted_share < 0.05
    assert gender["Woman"].weighted_share == pytest.approx(8760 / 17_370)


def test_without_population_counts_the_population_columns_are_empty(survey, areas):
    respond(survey, [(areas["Norr"], "25-44", "man")])

    row = rows_of(survey, "area")["Norr"]

    assert row.population is None and row.population_share is None
    assert row.respondent_share == 1


def test_population_margins_list_each_year_with_its_totals(municipality, areas):
    import_population(municipality, 2020, scb_file())
    import_population(municipality, 2022, scb_file(years=(2021, 2022)))

    years = population_margins(municipality)

    assert [year.year for year in years] == [2022, 2020]
    latest = years[0]
    assert latest.total == 17_370 + 30 * 10
    assert [row.label for row in latest.margins["area"]] == ["Centrum", "Norr", "Söder"]
    assert latest.margins["age_group"][0].label == "16–24 years"
    for rows in latest.margins.values():
        assert sum(row.count for row in rows) == latest.total
        assert sum(row.share for row in rows) == pytest.approx(1)


def test_weights_go_out_of_date_when_responses_or_counts_change(
    municipality, survey, areas, population
):
    respond(survey, skewed_respondents(areas))
    assert weighting_status(survey).weighting is None

    weight_survey(survey)
    assert weighting_status(survey).current

    respond(survey, [(areas["Norr"], "25-44", "man")])
    assert not weighting_status(survey).current

    weight_survey(survey)
    import_population(municipality, 2020, scb_file(dict.fromkeys(POPULATION_2020, 1)))
    assert not weighting_status(survey).current
