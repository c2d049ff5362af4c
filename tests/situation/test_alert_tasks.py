"""The alerts' recompute as a background job, queued by an import that added incidents."""

import datetime as dt
import json

import pytest
from django.core.files.base import ContentFile

from tests.factories import MunicipalityFactory
from trygg.background.models import Job
from trygg.background.services import enqueue
from trygg.situation.models import Alert, AlertComputation, ImportRun
from trygg.situation.tasks import alerts_after_import, import_events, recompute_alerts

from .planting import outbreak_counts

pytestmark = pytest.mark.django_db

MONTHS = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
LAST_MONDAY = dt.date(2026, 3, 16)


def assault_events(counts) -> bytes:
    """The police's open events: ``counts[i]`` assaults in Varberg on week ``i``'s Wednesday."""
    start = LAST_MONDAY - dt.timedelta(weeks=len(counts) - 1)
    lines = []
    for week, count in enumerate(counts):
        day = start + dt.timedelta(weeks=week, days=2)
        month = MONTHS[day.month - 1]
        for n in range(int(count)):
            lines.append(
                {
                    "id": 500000 + len(lines),
                    "datetime": f"{day.isoformat()} 14:{n:02d}:00 +01:00",
                    "name": f"{day.day:02d} {month} 12.{n:02d}, Misshandel, Varberg",
                    "summary": "En person har misshandlats.",
                    "url": "/aktuellt/handelser/",
                    "type": "Misshandel",
                    "location": {"name": "Varberg", "gps": "57.10,12.25"},
                }
            )
    return "\n".join(json.dumps(line, ensure_ascii=False) for line in lines).encode()


@pytest.fixture
def varberg(db):
    return MunicipalityFactory(code="1383", name="Varberg", slug="varberg", county_code="13")


def import_run(content: bytes, *, dry_run: bool = False) -> ImportRun:
    run = ImportRun(source_kind="police_events", file_name="händelser.jsonl", dry_run=dry_run)
    run.file.save("events.jsonl", ContentFile(content), save=True)
    return run


def test_an_import_that_adds_incidents_queues_the_recompute_and_the_worker_raises_the_alert(
    varberg, run_tasks
):
    run = import_run(assault_events(outbreak_counts()))
    enqueue(import_events, run)

    run_tasks()

    recompute = Job.objects.of(recompute_alerts).get()
    assert recompute.status == Job.Status.SUCCEEDED, recompute.message
    assert recompute.message.startswith("Larm: ")
    alert = Alert.objects.get(municipality=varberg, iso_year=2026, iso_week=12)
    assert alert.observed == 15
    assert alert.category.key == "violence"
    assert AlertComputation.objects.get(municipality=varberg).data_until == LAST_MONDAY


def test_a_dry_run_or_an_import_of_nothing_new_queues_no_recompute(varberg, run_tasks):
    content = assault_events([1, 2, 1])
    enqueue(import_events, import_run(content, dry_run=True))
    run_tasks()
    assert not Job.objects.of(recompute_alerts).exists()

    enqueue(import_events, import_run(content))
    run_tasks()
    Job.objects.of(recompute_alerts).delete()
    enqueue(import_events, import_run(content))
    run_tasks()

    assert not Job.objects.of(recompute_alerts).exists()


def test_a_municipal_import_recomputes_its_municipality_and_a_waiting_job_takes_both(varberg):
    first = alerts_after_import(varberg)
    second = alerts_after_import(varberg)
    national = alerts_after_import(None)

    assert first == second
    assert first.subject == varberg
    assert national != first and national.subject is None
