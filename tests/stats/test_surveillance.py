"""Farrington-flexible and EARS C1–C3 give what R's surveillance gives, for every fixture."""

import subprocess
import sys

import numpy as np
import pytest

from trygg.stats.management.commands.alerts import as_json
from trygg.stats.surveillance import (
    FarringtonControl,
    SurveillanceDataError,
    WeeklySeries,
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


def test_without_last_evaluation_starts_at_the_first_week_with_b_years_behind_it():
    seasonal = next(s for s in reference.series() if s.name == "seasonal")

    (result,) = farrington_flexible([seasonal], FarringtonControl(b=1, w=2))

    assert result.evaluated.all()
    # A year before Monday 11 January 2016 is Sunday 11 January 2015, whose nearest
    # Monday begins 2015-W03; with the w = 2 weeks before it that reaches 2015-W01.
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
