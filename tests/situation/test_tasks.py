"""The import as a background job: started about an ImportRun, with progress and outcome."""

import pytest
from django.core.files.base import ContentFile

from trygg.background.models import Job
from trygg.background.services import enqueue
from trygg.situation.models import ImportRun, Incident
from trygg.situation.tasks import import_events

from .conftest import event_lines

pytestmark = pytest.mark.django_db


def test_an_import_job_runs_reports_its_progress_and_keeps_the_summary(municipalities, run_tasks):
    run = ImportRun(source_kind="police_events", file_name="händelser.jsonl")
    run.file.save("events.jsonl", ContentFile(b"".join(event_lines(2000))), save=True)
    job = enqueue(import_events, run)

    run_tasks()

    job.refresh_from_db()
    run.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert job.message.startswith(f"Importerade {run.summary['imported']} händelser av 2000")
    assert Incident.objects.count() == run.summary["imported"] > 1000
    assert run.finished_at is not None
    size = run.file.size
    # The progress as the job's page reads it (mid-import: tests/situation/test_progress.py).
    assert (job.step, job.done, job.total) == ("Importerar polisens händelser", size, size)


def test_an_unreadable_file_fails_the_job_with_the_reason(municipalities, run_tasks):
    run = ImportRun(source_kind="police_events", file_name="trasig.json")
    run.file.save("broken.json", ContentFile(b"[1, 2"), save=True)
    job = enqueue(import_events, run)

    run_tasks()

    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "Filen kan inte läsas" in job.message
    assert not Incident.objects.exists()
