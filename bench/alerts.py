"""Farrington-flexible on many weekly series: Trygg's batched kernel beside R surveillance.

    .venv/bin/python bench/alerts.py [--series 200] [--last 10]
        [--preset default|noufaily] [--repeat 3] [--skip-r]

Needs Debian's ``r-cran-surveillance`` (``scripts/ensure-system-packages
r-surveillance``) unless ``--skip-r``.

One run:

1. Data: ``--series`` synthetic weekly count series, ISO weeks 2015-W01 to 2022-W20
   (386 weeks, two 53-week years), seasonal negative-binomial counts with means from
   0.5 to 60 a week, a few with a trend and a few with an outbreak in the last weeks.
   Written once to a CSV in a temporary folder.
2. Trygg: :func:`trygg.stats.surveillance.farrington_flexible` on all series, the
   last ``--last`` weeks of each (best of ``--repeat`` runs; building the series from
   the CSV rows is not timed, it is not in R's time either).
3. R: ``bench/farrington.R`` runs ``farringtonFlexible`` on one ``sts`` with a column
   per series and the same range, timed inside R (``proc.time``) around that call.

``--preset default`` is R's default control (b = 5, w = 3, one period, delta
threshold); ``noufaily`` is Noufaily et al. (2013)'s: ``noPeriods = 10,
pastWeeksNotIncluded = 26, thresholdMethod = "nbPlugin"``. Every upper bound is
compared with R's (1e-6 relative) and every alarm exactly; a difference fails the run
(exit status 1). Prints the times per series-week and the ratio.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import math
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from trygg.stats.surveillance import FarringtonControl, WeeklySeries, farrington_flexible

HERE = Path(__file__).resolve().parent
PRESETS = {
    "default": (FarringtonControl(), "list()"),
    "noufaily": (
        FarringtonControl(no_periods=10, past_weeks_not_included=26, threshold_method="nbPlugin"),
        'list(noPeriods = 10, pastWeeksNotIncluded = 26, thresholdMethod = "nbPlugin")',
    ),
}
START = (2015, 1)
WEEKS = 386


def make_series(count: int, seed: int = 2026) -> list[WeeklySeries]:
    rng = np.random.default_rng(seed)
    t = np.arange(WEEKS)
    series = []
    for i in range(count):
        level = np.exp(rng.uniform(np.log(0.5), np.log(60)))
        season = 1 + rng.uniform(0, 0.6) * np.sin(2 * np.pi * (t / 52.18 + rng.uniform()))
        trend = np.exp(rng.choice([0.0, 0.0, 0.0, 0.002, -0.002]) * t)
        mean = level * season * trend
        size = rng.uniform(2, 30)
        counts = rng.negative_binomial(size, size / (size + mean))
        if i % 10 == 0:
            counts[-rng.integers(1, 8) :] += rng.poisson(3 * level + 3)
        series.append(WeeklySeries(f"s{i}", START, counts.astype(np.int64)))
    return series


def write_csv(series: list[WeeklySeries], path: Path) -> None:
    calendar = [series[0].monday(k).isocalendar() for k in range(len(series[0].counts))]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["series", "year", "week", "count"])
        for one in series:
            for (year, week, _), count in zip(calendar, one.counts, strict=True):
                writer.writerow([one.name, year, week, int(count)])


def run_r(path: Path, out: Path, last: int, control: str) -> float:
    done = subprocess.run(
        ["Rscript", str(HERE / "farrington.R"), str(path), str(out), str(last), control],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(done.stdout.strip().splitlines()[-1])


def compare(results, out: Path, last: int) -> tuple[int, float]:
    """(differences, largest relative difference in an upper bound)."""
    r_rows: dict[str, list[tuple[float, str]]] = {}
    with out.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            bound = math.nan if row["upperbound"] == "NA" else float(row["upperbound"])
            r_rows.setdefault(row["series"], []).append((bound, row["alarm"]))
    differences, largest = 0, 0.0
    for result in results:
        for i, (bound, alarm) in enumerate(r_rows[result.series]):
            ours = result.upperbound[i]
            if math.isnan(bound) != math.isnan(ours):
                differences += 1
            elif not math.isnan(bound):
                relative = abs(ours - bound) / max(abs(bound), 1e-300)
                largest = max(largest, relative)
                differences += relative > 1e-6
            our_alarm = str(bool(result.alarm[i])).upper() if result.evaluated[i] else "NA"
            differences += our_alarm != alarm
    return differences, largest


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--series", type=int, default=200)
    parser.add_argument("--last", type=int, default=10)
    parser.add_argument("--preset", choices=sorted(PRESETS), default="default")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-r", action="store_true")
    args = parser.parse_args()
    control, r_control = PRESETS[args.preset]
    series = make_series(args.series)
    evaluations = args.series * args.last

    timings = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        results = farrington_flexible(series, control, last=args.last)
        timings.append(time.perf_counter() - started)
    ours = min(timings)
    print(f"{args.series} series × {args.last} weeks, preset {args.preset}, {dt.date.today()}")
    print(f"Trygg: {ours:.3f} s, {1000 * ours / evaluations:.3f} ms per series-week")
    if args.skip_r:
        return 0
    with tempfile.TemporaryDirectory() as folder:
        path, out = Path(folder) / "series.csv", Path(folder) / "r.csv"
        write_csv(series, path)
        theirs = run_r(path, out, args.last, r_control)
        differences, largest = compare(results, out, args.last)
    print(f"R surveillance: {theirs:.3f} s, {1000 * theirs / evaluations:.3f} ms per series-week")
    print(f"ratio: {theirs / ours:.1f}×")
    print(f"{differences} differences (largest relative difference in a bound {largest:.1e})")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
