"""Properties every design-based estimate must have, checked with hypothesis."""

from dataclasses import asdict

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trygg.stats import SurveyDesign, estimate_from_sums

from .test_survey_reference import cell_sums

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def surveys(draw, binary: bool = False):
    """A stratified sample: 1–4 strata of ≥ 2 respondents, weights, y, a domain, maybe fpc."""
    sizes = draw(st.lists(st.integers(2, 12), min_size=1, max_size=4))
    n = sum(sizes)
    strata = np.repeat([f"s{k}" for k in range(len(sizes))], sizes)
    weights = np.array(draw(st.lists(st.floats(0.2, 50), min_size=n, max_size=n)))
    if binary:
        y = np.array(draw(st.lists(st.sampled_from([0.0, 1.0]), min_size=n, max_size=n)))
    else:
        y = np.array(draw(st.lists(st.floats(-100, 100), min_size=n, max_size=n)))
    domain = np.array(draw(st.lists(st.sampled_from("abc"), min_size=n, max_size=n)))
    fpc = None
    if draw(st.booleans()):
        extra = draw(st.lists(st.integers(0, 500), min_size=len(sizes), max_size=len(sizes)))
        fpc = np.repeat([s + e for s, e in zip(sizes, extra, strict=True)], sizes).astype(float)
    return {"weights": weights, "strata": strata, "y": y, "domain": domain, "fpc": fpc}


def close(a: float, b: float, scale: float) -> bool:
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b), scale)


@SETTINGS
@given(surveys(), st.floats(1e-3, 1e3))
def test_multiplying_all_weights_changes_nothing(survey, factor):
    before = SurveyDesign(survey["weights"], survey["strata"], survey["fpc"])
    after = SurveyDesign(survey["weights"] * factor, survey["strata"], survey["fpc"])
    by = {"domain": survey["domain"]}
    for a, b in zip(
        before.mean(survey["y"], by) + before.mean(survey["y"]),
        after.mean(survey["y"], by) + after.mean(survey["y"]),
        strict=True,
    ):
        assert a.domain == b.domain and a.n == b.n
        for field in ("estimate", "se", "ci_low", "ci_high"):
            assert close(getattr(a, field), getattr(b, field), 100), field


@SETTINGS
@given(surveys(binary=True), st.floats(1e-3, 1e3))
def test_multiplying_all_weights_changes_no_proportion(survey, factor):
    before = SurveyDesign(survey["weights"], survey["strata"], survey["fpc"])
    after = SurveyDesign(survey["weights"] * factor, survey["strata"], survey["fpc"])
    by = {"domain": survey["domain"]}
    for a, b in zip(
        before.proportion(survey["y"], by), after.proportion(survey["y"], by), strict=True
    ):
        for field in ("estimate", "se", "ci_low", "ci_high"):
            x, z = getattr(a, field), getattr(b, field)
            assert (np.isnan(x) and np.isnan(z)) or close(x, z, 1), field


@SETTINGS
@given(surveys(), st.floats(-1000, 1000))
def test_a_constant_has_no_sampling_error(survey, value):
    design = SurveyDesign(survey["weights"], survey["strata"], survey["fpc"])
    y = np.full(len(survey["weights"]), value)
    for estimate in design.mean(y, {"domain": survey["domain"]}) + design.mean(y):
        assert estimate.estimate == pytest.approx(value, rel=1e-12, abs=1e-12)
        assert estimate.se <= 1e-12 * max(1.0, abs(value))
        assert estimate.ci_low == pytest.approx(value, rel=1e-12, abs=1e-10)
        assert estimate.ci_high == pytest.approx(value, rel=1e-12, abs=1e-10)


@SETTINGS
@given(surveys())
def test_domain_means_of_a_partition_combine_to_the_overall_mean(survey):
    design = SurveyDesign(survey["weights"], survey["strata"], survey["fpc"])
    (overall,) = design.mean(survey["y"])
    parts = design.mean(survey["y"], {"domain": survey["domain"]})
    w = survey["weights"]
    share = {label: w[survey["domain"] == label].sum() / w.sum() for label in "abc"}

    combined = sum(share[part.domain["domain"]] * part.estimate for part in parts)

    assert combined == pytest.approx(overall.estimate, rel=1e-9, abs=1e-9)
    assert sum(part.n for part in parts) == overall.n


@SETTINGS
@given(surveys())
def test_the_order_of_the_rows_does_not_matter(survey):
    order = np.random.default_rng(0).permutation(len(survey["weights"]))
    fpc = survey["fpc"]
    a = SurveyDesign(survey["weights"], survey["strata"], fpc).mean(
        survey["y"], {"domain": survey["domain"]}
    )
    b = SurveyDesign(
        survey["weights"][order], survey["strata"][order], None if fpc is None else fpc[order]
    ).mean(survey["y"][order], {"domain": survey["domain"][order]})
    for x, z in zip(a, b, strict=True):
        assert x.domain == z.domain
        assert close(x.estimate, z.estimate, 100) and close(x.se, z.se, 100)


@SETTINGS
@given(surveys(binary=True))
def test_a_proportion_interval_lies_in_0_1_and_holds_the_estimate(survey):
    design = SurveyDesign(survey["weights"], survey["strata"], survey["fpc"])
    for p in design.proportion(survey["y"], {"domain": survey["domain"]}):
        if np.isnan(p.ci_low):  # R's interval too is undefined without degrees of freedom
            continue
        assert 0 <= p.ci_low <= p.estimate <= p.ci_high <= 1


@SETTINGS
@given(surveys())
def test_the_cell_sums_path_gives_the_row_path_result(survey):
    design = SurveyDesign(survey["weights"], survey["strata"], survey["fpc"])
    domains = design.domains({"domain": survey["domain"]})

    rows = design.mean(survey["y"], domains)
    sums = estimate_from_sums(cell_sums(design, survey["y"], domains))
    for a, b in zip(rows, sums, strict=True):
        assert asdict(a).keys() == asdict(b).keys()
        assert a.domain == b.domain and a.n == b.n
        assert close(a.estimate, b.estimate, 100)
        # the one-pass expansion loses about half the digits of a variance near 0
        assert abs(a.se - b.se) <= 1e-9 * a.se + 1e-7 * max(1.0, np.abs(survey["y"]).max())
