"""The weighting rule: design weights by area, then raking to population margins.

Pure Python and NumPy (no Django), so the rule can be read and tested on its own;
``services.weight_survey`` feeds it a survey's respondents and a year's population
counts. The rule, step by step:

1. **Design weight.** A respondent who gave an area ``a`` gets ``N_a / n_a``: the
   area's population divided by the number of respondents from it. A respondent who
   gave no area gets the municipality-wide ratio ``N / n``.
2. **Categories.** Each margin (area, age group, gender) has the categories of the
   population table. A respondent whose answer is not one of them — not answered, or
   a gender of "other" or "no answer", which SCB does not count — is *not stated* on
   that margin (and only on that one).
3. **Not stated keeps its share.** On each margin the not-stated respondents form a
   category of their own whose target is their share of the design-weighted total;
   the stated respondents share the rest of the population in the proportions of the
   population table. So among those who stated a category the weighted distribution
   equals the population's, the not-stated keep the share they had before raking,
   and the weights sum to the population ``N`` on every margin. A margin no respondent
   stated is left out of the raking.
4. **Empty categories.** A category with population but no respondent cannot be
   represented. An ordered margin (age groups) merges it into its neighbour — the
   next younger group, or the next older for the youngest — and reports the merge;
   on an unordered margin (area, gender) it is an error.
5. **Errors.** A stated category with respondents but no population, a population of
   nobody, or raking that does not converge raise :class:`WeightingError`.

The raking itself is :func:`trygg.stats.raking.rake` (iterative proportional fitting,
as R's ``survey::rake``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from trygg.stats.raking import RakingError, rake

__all__ = ["Calibration", "Margin", "WeightingError", "weigh"]

# The raking label of "not stated"; no population category is empty text.
_NOT_STATED = ""


class WeightingError(ValueError):
    """The respondents cannot be weighted to this population; nothing was produced.

    ``code`` names the problem and ``params`` its details. Codes: ``no_responses``,
    ``no_population``, ``without_population`` (``margin``, ``categories``: stated
    categories with respondents but no population), ``without_respondents``
    (``margin``, ``categories``: population nobody represents), ``not_converged``
    (``iterations``, ``max_margin_error``) and ``raking`` (``message``).
    """

    def __init__(self, code: str, message: str, **params: Any) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Margin:
    """One margin: each respondent's category and the population of every category.

    ``labels`` holds one category per respondent (``None`` or any text outside
    ``population`` for not stated). ``population`` maps every category of the margin to
    its population, zero included. ``order``, if given, lists the categories in their
    natural order (age groups), so that an empty one can merge into a neighbour.
    """

    name: str
    labels: Sequence[str | None]
    population: Mapping[str, float]
    order: Sequence[str] | None = None


@dataclass(frozen=True)
class Calibration:
    """Calibrated weights (in the respondents' order) and how they were reached.

    ``merged`` maps a margin's name to {empty category: the category it was merged
    into}; ``skipped`` names the margins no respondent stated; ``population_total``
    is what the weights sum to.
    """

    weights: NDArray[np.float64]
    design_weights: NDArray[np.float64]
    iterations: int
    max_margin_error: float
    population_total: float
    merged: dict[str, dict[str, str]] = field(default_factory=dict)
    skipped: tuple[str, ...] = ()


def weigh(margins: Sequence[Margin], *, max_iter: int = 200, tol: float = 1e-8) -> Calibration:
    """Weight respondents to the population margins by the rule in the module docstring.

    The first margin is the area: it gives the design weights. Every margin's
    population must describe the same people (they are scaled to the first margin's
    total, so small rounding differences between tables do not matter). Raises
    :class:`WeightingError`.
    """
    if not margins:
        raise WeightingError("no_population", "There is no margin to weight to.")
    n = len(margins[0].labels)
    if n == 0:
        raise WeightingError("no_responses", "There are no responses to weight.")
    if any(len(margin.labels) != n for margin in margins):
        raise ValueError("Every margin needs one label per respondent.")

    stated = [_stated_labels(margin) for margin in margins]
    for margin, labels in zip(margins, stated, strict=True):
        missing = sorted(
            {label for label in labels if label is not None and margin.population[label] <= 0}
        )
        if missing:
            raise WeightingError(
                "without_population",
                f"Respondents have {margin.name} = {', '.join(missing)}, which has no population.",
                margin=margin.name,
                categories=missing,
            )

    design = _design_weights(stated[0], margins[0].population)
    population_total = float(sum(margins[0].population.values()))

    raking_margins: dict[str, tuple[NDArray[np.str_], dict[str, float]]] = {}
    merged: dict[str, dict[str, str]] = {}
    skipped: list[str] = []
    for margin, labels in zip(margins, stated, strict=True):
        if all(label is None for label in labels):
            skipped.append(margin.name)
            continue
        groups, merges = _groups(margin, labels)
        if merges:
            merged[margin.name] = merges
        raking_margins[margin.name] = _raking_margin(
            margin, labels, groups, design, population_total
        )

    try:
        result = rake(design, raking_margins, max_iter=max_iter, tol=tol)
    except RakingError as error:
        raise WeightingError("raking", error.message, message=error.message) from error
    if not result.converged:
        raise WeightingError(
            "not_converged",
            f"Raking did not converge in {result.iterations} iterations "
            f"(largest margin error {result.max_margin_error:g}).",
            iterations=result.iterations,
            max_margin_error=result.max_margin_error,
        )
    return Calibration(
        weights=result.weights,
        design_weights=design,
        iterations=result.iterations,
        max_margin_error=result.max_margin_error,
        population_total=population_total,
        merged=merged,
        skipped=tuple(skipped),
    )


def _stated_labels(margin: Margin) -> list[str | None]:
    return [label if label in margin.population else None for label in margin.labels]


def _design_weights(areas: Sequence[str | None], population: Mapping[str, float]) -> NDArray:
    n = len(areas)
    respondents = Counter(area for area in areas if area is not None)
    municipality_ratio = sum(population.values()) / n
    if municipality_ratio <= 0:
        raise WeightingError("no_population", "The population counts add up to nobody.")
    return np.array(
        [
            municipality_ratio if area is None else population[area] / respondents[area]
            for area in areas
        ],
        dtype=np.float64,
    )


def _groups(margin: Margin, labels: Sequence[str | None]) -> tuple[list[list[str]], dict[str, str]]:
    """The margin's categories with population, empty ones merged (ordered) or refused."""
    present = {label for label in labels if label is not None}
    categories = list(margin.order) if margin.order is not None else sorted(margin.population)
    categories += sorted(set(margin.population) - set(categories))
    groups = [[category] for category in categories if margin.population[category] > 0]
    empty = [group[0] for group in groups if group[0] not in present]
    if empty and margin.order is None:
        raise WeightingError(
            "without_respondents",
            f"No respondent has {margin.name} = {', '.join(empty)}, so its population "
            "cannot be represented.",
            margin=margin.name,
            categories=empty,
        )
    while (index := _first_empty(groups, present)) is not None:
        # Merge into the next younger group; the youngest merges into the next older.
        if index > 0:
            groups[index - 1] = groups[index - 1] + groups[index]
        else:
            groups[1] = groups[0] + groups[1]
        del groups[index]
    # Every group now holds exactly one category with respondents: the one the empty
    # categories of the group were merged into.
    merges = {
        category: next(c for c in group if c in present)
        for group in groups
        for category in group
        if category not in present
    }
    return groups, merges


def _first_empty(groups: list[list[str]], present: set[str]) -> int | None:
    return next((i for i, group in enumerate(groups) if not present.intersection(group)), None)


def _raking_margin(
    margin: Margin,
    labels: Sequence[str | None],
    groups: list[list[str]],
    design: NDArray,
    population_total: float,
) -> tuple[NDArray[np.str_], dict[str, float]]:
    group_of = {category: str(i + 1) for i, group in enumerate(groups) for category in group}
    raking_labels = np.array(
        [_NOT_STATED if label is None else group_of[label] for label in labels], dtype=str
    )
    not_stated = raking_labels == _NOT_STATED
    share_not_stated = float(design[not_stated].sum() / design.sum())
    margin_total = sum(margin.population[c] for group in groups for c in group)
    scale = (1.0 - share_not_stated) * population_total / margin_total
    targets = {
        str(i + 1): scale * sum(margin.population[c] for c in group)
        for i, group in enumerate(groups)
    }
    if not_stated.any():
        targets[_NOT_STATED] = share_not_stated * population_total
    return raking_labels, targets
