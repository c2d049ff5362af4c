"""Two imports of one file at the same moment end as one import, neither failing;
a double click on "import" starts one job.

Each import runs in a thread of its own, on a connection of its own (``concurrent_db``:
PostgreSQL as it is, SQLite as a file in WAL mode), released by one barrier so that
both are inside their transaction together.
"""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from tests.factories import AreaFactory, member
from trygg.background.models import Job
from trygg.situation.models import Incident, ReportColumns, Source, TypeMapping
from trygg.situation.reports import add_import_file, create_report_source, import_reports
from trygg.situation.services import (
    import_police_events,
    import_transaction,
    lock_source,
    police_events_source,
)
from trygg.situation.tasks import import_report_file
from trygg.tenancy.models import Municipality, Role

from .conftest import event, json_lines

pytestmark = pytest.mark.django_db(transaction=True)


def at_once(run, count: int = 2) -> list:
    """``run()`` in ``count`` threads started together; their results (or errors)."""
    barrier = threading.Barrier(count)

    def start():
        try:
            barrier.wait()
            return run()
        except Exception as error:
            return error
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return [future.result() for future in [pool.submit(start) for _ in range(count)]]


def test_two_imports_of_one_events_file_at_once_store_it_once(concurrent_db, municipalities):
    content = json_lines([event(id=number, type=f"Ny typ {number % 3}") for number in range(50)])

    results = at_once(lambda: import_police_events(content))

    assert [type(result).__name__ for result in results] == ["EventImportResult"] * 2
    assert sorted(result.imported for result in results) == [0, 50]
    assert [result.imported + result.already_present for result in results] == [50, 50]
    assert Incident.objects.count() == 50
    assert Source.objects.filter(kind=Source.Kind.POLICE_EVENTS).count() == 1
    assert TypeMapping.objects.filter(type_label__startswith="Ny typ").count() == 3


def test_two_csv_imports_of_one_file_at_once_store_it_once(concurrent_db):
    municipality = Municipality.objects.create(code="1384", name="Kungsbacka", slug="kungsbacka")
    source = create_report_source(municipality, "Felanmälan", Source.Kind.MUNICIPAL_REPORTS)
    ReportColumns.objects.create(
        source=source, id_column="Id", date_column="Datum", type_column="Typ", area_column="Omr"
    )
    AreaFactory(municipality=municipality, name="Centrum", code="C1")
    lines = "".join(f"R{number};2025-03-01;Ny typ {number % 3};C1\n" for number in range(40))
    content = ("Id;Datum;Typ;Omr\n" + lines).encode()

    results = at_once(lambda: import_reports(source, content))

    assert [type(result).__name__ for result in results] == ["ReportImportResult"] * 2
    assert sorted(result.imported for result in results) == [0, 40]
    assert Incident.objects.filter(source=source).count() == 40
    assert TypeMapping.objects.filter(source=source).count() == 3


def test_a_double_click_on_import_starts_one_job(concurrent_db):
    municipality = Municipality.objects.create(code="1384", name="Kungsbacka", slug="kungsbacka")
    AreaFactory(municipality=municipality, name="Centrum", code="C1")
    source = create_report_source(municipality, "Felanmälan", Source.Kind.MUNICIPAL_REPORTS)
    coordinator = member(municipality, Role.COORDINATOR)
    run = add_import_file(
        SimpleUploadedFile("f.csv", b"Id;Datum;Typ;Omr\nR1;2025-03-01;Klotter;C1\n"),
        source=source,
        dry_run=False,
        started_by=coordinator,
    )
    target = reverse("situation:columns", kwargs={"municipality": "1384", "pk": run.pk})
    mapping = {
        "date_column": "Datum",
        "type_column": "Typ",
        "area_column": "Omr",
        "id_column": "Id",
    }

    def click():
        client = Client()
        client.force_login(coordinator)
        return client.post(target, mapping).status_code

    assert at_once(click) == [302, 302]
    assert Job.objects.of(import_report_file, run).count() == 1


@pytest.fixture
def short_busy_timeout(concurrent_db):
    """SQLite's busy timeout cut to a second, so that a test can outlast it."""
    options = connection.settings_dict["OPTIONS"]
    before = dict(options)
    if connection.vendor == "sqlite":
        options["timeout"] = 1
        connection.close()
    yield
    connection.close()
    options.clear()
    options.update(before)


def test_an_import_waits_for_another_writer_longer_than_a_request_would(
    short_busy_timeout, municipalities
):
    # Another import holds the write lock (SQLite) or the source's lock (PostgreSQL)
    # for three seconds, three times SQLite's busy timeout here.
    holding = threading.Event()

    def hold():
        try:
            with import_transaction():
                lock_source(police_events_source().pk)
                holding.set()
                time.sleep(3)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold)
    holder.start()
    assert holding.wait(10)
    try:
        result = import_police_events(json_lines([event(id=1), event(id=2)]))
    finally:
        holder.join()

    assert result.imported == 2
    assert Incident.objects.count() == 2
