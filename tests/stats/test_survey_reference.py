"""The estimator equals R's survey package on the committed reference fixtures.

R computed estimates.json with make_fixtures.R (svymean, svyby, svyciprop logit,
with and without fpc, domains that are not strata, two-column domains, levels
0.95 and 0.90, missing answers with na.rm = TRUE). R is not needed here.
"""

from dataclasses import asdict

import numpy as np
import pytest
from scipy import special, stats

from trygg.stats import CellSums, Domains, SurveyDesign, estimate_from_sums

from . import reference


def design_for(c) -> SurveyDesign:
    data = c["data"]
    return SurveyDesign(
        reference.numbers(data, c["weight"]),
        strata=reference.column(data, c["strata"]) if c["strata"] else None,
        fpc=reference.numbers(data, c["fpc"]) if c["fpc"] else None,
    )


def kernel_estimates(c):
    design = design_for(c)
    by = {name: reference.column(c["data"], name) for name in c["by"]} or None
    if c["equals"] is None:
        y = reference.numbers(c["data"], c["y"])
        return design.mean(y, by, level=c["level"], df=c["df"], na_rm=c["na_rm"])
    y = reference.indicator(c["data"], c["y"], c["equals"])
    return design.proportion(y, by, level=c["level"], na_rm=c["na_rm"])


@pytest.mark.parametrize("case", reference.cases(), ids=lambda c: c["name"])
def test_estimates_equal_r(case):
    ours = [asdict(estimate) for estimate in kernel_estimates(case)]

    reference.assert_matches_r(ours, case["results"])


def test_the_fixtures_cover_what_the_issue_asks_for():
    cases = reference.cases()
    assert any(c["by"] and c["by"] != [c["strata"]] for c in cases)  # domains that are not strata
    assert any(len(c["by"]) == 2 for c in cases)
    assert any(c["equals"] and c["by"] for c in cases)
    assert any(c["equals"] and not c["by"] for c in cases)
    assert {c["level"] for c in cases} == {0.95, 0.90}
    assert any(c["fpc"] for c in cases) and any(not c["fpc"] for c in cases)
    assert any(not c["strata"] for c in cases)
    assert any(c["na_rm"] for c in cases)
    assert {c["df"] for c in cases} == {"normal", "design"}


def test_a_domain_only_in_some_strata_gets_its_own_degrees_of_freedom():
    # Åsa has respondents in two of the four strata: R's degf of its design is n - 2.
    c = reference.case("prop_always_by_area_fpc")
    (asa,) = [r for r in c["results"] if r["domain"] == {"area": "Åsa"}]
    p, se = asa["estimate"], asa["se"]
    half = stats.t.ppf(0.975, asa["n"] - 2) * se / (p * (1 - p))
    assert asa["ci_low"] == pytest.approx(special.expit(special.logit(p) - half), rel=1e-6)


def test_a_domain_is_estimated_on_the_full_design_not_on_a_subset_of_rows():
    # Subsetting the rows first (what svyby does NOT do) gives another standard error.
    c = reference.case("mean_by_area_fpc")
    area = np.array(reference.column("survey_a", "area"))
    keep = area == "Kolla"
    y = reference.numbers("survey_a", "score")
    w = reference.numbers("survey_a", "w")
    strata = np.array(reference.column("survey_a", "stratum"))
    fpc = reference.numbers("survey_a", "N")
    (subset,) = SurveyDesign(w[keep], strata[keep], fpc[keep]).mean(y[keep])
    (r_kolla,) = [r for r in c["results"] if r["domain"] == {"area": "Kolla"}]
    assert subset.estimate == pytest.approx(r_kolla["estimate"], rel=1e-12)
    assert subset.se != pytest.approx(r_kolla["se"], rel=1e-3)


def cell_sums(design: SurveyDesign, y: np.ndarray, domains: Domains) -> CellSums:
    """What a GROUP BY stratum, domain query would return."""
    h, d = design.strata_codes, domains.codes
    shape = (design.n_strata, len(domains.labels))
    answered = ~np.isnan(y)

    def total(values):
        out = np.zeros(shape)
        np.add.at(out, (h[answered], d[answered]), values[answered])
        return out

    w = design.weights
    yy = np.where(answered, y, 0.0)
    everyone = np.zeros(shape)
    np.add.at(everyone, (h, d), 1.0)
    return CellSums(
        labels=domains.labels,
        stratum_n=design.stratum_sizes,
        population=design.population_sizes,
        count=total(np.ones_like(w)),
        sw=total(w),
        swy=total(w * yy),
        sw2=total(w * w),
        sw2y=total(w * w * yy),
        sw2y2=total(w * w * yy * yy),
        domain_n=everyone,
    )


@pytest.mark.parametrize("case", reference.cases(), ids=lambda c: c["name"])
def test_estimates_from_cell_sums_equal_r(case):
    design = design_for(case)
    by = {name: reference.column(case["data"], name) for name in case["by"]} or None
    domains = design.domains(by)
    if case["equals"] is None:
        y, kind = reference.numbers(case["data"], case["y"]), "mean"
    else:
        y, kind = reference.indicator(case["data"], case["y"], case["equals"]), "proportion"

    ours = estimate_from_sums(
        cell_sums(design, y, domains), kind=kind, level=case["level"], df=case["df"]
    )

    reference.assert_matches_r([asdict(e) for e in ours], case["results"])
