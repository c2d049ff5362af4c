"""esda's Gi* results (tests/stats/fixtures/hotspots, made by make_fixtures.py)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

FIXTURES = Path(__file__).parent / "fixtures" / "hotspots"
CASES = sorted(path.stem for path in FIXTURES.glob("*.json"))
# Cases where esda gives a z-score for every cell (the others have a constant field).
DEFINED_CASES = ["grid_cold_spot", "grid_planted_hotspot", "grid_zeros", "h3_ring_poisson"]
DEFINED_CASES += ["isolated_cell", "signed_values", "single_nonzero"]
RELATIVE = 1e-6


@cache
def case(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def links(name: str) -> tuple[np.ndarray, np.ndarray]:
    pairs = np.array(case(name)["links"], dtype=np.int64).reshape(-1, 2)
    return pairs[:, 0], pairs[:, 1]


def esda(name: str, key: str) -> np.ndarray:
    return np.array([np.nan if x is None else x for x in case(name)[key]], dtype=float)


def largest_relative_difference(ours: np.ndarray, theirs: np.ndarray) -> float:
    """Relative to esda's value; a z-score of exactly 0 would be compared absolutely."""
    ours, theirs = np.asarray(ours, dtype=float), np.asarray(theirs, dtype=float)
    return float(np.max(np.abs(ours - theirs) / np.maximum(np.abs(theirs), 1e-300)))
