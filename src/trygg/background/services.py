"""Starting background jobs and running them: the only way Trygg puts work on the queue.

The queue is in the database (django-tasks-db), so a job is enqueued in the caller's
transaction: the job's row and the task's row are committed with the change that
called for them, or not at all, and no worker can pick the task up before the change
is visible. ``enqueue(..., coalesce=True)`` adds nothing when a job of the same task
about the same subject is still waiting: that job has not read anything yet, so it
will see this change too. Many residents answering a minute thus cost one
recomputation of the results, not one per answer.

A task that runs a job takes the job's id and wraps its work in ``running``, which
marks the job started and finished, switches to the language of whoever started it,
stores its progress and its outcome. A ``DomainError`` (the work was refused, for a
reason the person can act on) ends the job as failed with the error's message; any
other exception fails it with a general message and is raised again, so that the
task's own result keeps the traceback.
"""

import datetime
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import load_backend
from django.tasks import Task
from django.utils import timezone, translation
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _

from trygg.core.errors import DomainError

from .models import Job

# Progress is written at most this often (seconds), besides every new step.
PROGRESS_INTERVAL = 0.5

# Tasks that run again and again while a worker runs, by module path: (task, interval).
PERIODIC: dict[str, tuple[Task, datetime.timedelta]] = {}


def enqueue(
    task: Task,
    subject: models.Model | None = None,
    *,
    started_by: AbstractBaseUser | None = None,
    run_after: datetime.datetime | None = None,
    coalesce: bool = False,
) -> Job:
    """Queue a job of ``task`` about ``subject``; the task is called with the job's id.

    With ``coalesce`` a job of the same task and subject that is still waiting is
    returned instead of a new one. The job's messages will be in the active language.
    """
    with transaction.atomic():
        if coalesce:
            # Locked: the worker marks a job running under the same lock, so the job
            # found here cannot start (and read) before this transaction commits.
            waiting = Job.objects.of(task, subject).queued().select_for_update().first()
            if waiting is not None:
                return waiting
        job = Job.objects.create(
            kind=task.module_path,
            content_type=ContentType.objects.get_for_model(subject) if subject else None,
            object_id=subject.pk if subject else None,
            started_by=started_by if started_by and started_by.is_authenticated else None,
            language=translation.get_language() or "sv",
        )
        if run_after is not None:
            task = task.using(run_after=run_after)
        job.task_id = task.enqueue(str(job.pk)).id
        job.save(update_fields=["task_id"])
    return job


def every(interval: datetime.timedelta) -> Callable[[Task], Task]:
    """Make a task (of a job about nothing in particular) run every ``interval``.

    The worker queues one job of each such task when it starts (``schedule_periodic``);
    each job, when it ends, queues the next one ``interval`` later.
    """

    def register(task: Task) -> Task:
        PERIODIC[task.module_path] = (task, interval)
        return task

    return register


def schedule_periodic() -> list[Job]:
    """Make sure every periodic task has a job waiting; run by the worker as it starts."""
    autodiscover_modules("tasks")
    return [enqueue(task, coalesce=True) for task, _interval in PERIODIC.values()]


class JobProgress:
    """A running job's ``Progress``: stored where the job's page reads it.

    Work that reports its progress inside a long transaction (an import that must
    store all or nothing) would have it seen only at commit. On PostgreSQL the
    progress is therefore written on a connection of its own, in autocommit, so the
    job's page follows the work while it runs. SQLite has one write lock, which the
    work's transaction holds: there the progress is written on the work's own
    connection, and work that wants it seen reports it outside its transaction (as
    ``situation.services.import_police_events`` does). ``interval`` is the least
    time between two writes of one step.
    """

    def __init__(self, job: Job, *, interval: float = PROGRESS_INTERVAL):
        self.job = job
        self.interval = interval
        self._written_at = 0.0
        self._own_connection: BaseDatabaseWrapper | None = None

    def __call__(self, step: str, done: int, total: int) -> None:
        now = time.monotonic()
        if step == self.job.step and done < total and now - self._written_at < self.interval:
            return
        self.job.step, self.job.done, self.job.total = step, done, total
        # Each write is also the job's sign of life (``housekeeping.fail_silent_jobs``).
        alive_at = timezone.now()
        if not self._written_on_own_connection(step, done, total, alive_at):
            Job.objects.filter(pk=self.job.pk).update(
                step=step, done=done, total=total, alive_at=alive_at
            )
        self._written_at = now

    def _written_on_own_connection(
        self, step: str, done: int, total: int, alive_at: datetime.datetime
    ) -> bool:
        if connection.vendor != "postgresql" or not connection.in_atomic_block:
            return False
        if self._own_connection is None:
            settings_dict = {**connection.settings_dict}
            backend = load_backend(settings_dict["ENGINE"])
            self._own_connection = backend.DatabaseWrapper(
                settings_dict, alias=f"{connection.alias}-job-progress"
            )
        table = connection.ops.quote_name(Job._meta.db_table)
        with self._own_connection.cursor() as cursor:
            # SKIP LOCKED: the row may be locked (or not yet committed) by the work's
            # own transaction, which is then the only one that can write it; waiting
            # for it would wait for ever.
            cursor.execute(
                f"UPDATE {table} SET step = %s, done = %s, total = %s, alive_at = %s "
                f"WHERE id = (SELECT id FROM {table} WHERE id = %s FOR UPDATE SKIP LOCKED)",
                [step, done, total, alive_at, self.job.pk],
            )
            return cursor.rowcount == 1

    def close(self) -> None:
        """Close the connection of its own, if it opened one."""
        if self._own_connection is not None:
            self._own_connection.close()
            self._own_connection = None


class RunningJob:
    """What a task sees of its job while ``running``: the subject, progress, the outcome."""

    def __init__(self, job: Job):
        self.job = job
        self.progress = JobProgress(job)
        self.message = ""

    @property
    def subject(self) -> models.Model | None:
        return self.job.subject

    def succeed(self, message: str) -> None:
        """Say what the job did, for its page."""
        self.message = message


@contextmanager
def running(job_id: str) -> Iterator[RunningJob]:
    """Run the body as job ``job_id``: its status, language, progress and outcome."""
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        job.status, job.started_at = Job.Status.RUNNING, timezone.now()
        job.alive_at = job.started_at
        job.save(update_fields=["status", "started_at", "alive_at"])
    run = RunningJob(job)
    with translation.override(job.language):
        try:
            yield run
        except DomainError as error:
            _finish(job, Job.Status.FAILED, error.message)
        except BaseException:
            _finish(
                job,
                Job.Status.FAILED,
                _("Something went wrong and the work was not finished. Try again later."),
            )
            raise
        else:
            _finish(job, Job.Status.SUCCEEDED, run.message)
        finally:
            run.progress.close()
            if job.kind in PERIODIC:
                task, interval = PERIODIC[job.kind]
                enqueue(task, run_after=timezone.now() + interval, coalesce=True)


def _finish(job: Job, status: str, message: str) -> None:
    job.status, job.message, job.finished_at = status, message, timezone.now()
    job.save(update_fields=["status", "message", "finished_at"])
