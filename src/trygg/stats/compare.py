"""Is this year's figure different from last year's? A test for two independent surveys."""

import math
from dataclasses import dataclass

from scipy.stats import norm


@dataclass(frozen=True)
class Difference:
    """``after − before`` with its standard error, z statistic and two-sided p-value."""

    difference: float
    se: float
    z: float
    p_value: float

    def significant(self, level: float = 0.05) -> bool:
        return self.p_value < level


def difference(before: float, se_before: float, after: float, se_after: float) -> Difference:
    """The difference of two estimates from independent samples (two surveys).

    The variances add, ``se = √(se_before² + se_after²)``, and ``z = d / se`` is
    compared with the normal distribution, as for ``svycontrast`` on independent
    designs. With zero standard error the p-value is 0 for any difference, else 1.
    """
    delta = after - before
    se = math.hypot(se_before, se_after)
    if se == 0:
        return Difference(
            delta, 0.0, math.copysign(math.inf, delta) if delta else 0.0, 0.0 if delta else 1.0
        )
    z = delta / se
    return Difference(delta, se, z, float(2 * norm.sf(abs(z))))
