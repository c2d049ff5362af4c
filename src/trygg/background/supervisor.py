"""A web server and the background worker as one service: started, restarted, stopped together.

``run_beside_worker`` starts both as child processes, each in a process group of its
own, so that a Ctrl-C in the terminal reaches this process only and each child hears
a signal exactly once (the worker takes a second SIGINT as "stop the task now"). It
forwards SIGTERM, SIGINT and SIGQUIT to both; SIGHUP reloads both, as it reloads
gunicorn's workers: gunicorn gets it, and the worker is stopped gracefully and
started anew with the new code. A worker that dies is started again after a pause
that grows with each quick death; when the server ends, the worker is stopped (and
killed if it has not finished its task within ``STOP_TIMEOUT``) and this process
exits with the server's exit code.
"""

import contextlib
import logging
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence

logger = logging.getLogger(__name__)

# Seconds a worker has to finish its current task when asked to stop; gunicorn's
# graceful timeout is as long.
STOP_TIMEOUT = 30
# A worker that lived at least this long (seconds) was not dying at once: restart it
# without waiting; otherwise wait 1, 2, 4, ... up to MAX_RESTART_DELAY seconds.
HEALTHY_LIFETIME = 60
MAX_RESTART_DELAY = 30
POLL_INTERVAL = 0.2


class _Supervisor:
    def __init__(self, server_argv: Sequence[str], worker_argv: Sequence[str]):
        self.server_argv, self.worker_argv = list(server_argv), list(worker_argv)
        self.received: list[int] = []
        self.shutting_down = False
        self.quick_deaths = 0

    def start(self, argv: list[str]) -> subprocess.Popen:
        return subprocess.Popen(argv, process_group=0)

    def on_signal(self, signum: int, frame) -> None:
        self.received.append(signum)

    def run(self) -> int:
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGQUIT, signal.SIGHUP):
            signal.signal(signum, self.on_signal)
        server = self.start(self.server_argv)
        worker = self.start(self.worker_argv)
        started_at = time.monotonic()
        restart_at: float | None = None
        try:
            while server.poll() is None:
                while self.received:
                    signum = self.received.pop(0)
                    if signum == signal.SIGHUP and not self.shutting_down:
                        _signal(server, signal.SIGHUP)
                        _stop(worker)
                        worker, started_at = self.start(self.worker_argv), time.monotonic()
                    else:
                        # Passed on as received: a second Ctrl-C stops the task at once.
                        self.shutting_down = True
                        _signal(server, signum)
                        _signal(worker, signum)
                if worker.poll() is not None and not self.shutting_down:
                    if restart_at is None:
                        restart_at = self.restart_time(started_at, worker.returncode)
                    elif time.monotonic() >= restart_at:
                        worker, started_at = self.start(self.worker_argv), time.monotonic()
                        restart_at = None
                time.sleep(POLL_INTERVAL)
            return server.returncode
        finally:
            _stop(worker, asked=self.shutting_down)
            _stop(server, asked=self.shutting_down)

    def restart_time(self, started_at: float, returncode: int) -> float:
        now = time.monotonic()
        self.quick_deaths = 0 if now - started_at >= HEALTHY_LIFETIME else self.quick_deaths + 1
        delay = min(MAX_RESTART_DELAY, 2 ** (self.quick_deaths - 1)) if self.quick_deaths else 0
        logger.warning(
            "The background worker stopped (exit code %s); starting it again in %d s.",
            returncode,
            delay,
        )
        return now + delay


def _signal(process: subprocess.Popen, signum: int) -> None:
    if process.poll() is None:
        # The whole group: runserver's autoreloader runs the server in a child. It may
        # have ended since it was polled.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signum)


def _stop(process: subprocess.Popen, *, asked: bool = False) -> None:
    """Stop ``process`` (and its group): asked once, killed if it takes too long.

    ``asked``: it has been sent its signal already; a second would cut its task short.
    """
    if process.poll() is not None:
        return
    if not asked:
        _signal(process, signal.SIGTERM)
    try:
        process.wait(STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        _signal(process, signal.SIGKILL)
        process.wait()


def run_beside_worker(server_argv: Sequence[str], worker_argv: Sequence[str]) -> int:
    """Run ``server_argv`` and ``worker_argv`` together until the server ends; its exit code."""
    return _Supervisor(server_argv, worker_argv).run()


def worker_argv(*options: str) -> list[str]:
    """The command line of Trygg's background worker, in this Python.

    The worker id is made here, once per supervisor: every worker it starts (again)
    runs under it, so that a worker started after one was killed fails the jobs the
    killed one left running. No two supervisors share an id.
    """
    worker_id = f"{socket.gethostname()[:30]}-{os.getpid()}-{secrets.token_hex(4)}"
    # No autoreloading: the supervisor restarts the worker on SIGHUP, and a reloader
    # would stop a task half-way whenever a file changed.
    return [
        sys.executable,
        "-m",
        "trygg",
        "worker",
        "--no-reload",
        "--worker-id",
        worker_id,
        *options,
    ]
