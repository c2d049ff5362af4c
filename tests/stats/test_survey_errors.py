"""Data the estimator refuses, each with an error that says what is wrong."""

import math

import numpy as np
import pytest

from trygg.stats import SurveyDataError, SurveyDesign, survey_mean, survey_proportion

W = np.array([1.0, 2.0, 1.5, 3.0, 2.5, 1.0])
S = np.array(["a", "a", "a", "b", "b", "b"])
Y = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])


def refused(code, call, *args, **kwargs) -> SurveyDataError:
    with pytest.raises(SurveyDataError) as caught:
        call(*args, **kwargs)
    assert caught.value.code == code
    assert isinstance(caught.value, ValueError)
    return caught.value


@pytest.mark.parametrize("bad", [0.0, -1.0])
def test_a_weight_that_is_not_positive_is_refused_with_its_position(bad):
    weights = W.copy()
    weights[3] = bad

    error = refused("weight_not_positive", SurveyDesign, weights, S)

    assert error.params == {"index": 3, "value": bad}
    assert "position 3" in str(error)


@pytest.mark.parametrize("bad", [math.nan, math.inf])
def test_a_weight_that_is_not_finite_is_refused(bad):
    weights = W.copy()
    weights[2] = bad

    assert refused("non_finite", SurveyDesign, weights).params["index"] == 2


def test_text_where_a_number_belongs_is_refused_with_its_position():
    error = refused("non_numeric", survey_mean, ["1", "2", "lots", "4", "5", "6"], W)

    assert error.params["index"] == 2
    assert error.params["value"] == "lots"
    assert "'lots'" in str(error)


def test_a_missing_answer_is_refused_unless_asked_to_leave_it_out():
    y = Y.copy()
    y[1] = math.nan

    refused("non_finite", survey_mean, y, W, strata=S)
    (estimate,) = survey_mean(y, W, strata=S, na_rm=True)

    assert estimate.n == 5


def test_a_stratum_with_a_single_respondent_is_refused_as_r_does():
    strata = np.array(["a", "a", "a", "b", "b", "c"])

    error = refused("lonely_stratum", SurveyDesign, W, strata)

    assert error.params == {"stratum": "c"}
    assert "single respondent" in str(error)


def test_a_single_respondent_in_a_fully_counted_stratum_is_fine():
    # R: a stratum whose finite population correction is 0 adds no variance.
    strata = np.array(["a", "a", "a", "b", "b", "c"])
    fpc = np.array([100, 100, 100, 50, 50, 1.0])

    (estimate,) = survey_mean(Y, W, strata=strata, fpc=fpc)

    assert estimate.se > 0


def test_a_population_smaller_than_the_sample_is_refused():
    fpc = np.array([100, 100, 100, 2, 2, 2.0])

    error = refused("fpc_too_small", SurveyDesign, W, S, fpc)

    assert error.params == {"stratum": "b", "n": 3, "fpc": 2.0}
    assert "population size" in str(error)


def test_sampling_fractions_are_not_taken_for_population_sizes():
    refused("fpc_too_small", SurveyDesign, W, S, np.full(6, 0.05))


def test_a_population_size_varying_within_a_stratum_is_refused():
    fpc = np.array([100, 100, 101, 50, 50, 50.0])

    error = refused("fpc_varies", SurveyDesign, W, S, fpc)

    assert error.params == {"stratum": "a", "index": 2}


def test_a_population_size_that_is_not_positive_is_refused():
    refused("fpc_invalid", SurveyDesign, W, S, np.array([100, 100, 100, 0, 0, 0.0]))


def test_mismatched_lengths_are_refused():
    refused("length", SurveyDesign, W, S[:5])
    refused("length", survey_mean, Y[:5], W)
    refused("length", survey_mean, Y, W, by={"area": ["x"] * 5})


def test_no_respondents_is_refused():
    refused("empty", SurveyDesign, [])


@pytest.mark.parametrize("level", [0, 1, 1.5, -0.1])
def test_a_level_outside_0_1_is_refused(level):
    refused("level", survey_mean, Y, W, level=level)


def test_a_proportion_needs_a_0_1_indicator():
    error = refused("not_binary", survey_proportion, [0, 1, 2, 0, 1, 0], W)

    assert error.params == {"index": 2}


def test_an_unknown_interval_choice_is_refused():
    refused("df", SurveyDesign(W, S).mean, Y, df="student")


def test_a_domain_without_answers_is_left_out_as_svyby_does():
    y = Y.copy()
    y[[0, 3]] = math.nan
    area = np.array(["x", "y", "y", "x", "y", "y"])

    estimates = survey_mean(y, W, strata=S, by={"area": area}, na_rm=True)

    assert [e.domain for e in estimates] == [{"area": "y"}]


def test_a_domain_without_degrees_of_freedom_has_no_interval_as_in_r():
    # Two respondents in two strata: degf = 2 - 2 = 0; R's confint gives NaN.
    area = np.array(["x", "y", "y", "x", "y", "y"])
    y = np.array([0, 1, 0, 1, 1, 0.0])

    x, _ = survey_proportion(y, W, strata=S, by={"area": area})

    assert x.domain == {"area": "x"} and x.n == 2
    assert math.isnan(x.ci_low) and math.isnan(x.ci_high)
    assert 0 < x.estimate < 1


def test_a_proportion_of_0_or_1_has_the_interval_r_gives():
    area = np.array(["x", "x", "x", "y", "y", "y"])
    y = np.array([1, 1, 1, 0, 1, 0.0])

    all_yes, _ = survey_proportion(y, W, strata=S, by={"area": area})

    assert (all_yes.estimate, all_yes.se, all_yes.ci_low, all_yes.ci_high) == (1, 0, 1, 1)
