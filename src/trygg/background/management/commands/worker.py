"""``trygg worker``: the background worker, django-tasks-db's ``db_worker`` for Trygg.

It runs the jobs on the queue (results snapshots, weighting, the hourly purge) and,
as it starts, queues the periodic jobs that are not waiting already. Every option of
``db_worker`` applies (``--batch`` runs what is queued and stops). ``trygg serve`` and
``make demo`` start one beside the web server (``background.supervisor``); a server
whose web processes run elsewhere runs it as a service of its own.

Before it takes a task it fails the jobs that an earlier run under the same
``--worker-id`` left running: that run was killed, and nobody runs them any more.
``trygg serve`` restarts its worker under the same id; a worker run as a service of
its own should be given a fixed ``--worker-id`` (one per worker) for the same effect.
Jobs of a worker that never comes back are failed by the hourly ``tidy`` job.
"""

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorker

from trygg.background.housekeeping import fail_jobs_of_worker
from trygg.background.services import schedule_periodic


class Command(DatabaseWorker):
    help = "Run Trygg's background worker: the queued jobs, and the periodic ones."

    def handle(self, *args, **options) -> None:
        # First: a periodic job failed here is queued again by schedule_periodic.
        fail_jobs_of_worker(options["worker_id"])
        schedule_periodic()
        super().handle(*args, **options)
