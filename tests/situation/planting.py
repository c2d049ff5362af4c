"""Weekly series of incidents planted in the database, for the alert tests.

The counts are drawn here with NumPy and kept, so a test can run the engine on the
very counts it planted, independently of how the recompute counts them in SQL.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import numpy as np

from trygg.situation.models import Category, Incident, Source
from trygg.tenancy.models import Municipality

STOCKHOLM = ZoneInfo("Europe/Stockholm")
# The Monday of the last planted week: ISO week 12 of 2026.
LAST_MONDAY = dt.date(2026, 3, 16)
# A day after the data, as the recompute's "today".
TODAY = dt.date(2026, 3, 25)
# Three and a half years of weeks: Farrington can look three years back.
WEEKS = 186
CELL = 0x881F1D4A8BFFFFF


def baseline_counts(weeks: int = WEEKS, mean: float = 3.0, seed: int = 1384) -> np.ndarray:
    return np.random.default_rng(seed).poisson(mean, weeks).astype(np.int64)


def outbreak_counts(weeks: int = WEEKS, last: int = 15) -> np.ndarray:
    """A steady series whose last week has ``last`` incidents."""
    counts = baseline_counts(weeks)
    counts[-1] = last
    return counts


def first_monday(weeks: int, last_monday: dt.date = LAST_MONDAY) -> dt.date:
    return last_monday - dt.timedelta(weeks=weeks - 1)


def plant(
    source: Source,
    municipality: Municipality,
    category: Category,
    counts,
    *,
    last_monday: dt.date = LAST_MONDAY,
    cell: int | None = None,
) -> None:
    """``counts[i]`` incidents on the Wednesday of week ``i``, the last on ``last_monday``'s."""
    start = first_monday(len(counts), last_monday)
    taken = Incident.objects.count()
    rows = []
    for week, count in enumerate(counts):
        day = start + dt.timedelta(weeks=week, days=2)
        for n in range(int(count)):
            taken += 1
            rows.append(
                Incident(
                    source=source,
                    external_id=f"planted-{taken}",
                    municipality=municipality,
                    county_code=municipality.county_code,
                    occurred_at=dt.datetime.combine(day, dt.time(12, n % 60), STOCKHOLM),
                    type=category.key,
                    type_key=category.key,
                    category=category,
                    precision=Incident.Precision.POINT if cell else Incident.Precision.MUNICIPALITY,
                    latitude=57.49 if cell else None,
                    longitude=12.07 if cell else None,
                    h3_cell=cell,
                )
            )
    Incident.objects.bulk_create(rows, batch_size=1000)
