"""``trygg worker``: the background worker, django-tasks-db's ``db_worker`` for Trygg.

It runs the jobs on the queue (results snapshots, weighting, the hourly purge) and,
as it starts, queues the periodic jobs that are not waiting already. Every option of
``db_worker`` applies (``--batch`` runs what is queued and stops). ``trygg serve`` and
``make demo`` start one beside the web server (``background.supervisor``); a server
whose web processes run elsewhere runs it as a service of its own.
"""

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorker

from trygg.background.services import schedule_periodic


class Command(DatabaseWorker):
    help = "Run Trygg's background worker: the queued jobs, and the periodic ones."

    def handle(self, *args, **options) -> None:
        schedule_periodic()
        super().handle(*args, **options)
