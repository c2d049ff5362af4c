"""An import's progress is seen from another connection while it runs; its incidents at the end.

A staff page reads the job on a connection of its own, so these tests read it from a
thread of their own (its own connection) each time the import reports how far it has
come: on PostgreSQL that is inside the import's transaction, on SQLite while the file
is read, before the incidents are stored.
"""

import gzip
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections

from trygg.background.models import Job
from trygg.background.services import JobProgress
from trygg.core.errors import ImportProblem
from trygg.situation.models import Incident
from trygg.situation.services import import_police_events

from .conftest import event_lines, write

# Enough events for several batches on either database (5,000 rows on PostgreSQL).
EVENTS = 16_000


def in_another_connection(read):
    """What ``read`` returns on a connection that is not the import's."""

    def run():
        try:
            return read()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


def job_and_incidents(job: Job) -> tuple[tuple[str, int, int], int]:
    return (
        Job.objects.values_list("step", "done", "total").get(pk=job.pk),
        Incident.objects.count(),
    )


def watched(job: Job, seen: list):
    """The job's ``Progress``, followed by a look from another connection each call."""
    job_progress = JobProgress(job, interval=0)

    def progress(step: str, done: int, total: int) -> None:
        job_progress(step, done, total)
        if 0 < done < total:
            seen.append(in_another_connection(lambda: job_and_incidents(job)))

    return job_progress, progress


@pytest.fixture
def running_job(concurrent_db, municipalities) -> Job:
    return Job.objects.create(
        kind="trygg.situation.tasks.import_events", language="sv", status=Job.Status.RUNNING
    )


@pytest.mark.django_db(transaction=True)
def test_another_connection_sees_the_progress_but_no_incident_while_the_import_runs(
    running_job, tmp_path
):
    path = write(tmp_path, b"".join(event_lines(EVENTS)), gz=True)
    seen = []
    job_progress, progress = watched(running_job, seen)

    result = import_police_events(path, progress=progress)
    job_progress.close()

    size = path.stat().st_size
    assert len(seen) >= 2
    assert {step for (step, _done, _total), _incidents in seen} == {"Importerar polisens händelser"}
    dones = [done for (_step, done, _total), _incidents in seen]
    assert dones == sorted(dones) and 0 < dones[0] < dones[-1] < size
    assert {total for (_step, _done, total), _incidents in seen} == {size}
    # Half an import is never visible: the incidents appear all at once, at the end.
    assert {incidents for _job, incidents in seen} == {0}
    assert in_another_connection(lambda: job_and_incidents(running_job)) == (
        ("Importerar polisens händelser", size, size),
        result.imported,
    )
    assert result.imported > 12_000


@pytest.mark.django_db(transaction=True)
def test_a_file_found_broken_half_way_was_followed_and_leaves_no_incident(running_job, tmp_path):
    compressed = gzip.compress(b"".join(event_lines(EVENTS)))
    path = write(tmp_path, compressed[: len(compressed) * 4 // 5], "broken.jsonl.gz")
    seen = []
    job_progress, progress = watched(running_job, seen)

    with pytest.raises(ImportProblem, match="Inget importerades"):
        import_police_events(path, progress=progress)
    job_progress.close()

    assert seen and {incidents for _job, incidents in seen} == {0}
    assert in_another_connection(Incident.objects.count) == 0
    assert not Incident.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_another_connection_can_write_while_the_file_is_read(running_job, tmp_path):
    # On SQLite the import holds the one write lock only while it stores the rows:
    # a resident's answer sent while the file is read goes in at once (held up, it
    # would wait for the busy timeout and fail).
    path = write(tmp_path, b"".join(event_lines(EVENTS)), gz=True)
    written = []

    def progress(step: str, done: int, total: int) -> None:
        if 0 < done < total and not written:
            written.append(
                in_another_connection(
                    lambda: Job.objects.create(kind="trygg.elsewhere", language="sv").pk
                )
            )

    result = import_police_events(path, progress=progress)

    assert len(written) == 1
    assert Job.objects.filter(pk=written[0], kind="trygg.elsewhere").exists()
    assert Incident.objects.count() == result.imported > 12_000
