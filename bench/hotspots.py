"""Gi* hotspots on every H3 cell of Kiruna: Trygg (SQL aggregation + kernel) beside PySAL esda.

    .venv/bin/python bench/hotspots.py [--points 1000000] [--cells N] [--repeat 3]
        [--esda-python /tmp/esda-venv/bin/python] [--skip-esda] [--keep]

Needs an interpreter with esda and libpysal for the peer (``python3 -m venv
/tmp/esda-venv && /tmp/esda-venv/bin/pip install esda libpysal``; ``make
bench-hotspots`` makes one) unless ``--skip-esda``.

One run:

1. Cells (not timed): every H3 resolution 9 cell that shares area with Kiruna's border
   (kommunkod 2584, the shipped ``swedish-municipalities.geojson``), as the hotspot
   layers will use (:func:`trygg.geo.cells.cells_covering`), and their ring-1 links
   (:func:`trygg.geo.cells.ring_links`). ``--cells N`` keeps the N cells nearest
   Kiruna's town centre, for a quick run.
2. Points (not timed): ``--points`` synthetic events, clustered: a cell is drawn with
   probability rising near 40 centres (the town, villages, random places, each a
   Gaussian bump of 0.5 to 8 km), the point placed near its centre and given its H3
   cell, as an import does. Stored in a plain table ``bench_hotspot_point (id, latitude,
   longitude, cell bigint)``, the cell indexed, of a throwaway database (PostgreSQL when
   ``TRYGG_DATABASE_URL`` names a server, as under ``scripts/with-postgres``; else a
   SQLite file), loaded with COPY, then ``VACUUM (FREEZE, ANALYZE)`` with the cell's
   statistics target that the incident store's migration sets (0009).
3. Trygg (timed, best of ``--repeat``): ``SELECT cell, COUNT(*) … GROUP BY cell`` in
   the database, the counts put on the cells (cells without a point count 0), then
   :func:`trygg.stats.hotspots.getis_ord_star` on the counts and the links (building
   the sparse weights included).
4. esda (``bench/hotspots_esda.py`` under ``--esda-python``): the same counts and
   links, the binary ``W`` built first and not timed, then ``G_Local(y, w,
   transform="B", star=True, permutations=0)`` timed around that call only; the same
   with libpysal's newer ``Graph`` in place of ``W``, which esda also takes and which is
   several times faster, printed beside it (the target is set against ``W``).

Every z-score is compared with esda's (both ways), to 1e-6 relative; a difference fails
the run (exit status 1). Prints the times, the ratio against the target of 20× and the
ratios of the kernels alone.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import h3.api.basic_int as h3_int
import numpy as np

import trygg
from trygg.geo.cells import cells_covering, cells_for_points, ring_links
from trygg.stats.hotspots import getis_ord_star

HERE = Path(__file__).resolve().parent
BORDERS = Path(trygg.__file__).parent / "data" / "swedish-municipalities.geojson"
KIRUNA = "2584"
TOWN_CENTRE = (67.8557, 20.2253)
RESOLUTION = 9
TABLE = "bench_hotspot_point"
TOLERANCE = 1e-6
# The speed target: esda's time over Trygg's, SQL aggregation included.
TARGET_RATIO = 20


def kiruna_cells(count: int | None) -> tuple[np.ndarray, np.ndarray]:
    """The cover's cells (sorted) and their centres (latitude, longitude)."""
    borders = json.loads(BORDERS.read_text(encoding="utf-8"))
    (border,) = (f["geometry"] for f in borders["features"] if f["properties"]["id"] == KIRUNA)
    cells = cells_covering(border, RESOLUTION)
    centres = np.array([h3_int.cell_to_latlng(cell) for cell in cells.tolist()])
    if count is not None and count < cells.size:
        nearest = np.argsort(_km(centres, np.array(TOWN_CENTRE)), kind="stable")[:count]
        keep = np.sort(nearest)
        cells, centres = cells[keep], centres[keep]
    return cells, centres


