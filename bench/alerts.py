"""Farrington-flexible on many weekly series: Trygg's batched kernel beside R surveillance.

    .venv/bin/python bench/alerts.py [--series 200] [--last 10]
        [--preset default|noufaily|short] [--repeat 3] [--skip-r]
    .venv/bin/python bench/alerts.py --police-events [FILE] [--series N] [--last 10]
        [--min-events K]

Needs Debian's ``r-cran-surveillance`` (``scripts/ensure-system-packages
r-surveillance``) unless ``--skip-r``.

One run:

1. Data: ``--series`` synthetic weekly count series, ISO weeks 2015-W01 to 2022-W20
   (386 weeks, two 53-week years), seasonal negative-binomial counts with means from
   0.5 to 60 a week, a few with a trend and a few with an outbreak in the last weeks.
   Written once to a CSV in a temporary folder.

   Or, with ``--police-events``, the real series: every municipality × event type of
   the police's open events (the shipped file unless FILE is given), counted by the
   event's own week. Each event is read as ``trygg import-events`` reads it
   (``trygg.situation.police_events``: the occurred time from the title, the
   municipality from the place or the end of the title, types matched normalised);
   summaries, press-office notices and county-only events are left out. The weeks run
   from the first whole ISO week of the file to its last whole one, and every
   municipality gets a series for every type, zeros and all (290 × 89, about 26,000).
   The file covers September 2022 to April 2026, so the default preset here is
   ``short`` (b = 3 years back, w = 3): R's default five years do not exist, and
   three are what the last weeks have. ``--series N`` takes a sample spread evenly from
   the emptiest series to the busiest; ``--min-events K`` only series with at least K
   events (most series are sparse, and Farrington gives no bound below ``limit54``'s
   five cases in four weeks, so this is where the bounds are compared).
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
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
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
    # For series of three and a half years, as the police's open events are.
    "short": (FarringtonControl(b=3, w=3), "list(b = 3, w = 3)"),
}
SHIPPED_EVENTS = HERE.parent / "src" / "trygg" / "data" / "polisen-events-2022-09_2026-04.jsonl.gz"
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


def police_series(path: Path) -> list[WeeklySeries]:
    """Every municipality × event type of a police events file, as weekly series.

    Read with the importer's own parsing, without a database: the municipalities come
    from the shipped GeoJSON, with their kommunkod standing in for a database id.
    Needs Django set up (``setup_django``) for the parsing's messages.
    """
    from django.conf import settings

    from trygg.core.json_records import UnreadableRecord, json_records
    from trygg.situation.police_events import Places, Rejected, is_summary, read_event

    features = json.loads(
        (Path(settings.TRYGG_REFERENCE_DATA_DIR) / "swedish-municipalities.geojson").read_text(
            encoding="utf-8"
        )
    )["features"]
    municipalities = sorted(
        (int(f["properties"]["id"]), f["properties"]["kom_namn"], f["properties"]["lan_code"][:2])
        for f in features
    )
    places = Places(municipalities)
    counts: Counter[tuple[int, str, dt.date]] = Counter()
    types: set[str] = set()
    first = last = None
    with path.open("rb") as stream:
        for _number, record in json_records(stream):
            if isinstance(record, UnreadableRecord) or is_summary(record):
                continue
            try:
                event = read_event(record, places)
            except Rejected:
                continue
            day = event.occurred_at.date()
            first = day if first is None else min(first, day)
            last = day if last is None else max(last, day)
            types.add(event.type_key)
            if event.municipality_id is not None:
                monday = day - dt.timedelta(days=day.weekday())
                counts[(event.municipality_id, event.type_key, monday)] += 1
    if first is None or last is None:
        raise SystemExit(f"{path} holds no events")
    # Whole weeks only: the first and the last week of the file are partly collected.
    start = first + dt.timedelta(days=-first.weekday() % 7)
    end = last - dt.timedelta(days=(last.weekday() + 1) % 7) - dt.timedelta(days=6)
    mondays = [start + dt.timedelta(weeks=k) for k in range((end - start).days // 7 + 1)]
    iso_start = tuple(start.isocalendar()[:2])
    return [
        WeeklySeries(
            f"{code:04d} {kind}",
            iso_start,
            np.array([counts[(code, kind, monday)] for monday in mondays], dtype=np.int64),
        )
        for code, _name, _county in municipalities
        for kind in sorted(types)
    ]


def setup_django() -> None:
    """Django's settings and apps, with no database and no secret key: only parsing runs."""
    import django

    import trygg

    trygg.analysis_only = True
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trygg.settings")
    django.setup()


