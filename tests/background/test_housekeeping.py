"""Keeping the queue tidy: old finished jobs deleted, jobs that lost their worker failed."""

import datetime
import io
import signal

import pytest
from django.core.management import call_command
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from tests.conftest import WORKER_SIGNALS
from trygg.background import supervisor
from trygg.background.housekeeping import (
    SILENCE_LIMIT,
    fail_jobs_of_worker,
    fail_silent_jobs,
    tidy_queue,
)
from trygg.background.models import Job
from trygg.background.services import enqueue, running, schedule_periodic
from trygg.background.tasks import tidy
from trygg.dialogue.tasks import purge_expired

pytestmark = pytest.mark.django_db

LOST = (
    "Arbetet avbröts: bakgrundsprocessen som körde det stannade innan det var klart. "
    "Starta det igen."
)


def days_ago(days: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def finished_job(days: float, status=Job.Status.SUCCEEDED) -> Job:
    """A job (and its task's result) that ended ``days`` ago."""
    job = enqueue(purge_expired)
    Job.objects.filter(pk=job.pk).update(status=status, finished_at=days_ago(days))
    DBTaskResult.objects.filter(pk=job.task_id).update(
        status="SUCCESSFUL" if status == Job.Status.SUCCEEDED else "FAILED",
        finished_at=days_ago(days),
    )
    return job


def running_job(*, alive_minutes_ago: float, worker_id: str = "worker-1") -> Job:
    """A job a worker claimed and started, last heard of ``alive_minutes_ago``."""
    job = enqueue(purge_expired)
    DBTaskResult.objects.get(pk=job.task_id).claim(worker_id)
    alive = timezone.now() - datetime.timedelta(minutes=alive_minutes_ago)
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING, started_at=alive, alive_at=alive
    )
    return job


def test_finished_jobs_older_than_the_retention_are_deleted_with_their_results(settings):
    settings.TRYGG_JOB_RETENTION_DAYS = 30
    old, old_failed = finished_job(31), finished_job(45, Job.Status.FAILED)
    recent = finished_job(29)
    waiting = enqueue(purge_expired)
    Job.objects.filter(pk=waiting.pk).update(created_at=days_ago(60))

    tidied = tidy_queue()

    assert set(Job.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}
    results = {str(pk) for pk in DBTaskResult.objects.values_list("pk", flat=True)}
    assert results == {recent.task_id, waiting.task_id}
    assert (tidied.jobs_deleted, tidied.results_deleted) == (2, 2)
    assert not Job.objects.filter(pk__in=[old.pk, old_failed.pk]).exists()


def test_the_retention_is_a_setting(settings):
    finished_job(8)
    settings.TRYGG_JOB_RETENTION_DAYS = 7

    assert tidy_queue().jobs_deleted == 1


def test_a_running_job_silent_for_over_an_hour_is_failed_and_a_live_one_kept():
    with translation.override("en"):
        silent = running_job(alive_minutes_ago=61)
    alive = running_job(alive_minutes_ago=5)

    assert fail_silent_jobs() == 1

    silent.refresh_from_db()
    alive.refresh_from_db()
    # In the language of whoever started it, with what to do about it.
    assert silent.status == Job.Status.FAILED
    assert silent.message.startswith("The work was interrupted")
    assert silent.finished_at is not None
    assert DBTaskResult.objects.get(pk=silent.task_id).status == "FAILED"
    assert alive.status == Job.Status.RUNNING
    assert DBTaskResult.objects.get(pk=alive.task_id).status == "RUNNING"


def test_a_lost_periodic_job_gets_its_successor_queued():
    running_job(alive_minutes_ago=120)
    assert not Job.objects.of(purge_expired).queued().exists()

    tidy_queue()

    assert Job.objects.of(purge_expired).queued().count() == 1


def test_progress_and_starting_are_signs_of_life():
    job = enqueue(purge_expired)
    with running(str(job.pk)) as run:
        job.refresh_from_db()
        assert job.alive_at == job.started_at
        Job.objects.filter(pk=job.pk).update(alive_at=days_ago(1))
        run.progress("Raderar", 1, 2)
        job.refresh_from_db()
        assert timezone.now() - job.alive_at < datetime.timedelta(minutes=1)
        # Long silence is measured from the last write, so the job is not failed.
        assert fail_silent_jobs(now=timezone.now() + SILENCE_LIMIT / 2) == 0


def test_a_worker_starting_again_fails_what_its_earlier_run_left_running():
    left = running_job(alive_minutes_ago=1, worker_id="host-1-abc")
    elsewhere = running_job(alive_minutes_ago=1, worker_id="host-2-def")

    assert fail_jobs_of_worker("host-1-abc") == 1

    left.refresh_from_db()
    elsewhere.refresh_from_db()
    assert (left.status, left.message) == (Job.Status.FAILED, LOST)
    assert DBTaskResult.objects.get(pk=left.task_id).status == "FAILED"
    assert elsewhere.status == Job.Status.RUNNING


def test_the_worker_command_fails_its_ids_lost_jobs_before_working(run_tasks, monkeypatch):
    """``trygg worker --worker-id`` as the supervisor starts it again after a crash."""
    left = running_job(alive_minutes_ago=1, worker_id="host-1-abc")
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    handlers = {signum: signal.getsignal(signum) for signum in WORKER_SIGNALS}
    try:
        call_command(
            "worker",
            batch=True,
            reload=False,
            startup_delay=False,
            worker_id="host-1-abc",
            verbosity=0,
            stdout=io.StringIO(),
        )
    finally:
        for signum, handler in handlers.items():
            signal.signal(signum, handler)

    left.refresh_from_db()
    assert left.message == LOST
    # The purge it was running is running again: the worker queued a new one and ran it.
    assert Job.objects.of(purge_expired).filter(status=Job.Status.SUCCEEDED).exists()


def test_the_housekeeping_runs_every_hour_beside_the_purge(run_tasks):
    schedule_periodic()
    assert Job.objects.of(tidy).queued().count() == 1

    run_tasks()

    done = Job.objects.of(tidy).get(status=Job.Status.SUCCEEDED)
    assert done.message.startswith("Raderade avslutade jobb: 0;")
    [next_one] = Job.objects.of(tidy).queued()
    run_after = DBTaskResult.objects.get(pk=next_one.task_id).run_after
    assert run_after - timezone.now() > datetime.timedelta(minutes=59)


def test_each_supervisor_runs_its_workers_under_an_id_of_its_own():
    first, second = supervisor.worker_argv(), supervisor.worker_argv()

    worker_id = first[first.index("--worker-id") + 1]
    assert 0 < len(worker_id) <= 64
    assert worker_id != second[second.index("--worker-id") + 1]
