"""Importing police events into PostgreSQL: ``trygg import-events`` beside ``psql \\copy``.

    scripts/with-postgres .venv/bin/python bench/import_events.py [--events 1000000]
        [--memory-events 100000] [--keep-files DIR]

Needs the PostgreSQL server ``TRYGG_DATABASE_URL`` names (its role needs CREATEDB)
and Debian's ``psql`` (the ``postgresql`` package, found as scripts/with-postgres
finds ``pg_ctl``). One run:

1. **Data** (not timed). ``--events`` synthetic events in the API's own format, JSON
   lines, gzip: each is a real event of the shipped file
   (``src/trygg/data/polisen-events-2022-09_2026-04.jsonl.gz``, taken in turn) with
   a new id and a new publication time between 2016 and 2026, its ``name`` starting
   with the matching event time ("14 mars 9.05, Rån, Varberg") and its ``datetime``
   with the API's one-digit hour. Summaries and press-office notices are left out,
   so that every event is an incident: both sides write the same number of rows.
2. **Trygg**: ``trygg import-events FILE --json`` as a process of its own, on a new
   database (migrated, the 290 municipalities loaded), timed from start to exit
   (Django's start included); its peak RSS from the kernel (``wait4``).
3. **psql**: the rows Trygg stored are written to a CSV (not timed), the table is
   emptied, and ``psql -c "\\copy situation_incident (...) FROM FILE CSV"`` loads the
   same rows into the same table, with its indexes, constraints and foreign keys.
4. **Constant memory**: Trygg again on ``--memory-events`` events (the first ones of
   the same file) into an emptied table; the two peak RSS figures are printed.

Prints the rows per second of both, the ratio (the target: Trygg at least 0.5×
psql's rate) and the peak RSS; exits 1 if Trygg stored a different number of rows.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import itertools
import json
import os
import random
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path
from zoneinfo import ZoneInfo

from trygg.text.calendar import MONTH_NAMES

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
REAL_EVENTS = ROOT / "src" / "trygg" / "data" / "polisen-events-2022-09_2026-04.jsonl.gz"
STOCKHOLM = ZoneInfo("Europe/Stockholm")
# What Trygg writes (trygg.situation.services.COLUMNS), in that order.
COLUMNS = (
    "source_id, external_id, municipality_id, county_code, occurred_at, published_at, type, "
    "type_key, category_id, precision, title, summary, url"
)
FIRST = dt.datetime(2016, 1, 1, tzinfo=STOCKHOLM).timestamp()
LAST = dt.datetime(2026, 4, 30, tzinfo=STOCKHOLM).timestamp()


def psql_binary() -> str:
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/psql"),
        key=lambda path: int(path.parent.parent.name),
    )
    if not versions:
        sys.exit("psql not found: scripts/ensure-system-packages postgresql")
    return str(versions[-1])


def templates() -> list[dict]:
    """The shipped file's incidents (no summaries, no notices of the press office)."""
    with gzip.open(REAL_EVENTS, "rt", encoding="utf-8") as file:
        events = [json.loads(line) for line in file]
    return [
        event
        for event in events
        if not event["type"].startswith("Sammanfattning")
        and event["type"] not in {"Övrigt", "Information"}
    ]


def synthetic_event(template: dict, number: int, rng: random.Random) -> dict:
    published = dt.datetime.fromtimestamp(rng.uniform(FIRST, LAST), STOCKHOLM).replace(
        microsecond=0
    )
    occurred = published - dt.timedelta(minutes=rng.randint(5, 600))
    offset = published.strftime("%z")
    place_and_type = template["name"].split(", ", 1)[1]
    return {
        "id": 10_000_000 + number,
        "datetime": f"{published:%Y-%m-%d} {published.hour}:{published:%M:%S} "
        f"{offset[:3]}:{offset[3:]}",
        "name": f"{occurred.day:02d} {MONTH_NAMES[occurred.month - 1]} "
        f"{occurred.hour:02d}.{occurred.minute:02d}, {place_and_type}",
        "summary": template["summary"],
        "url": template["url"],
        "type": template["type"],
        "location": template["location"],
    }


def write_events(count: int, path: Path) -> None:
    rng = random.Random(2026)
    real = templates()
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=6) as file:
        for number, template in zip(range(count), itertools.cycle(real)):
            file.write(json.dumps(synthetic_event(template, number, rng), ensure_ascii=False))
            file.write("\n")