def sample(series: list[WeeklySeries], count: int | None) -> list[WeeklySeries]:
    """``count`` series spread evenly from the emptiest to the fullest (all when None).

    So a sample has empty, sparse and busy series in the shares the whole set has.
    """
    if count is None or count >= len(series):
        return series
    ordered = sorted(series, key=lambda one: (int(one.counts.sum()), one.name))
    picks = np.linspace(0, len(ordered) - 1, count).round().astype(int)
    return [ordered[i] for i in picks]


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


def compare(results, out: Path, last: int) -> tuple[int, float, int]:
    """(differences, largest relative difference in an upper bound, bounds compared)."""
    r_rows: dict[str, list[tuple[float, str]]] = {}
    with out.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            bound = math.nan if row["upperbound"] == "NA" else float(row["upperbound"])
            r_rows.setdefault(row["series"], []).append((bound, row["alarm"]))
    differences, largest, bounds = 0, 0.0, 0
    for result in results:
        for i, (bound, alarm) in enumerate(r_rows[result.series]):
            ours = result.upperbound[i]
            if math.isnan(bound) != math.isnan(ours):
                differences += 1
            elif not math.isnan(bound):
                relative = abs(ours - bound) / max(abs(bound), 1e-300)
                largest = max(largest, relative)
                differences += relative > 1e-6
                bounds += 1
            our_alarm = str(bool(result.alarm[i])).upper() if result.evaluated[i] else "NA"
            differences += our_alarm != alarm
    return differences, largest, bounds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--series", type=int, help="How many series (200 synthetic; police: all, or a sample)"
    )
    parser.add_argument("--last", type=int, default=10)
    parser.add_argument("--preset", choices=sorted(PRESETS))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-r", action="store_true")
    parser.add_argument(
        "--police-events",
        nargs="?",
        type=Path,
        const=SHIPPED_EVENTS,
        metavar="FILE",
        help="The real series of the police's open events (the shipped file by default)",
    )
    parser.add_argument(
        "--min-events",
        type=int,
        default=0,
        help="Police events: only the series with at least this many events in all",
    )
    args = parser.parse_args()
    if args.police_events:
        control, r_control = PRESETS[args.preset or "short"]
        started = time.perf_counter()
        setup_django()
        every = police_series(args.police_events)
        busy = [one for one in every if one.counts.sum() >= args.min_events]
        series = sample(busy, args.series)
        print(
            f"police events {args.police_events.name}: {len(every)} series "
            f"({sum(bool(one.counts.any()) for one in every)} with an event) read in "
            f"{time.perf_counter() - started:.1f} s; {len(series)} of the {len(busy)} with at "
            f"least {args.min_events} events taken"
        )
    else:
        control, r_control = PRESETS[args.preset or "default"]
        series = make_series(args.series or 200)
    evaluations = len(series) * args.last

    timings = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        results = farrington_flexible(series, control, last=args.last)
        timings.append(time.perf_counter() - started)
    ours = min(timings)
    first, weeks = series[0].start, len(series[0].counts)
    print(
        f"{len(series)} series of {weeks} weeks from {first[0]}-W{first[1]:02d} × the last "
        f"{args.last} evaluated, control {r_control}, {dt.date.today()}"
    )
    print(f"alarms: {sum(int(result.alarm.sum()) for result in results)}")
    print(f"Trygg: {ours:.3f} s, {1000 * ours / evaluations:.3f} ms per series-week")
    if args.skip_r:
        return 0
    with tempfile.TemporaryDirectory() as folder:
        path, out = Path(folder) / "series.csv", Path(folder) / "r.csv"
        write_csv(series, path)
        theirs = run_r(path, out, args.last, r_control)
        differences, largest, bounds = compare(results, out, args.last)
    print(f"R surveillance: {theirs:.3f} s, {1000 * theirs / evaluations:.3f} ms per series-week")
    print(f"ratio: {theirs / ours:.1f}×")
    print(
        f"{differences} differences in {evaluations} evaluations, {bounds} with an upper bound "
        f"(largest relative difference in a bound {largest:.1e})"
    )
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
