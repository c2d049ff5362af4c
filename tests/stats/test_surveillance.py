"""Farrington-flexible and EARS C1–C3 give what R's surveillance gives, for every fixture."""

import datetime as dt
import subprocess
import sys

import numpy as np
import pytest

from trygg.stats.management.commands.alerts import as_json
from trygg.stats.surveillance import (
    FarringtonControl,
    SurveillanceDataError,
    WeeklySeries,
    _reference_offsets,
    ears,
    farrington_flexible,
    weekly_series,
)

from . import surveillance_reference as reference


def kernel(case: dict) -> list[dict]:
    series = reference.series()
    if case["method"] == "farrington-flexible":
        control = reference.farrington_control(case)
        results = farrington_flexible(series, control, last=reference.EVALUATED)
    else:
        c = case["control"]
        results = ears(
            series,
            case["method"][-2:].upper(),
            alpha=c.get("alpha"),
            baseline=c.get("baseline", 7),
            min_sigma=c.get("minSigma", 0.0),
            last=reference.EVALUATED,
        )
    return [row for result in results for row in as_json(result)]


@pytest.mark.parametrize("case", reference.cases(), ids=lambda c: c["name"])
def test_the_kernel_gives_what_r_gives(case):
    reference.assert_matches_r(kernel(case), reference.results(case["name"]))


def test_the_fixtures_cover_alarms_limit54_and_missing_history():
    rows = [row for c in reference.cases() for row in reference.results(c["name"])]

    assert any(row["alarm"] for row in rows)
    assert any(row["alarm"] is False and row["upperbound"] is None for row in rows)
    assert any(row["alarm"] is None for row in rows)
    assert any(row["week"] == 53 and row["upperbound"] is not None for row in rows)


def test_the_fixtures_evaluate_weeks_whose_oldest_window_starts_before_the_series():
    # R's blocks() drops the one week of the oldest reference window that falls at its
    # index 0, so R evaluates that week; the fixtures check the kernel does the same.
    series = {one.name: one for one in reference.series()}
    found = []
    for c in reference.cases():
        if c["method"] != "farrington-flexible":
            continue
        control = reference.farrington_control(c)
        for row in reference.results(c["name"]):
            one = series[row["series"]]
            k = (dt.date.fromisocalendar(row["year"], row["week"], 1) - one.monday(0)).days // 7
            oldest = k - _reference_offsets(one.monday(k), control.b)[-1]
            if oldest - control.w == -1 and row["upperbound"] is not None:
                found.append((c["name"], row["series"]))

    assert {"ff_b3", "ff_noufaily", "ff_muan_b2_np4"} <= {name for name, _ in found}


def test_without_last_the_evaluation_is_rs_default_range():
    seasonal = next(s for s in reference.series() if s.name == "seasonal")

    (result,) = farrington_flexible([seasonal])

    # R: range = (52 b + w + 1):n, 1-based, with b = 5 and w = 3.
    first = seasonal.monday(52 * 5 + 3).isocalendar()
    assert (int(result.year[0]), int(result.week[0])) == (first[0], first[1])
    assert len(result.year) == len(seasonal.counts) - (52 * 5 + 3)
    assert result.evaluated.all()


@pytest.mark.parametrize("method", ["delta", "nbPlugin", "muan"])
def test_a_fit_on_a_single_week_gives_no_bound_whatever_the_threshold(method):
    # b = 1, w = 0 and no past weeks left out: one reference week, no residual degrees
    # of freedom, no dispersion (R stops for nbPlugin and muan, gives NA for delta).
    seasonal = next(s for s in reference.series() if s.name == "seasonal")
    control = FarringtonControl(b=1, w=0, past_weeks_not_included=0, threshold_method=method)

    (result,) = farrington_flexible([seasonal], control, last=20)

    assert np.isnan(result.upperbound).all() and np.isnan(result.expected).all()
    assert not result.alarm.any()


def test_importing_the_kernel_does_not_import_django():
    code = (
        "import sys\n"
        "import trygg.stats.surveillance\n"
        "loaded = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "assert not loaded, loaded\n"
    )

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)

    assert done.returncode == 0, done.stderr


def test_a_short_history_is_not_evaluated_without_last():
    short = next(s for s in reference.series() if s.name == "short")

    (result,) = farrington_flexible([short])

    assert len(result.year) == 0


def test_without_last_and_b_1_evaluation_starts_at_rs_default_week_55():
    seasonal = next(s for s in reference.series() if s.name == "seasonal")

    (result,) = farrington_flexible([seasonal], FarringtonControl(b=1, w=2))

    assert result.evaluated.all()
    # R's default range starts at week 52 b + w + 1 = 55 (1-based) of the series:
    # 2016-W02, since 2015 has 53 weeks.
    assert (int(result.year[0]), int(result.week[0])) == (2016, 2)


def test_missing_weeks_inside_a_series_are_zero():
    series = weekly_series("s", [2020, 2020, 2021], [52, 50, 1], [4, 2, 1])

    assert series.start == (2020, 50)
    assert series.counts.tolist() == [2, 0, 4, 0, 1]  # 2020 has a week 53


def test_a_negative_count_is_refused_with_its_row():
    with pytest.raises(SurveillanceDataError) as caught:
        weekly_series("s", [2024, 2024], [1, 2], [3, -1])

    assert caught.value.code == "negative_count"
    assert caught.value.params["index"] == 1


def test_a_fractional_count_is_refused():
    with pytest.raises(SurveillanceDataError) as caught:
        weekly_series("s", [2024, 2024], [1, 2], [3, 1.5])

    assert caught.value.code == "not_integer"


def test_a_week_given_twice_is_refused_naming_both_rows():
    with pytest.raises(SurveillanceDataError) as caught:
        weekly_series("s", [2024, 2024, 2024], [1, 2, 1], [3, 1, 2])

    assert caught.value.code == "duplicate_week"
    assert (caught.value.params["first"], caught.value.params["index"]) == (0, 2)


def test_week_53_of_a_52_week_year_is_refused():
    with pytest.raises(SurveillanceDataError) as caught:
        weekly_series("s", [2021], [53], [3])

    assert caught.value.code == "invalid_week"


@pytest.mark.parametrize(
    "options", [{"b": 0}, {"alpha": 1.5}, {"limit54": (5, 0)}, {"threshold_method": "exact"}]
)
def test_impossible_control_values_are_refused(options):
    with pytest.raises(SurveillanceDataError) as caught:
        FarringtonControl(**options)

    assert caught.value.code == "invalid_option"


def test_ears_refuses_a_baseline_below_three():
    with pytest.raises(SurveillanceDataError):
        ears([WeeklySeries("s", (2024, 1), np.arange(20))], baseline=2)


def test_many_series_at_once_give_what_each_gives_alone():
    series = reference.series()[:4]
    control = FarringtonControl(b=3, no_periods=10)

    together = farrington_flexible(series, control, last=10)
    alone = [farrington_flexible([one], control, last=10)[0] for one in series]

    for a, b in zip(together, alone, strict=True):
        np.testing.assert_array_equal(a.upperbound, b.upperbound)
        np.testing.assert_array_equal(a.alarm, b.alarm)
