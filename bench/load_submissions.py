"""Residents answering at once: responses per second, p99, and nothing lost when a worker dies.

The production server (``trygg serve``: gunicorn, several worker processes) runs on a
throwaway database (a new SQLite file in WAL mode, or a new database on the PostgreSQL
server ``TRYGG_DATABASE_URL`` names) with one open survey of the whole question bank.
Client threads then play residents, each the way a browser without JavaScript does
it: the survey's front page, every page of questions filled in and sent (the map
question by its area-and-description fallback), the final send, the thank-you page.
Every resident has a loopback address of their own (any 127/8 address works on
Linux), as residents have their own networks: the open link's per-network limit stays
on, and each network sends one response.

Half-way through, one worker is killed with SIGKILL. Afterwards the database is
compared with what the clients were told:

* **lost**: a resident was thanked (302 to the thank-you page) but no response with
  their marker answer exists;
* **doubled**: more than one response carries one resident's marker;
* **half-written**: a response lacks an answer, or the place mark, that its resident
  sent; every response in the survey is checked, thanked or not;
* **5xx**: any server error; the only failures allowed are connections dropped by the
  killed worker, i.e. requests that had started before the kill.

A resident whose connection was dropped does what a person does: sends the same
request again. Then the same server's rate for a static file (the stylesheet every
page loads, served by whitenoise) is measured with the same clients, as the limit
the answering flow is measured against.

Bounded: at most ``--respondents`` residents and ``--seconds`` seconds, only on
loopback; the server is stopped and the database removed at the end.

    .venv/bin/python bench/load_submissions.py [--respondents 400] [--clients 20]
        [--workers 4] [--seconds 300] [--no-kill] [--server gunicorn|runserver] [--json FILE]
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import itertools
import json
import os
import random
import secrets
import shutil
import signal
import socket
import string
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.survey_estimates import throwaway_database  # noqa: E402

HOST = "127.0.0.1"
REQUEST_TIMEOUT = 60.0
MARKER_PREFIX = "provsvar"
# Answers the form filler writes: letters only, so that scrubbing leaves them as they are.
DESCRIPTION = "gångtunneln vid stationen"


# --- the survey -----------------------------------------------------------------------


@dataclass(frozen=True)
class SeededSurvey:
    survey_id: int
    start_path: str


def seed_survey() -> SeededSurvey:
    """One municipality with three areas and an open survey of every bank question."""
    from django.db import transaction
    from django.urls import reverse
    from django.utils import timezone

    from trygg.dialogue.bank import QUESTION_BANK
    from trygg.dialogue.services import create_survey, open_survey
    from trygg.geo.models import Area
    from trygg.tenancy.models import Municipality

    def square(west: float, south: float, size: float) -> dict:
        corners = [(west, south), (west + size, south), (west + size, south + size)]
        corners += [(west, south + size), (west, south)]
        return {"type": "Polygon", "coordinates": [[list(corner) for corner in corners]]}

    with transaction.atomic():
        municipality = Municipality.objects.create(
            code="9901",
            name="Lasttest",
            slug="lasttest",
            county_code="13",
            border=square(12.0, 57.4, 0.3),
        )
        for position, name in enumerate(("Norr", "Centrum", "Söder")):
            Area.objects.create(
                municipality=municipality,
                name=name,
                code=f"99010{position}",
                geometry=square(12.0 + 0.1 * position, 57.4, 0.1),
            )
        survey = create_survey(
            municipality,
            year=2026,
            title="Trygghetsundersökning",
            question_keys=[question.key for question in QUESTION_BANK],
        )
        survey = open_survey(survey, closes_on=timezone.localdate())
    start = reverse("answer:start", kwargs={"municipality": municipality.slug, "pk": survey.pk})
    return SeededSurvey(survey_id=survey.pk, start_path=start)


# --- one resident's browser --------------------------------------------------------------


@dataclass
class Request:
    method: str
    path: str
    phase: str  # "start", "page", "submit", "thanks", "static"
    started: float
    seconds: float
    status: int | None  # None: the connection was dropped without a response
    error: str = ""


class Browser:
    """A browser without JavaScript: its own address, its own cookies, one request a connection.

    One connection per request (``Connection: close``), so that a request the killed
    worker dropped is exactly one whose connection it had accepted before the kill.
    """

    def __init__(self, port: int, address: str, log: list[Request]):
        self.port, self.address, self.log = port, address, log
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, phase: str, fields: Sequence[tuple[str, str]] = ()
    ) -> tuple[int, dict[str, str], str]:
        """The response's status, headers and text; a dropped connection is sent once more."""
        for attempt in (1, 2):
            started = time.monotonic()
            try:
                status, headers, body = self._once(method, path, fields)
            except (OSError, http.client.HTTPException) as error:
                self.log.append(
                    Request(
                        method,
                        path,
                        phase,
                        started,
                        time.monotonic() - started,
                        None,
                        f"{type(error).__name__}: {error}",
                    )
                )
                if attempt == 2:
                    raise
                continue
            self.log.append(
                Request(method, path, phase, started, time.monotonic() - started, status)
            )
            return status, headers, body
        raise AssertionError("unreachable")

    def _once(self, method, path, fields):
        from urllib.parse import urlencode

        connection = http.client.HTTPConnection(
            HOST, self.port, timeout=REQUEST_TIMEOUT, source_address=(self.address, 0)
        )
        try:
            headers = {"Connection": "close", "Accept-Language": "sv-SE,sv;q=0.9"}
            if self.cookies:
                headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            body = None
            if method == "POST":
                body = urlencode(list(fields))
                headers["Content-Type"] = "application/x-www-form-urlencoded"
                headers["Origin"] = f"http://{HOST}:{self.port}"
                headers["Referer"] = f"http://{HOST}:{self.port}{path}"
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    self._remember(value)
            return response.status, {k.lower(): v for k, v in response.getheaders()}, text
        finally:
            connection.close()

    def _remember(self, header: str) -> None:
        from http.cookies import SimpleCookie

        cookie = SimpleCookie()
        cookie.load(header)
        for name, morsel in cookie.items():
            if morsel["max-age"] in ("0",) or (morsel["expires"] and "1970" in morsel["expires"]):
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = morsel.value


