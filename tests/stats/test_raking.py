"""Raking design weights to population margins: equal to R's rake(), and its refusals."""

import csv
import json

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trygg.stats import RakingError, rake

from .reference import FIXTURES


def fixture():
    with (FIXTURES / "rake.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    targets = json.loads((FIXTURES / "rake_targets.json").read_text(encoding="utf-8"))
    r = json.loads((FIXTURES / "rake_weights.json").read_text(encoding="utf-8"))
    weights = np.array([float(row["dw"]) for row in rows])
    margins = {name: ([row[name] for row in rows], targets[name]) for name in targets}
    return weights, margins, r


def test_raked_weights_equal_r():
    weights, margins, r = fixture()

    result = rake(weights, margins, tol=1e-12)

    assert result.converged
    np.testing.assert_allclose(result.weights, r["weights"], rtol=1e-6)
    # R's default stopping rule (a change below 1 person) stops earlier, near the same point
    np.testing.assert_allclose(result.weights, r["weights_r_default_control"], rtol=1e-4)


def test_raking_meets_every_margin_and_keeps_the_design_weights():
    weights, margins, _ = fixture()
    before = weights.copy()

    result = rake(weights, margins)

    for labels, targets in margins.values():
        labels = np.array(labels)
        for category, target in targets.items():
            assert result.weights[labels == category].sum() == pytest.approx(target, rel=1e-8)
    assert result.max_margin_error <= 1e-8 * 50_000
    assert (weights == before).all()  # the design weights are not changed in place


def test_targets_that_describe_different_populations_are_refused():
    weights, margins, _ = fixture()
    labels, targets = margins["gender"]
    margins["gender"] = (labels, {**targets, "man": targets["man"] + 1000})

    with pytest.raises(RakingError) as caught:
        rake(weights, margins)

    assert caught.value.code == "totals_differ"
    assert "gender" in str(caught.value) and "51000" in str(caught.value)


def test_totals_differing_only_by_rounding_are_accepted():
    weights, margins, _ = fixture()
    labels, targets = margins["gender"]
    margins["gender"] = (labels, {**targets, "man": targets["man"] + 0.01})

    result = rake(weights, margins)

    assert result.converged
    assert result.weights.sum() == pytest.approx(50_000, rel=1e-10)


def test_a_target_category_without_respondents_is_refused_by_name():
    weights, margins, _ = fixture()
    labels, _ = margins["area"]
    margins["area"] = (
        labels,
        {"Centrum": 20000, "Åsa": 9000, "Onsala": 12000, "Kolla": 8000, "Fjärås": 1000},
    )

    with pytest.raises(RakingError) as caught:
        rake(weights, margins)

    assert caught.value.code == "empty_category"
    assert caught.value.params == {"margin": "area", "category": "Fjärås"}
    assert "Fjärås" in str(caught.value)


def test_a_category_with_a_target_of_zero_and_no_respondents_is_ignored():
    weights, margins, _ = fixture()
    labels, targets = margins["area"]
    margins["area"] = (labels, {**targets, "Fjärås": 0})

    assert rake(weights, margins).converged


def test_respondents_in_a_category_without_a_target_are_refused():
    weights, margins, _ = fixture()
    labels, targets = margins["age"]
    margins["age"] = (labels, {k: v for k, v in targets.items() if k != "65+"} | {"16-29": 23000})

    with pytest.raises(RakingError) as caught:
        rake(weights, margins)

    assert caught.value.code == "category_without_target"
    assert caught.value.params == {"margin": "age", "category": "65+"}


@pytest.mark.parametrize("target", [0, -5, float("nan"), "many"])
def test_impossible_targets_are_refused(target):
    weights = np.ones(4)
    margins = {"gender": (["k", "m", "k", "m"], {"k": 10, "m": target})}

    with pytest.raises(RakingError) as caught:
        rake(weights, margins)

    assert caught.value.code == "target_invalid"
    assert caught.value.params == {"margin": "gender", "category": "m"}


@pytest.mark.parametrize("bad", [0, -1, float("nan")])
def test_design_weights_must_be_positive(bad):
    with pytest.raises(RakingError) as caught:
        rake([1, bad, 1], {"g": (["a", "b", "a"], {"a": 2, "b": 1})})

    assert caught.value.code == "weights"


def test_raking_needs_a_margin_and_matching_lengths():
    with pytest.raises(RakingError, match="at least one margin"):
        rake([1, 2], {})
    with pytest.raises(RakingError) as caught:
        rake([1, 2], {"g": (["a"], {"a": 3})})
    assert caught.value.code == "length"


def test_margins_the_sample_cannot_meet_are_reported_as_not_converged():
    # Everyone in a is in x and everyone in b in y: the two margins cannot both hold.
    weights = np.ones(4)
    margins = {
        "first": (["a", "a", "b", "b"], {"a": 30, "b": 70}),
        "second": (["x", "x", "y", "y"], {"x": 60, "y": 40}),
    }

    result = rake(weights, margins, max_iter=25)

    assert not result.converged
    assert result.iterations == 25
    assert result.max_margin_error == pytest.approx(30)


def test_categories_match_their_targets_as_text():
    result = rake([1.0, 1.0, 2.0], {"age_group": ([1, 2, 2], {"1": 10, "2": 20})})

    assert result.weights.tolist() == pytest.approx([10, 20 / 3, 40 / 3])
    assert result.iterations == 1


@st.composite
def raking_problems(draw):
    """Margins that some positive weights meet: taken from randomly reweighted respondents."""
    n = draw(st.integers(6, 40))
    design = np.array(draw(st.lists(st.floats(0.5, 20), min_size=n, max_size=n)))
    truth = design * np.array(draw(st.lists(st.floats(0.3, 3), min_size=n, max_size=n)))
    margins = {}
    for name, categories in (("area", "abc"), ("age", "xyzw"), ("gender", "km")):
        labels = np.array(draw(st.lists(st.sampled_from(categories), min_size=n, max_size=n)))
        targets = {c: float(truth[labels == c].sum()) for c in np.unique(labels)}
        margins[name] = (labels, targets)
    return design, margins, float(truth.sum())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raking_problems(), st.floats(1e-3, 1e3))
def test_raking_hits_every_margin_and_ignores_the_scale_of_the_design_weights(problem, factor):
    design, margins, total = problem

    result = rake(design, margins, max_iter=5000, tol=1e-9)
    rescaled = rake(design * factor, margins, max_iter=5000, tol=1e-9)

    assert result.converged
    for labels, targets in margins.values():
        for category, target in targets.items():
            assert abs(result.weights[labels == category].sum() - target) <= 1e-9 * total
    np.testing.assert_allclose(rescaled.weights, result.weights, rtol=1e-6)
    assert (result.weights > 0).all()
