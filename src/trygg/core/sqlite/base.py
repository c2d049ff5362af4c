"""Django's SQLite backend with a queue for writers: the embedded database under load.

SQLite has one write lock per database. With ``transaction_mode`` IMMEDIATE every
``atomic()`` block takes it at ``BEGIN``, so a transaction never fails half-way for
want of it; a writer that finds it taken waits in SQLite's busy handler. That handler
does not queue: it sleeps and retries, with sleeps growing to 100 ms, so whoever
tries at the right moment wins and an unlucky request can lose again and again. With
20 residents sending at once in one server process (runserver's threads, a gunicorn
worker's), some requests waited out the whole busy timeout while others passed them,
and failed with "database is locked" (500), sometimes after another request of the
same resident had already stored their answers.

Here the transactions of one process queue for the write lock on a lock of their own,
which wakes the next writer as soon as the last one commits, before they ask SQLite;
only one writer per process then contends for SQLite's lock with the other processes'
writers, so the busy handler's unfairness spans a few processes, not every thread.
The lock is released at ``COMMIT``, ``ROLLBACK`` or when the connection closes. An
in-memory database (the test suite's) is left as Django has it: its connection is
shared between threads and has no other process to wait for.
"""

import threading
import time

from django.db.backends.sqlite3 import base
from django.db.utils import OperationalError

# One queue per database file, shared by every connection of this process.
_queues: dict[str, threading.Lock] = {}
_queues_guard = threading.Lock()


def _queue_for(name: str) -> threading.Lock:
    with _queues_guard:
        return _queues.setdefault(name, threading.Lock())


class DatabaseWrapper(base.DatabaseWrapper):
    _queued: threading.Lock | None = None

    def _start_transaction_under_autocommit(self):
        if self.is_in_memory_db():
            return super()._start_transaction_under_autocommit()
        queue = _queue_for(str(self.settings_dict["NAME"]))
        waited = time.monotonic()
        if not queue.acquire(timeout=self.queue_timeout()):
            raise OperationalError(
                f"database is locked: no write turn within {time.monotonic() - waited:.0f} s"
            )
        self._queued = queue
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._leave_queue()
            raise

    def queue_timeout(self) -> float:
        """As long as SQLite's own busy timeout: a writer waits that long in all."""
        return float(self.settings_dict["OPTIONS"].get("timeout", 5.0))

    def _leave_queue(self) -> None:
        queue, self._queued = self._queued, None
        if queue is not None:
            queue.release()

    def _commit(self):
        try:
            return super()._commit()
        finally:
            if not self._in_transaction():
                self._leave_queue()

    def _rollback(self):
        try:
            return super()._rollback()
        finally:
            if not self._in_transaction():
                self._leave_queue()

    def _close(self):
        try:
            return super()._close()
        finally:
            self._leave_queue()

    def _in_transaction(self) -> bool:
        # A COMMIT that failed (SQLITE_BUSY on a checkpoint, say) leaves the transaction
        # open for the ROLLBACK that follows; the turn is kept until then.
        return self.connection is not None and self.connection.in_transaction