# --- filling in a page -------------------------------------------------------------------


@dataclass
class FormField:
    kind: str  # the input type, or "select" / "textarea"
    name: str
    value: str = ""
    options: list[str] = field(default_factory=list)


class _FormParser(HTMLParser):
    """The answering form's fields (not the language switcher's), and the page's stylesheet."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.fields: dict[str, FormField] = {}
        self.action: str | None = None
        self.stylesheet: str | None = None
        self.links: list[str] = []
        self._in_form = False
        self._done = False
        self._select: FormField | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "link" and a.get("rel") == "stylesheet" and self.stylesheet is None:
            self.stylesheet = a.get("href")
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        answering = "answer-form" in a.get("class", "").split()
        if tag == "form" and answering and not self._done:
            self._in_form, self.action = True, a.get("action")
        if not self._in_form or not a.get("name"):
            return
        name = a["name"]
        if tag == "input":
            kind = a.get("type", "text").lower()
            # Number answers are text boxes that take a decimal comma ("12,5").
            if a.get("inputmode") in ("decimal", "numeric"):
                kind = "number"
            entry = self.fields.setdefault(name, FormField(kind, name, a.get("value", "")))
            if kind in ("radio", "checkbox"):
                entry.options.append(a.get("value", "on"))
        elif tag == "textarea":
            self.fields[name] = FormField("textarea", name)
        elif tag == "select":
            self._select = self.fields[name] = FormField("select", name)
        elif tag == "button":
            pass

    def handle_endtag(self, tag):
        if tag == "form" and self._in_form:
            self._in_form, self._done = False, True
        if tag == "select":
            self._select = None

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def parse_option(self, attrs) -> None:
        if self._select is not None:
            self._select.options.append(dict(attrs).get("value") or "")


class FormParser(_FormParser):
    def handle_starttag(self, tag, attrs):
        if tag == "option":
            self.parse_option(attrs)
            return
        super().handle_starttag(tag, attrs)


def parse_page(html: str) -> FormParser:
    parser = FormParser()
    parser.feed(html)
    return parser


def fill(
    form: FormParser, marker: str, rng: random.Random
) -> tuple[list[tuple[str, str]], set[str]]:
    """The fields a resident sends for this page, and the question keys they answer.

    Every question gets an answer: one option of a radio group, one box of a checkbox
    group, an area from a list (the map question's fallback), the marker in the first
    text box (and in every other one), a number inside the field's limits. The form's
    hidden fields (the CSRF token, the map's empty JSON) go back as they came, and the
    honeypot stays empty.
    """
    fields: list[tuple[str, str]] = []
    answered: set[str] = set()
    for entry in form.fields.values():
        question = entry.name.split("__", 1)[0]
        if entry.kind == "hidden" or entry.name == "website":
            fields.append((entry.name, entry.value if entry.name != "website" else ""))
            continue
        if entry.kind in ("radio", "checkbox", "select"):
            choices = [option for option in entry.options if option]
            if not choices:
                continue
            value = rng.choice(choices)
        elif entry.kind == "textarea":
            value = marker
        elif entry.kind == "number":
            value = str(rng.randint(1, 20))
        else:
            value = DESCRIPTION if entry.name.endswith("__description") else marker
        fields.append((entry.name, value))
        answered.add(question)
    # A place's details count only with its area: without one it is no place.
    place_questions = {name.split("__")[0] for name in form.fields if name.endswith("__area")}
    for question in place_questions:
        if not any(name == f"{question}__area" for name, _value in fields):
            answered.discard(question)
    return fields, answered


# --- one resident ------------------------------------------------------------------------


@dataclass
class Outcome:
    marker: str
    address: str
    answered: list[str] = field(default_factory=list)
    thanked: bool = False
    problem: str = ""


def marker_for(run: str, number: int) -> str:
    """A marker answer that names the resident: letters only, unique in the run."""
    letters = []
    for _ in range(5):
        number, digit = divmod(number, 26)
        letters.append(string.ascii_lowercase[digit])
    return f"{MARKER_PREFIX} {run} {''.join(reversed(letters))}"


def address_for(number: int) -> str:
    """Resident ``number``'s own loopback address: 127.0.0.2 onwards, never 127.0.0.1."""
    number += 2
    return f"127.{(number >> 16) & 255}.{(number >> 8) & 255}.{number & 255}"


def respond(browser: Browser, start_path: str, marker: str, rng: random.Random) -> Outcome:
    outcome = Outcome(marker=marker, address=browser.address)
    status, _headers, body = browser.request("GET", start_path, "start")
    if status != 200:
        outcome.problem = f"front page: {status}"
        return outcome
    first = next((link for link in parse_page(body).links if "/sida/1/" in link), None)
    if first is None:
        outcome.problem = "front page has no link to the first page"
        return outcome
    path, answered = first, set()
    for _page in range(100):
        status, _headers, body = browser.request("GET", path, "page")
        if status != 200:
            outcome.problem = f"GET {path}: {status}"
            return outcome
        form = parse_page(body)
        fields, keys = fill(form, marker, rng)
        answered |= keys
        outcome.answered = sorted(answered)
        last = _is_last(body)
        status, headers, body = browser.request(
            "POST", form.action or path, "submit" if last else "page", fields
        )
        location = headers.get("location", "")
        if status != 302:
            outcome.problem = f"POST {path}: {status} {_first_error(body)}"
            return outcome
        if "/tack/" in location:
            outcome.thanked = True
            browser.request("GET", urlsplit(location).path, "thanks")
            return outcome
        path = urlsplit(location).path
    outcome.problem = "more than 100 pages"
    return outcome


def _is_last(body: str) -> bool:
    # The last page's button sends the answers; the others go on ("Nästa").
    return "Skicka mina svar" in body or "Send my answers" in body


def _first_error(body: str) -> str:
    start = body.find("errorlist")
    return body[start : start + 200].replace("\n", " ") if start >= 0 else ""


# --- the server --------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def children_of(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (gunicorn's workers of its master)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name is in parentheses and may contain spaces; the parent follows.
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == pid:
            found.append(int(entry.name))
    return sorted(found)


def wait_until_dead(pid: int, deadline: float) -> None:
    """Until ``pid`` has exited (a zombie waiting for its parent counts as exited)."""
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            return
        if state in ("Z", "X"):
            return
        time.sleep(0.001)


@contextlib.contextmanager
def running_server(
    kind: str, port: int, workers: int, environment: dict[str, str], log_path: Path
) -> Iterator[subprocess.Popen]:
    """``trygg serve`` (gunicorn) or ``trygg runserver`` on loopback; stopped afterwards."""
    trygg = [sys.executable, "-m", "trygg"]
    if kind == "gunicorn":
        # Without the background worker, so that this process is gunicorn's master and
        # its children are the web workers, one of which is killed half-way.
        argv = [
            *trygg,
            "serve",
            "--no-worker",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(workers),
        ]
    else:
        argv = [*trygg, "runserver", "--noreload", f"{HOST}:{port}"]
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            argv, env=environment, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        yield process
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def wait_until_up(process: subprocess.Popen, port: int, path: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped (exit {process.returncode}) before serving")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=5)
            connection.request("GET", path, headers={"Connection": "close"})
            status = connection.getresponse().status
            connection.close()
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("the server did not answer in time")


# --- the run -----------------------------------------------------------------------------


@dataclass
class Rate:
    requests: int
    seconds: float
    per_second: float
    p50_ms: float
    p99_ms: float


def rate(requests: Sequence[Request], seconds: float) -> Rate:
    times = sorted(request.seconds for request in requests)
    if not times:
        return Rate(0, seconds, 0.0, 0.0, 0.0)

    def quantile(q: float) -> float:
        return 1000 * times[min(len(times) - 1, int(q * len(times)))]

    return Rate(len(times), seconds, len(times) / seconds, quantile(0.5), quantile(0.99))


@dataclass
class Verification:
    thanked: int
    stored: int
    lost: list[str]
    doubled: list[str]
    half_written: list[str]
    unknown: int  # responses without a marker of this run
    # Answer cells kept by the concurrent submissions that differ from a rebuild.
    cells_off: list[str]
    cells: int


def verify(survey_id: int, outcomes: Sequence[Outcome]) -> Verification:
    """Compare the survey's responses in the database with what the residents were told."""
    from collections import defaultdict

    from trygg.dialogue.models import Answer, AnswerCell, PlaceMark, Response

    keys_of: dict[int, set[str]] = defaultdict(set)
    marker_of: dict[int, str] = {}
    for response_id, key, text in Answer.objects.filter(response__survey_id=survey_id).values_list(
        "response_id", "question__key", "text"
    ):
        keys_of[response_id].add(key)
        if text.startswith(MARKER_PREFIX):
            marker_of[response_id] = text
    for response_id, key in PlaceMark.objects.filter(response__survey_id=survey_id).values_list(
        "response_id", "question__key"
    ):
        keys_of[response_id].add(key)
    responses = list(Response.objects.filter(survey_id=survey_id).values_list("pk", flat=True))
    by_marker: dict[str, list[int]] = defaultdict(list)
    for pk in responses:
        if pk in marker_of:
            by_marker[marker_of[pk]].append(pk)
    sent = {outcome.marker: set(outcome.answered) for outcome in outcomes}
    lost = [o.marker for o in outcomes if o.thanked and not by_marker.get(o.marker)]
    doubled = [marker for marker, pks in by_marker.items() if len(pks) > 1]
    half = [
        f"{marker}: lacks {sorted(sent[marker] - keys_of[pk])}"
        for marker, pks in by_marker.items()
        for pk in pks
        if marker in sent and sent[marker] - keys_of[pk]
    ]
    return Verification(
        thanked=sum(o.thanked for o in outcomes),
        stored=len(responses),
        lost=lost,
        doubled=doubled,
        half_written=half,
        unknown=len([pk for pk in responses if pk not in marker_of]),
        cells_off=cells_off_after_rebuild(survey_id),
        cells=AnswerCell.objects.filter(survey_id=survey_id).count(),
    )


def cells_off_after_rebuild(survey_id: int) -> list[str]:
    """The survey's answer cells that a rebuild from its stored rows would change.

    Each submission adds to the cells in its own transaction; under many at once an
    upsert that lost a race would show here as a count a rebuild corrects.
    """
    import math

    from django.db import transaction

    from trygg.dialogue.answer_cells import FINE_CELL, SUMS, rebuild_answer_cells
    from trygg.dialogue.models import AnswerCell, Survey

    def cells() -> dict[tuple, tuple]:
        rows = AnswerCell.objects.filter(survey_id=survey_id).values_list(
            "question_id", "option_id", *FINE_CELL, *SUMS
        )
        width = 2 + len(FINE_CELL)
        return {tuple(row[:width]): tuple(row[width:]) for row in rows}

    kept = cells()
    with transaction.atomic():
        rebuild_answer_cells(Survey.objects.get(pk=survey_id))
    rebuilt = cells()

    def same(key: tuple) -> bool:
        if key not in kept or key not in rebuilt:
            return False
        return all(
            math.isclose(a, b, rel_tol=1e-9) for a, b in zip(kept[key], rebuilt[key], strict=True)
        )

    return [
        f"{key}: kept {kept.get(key)}, counted {rebuilt.get(key)}"
        for key in kept.keys() | rebuilt.keys()
        if not same(key)
    ]


@dataclass
class Report:
    database: str
    server: str
    workers: int
    clients: int
    respondents: int
    seconds: float
    responses_per_second: float
    requests: Rate
    submits: Rate
    static: Rate | None
    server_errors: list[str]
    dropped: list[str]
    dropped_after_kill: list[str]
    refused: list[str]
    killed_worker: int | None
    workers_after: int
    verification: Verification
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        v = self.verification
        return (
            not (
                self.server_errors
                or self.dropped_after_kill
                or self.refused
                or v.lost
                or v.doubled
                or v.half_written
                or v.unknown
                or v.cells_off
            )
            and v.thanked == self.respondents
        )


def run_clients(
    port: int,
    seeded: SeededSurvey,
    respondents: int,
    clients: int,
    deadline: float,
    on_progress,
    seed: int,
) -> tuple[list[Outcome], list[Request]]:
    """``respondents`` residents over ``clients`` threads; stops at ``deadline``."""
    run_id = "".join(random.Random(seed).choices(string.ascii_lowercase, k=6))
    numbers = itertools.count()
    lock = threading.Lock()
    outcomes: list[Outcome] = []
    requests: list[Request] = []

    def client() -> None:
        log: list[Request] = []
        while time.monotonic() < deadline:
            with lock:
                number = next(numbers)
            if number >= respondents:
                break
            browser = Browser(port, address_for(number), log)
            try:
                outcome = respond(
                    browser,
                    seeded.start_path,
                    marker_for(run_id, number),
                    random.Random(seed * 100_003 + number),
                )
            except (OSError, http.client.HTTPException) as error:
                outcome = Outcome(
                    marker_for(run_id, number), browser.address, problem=f"dropped twice: {error}"
                )
            with lock:
                outcomes.append(outcome)
                done = sum(o.thanked for o in outcomes)
            on_progress(done)
        with lock:
            requests.extend(log)

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()) + REQUEST_TIMEOUT)
    return outcomes, requests


def static_rate(port: int, path: str, clients: int, requests: int) -> Rate:
    log: list[Request] = []
    lock = threading.Lock()
    counter = itertools.count()

    def client(number: int) -> None:
        own: list[Request] = []
        browser = Browser(port, address_for(100_000 + number), own)
        while next(counter) < requests:
            browser.request("GET", path, "static")
        with lock:
            log.extend(own)

    start = time.monotonic()
    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return rate([r for r in log if r.status == 200], time.monotonic() - start)


def run(options: argparse.Namespace, log=print) -> Report:
    """The whole load test against the current default database (already migrated)."""
    from django.db import connections

    from bench.survey_estimates import database_description

    seeded = seed_survey()
    database = database_description()
    if connections["default"].vendor == "sqlite":
        with connections["default"].cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            database += f" (file, journal mode {cursor.fetchone()[0]})"
    connections.close_all()
    environment = {
        **os.environ,
        "TRYGG_DEBUG": "1" if options.server == "runserver" else "0",
        "TRYGG_HTTPS": "0",
        "TRYGG_ALLOWED_HOSTS": f"{HOST},localhost",
        "TRYGG_BEHIND_PROXY": "0",
        "TRYGG_WEB_ACCESS_LOG": str(Path(options.folder) / "access.log"),
        "PYTHONUNBUFFERED": "1",
    }
    port = free_port()
    log_path = Path(options.folder) / "server.log"
    with running_server(options.server, port, options.workers, environment, log_path) as server:
        wait_until_up(server, port, seeded.start_path, time.monotonic() + 180)
        workers_before = children_of(server.pid) if options.server == "gunicorn" else []
        log(f"server up on {HOST}:{port} ({options.server}, {len(workers_before)} workers)")
        killed: dict[str, float | int] = {}
        kill_at = options.respondents // 2 if options.kill and options.server == "gunicorn" else -1

        def on_progress(thanked: int) -> None:
            if kill_at >= 0 and thanked >= kill_at and not killed:
                victim = children_of(server.pid)[0]
                killed["pid"] = victim
                os.kill(victim, signal.SIGKILL)
                # In flight at the kill: whatever started before the worker was gone.
                wait_until_dead(victim, time.monotonic() + 10)
                killed["now"] = time.monotonic()
                log(f"  SIGKILL to worker {victim} after {thanked} responses")

        start = time.monotonic()
        outcomes, requests = run_clients(
            port,
            seeded,
            options.respondents,
            options.clients,
            start + options.seconds,
            on_progress,
            options.seed,
        )
        seconds = time.monotonic() - start
        log(f"  {sum(o.thanked for o in outcomes)} responses in {seconds:.1f} s")
        workers_after = len(children_of(server.pid)) if options.server == "gunicorn" else 0
        stylesheet = None
        if requests:
            status, _h, body = Browser(port, HOST, []).request("GET", seeded.start_path, "start")
            stylesheet = parse_page(body).stylesheet if status == 200 else None
        static = None
        if stylesheet and options.static_requests:
            static = static_rate(port, stylesheet, options.clients, options.static_requests)
    kill_time = killed.get("now")
    dropped = [r for r in requests if r.status is None]
    report = Report(
        database=database,
        server=options.server,
        workers=len(workers_before),
        clients=options.clients,
        respondents=options.respondents,
        seconds=seconds,
        responses_per_second=sum(o.thanked for o in outcomes) / seconds,
        requests=rate([r for r in requests if r.status is not None], seconds),
        submits=rate([r for r in requests if r.phase == "submit" and r.status], seconds),
        static=static,
        server_errors=[
            f"{r.method} {r.path}: {r.status}" for r in requests if (r.status or 0) >= 500
        ],
        dropped=[f"{r.method} {r.path}: {r.error}" for r in dropped],
        dropped_after_kill=[
            f"{r.method} {r.path}: {r.error}"
            for r in dropped
            if kill_time is None or r.started > kill_time
        ],
        refused=[f"{o.address}: {o.problem}" for o in outcomes if o.problem],
        killed_worker=killed.get("pid"),
        workers_after=workers_after,
        verification=verify(seeded.survey_id, outcomes),
    )
    if len(outcomes) < options.respondents:
        report.notes.append(
            f"stopped at the time limit: {len(outcomes)} of {options.respondents} residents"
        )
    return report


def format_report(report: Report) -> str:
    v = report.verification
    lines = [
        f"Load test: {report.respondents} residents, {report.clients} at a time, "
        f"{report.server} with {report.workers} workers, {report.database}",
        f"  responses: {v.thanked} thanked, {v.stored} stored in {report.seconds:.1f} s: "
        f"{report.responses_per_second:.1f} responses/s",
        f"  requests (pages and sends): {report.requests.per_second:.1f}/s, "
        f"p50 {report.requests.p50_ms:.0f} ms, p99 {report.requests.p99_ms:.0f} ms",
        f"  final sends: p50 {report.submits.p50_ms:.0f} ms, p99 {report.submits.p99_ms:.0f} ms",
    ]
    if report.static:
        lines.append(
            f"  static file (the peer): {report.static.per_second:.1f}/s, "
            f"p50 {report.static.p50_ms:.0f} ms, p99 {report.static.p99_ms:.0f} ms"
        )
    if report.killed_worker:
        lines.append(
            f"  killed worker {report.killed_worker}: {len(report.dropped)} requests dropped "
            f"(all in flight at the kill: {not report.dropped_after_kill}), "
            f"{report.workers_after} workers afterwards"
        )
    lines += [
        f"  lost {len(v.lost)}, doubled {len(v.doubled)}, half-written {len(v.half_written)}, "
        f"5xx {len(report.server_errors)}, refused {len(report.refused)}, "
        f"unknown {v.unknown}",
        *(f"  note: {note}" for note in report.notes),
        *(
            f"  problem: {p}"
            for p in (
                report.server_errors
                + report.dropped_after_kill
                + report.refused
                + v.lost
                + v.doubled
                + v.half_written
            )[:20]
        ),
        "OK" if report.ok else "FAILED",
    ]
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--respondents", type=int, default=400)
    parser.add_argument("--clients", type=int, default=20, help="residents at a time")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--seconds", type=float, default=300, help="time limit of the run")
    parser.add_argument("--static-requests", type=int, default=2000)
    parser.add_argument(
        "--no-kill", dest="kill", action="store_false", help="do not kill a worker half-way"
    )
    parser.add_argument("--server", choices=("gunicorn", "runserver"), default="gunicorn")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--json", type=Path, help="write the report as JSON here too")
    parser.add_argument("--keep", action="store_true", help="keep the database and the logs")
    options = parser.parse_args(argv)
    if not (1 <= options.respondents <= 100_000 and 1 <= options.clients <= 200):
        parser.error("--respondents 1–100000 and --clients 1–200")
    if not 1 <= options.workers <= 32 or not 1 <= options.seconds <= 3600:
        parser.error("--workers 1–32 and --seconds 1–3600")
    return options


def main(argv: Sequence[str] | None = None) -> int:
    options = parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="trygg-load-"))
    options.folder = folder
    os.environ.setdefault("TRYGG_SECRET_KEY", secrets.token_urlsafe(32))
    os.environ["TRYGG_DEBUG"] = "0"
    os.environ["TRYGG_DATA_DIR"] = str(folder)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trygg.settings")
    try:
        with throwaway_database(folder, options.keep, prefix="trygg_load") as where:
            import django
            from django.core.management import call_command

            django.setup()
            print(f"database: {where}", flush=True)
            call_command("migrate", interactive=False, verbosity=0)
            report = run(options, log=lambda line: print(line, flush=True))
            from django.db import connections

            connections.close_all()
    finally:
        if options.keep:
            print(f"kept: {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    print(format_report(report), flush=True)
    if options.json:
        options.json.write_text(json.dumps({**asdict(report), "ok": report.ok}, indent=2))
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
