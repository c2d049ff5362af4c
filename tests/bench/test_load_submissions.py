"""The load test, tiny: it runs against gunicorn on either database, and it can see a loss.

``run_load_test`` runs ``bench/load_submissions.py`` as a process of its own, as
``make bench-load`` does, on a throwaway database: a SQLite file, or a new database
on the PostgreSQL server when the suite runs on one (``TRYGG_DATABASE_URL``).
"""

import json
import os
import random
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from bench.load_submissions import (
    HOST,
    MARKER_PREFIX,
    Outcome,
    address_for,
    fill,
    marker_for,
    parse_page,
    seed_survey,
    verify,
)

ROOT = Path(__file__).resolve().parents[2]


def run_load_test(folder: Path, **arguments) -> dict:
    """The load test's JSON report; fails the test if the run itself broke down."""
    report_path = folder / "report.json"
    argv = [sys.executable, str(ROOT / "bench" / "load_submissions.py"), "--json", str(report_path)]
    for name, value in arguments.items():
        if name == "kill":
            argv += [] if value else ["--no-kill"]
        else:
            argv += [f"--{name.replace('_', '-')}", str(value)]
    environment = {k: v for k, v in os.environ.items() if k != "TRYGG_DEBUG"}
    finished = subprocess.run(
        argv, env=environment, cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert report_path.exists(), finished.stdout[-3000:] + finished.stderr[-3000:]
    report = json.loads(report_path.read_text())
    report["output"] = finished.stdout
    report["exit"] = finished.returncode
    return report


def test_a_small_run_against_gunicorn_loses_nothing_when_a_worker_is_killed(tmp_path):
    report = run_load_test(
        tmp_path, respondents=24, clients=6, workers=2, static_requests=200, seconds=240
    )

    assert report["exit"] == 0, report["output"]
    assert report["ok"]
    assert report["server"] == "gunicorn" and report["workers"] == 2
    # The worker was killed and replaced; what it dropped was in flight at the kill.
    assert report["killed_worker"]
    assert report["workers_after"] == 2
    assert report["dropped_after_kill"] == []
    assert report["server_errors"] == []
    verification = report["verification"]
    assert verification["thanked"] == verification["stored"] == 24
    assert report["responses_per_second"] > 0
    assert report["static"]["per_second"] > 0
    assert "responses/s" in report["output"] and "static file" in report["output"]


PAGE = """
<form method="post" action="/i18n/setlang/"><input type="hidden" name="language" value="en">
</form>
<form method="post" action="/kommun/x/dialog/1/sida/2/" class="form answer-form">
  <input type="hidden" name="csrfmiddlewaretoken" value="token123">
  <input type="radio" name="feel_safe" value="always">
  <input type="radio" name="feel_safe" value="never">
  <input type="checkbox" name="local_problems" value="litter">
  <textarea name="suggestions"></textarea>
  <input type="hidden" name="unsafe_places" value="">
  <select name="unsafe_places__area">
    <option value="">–</option><option value="7">Norr</option>
  </select>
  <input type="text" name="unsafe_places__description">
  <input type="text" name="website">
  <button type="submit" name="back" value="1">Tillbaka</button>
</form>
"""


def test_the_filler_answers_every_question_of_the_answering_form_only():
    form = parse_page(PAGE)
    fields, answered = fill(form, "provsvar abc", random.Random(1))
    sent = dict(fields)

    assert form.action == "/kommun/x/dialog/1/sida/2/"
    assert "language" not in sent
    assert sent["csrfmiddlewaretoken"] == "token123"
    assert sent["feel_safe"] in {"always", "never"}
    assert sent["unsafe_places__area"] == "7"
    assert sent["suggestions"] == "provsvar abc"
    assert sent["website"] == ""
    assert "back" not in sent
    assert answered == {"feel_safe", "local_problems", "suggestions", "unsafe_places"}


def test_markers_and_addresses_are_distinct_and_loopback():
    markers = {marker_for("run", n) for n in range(2000)}
    addresses = {address_for(n) for n in range(70_000)}

    assert len(markers) == 2000
    assert all(m.replace(" ", "").isalpha() and m.startswith(MARKER_PREFIX) for m in markers)
    assert len(addresses) == 70_000
    assert HOST not in addresses
    assert all(a.startswith("127.") for a in addresses)


@pytest.mark.django_db
def test_the_check_finds_a_lost_a_doubled_and_a_half_written_response():
    from trygg.dialogue.models import Response, Survey
    from trygg.dialogue.submission import submit_response

    seeded = seed_survey()
    survey = Survey.objects.get(pk=seeded.survey_id)

    def store(marker: str, answers: dict) -> None:
        submit_response(
            survey,
            {"suggestions": marker, **answers},
            channel=Response.Channel.PAPER,
            submission_key=uuid.uuid4(),
        )

    full = {"feel_safe": survey.questions.get(key="feel_safe").options.first().value}
    store("provsvar run aaaab", full)  # as sent
    store("provsvar run aaaac", full)  # twice
    store("provsvar run aaaac", full)
    store("provsvar run aaaad", {})  # without the answer its resident sent
    answered = ["feel_safe", "suggestions"]
    outcomes = [
        Outcome("provsvar run aaaab", "127.0.0.2", answered, thanked=True),
        Outcome("provsvar run aaaac", "127.0.0.3", answered, thanked=True),
        Outcome("provsvar run aaaad", "127.0.0.4", answered, thanked=True),
        Outcome("provsvar run aaaae", "127.0.0.5", answered, thanked=True),  # never stored
    ]

    checked = verify(seeded.survey_id, outcomes)

    assert checked.thanked == 4 and checked.stored == 4
    assert checked.lost == ["provsvar run aaaae"]
    assert checked.doubled == ["provsvar run aaaac"]
    assert checked.half_written == ["provsvar run aaaad: lacks ['feel_safe']"]
    assert checked.unknown == 0
