"""R's surveillance results (tests/stats/fixtures/surveillance, made by make_fixtures.R)."""

from __future__ import annotations

import csv
import json
import math
from collections import defaultdict
from functools import cache
from pathlib import Path
from typing import Any

from trygg.stats.surveillance import FarringtonControl, WeeklySeries, weekly_series

FIXTURES = Path(__file__).parent / "fixtures" / "surveillance"
SERIES_CSV = FIXTURES / "series.csv"
# The fixtures evaluate the last 80 weeks of each series (EVALUATED in the R script).
EVALUATED = 80
# R's control names → the kernel's FarringtonControl fields and the command's options.
FARRINGTON_FIELDS = {
    "b": ("b", "--b"),
    "w": ("w", "--w"),
    "noPeriods": ("no_periods", "--no-periods"),
    "pastWeeksNotIncluded": ("past_weeks_not_included", "--past-weeks-not-included"),
    "alpha": ("alpha", "--alpha"),
    "weightsThreshold": ("weights_threshold", "--weights-threshold"),
    "thresholdMethod": ("threshold_method", "--threshold-method"),
    "pThresholdTrend": ("p_threshold_trend", "--p-threshold-trend"),
    "limit54": ("limit54", "--limit54"),
}
EARS_FIELDS = {"alpha": "--alpha", "baseline": "--baseline", "minSigma": "--min-sigma"}


@cache
def cases() -> tuple[dict[str, Any], ...]:
    return tuple(json.loads((FIXTURES / "cases.json").read_text(encoding="utf-8")))


def case(name: str) -> dict[str, Any]:
    return next(c for c in cases() if c["name"] == name)


@cache
def series() -> tuple[WeeklySeries, ...]:
    rows: dict[str, list[dict[str, str]]] = defaultdict(list)
    with SERIES_CSV.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            rows[row["series"]].append(row)
    return tuple(
        weekly_series(
            name,
            [int(r["year"]) for r in group],
            [int(r["week"]) for r in group],
            [int(r["count"]) for r in group],
        )
        for name, group in rows.items()
    )


def _number(text: str) -> float | None:
    return None if text == "NA" else float(text)


@cache
def _results() -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    with (FIXTURES / "results.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            alarm = None if row["alarm"] == "NA" else row["alarm"] == "TRUE"
            expected = _number(row["expected"])
            # With no converged model R leaves expected at its initial 0 while the alarm
            # and bound are NA: that 0 is no estimate, so the engine gives none.
            if alarm is None and row["case"].startswith("ff_"):
                expected = None
            out[row["case"]].append(
                {
                    "series": row["series"],
                    "year": int(row["year"]),
                    "week": int(row["week"]),
                    "observed": int(row["observed"]),
                    "expected": expected,
                    "upperbound": _number(row["upperbound"]),
                    "alarm": alarm,
                }
            )
    return out


def results(name: str) -> list[dict[str, Any]]:
    return _results()[name]


def farrington_control(c: dict[str, Any]) -> FarringtonControl:
    fields = {}
    for name, value in c["control"].items():
        fields[FARRINGTON_FIELDS[name][0] if name != "trend" else "trend"] = (
            tuple(value) if name == "limit54" else value
        )
    return FarringtonControl(**fields)


def command_args(c: dict[str, Any]) -> list[str]:
    """The `trygg alerts` arguments for a case."""
    args = [str(SERIES_CSV), "--method", c["method"], "--evaluate-last", str(EVALUATED)]
    for name, value in c["control"].items():
        if name == "trend":
            args.append("--trend" if value else "--no-trend")
        elif c["method"] == "farrington-flexible":
            option = FARRINGTON_FIELDS[name][1]
            args += [option, ",".join(map(str, value)) if name == "limit54" else str(value)]
        else:
            args += [EARS_FIELDS[name], str(value)]
    return args


def assert_matches_r(printed: list[dict[str, Any]], expected: list[dict[str, Any]]) -> None:
    """Bounds and expected counts to 1e-6 relative, alarms and NA positions exactly."""
    assert len(printed) == len(expected)
    for got, want in zip(printed, expected, strict=True):
        where = f"{want['series']} {want['year']}-W{want['week']:02d}"
        for key in ("series", "year", "week", "observed", "alarm"):
            assert got[key] == want[key], (where, key, got[key], want[key])
        for key in ("expected", "upperbound"):
            if want[key] is None:
                assert got[key] is None, (where, key, got[key])
            else:
                assert got[key] is not None, (where, key, want[key])
                assert math.isclose(got[key], want[key], rel_tol=1e-6, abs_tol=1e-300), (
                    where,
                    key,
                    got[key],
                    want[key],
                )
