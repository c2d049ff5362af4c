"""Raking: calibrate design weights to population margins by iterative proportional fitting.

A pure NumPy kernel (no Django) doing what R's ``survey::rake`` does: in each
pass, post-stratify the weights to each margin in turn (multiply every weight
in category ``c`` of margin ``m`` by ``target_c / Σ_{i∈c} w_i``), and repeat
until all margins hold. The fixed point is R's; the stopping rule is stated in
population units (see :func:`rake`) where R compares successive joint tables.

Typical margins: area, age group and gender from SCB's population tables.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from trygg.stats.errors import StatsError

__all__ = ["RakingError", "RakingResult", "rake"]


class RakingError(StatsError):
    """The margins cannot be met; no weights were produced.

    ``code`` names the problem and ``params`` its details (margin, category …);
    ``str(error)`` is English. Codes: ``no_margins``, ``weights``, ``length``,
    ``target_invalid``, ``totals_differ``, ``empty_category``,
    ``category_without_target``.
    """


@dataclass(frozen=True)
class RakingResult:
    """Raked weights and how the iteration went.

    ``weights``: one calibrated weight per respondent (same order as the input);
    ``iterations``: passes over all margins; ``converged``: whether every
    margin holds within the tolerance; ``max_margin_error``: the largest
    ``|Σ weights − target|`` over all categories of all margins, in population
    units (people).
    """

    weights: NDArray[np.float64]
    iterations: int
    converged: bool
    max_margin_error: float


@dataclass(frozen=True)
class _Margin:
    name: str
    codes: NDArray[np.intp]
    targets: NDArray[np.float64]


def _prepare_margin(name: str, labels: ArrayLike, targets: Mapping[Any, float], n: int) -> _Margin:
    array = np.asarray(labels)
    if array.ndim != 1 or len(array) != n:
        raise RakingError(
            "length",
            f"Margin {name} has {array.size} categories for {n} respondents.",
            margin=name,
        )
    text = array.astype(str)
    uniques, codes = np.unique(text, return_inverse=True)
    wanted = {str(key): value for key, value in targets.items()}
    for key, value in wanted.items():
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = float("nan")
        if not np.isfinite(number) or number < 0:
            raise RakingError(
                "target_invalid",
                f"The target for {name} = {key} must be a non-negative number, not {value!r}.",
                margin=name,
                category=key,
            )
    target_of = np.empty(len(uniques))
    for k, category in enumerate(uniques):
        if category not in wanted:
            raise RakingError(
                "category_without_target",
                f"Respondents have {name} = {category}, which has no population target.",
                margin=name,
                category=str(category),
            )
        target_of[k] = float(wanted[category])
        if target_of[k] == 0:
            raise RakingError(
                "target_invalid",
                f"Respondents have {name} = {category}, whose population target is 0.",
                margin=name,
                category=str(category),
            )
    present = set(uniques.tolist())
    for key, value in wanted.items():
        if key not in present and float(value) > 0:
            raise RakingError(
                "empty_category",
                f"No respondent has {name} = {key}, so its target of {float(value):g} "
                "cannot be met (merge it with a neighbouring category).",
                margin=name,
                category=key,
            )
    return _Margin(name, codes.astype(np.intp, copy=False), target_of)


def rake(
    design_weights: ArrayLike,
    margins: Mapping[str, tuple[ArrayLike, Mapping[Any, float]]],
    *,
    max_iter: int = 100,
    tol: float = 1e-8,
    totals_tol: float = 1e-6,
) -> RakingResult:
    """Rake design weights to population margins (R: ``survey::rake``).

    In: ``design_weights`` (finite, > 0, one per respondent) and ``margins``:
    name → (category of each respondent, {category: population count}).
    Categories match their targets as text (``3`` and ``"3"`` are the same).

    Out: a :class:`RakingResult`. The iteration stops when, after a full pass,
    every category total is within ``tol × population total`` of its target
    (``converged=True``) or after ``max_iter`` passes (``converged=False``, the
    weights of the last pass are returned; the caller decides).

    Raises :class:`RakingError` when the margins are impossible: targets of
    different margins summing to different totals (relative difference above
    ``totals_tol``; smaller differences are taken for rounding and every margin
    is scaled to the first one's total), a category with a target but no respondents, a respondent
    in a category without a target (or with a target of 0), a negative or
    missing target, or weights that are not positive.
    """
    w0 = np.asarray(design_weights, dtype=np.float64)
    if w0.ndim != 1 or len(w0) == 0:
        raise RakingError("weights", "There are no design weights to rake.")
    bad = ~np.isfinite(w0) | (w0 <= 0)
    if bad.any():
        index = int(np.flatnonzero(bad)[0])
        raise RakingError(
            "weights",
            f"Design weights must be positive; the weight at position {index} is {w0[index]}.",
            index=index,
        )
    if not margins:
        raise RakingError("no_margins", "Raking needs at least one margin.")
    n = len(w0)
    prepared = [
        _prepare_margin(name, labels, targets, n) for name, (labels, targets) in margins.items()
    ]
    totals = {m.name: float(m.targets.sum()) for m in prepared}
    first = prepared[0]
    for margin in prepared[1:]:
        a, b = totals[first.name], totals[margin.name]
        if abs(a - b) > totals_tol * max(a, b):
            raise RakingError(
                "totals_differ",
                f"The targets of {first.name} add up to {a:g} but those of {margin.name} "
                f"to {b:g}; all margins must describe the same population.",
                margin=margin.name,
                other=first.name,
                total=b,
                other_total=a,
            )
    population = totals[first.name]
    # Differences within totals_tol are rounding in the tables: every margin is
    # scaled to the first one's total, so that all can hold at once.
    prepared = [
        _Margin(m.name, m.codes, m.targets * (population / totals[m.name])) for m in prepared
    ]
    if max_iter < 1:
        raise ValueError("max_iter must be at least 1.")

    w = w0.copy()
    error = np.inf
    iterations = 0
    for iterations in range(1, max_iter + 1):
        for margin in prepared:
            current = np.bincount(margin.codes, weights=w, minlength=len(margin.targets))
            w *= (margin.targets / current)[margin.codes]
        error = max(
            float(
                np.abs(np.bincount(m.codes, weights=w, minlength=len(m.targets)) - m.targets).max()
            )
            for m in prepared
        )
        if error <= tol * population:
            return RakingResult(w, iterations, True, error)
    return RakingResult(w, iterations, False, error)
