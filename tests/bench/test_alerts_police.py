"""The alerts benchmark's real series: weeks, counts and what is left out, on a small file."""

import json
import subprocess
import sys
from pathlib import Path

from bench.alerts import police_series, sample

ROOT = Path(__file__).resolve().parents[2]


def event(number: int, name: str, place: str, published: str, summary: str = "") -> dict:
    """An event in the API's format; its type is the middle of its name, as the police's."""
    kind = name.split(", ", 1)[1].rsplit(", ", 1)[0]
    return {
        "id": number,
        "datetime": f"2025-{published} +01:00",
        "name": name,
        "summary": summary,
        "url": "",
        "type": kind,
        "location": {"name": place, "gps": "0,0"},
    }


HALLAND = "Hallands län"
EVENTS = [
    # Tuesday of 2025-W01: the first week is not whole, so it is left out.
    {
        **event(1, "31 december 10.00, Stöld, Varberg", "Varberg", ""),
        "datetime": "2024-12-31 11:00:00 +01:00",
    },
    # 2025-W02 (Monday 6 January) and 2025-W04; the last one is a Sunday, so W04 is whole.
    event(2, "06 januari 09.15, Stöld, Varberg", "Varberg", "01-06 10:00:00"),
    event(3, "07 januari 22.40, Rån, övrigt, Varberg", HALLAND, "01-08 0:05:00"),
    event(4, "08 januari 02.00, Rån övrigt, Halmstad", "Halmstad", "01-08 3:00:00"),
    event(5, "26 januari 12.00, Stöld, Varberg", "Varberg", "01-26 13:00:00"),
    # Counted nowhere: a county-level event, a summary, a press-office notice.
    event(6, "09 januari 08.00, Stöld, Hallands län", HALLAND, "01-09 9:00:00"),
    event(7, "10 januari 07.00, Sammanfattning natt, Varberg", "Varberg", "01-10 7:30:00"),
    event(8, "11 januari 09.00, Övrigt, Varberg", "Varberg", "01-11 9:30:00", "Presstalesperson"),
]


def series_by_name(tmp_path: Path) -> dict:
    path = tmp_path / "events.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in EVENTS), encoding="utf-8")
    return {one.name: one for one in police_series(path)}


def test_every_municipality_gets_a_series_of_every_type_over_the_whole_weeks(tmp_path):
    series = series_by_name(tmp_path)

    # "Rån, övrigt" and "Rån övrigt" are one type; the summary and the notice are none.
    assert len(series) == 290 * 2
    assert {one.start for one in series.values()} == {(2025, 2)}
    assert {len(one.counts) for one in series.values()} == {3}  # 2025-W02 to W04


def test_events_count_in_the_week_of_their_own_time_in_their_municipality(tmp_path):
    series = series_by_name(tmp_path)

    assert series["1383 stöld"].counts.tolist() == [1, 0, 1]  # Varberg
    assert series["1383 rån övrigt"].counts.tolist() == [1, 0, 0]  # from "Hallands län"
    assert series["1380 rån övrigt"].counts.tolist() == [1, 0, 0]  # Halmstad
    assert sum(int(one.counts.sum()) for one in series.values()) == 4


def test_a_sample_spreads_from_the_emptiest_series_to_the_busiest(tmp_path):
    picked = sample(list(series_by_name(tmp_path).values()), 3)

    assert [int(one.counts.sum()) for one in picked] == [0, 0, 2]


def test_the_run_reads_every_series_of_the_shipped_file():
    # Without R (the suite does not depend on it): the series and Trygg's side only.
    done = subprocess.run(
        [sys.executable, "bench/alerts.py", "--police-events", "--last", "1", "--skip-r"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )

    assert done.returncode == 0, done.stdout + done.stderr
    assert "25810 series (7702 with an event)" in done.stdout
    assert "25810 series of 187 weeks from 2022-W39" in done.stdout