class Database:
    """A new database on the server of ``TRYGG_DATABASE_URL``, dropped at the end."""

    def __init__(self, server_url: str):
        self.server_url = server_url
        self.name = f"trygg_import_bench_{os.getpid()}"
        parts = urllib.parse.urlsplit(server_url)
        self.url = urllib.parse.urlunsplit(parts._replace(path=f"/{self.name}"))
        self.psql = psql_binary()

    def sql(self, statement: str, *, url: str | None = None) -> str:
        done = subprocess.run(
            [self.psql, url or self.url, "-v", "ON_ERROR_STOP=1", "-qAtc", statement],
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout.strip()

    def __enter__(self) -> Database:
        self.sql(f"CREATE DATABASE {self.name}", url=self.server_url)
        return self

    def __exit__(self, *exc) -> None:
        self.sql(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)", url=self.server_url)


def trygg(database: Database, *args: str) -> subprocess.Popen:
    environment = {
        **os.environ,
        "TRYGG_DATABASE_URL": database.url,
        # Production's settings (no debug), with a throwaway key.
        "TRYGG_DEBUG": "0",
        "TRYGG_SECRET_KEY": os.environ.get("TRYGG_SECRET_KEY") or secrets.token_urlsafe(32),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "trygg", *args],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen) -> tuple[str, int]:
    """The process's output and its peak RSS in kB (Linux: ``ru_maxrss``)."""
    # wait4 first, so that the rusage is this child's alone; output is read after.
    # (The pipes' buffers cannot fill: the command prints its summary only at the end.)
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    output, errors = process.communicate()
    if process.returncode:
        sys.exit(f"trygg failed ({process.returncode}):\n{errors}")
    return output, usage.ru_maxrss


def import_ours(database: Database, path: Path) -> tuple[float, int, dict]:
    started = time.perf_counter()
    output, rss = finish(trygg(database, "import-events", str(path), "--json"))
    return time.perf_counter() - started, rss, json.loads(output)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--memory-events", type=int, default=100_000)
    parser.add_argument("--keep-files", type=Path, help="Keep the events file and CSV here.")
    args = parser.parse_args()
    server_url = os.environ.get("TRYGG_DATABASE_URL", "")
    if not server_url.startswith("postgres"):
        sys.exit("TRYGG_DATABASE_URL must name a PostgreSQL server (scripts/with-postgres).")

    with tempfile.TemporaryDirectory() as temporary, Database(server_url) as database:
        folder = args.keep_files or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        events, rows_csv = folder / "events.jsonl.gz", folder / "incidents.csv"
        started = time.perf_counter()
        write_events(args.events, events)
        print(
            f"{args.events:,} synthetic events written ({events.stat().st_size / 1e6:.0f} MB "
            f"gzip) in {time.perf_counter() - started:.0f} s"
        )
        for command in (["migrate", "--noinput"], ["load-municipalities"]):
            finish(trygg(database, *command))
        version = database.sql("SHOW server_version")

        ours, rss, summary = import_ours(database, events)
        stored = int(database.sql("SELECT count(*) FROM situation_incident"))
        if stored != args.events or summary["imported"] != args.events:
            print(f"Trygg stored {stored:,} of {args.events:,} events: {summary}")
            return 1

        database.sql(
            f"\\copy (SELECT {COLUMNS} FROM situation_incident) TO '{rows_csv}' WITH (FORMAT csv)"
        )
        database.sql("TRUNCATE situation_incident")
        started = time.perf_counter()
        database.sql(f"\\copy situation_incident ({COLUMNS}) FROM '{rows_csv}' WITH (FORMAT csv)")
        theirs = time.perf_counter() - started
        if int(database.sql("SELECT count(*) FROM situation_incident")) != stored:
            print("psql stored a different number of rows")
            return 1

        small_rss = None
        if 0 < args.memory_events < args.events:
            database.sql("TRUNCATE situation_incident")
            small = folder / "events-small.jsonl.gz"
            with gzip.open(events, "rb") as source, gzip.open(small, "wb") as target:
                target.writelines(itertools.islice(source, args.memory_events))
            _seconds, small_rss, _summary = import_ours(database, small)

    our_rate, their_rate = args.events / ours, args.events / theirs
    print(f"PostgreSQL {version}, {args.events:,} incidents, {dt.date.today()}")
    # The ratio is only as good as the machine was quiet: say how busy it was.
    print("load average (1, 5, 15 min) at the end: {:.1f}, {:.1f}, {:.1f}".format(*os.getloadavg()))
    print(
        f"Trygg import-events: {ours:.1f} s, {our_rate:,.0f} rows/s, peak RSS {rss / 1024:.0f} MB"
    )
    print(f"psql \\copy (CSV):    {theirs:.1f} s, {their_rate:,.0f} rows/s")
    print(f"ratio (Trygg ÷ psql rate): {our_rate / their_rate:.2f}× (target ≥ 0.5×)")
    if small_rss is not None:
        print(
            f"peak RSS: {small_rss / 1024:.0f} MB at {args.memory_events:,} events, "
            f"{rss / 1024:.0f} MB at {args.events:,}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