def _km(points: np.ndarray, centre: np.ndarray) -> np.ndarray:
    """Approximate distances in km from ``centre`` (fine at these scales)."""
    north = (points[:, 0] - centre[0]) * 111.2
    east = (points[:, 1] - centre[1]) * 111.2 * np.cos(np.radians(centre[0]))
    return np.hypot(north, east)


def synthetic_points(
    cells: np.ndarray, centres: np.ndarray, count: int, seed: int = 2584
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``count`` clustered points in the cells: latitudes, longitudes and their cells."""
    rng = np.random.default_rng(seed)
    bumps = np.vstack([TOWN_CENTRE, centres[rng.integers(0, len(centres), 39)]])
    weight = np.full(len(cells), 1.0)
    for k, bump in enumerate(bumps):
        spread = 3.0 if k == 0 else rng.uniform(0.5, 8.0)
        height = 400.0 if k == 0 else rng.lognormal(2.0, 1.0)
        weight += height * np.exp(-0.5 * (_km(centres, bump) / spread) ** 2)
    chosen = rng.choice(len(cells), size=count, p=weight / weight.sum())
    # Within about 100 m of the centre: inside the cell (its inner radius is ~150 m).
    latitudes = centres[chosen, 0] + rng.uniform(-6e-4, 6e-4, count)
    longitudes = centres[chosen, 1] + rng.uniform(-1.5e-3, 1.5e-3, count)
    point_cells = cells_for_points(latitudes, longitudes, RESOLUTION)
    return latitudes, longitudes, point_cells


def store_points(latitudes: np.ndarray, longitudes: np.ndarray, point_cells: np.ndarray) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE {TABLE} (id integer PRIMARY KEY, latitude double precision "
            "NOT NULL, longitude double precision NOT NULL, cell bigint NOT NULL)"
        )
        rows = zip(
            range(1, len(point_cells) + 1),
            latitudes.tolist(),
            longitudes.tolist(),
            point_cells.tolist(),
            strict=True,
        )
        if connection.vendor == "postgresql":
            names = "id, latitude, longitude, cell"
            with cursor.cursor.copy(f"COPY {TABLE} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO {TABLE} VALUES (%s, %s, %s, %s)", rows)
        # As the incident store keeps its H3 cells (situation migration 0009): in an
        # index, and on PostgreSQL with the statistics target that lets the planner
        # know how many cells there are, so that it counts in one sorted pass
        # through the index rather than in a hash table that spills to disk.
        cursor.execute(f"CREATE INDEX {TABLE}_cell ON {TABLE} (cell)")
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN cell SET STATISTICS 10000")
            # All-visible, as autovacuum leaves a table nobody writes to: the index
            # alone answers the count.
            cursor.execute(f"VACUUM (FREEZE, ANALYZE) {TABLE}")
        else:
            cursor.execute(f"ANALYZE {TABLE}")


def drop_points() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")


def counts_per_cell(cells: np.ndarray) -> np.ndarray:
    """The points of each cell, counted in the database; 0 where there is none."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cell, COUNT(*) FROM {TABLE} GROUP BY cell")
        rows = cursor.fetchall()
    found = np.fromiter(itertools.chain.from_iterable(rows), dtype=np.int64, count=2 * len(rows))
    found = found.reshape(-1, 2)
    position = np.searchsorted(cells, found[:, 0])
    if np.any(position >= cells.size) or np.any(
        cells[position.clip(max=cells.size - 1)] != found[:, 0]
    ):
        raise RuntimeError("a point lies in a cell outside the cover")
    values = np.zeros(cells.size)
    values[position] = found[:, 1]
    return values


def time_ours(cells: np.ndarray, links: tuple[np.ndarray, np.ndarray], repeat: int):
    timings, sql_timings = [], []
    for _ in range(repeat):
        started = time.perf_counter()
        values = counts_per_cell(cells)
        counted = time.perf_counter()
        result = getis_ord_star(values, links)
        done = time.perf_counter()
        timings.append(done - started)
        sql_timings.append(counted - started)
    best = int(np.argmin(timings))
    return values, result, timings[best], sql_timings[best]


