"""The survey-estimates benchmark on a small sample: it runs, and it measures the right thing.

R and samplics are skipped (the suite must not need them); what the benchmark compares
with them, Trygg's published figures, is checked here against the row-level estimator
on the same microdata instead.
"""

import numpy as np
import pytest

from bench.survey_estimates import (
    R_TOLERANCE,
    Figures,
    agreement,
    parse_args,
    question_key,
    run,
)
from trygg.stats import SurveyDesign

pytestmark = pytest.mark.django_db


def row_level_figures(report, questions) -> Figures:
    """Every option share of ``questions`` by ``SurveyDesign`` on the rows, as R would."""
    micro = report.micro
    design = SurveyDesign(micro.weight, strata=micro.area)
    groupings = {
        "overall": None,
        "area": micro.area,
        "age_group": micro.age,
        "gender": micro.gender,
    }
    figures: Figures = {}
    for j in questions:
        answers = micro.answers[:, j].astype(np.float64)
        answers[answers == 0] = np.nan  # not answered
        for option in range(1, micro.levels[j] + 1):
            indicator = np.where(np.isnan(answers), np.nan, answers == option)
            for grouping, positions in groupings.items():
                by = None if positions is None else {"d": positions + 1}
                for e in design.proportion(indicator, by, na_rm=True):
                    domain = 0 if positions is None else int(e.domain["d"])
                    figures[(question_key(j), grouping, domain, option)] = (e.estimate, e.se)
    return figures


def test_a_small_run_publishes_every_question_as_the_row_level_estimator_does():
    options = parse_args(["--responses", "2000", "--skip-r", "--skip-samplics"])
    report = run(options, log=lambda line: None)

    assert report.ok
    assert report.loaded.answers > 2000 * 30
    assert {key[0] for key in report.figures} == {question_key(j) for j in range(30)}
    # Every question has figures for everyone and for every area (≈200 respondents each).
    for j in range(30):
        assert (question_key(j), "overall", 0, 1) in report.figures
        assert {
            domain for (q, g, domain, _o) in report.figures if q == question_key(j) and g == "area"
        } == set(range(1, 11))

    # A five-option and a four-option question, every domain and option.
    expected = row_level_figures(report, questions=(0, 2))
    ours = {key: value for key, value in report.figures.items() if key[0] in {"q01", "q03"}}
    agreed = agreement(ours, expected)
    assert agreed.compared == len(ours) > 100
    assert agreed.within(R_TOLERANCE), agreed.worst
    # Small domains (other gender, no answer) are suppressed, not compared with a guess.
    assert len(expected) > len(ours)


def test_agreement_fails_on_a_difference_or_a_missing_figure():
    key = ("q01", "area", 3, 2)
    ours = {key: (0.25, 0.01)}

    assert agreement(ours, {key: (0.25 * (1 + 1e-9), 0.01)}).within(R_TOLERANCE)
    assert not agreement(ours, {key: (0.25, 0.01 * (1 + 1e-5))}).within(R_TOLERANCE)
    assert not agreement(ours, {}).within(R_TOLERANCE)
    # An option nobody in the domain chose: 0 and 0 on both sides.
    assert agreement({key: (0.0, 0.0)}, {key: (0.0, 0.0)}).within(R_TOLERANCE)
