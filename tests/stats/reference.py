"""R's reference results (tests/stats/fixtures, made by make_fixtures.R) and how to read them."""

from __future__ import annotations

import csv
import json
import math
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

FIXTURES = Path(__file__).parent / "fixtures"
RELATIVE = 1e-6  # agreement with R asked for by the issue


@cache
def cases() -> tuple[dict[str, Any], ...]:
    """Every case R computed: its arguments (as the command's options) and R's results."""
    return tuple(json.loads((FIXTURES / "estimates.json").read_text(encoding="utf-8")))


def case(name: str) -> dict[str, Any]:
    return next(c for c in cases() if c["name"] == name)


@cache
def _rows(data: str) -> tuple[dict[str, str], ...]:
    with (FIXTURES / f"{data}.csv").open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


def column(data: str, name: str) -> list[str]:
    return [row[name] for row in _rows(data)]


def numbers(data: str, name: str) -> np.ndarray:
    """A numeric column; empty cells (R's NA) are NaN."""
    return np.array([float(v) if v != "" else math.nan for v in column(data, name)])


def indicator(data: str, name: str, equals: str) -> np.ndarray:
    """I(y == equals) as R evaluates it: numbers compare as numbers; NA stays NaN."""
    out = []
    for value in column(data, name):
        if value == "":
            out.append(math.nan)
            continue
        try:
            out.append(float(float(value) == float(equals)))
        except ValueError:
            out.append(float(value == equals))
    return np.array(out)


def command_args(c: dict[str, Any]) -> list[str]:
    """The `trygg estimate` arguments for a case (the file, relative to FIXTURES)."""
    args = [str(FIXTURES / f"{c['data']}.csv"), "--y", c["y"], "--weight", c["weight"]]
    if c["equals"] is not None:
        args += ["--equals", c["equals"]]
    if c["strata"]:
        args += ["--strata", c["strata"]]
    if c["fpc"]:
        args += ["--fpc", c["fpc"]]
    if c["by"]:
        args += ["--by", ",".join(c["by"])]
    if c["level"] != 0.95:
        args += ["--level", str(c["level"])]
    if c["na_rm"]:
        args += ["--na-rm"]
    return args


def key(domain: dict[str, str]) -> str:
    return json.dumps(domain, sort_keys=True, ensure_ascii=False)


def assert_matches_r(ours: list[dict[str, Any]], theirs: list[dict[str, Any]]) -> None:
    """Same domains, n equal, every number within RELATIVE of R's."""
    by_domain = {key(row["domain"]): row for row in ours}
    assert sorted(by_domain) == sorted(key(row["domain"]) for row in theirs)
    for expected in theirs:
        got = by_domain[key(expected["domain"])]
        assert got["n"] == expected["n"], expected["domain"]
        for field in ("estimate", "se", "ci_low", "ci_high"):
            assert math.isclose(got[field], expected[field], rel_tol=RELATIVE, abs_tol=1e-14), (
                expected["domain"],
                field,
                got[field],
                expected[field],
            )