@dataclass(frozen=True)
class EsdaRun:
    z: np.ndarray
    z_graph: np.ndarray
    seconds: float
    seconds_graph: float
    versions: str


def run_esda(
    python: str, values: np.ndarray, links: tuple[np.ndarray, np.ndarray], repeat: int, folder: Path
) -> EsdaRun:
    source, target = folder / "esda_in.npz", folder / "esda_out.npz"
    np.savez(source, values=values, sources=links[0], targets=links[1])
    done = subprocess.run(
        [python, str(HERE / "hotspots_esda.py"), str(source), str(target), str(repeat)],
        capture_output=True,
        text=True,
        check=True,
    )
    lines = done.stdout.strip().splitlines()
    out = np.load(target)
    return EsdaRun(out["z"], out["z_graph"], float(lines[-1]), float(lines[-2]), lines[-3])


def database_description() -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
    return f"SQLite {connection.Database.sqlite_version}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--cells", type=int, help="only the N cells nearest Kiruna's centre")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--esda-python", default="/tmp/esda-venv/bin/python")
    parser.add_argument("--skip-esda", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()

    # Production settings: debug mode would record every query. The key only has to exist.
    os.environ["TRYGG_DEBUG"] = "0"
    os.environ.setdefault("TRYGG_SECRET_KEY", secrets.token_urlsafe(32))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trygg.settings")
    sys.path.insert(0, str(HERE))
    from survey_estimates import throwaway_database

    folder = Path(tempfile.mkdtemp(prefix="trygg-bench-hotspots-"))
    try:
        started = time.perf_counter()
        cells, centres = kiruna_cells(args.cells)
        links = ring_links(cells)
        print(
            f"{cells.size:,} cells, {links[0].size:,} links "
            f"({time.perf_counter() - started:.1f} s, not timed)",
            flush=True,
        )
        started = time.perf_counter()
        latitudes, longitudes, point_cells = synthetic_points(cells, centres, args.points)
        with throwaway_database(folder, args.keep) as where:
            import django

            django.setup()
            store_points(latitudes, longitudes, point_cells)
            print(
                f"{args.points:,} points in {where} ({time.perf_counter() - started:.1f} s, "
                f"not timed); {database_description()}, {dt.date.today()}",
                flush=True,
            )
            values, ours, ours_time, sql_time = time_ours(cells, links, args.repeat)
        print(
            f"Trygg: {ours_time:.3f} s ({sql_time:.3f} s SQL GROUP BY, "
            f"{ours_time - sql_time:.3f} s Gi*); {int(ours.hot.sum()):,} hot and "
            f"{int(ours.cold.sum()):,} cold cells at FDR {ours.fdr}"
        )
        if args.skip_esda:
            return 0
        esda = run_esda(args.esda_python, values, links, args.repeat, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    differences = 0
    for label, z in (("W", esda.z), ("Graph", esda.z_graph)):
        relative = np.abs(ours.z - z) / np.maximum(np.abs(z), 1e-12)
        differing = int(np.count_nonzero(~(relative <= TOLERANCE)))
        differences += differing
        print(
            f"{differing} differences in z from esda with {label} "
            f"(largest relative difference {np.nanmax(relative):.1e})"
        )
    ratio = esda.seconds / ours_time
    verdict = "met" if ratio >= TARGET_RATIO else "NOT met"
    print(f"{esda.versions} G_Local with W: {esda.seconds:.3f} s")
    print(f"ratio: {ratio:.1f}× (target ≥ {TARGET_RATIO}×: {verdict})")
    print(
        f"esda G_Local with libpysal's Graph instead: {esda.seconds_graph:.3f} s, "
        f"{esda.seconds_graph / ours_time:.1f}× Trygg"
    )
    kernel = ours_time - sql_time
    print(
        f"the kernels alone (without the SQL count): esda with W {esda.seconds / kernel:.0f}×, "
        f"with Graph {esda.seconds_graph / kernel:.0f}× Trygg's Gi*"
    )
    print("load average (1, 5, 15 min): " + ", ".join(f"{x:.1f}" for x in os.getloadavg()))
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
