"""The weighting rule on plain arrays: design weights, raking, not stated, empty groups."""

from collections import defaultdict

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trygg.population.weighting import Margin, WeightingError, weigh

AGES = ("16-24", "25-44", "45-64", "65-84", "85-")
AREA_POPULATION = {"1": 6000.0, "2": 3000.0, "3": 1000.0}
AGE_POPULATION = {"16-24": 1200.0, "25-44": 3000.0, "45-64": 3300.0, "65-84": 2100.0, "85-": 400.0}
GENDER_POPULATION = {"woman": 5050.0, "man": 4950.0}


def margins(areas, ages, genders, *, area_population=AREA_POPULATION, age_population=None):
    return [
        Margin("area", areas, area_population),
        Margin("age_group", ages, age_population or AGE_POPULATION, order=AGES),
        Margin("gender", genders, GENDER_POPULATION),
    ]


def weighted_totals(labels, weights):
    totals = defaultdict(float)
    for label, weight in zip(labels, weights, strict=True):
        totals[label] += weight
    return dict(totals)


def sample(n=400, seed=1):
    """Respondents in every category, over-representing women 45–64 and area 3."""
    rng = np.random.default_rng(seed)
    areas = rng.choice(["1", "2", "3"], size=n, p=[0.4, 0.3, 0.3]).tolist()
    ages = rng.choice(AGES, size=n, p=[0.06, 0.2, 0.44, 0.25, 0.05]).tolist()
    genders = rng.choice(["woman", "man"], size=n, p=[0.62, 0.38]).tolist()
    return areas, ages, genders


def test_the_weights_reproduce_every_population_margin():
    areas, ages, genders = sample()

    result = weigh(margins(areas, ages, genders))

    for labels, population in (
        (areas, AREA_POPULATION),
        (ages, AGE_POPULATION),
        (genders, GENDER_POPULATION),
    ):
        totals = weighted_totals(labels, result.weights)
        assert totals == pytest.approx(population, rel=1e-6)


def test_the_weights_sum_to_the_population():
    areas, ages, genders = sample()

    result = weigh(margins(areas, ages, genders))

    assert result.weights.sum() == pytest.approx(10_000, rel=1e-9)
    assert result.population_total == 10_000


def test_the_design_weight_is_the_areas_population_over_its_respondents():
    areas = ["1", "1", "2", "3", "3", "3", None, None]

    result = weigh(margins(areas, ["25-44"] * 8, ["woman"] * 8)[:1])

    assert result.design_weights.tolist() == pytest.approx(
        [3000, 3000, 3000, 1000 / 3, 1000 / 3, 1000 / 3, 10_000 / 8, 10_000 / 8]
    )


def test_respondents_who_do_not_state_a_gender_keep_their_design_weighted_share():
    areas, ages, genders = sample()
    genders[:20] = ["other"] * 10 + ["no_answer"] * 5 + [""] * 5

    result = weigh(margins(areas, ages, genders))

    not_stated = np.array([g not in GENDER_POPULATION for g in genders])
    design_share = result.design_weights[not_stated].sum() / result.design_weights.sum()
    assert result.weights[not_stated].sum() / result.weights.sum() == pytest.approx(design_share)
    stated = weighted_totals(
        [g for g in genders if g in GENDER_POPULATION], result.weights[~not_stated]
    )
    assert stated["woman"] / (stated["woman"] + stated["man"]) == pytest.approx(0.505)
    # The other margins still hold in full.
    assert weighted_totals(areas, result.weights) == pytest.approx(AREA_POPULATION)


def test_respondents_without_an_area_keep_their_share_and_the_rest_match_the_areas():
    areas, ages, genders = sample()
    areas[:30] = [None] * 30

    result = weigh(margins(areas, ages, genders))

    totals = weighted_totals(areas, result.weights)
    share_without = totals.pop(None) / result.weights.sum()
    assert 0 < share_without < 0.2
    stated = sum(totals.values())
    assert {a: t / stated for a, t in totals.items()} == pytest.approx(
        {"1": 0.6, "2": 0.3, "3": 0.1}
    )
    assert result.weights.sum() == pytest.approx(10_000)


def test_a_margin_nobody_stated_is_left_out():
    areas, ages, _genders = sample()

    result = weigh(margins(areas, ages, [""] * len(areas)))

    assert result.skipped == ("gender",)
    assert weighted_totals(ages, result.weights) == pytest.approx(AGE_POPULATION)


def test_an_age_group_without_respondents_merges_into_the_next_younger():
    areas, ages, genders = sample()
    ages = ["65-84" if age == "85-" else age for age in ages]

    result = weigh(margins(areas, ages, genders))

    assert result.merged == {"age_group": {"85-": "65-84"}}
    assert weighted_totals(ages, result.weights)["65-84"] == pytest.approx(2500)


def test_the_youngest_group_without_respondents_merges_into_the_next_older():
    areas, ages, genders = sample()
    ages = ["25-44" if age == "16-24" else age for age in ages]

    result = weigh(margins(areas, ages, genders))

    assert result.merged == {"age_group": {"16-24": "25-44"}}
    assert weighted_totals(ages, result.weights)["25-44"] == pytest.approx(4200)


def test_an_area_with_population_but_no_respondent_is_an_error():
    areas, ages, genders = sample()
    areas = ["1" if area == "3" else area for area in areas]

    with pytest.raises(WeightingError) as error:
        weigh(margins(areas, ages, genders))

    assert error.value.code == "without_respondents"
    assert error.value.params == {"margin": "area", "categories": ["3"]}


def test_respondents_in_a_category_without_population_are_an_error():
    areas, ages, genders = sample()
    population = AREA_POPULATION | {"4": 0.0}
    areas[0] = "4"

    with pytest.raises(WeightingError) as error:
        weigh(margins(areas, ages, genders, area_population=population))

    assert error.value.code == "without_population"
    assert error.value.params == {"margin": "area", "categories": ["4"]}


def test_no_respondents_is_an_error():
    with pytest.raises(WeightingError) as error:
        weigh(margins([], [], []))

    assert error.value.code == "no_responses"


def test_weights_scale_with_the_population():
    areas, ages, genders = sample()
    double = [
        Margin(m.name, m.labels, {k: 2 * v for k, v in m.population.items()}, m.order)
        for m in margins(areas, ages, genders)
    ]

    assert weigh(double).weights == pytest.approx(2 * weigh(margins(areas, ages, genders)).weights)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["1", "2", "3", None]),
            st.sampled_from([*AGES, ""]),
            st.sampled_from(["woman", "man", "other", ""]),
        ),
        min_size=40,
        max_size=120,
    )
)
def test_whoever_answers_the_weights_sum_to_the_population(rows):
    areas, ages, genders = (list(column) for column in zip(*rows, strict=True))
    try:
        result = weigh(margins(areas, ages, genders))
    except WeightingError as error:
        # Some mixes cannot meet the margins at all (no man outside one area, say).
        assert error.code in {"without_respondents", "not_converged"}
        return
    assert result.weights.sum() == pytest.approx(10_000, rel=1e-6)
    assert (result.weights > 0).all()
