"""Keeping the queue tidy: finished jobs go after a while, jobs that lost their worker fail.

A job's rows (``Job`` and django-tasks-db's ``DBTaskResult``) are kept for
``TRYGG_JOB_RETENTION_DAYS`` after the job ended, long enough for its page to say how
it went and for an operator to read a traceback, and then deleted.

A worker that is killed (SIGKILL, out of memory, its machine gone) leaves its job
marked running for ever, and the job's page would say "running" to whoever waits for
it. Two things end such a job as failed, with a message that asks to start it again:
a worker that starts under the id of one that ran before (``trygg serve`` restarts
its worker under the same id) fails what the earlier run left running, and the
periodic ``tidy_queue`` fails running jobs that have given no sign of life (a start,
a progress write) for ``SILENCE_LIMIT``.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .models import Job
from .progress import Progress, no_progress
from .services import PERIODIC, enqueue

# A job that has written no progress for this long has lost its worker. Every task
# reports progress far more often than this (at least at each step).
SILENCE_LIMIT = datetime.timedelta(hours=1)


def lost_message() -> str:
    """What a job whose worker went away says, in the active language."""
    return _(
        "The work was interrupted: the background worker running it stopped before "
        "it was finished. Start it again."
    )


@dataclass(frozen=True)
class Tidied:
    jobs_deleted: int
    results_deleted: int
    jobs_failed: int

    def summary(self) -> str:
        return _(
            "Finished jobs deleted: %(jobs)d; task results deleted: %(results)d; "
            "interrupted jobs marked failed: %(failed)d."
        ) % {
            "jobs": self.jobs_deleted,
            "results": self.results_deleted,
            "failed": self.jobs_failed,
        }


def tidy_queue(*, now: datetime.datetime | None = None, progress: Progress = no_progress) -> Tidied:
    """Fail the silent running jobs, then delete what finished before the retention."""
    now = now or timezone.now()
    step = _("Tidying the job queue")
    progress(step, 0, 3)
    failed = fail_silent_jobs(now=now)
    progress(step, 1, 3)
    cutoff = now - datetime.timedelta(days=settings.TRYGG_JOB_RETENTION_DAYS)
    jobs, _kinds = Job.objects.finished().filter(finished_at__lt=cutoff).delete()
    progress(step, 2, 3)
    results, _kinds = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    progress(step, 3, 3)
    return Tidied(jobs_deleted=jobs, results_deleted=results, jobs_failed=failed)


def fail_silent_jobs(*, now: datetime.datetime | None = None) -> int:
    """Fail the running jobs silent for longer than ``SILENCE_LIMIT``; how many."""
    cutoff = (now or timezone.now()) - SILENCE_LIMIT
    silent = Job.objects.filter(status=Job.Status.RUNNING).filter(
        Q(alive_at__lt=cutoff) | Q(alive_at=None, started_at__lt=cutoff)
    )
    return _fail_lost(silent, task_ids=None)


def fail_jobs_of_worker(worker_id: str) -> int:
    """Fail what an earlier run of worker ``worker_id`` left running; how many jobs.

    Run as the worker starts, before it takes a task: whatever the queue says that
    worker id is running, nobody is running any more.
    """
    # The worker that claimed a task last is the one running it. Few tasks are running
    # at a time, and a JSON list's last item is not portably queried in SQL.
    task_ids = [
        str(result.pk)
        for result in DBTaskResult.objects.running().only("pk", "worker_ids")
        if result.worker_ids and result.worker_ids[-1] == worker_id
    ]
    if not task_ids:
        return 0
    return _fail_lost(Job.objects.unfinished().filter(task_id__in=task_ids), task_ids=task_ids)


def _fail_lost(jobs, *, task_ids: Iterable[str] | None) -> int:
    now = timezone.now()
    with transaction.atomic():
        lost = list(jobs.select_for_update())
        for job in lost:
            with translation.override(job.language):
                job.message = lost_message()
            job.status, job.finished_at = Job.Status.FAILED, now
            job.save(update_fields=["status", "message", "finished_at"])
        ids = set(task_ids or ()) | {job.task_id for job in lost if job.task_id}
        # The task's own row would otherwise stay "running" too, and never be pruned.
        DBTaskResult.objects.running().filter(pk__in=ids).update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            exception_class_path="trygg.background.housekeeping.WorkerLost",
            traceback="The worker running this task stopped before it was finished.",
        )
        # A periodic job queues its successor when it ends; one that never ended did
        # not, so its successor is queued here.
        for kind in {job.kind for job in lost} & PERIODIC.keys():
            task, _interval = PERIODIC[kind]
            enqueue(task, coalesce=True)
    return len(lost)
