"""The geometry of an alert's chart: weekly bars, the expected line, the threshold band.

Plain Python, no Django: the template only places what is computed here. Coordinates
are in a ``WIDTH`` × ``HEIGHT`` box that the SVG stretches to the page's width
(``preserveAspectRatio="none"``, lines with a non-scaling stroke), so the chart holds
no text: the axis labels are HTML beside it, readable at any width, and the same
figures stand in a table below it.
"""

import datetime as dt
import math
from dataclasses import dataclass

WIDTH = 1000.0
HEIGHT = 300.0
# Space above the highest value, so the band's top is never cut by the edge.
HEADROOM = 1.1


@dataclass(frozen=True)
class ChartWeek:
    monday: dt.date
    year: int
    week: int
    observed: int
    expected: float | None
    upperbound: float | None
    alarm: bool
    x: float
    bar_y: float
    bar_height: float


@dataclass(frozen=True)
class AlertChart:
    weeks: list[ChartWeek]
    bar_width: float
    # Polyline point lists ("x,y x,y ..."), one per run of evaluated weeks.
    expected_lines: list[str]
    upper_lines: list[str]
    # Polygons between the expected line and the upper bound, one per run.
    bands: list[str]
    # Gridlines: (value, y) at 0, half the scale and the top of the scale.
    ticks: list[tuple[int, float]]
    scale: int

    @property
    def alarm_weeks(self) -> list[ChartWeek]:
        return [week for week in self.weeks if week.alarm]


def nice_scale(largest: float) -> int:
    """A round even number at least ``largest`` × the headroom: 2, 4, 8, 12, 20, 60, …

    Even, so that the middle gridline is a whole number too.
    """
    target = max(2.0, largest * HEADROOM)
    magnitude = 10 ** math.floor(math.log10(target))
    for step in (1, 1.2, 1.6, 2, 3, 4, 5, 6, 8, 10):
        candidate = round(step * magnitude, 6)
        if candidate >= target and candidate == int(candidate) and int(candidate) % 2 == 0:
            return int(candidate)
    return int(20 * magnitude)


def alert_chart(
    start: dt.date,
    observed: list[int],
    expected: list[float | None],
    upperbound: list[float | None],
    alarm: list[bool],
) -> AlertChart:
    """The chart of a series from the Monday ``start``, one value per week."""
    count = len(observed)
    values = [*observed, *(v for v in expected if v is not None)]
    values += [v for v in upperbound if v is not None]
    scale = nice_scale(max(values, default=0))
    step = WIDTH / max(count, 1)

    def y(value: float) -> float:
        return round(HEIGHT - HEIGHT * value / scale, 2)

    weeks = []
    for i in range(count):
        monday = start + dt.timedelta(weeks=i)
        year, week, _day = monday.isocalendar()
        top = y(observed[i])
        weeks.append(
            ChartWeek(
                monday=monday,
                year=year,
                week=week,
                observed=observed[i],
                expected=expected[i],
                upperbound=upperbound[i],
                alarm=alarm[i],
                x=round(i * step + step * 0.1, 2),
                bar_y=top,
                bar_height=round(HEIGHT - top, 2),
            )
        )
    expected_lines, upper_lines, bands = [], [], []
    for run in _evaluated_runs(expected, upperbound):
        centre = [round((i + 0.5) * step, 2) for i in run]
        low = [f"{x},{y(expected[i])}" for x, i in zip(centre, run, strict=True)]
        high = [f"{x},{y(upperbound[i])}" for x, i in zip(centre, run, strict=True)]
        expected_lines.append(" ".join(low))
        upper_lines.append(" ".join(high))
        bands.append(" ".join(low + high[::-1]))
    ticks = [(value, y(value)) for value in (0, scale // 2, scale)]
    return AlertChart(
        weeks=weeks,
        bar_width=round(step * 0.8, 2),
        expected_lines=expected_lines,
        upper_lines=upper_lines,
        bands=bands,
        ticks=ticks,
        scale=scale,
    )


def _evaluated_runs(
    expected: list[float | None], upperbound: list[float | None]
) -> list[list[int]]:
    """Consecutive weeks with both an expected count and a bound."""
    runs: list[list[int]] = []
    current: list[int] = []
    for i, (low, high) in enumerate(zip(expected, upperbound, strict=True)):
        if low is not None and high is not None:
            current.append(i)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs
