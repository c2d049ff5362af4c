"""Incidents per 10,000 residents, pooled over several places, and who is most alike.

Pure arithmetic on plain numbers and arrays, no Django: the selectors in
``trygg.situation.comparisons`` count and look up, this module divides.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

PER_RESIDENTS = 10_000


@dataclass(frozen=True)
class Rate:
    """``incidents`` among ``residents``; ``per_10000`` is None without residents."""

    incidents: int
    residents: int

    @property
    def per_10000(self) -> float | None:
        return PER_RESIDENTS * self.incidents / self.residents if self.residents else None


@dataclass(frozen=True)
class PooledRate:
    """Several places as one: their incidents over their residents, and their spread.

    ``rate.per_10000`` is the sum of the incidents over the sum of the residents (a
    big place weighs more than a small one, as in the county's and the country's
    rate); ``lowest`` and ``highest`` are the places' own rates.
    """

    rate: Rate
    places: int
    lowest: float | None
    highest: float | None


def pooled_rate(incidents: Sequence[int], residents: Sequence[int]) -> PooledRate:
    """Pool places given as parallel sequences of incidents and residents.

    Places without residents are left out of the pool and the range (they have no
    rate of their own).
    """
    if len(incidents) != len(residents):
        raise ValueError("incidents and residents must be as many")
    pairs = [(n, r) for n, r in zip(incidents, residents, strict=True) if r > 0]
    own = [PER_RESIDENTS * n / r for n, r in pairs]
    return PooledRate(
        rate=Rate(sum(n for n, _ in pairs), sum(r for _, r in pairs)),
        places=len(pairs),
        lowest=min(own) if own else None,
        highest=max(own) if own else None,
    )


def nearest_by_size_and_density(
    residents: Sequence[float], density: Sequence[float], target: int, k: int
) -> list[int]:
    """The ``k`` places most like place ``target`` in residents and density, nearest first.

    Both are compared on a log scale (a town of 10,000 is as far from one of 20,000 as
    one of 100,000 from one of 200,000) and each log is divided by its standard
    deviation over all places, so that neither measure outweighs the other. The
    distance is Euclidean in those two; ties go to the lower index. Places without
    residents or density are never chosen, and ``target`` itself is left out.
    """
    population = np.asarray(residents, dtype=float)
    per_km2 = np.asarray(density, dtype=float)
    usable = (population > 0) & (per_km2 > 0)
    if not usable[target]:
        return []
    logs = np.column_stack(
        [np.log(np.where(usable, population, 1.0)), np.log(np.where(usable, per_km2, 1.0))]
    )
    spread = logs[usable].std(axis=0)
    spread[spread == 0] = 1.0
    scaled = logs / spread
    distance = np.sqrt(((scaled - scaled[target]) ** 2).sum(axis=1))
    distance[~usable] = math.inf
    distance[target] = math.inf
    order = np.lexsort((np.arange(len(distance)), distance))
    return [int(index) for index in order[:k] if math.isfinite(distance[index])]
