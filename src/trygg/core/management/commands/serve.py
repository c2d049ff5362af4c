"""``trygg serve``: Trygg in production, under gunicorn with several worker processes.

Before the server starts, the database is brought up to date (``migrate``, the cache
table) and the static files are collected into ``STATIC_ROOT`` with hashed names
(whitenoise's compressed manifest storage serves them, with far-future caching),
so that a new release is one command. Then gunicorn starts, with Trygg's background
worker beside it (``trygg worker``, see :mod:`trygg.background.supervisor`): this
process stays as their parent and passes signals on, as systemd or a container
runtime sends them. ``kill -HUP`` reloads gunicorn's workers one by one and restarts
the background worker; ``kill -TERM`` stops after the requests and the task under
way. With ``--no-worker`` (the background worker runs as a service of its own) this
process becomes gunicorn's master instead (``exec``). Settings are in
:mod:`trygg.gunicorn_conf`, from ``TRYGG_BIND``, ``TRYGG_WEB_WORKERS`` and the other
``TRYGG_WEB_*`` variables; ``--bind`` and ``--workers`` override them.
"""

import os
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections
from django.utils.translation import gettext as _

from trygg.background.supervisor import run_beside_worker, worker_argv

GUNICORN_CONFIG = "python:trygg.gunicorn_conf"
APPLICATION = "trygg.wsgi:application"


def gunicorn_argv(bind: list[str] | None = None, workers: int | None = None) -> list[str]:
    """The command line that runs Trygg's WSGI app under gunicorn with Trygg's settings."""
    argv = [sys.executable, "-m", "gunicorn", "--config", GUNICORN_CONFIG]
    for address in bind or ():
        argv += ["--bind", address]
    if workers is not None:
        argv += ["--workers", str(workers)]
    return [*argv, APPLICATION]


def prepare(verbosity: int = 1) -> None:
    """Everything the server needs before its first request, each step idempotent.

    Migrations (a no-op when there are none), the database cache's table, the
    collected static files (unchanged files are not copied again), and Django's
    deployment checks, which print what is unsafe and stop the start on an error.
    """
    call_command("check", deploy=True, fail_level="ERROR", verbosity=verbosity)
    call_command("migrate", interactive=False, verbosity=verbosity)
    call_command("createcachetable", verbosity=verbosity)
    call_command("collectstatic", interactive=False, verbosity=min(verbosity, 1))


class Command(BaseCommand):
    help = "Migrate, collect the static files and run Trygg under gunicorn (production)."
    # The deployment checks are run by prepare(), with --deploy.
    requires_system_checks = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--bind",
            action="append",
            metavar="ADDRESS",
            help="where to listen, e.g. 127.0.0.1:8000 or unix:/run/trygg.sock "
            "(repeatable; default TRYGG_BIND or 127.0.0.1:8000)",
        )
        parser.add_argument(
            "--workers",
            type=int,
            help="worker processes (default TRYGG_WEB_WORKERS or 2 × CPUs + 1)",
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="start no background worker (one runs elsewhere, e.g. as its own service)",
        )
        parser.add_argument(
            "--no-prepare",
            action="store_true",
            help="skip migrate and collectstatic (a deployment step already did them)",
        )

    def handle(
        self,
        *args,
        bind=None,
        workers=None,
        no_worker=False,
        no_prepare=False,
        verbosity=1,
        **options,
    ):
        if workers is not None and workers < 1:
            raise CommandError(_("--workers must be at least 1."))
        if settings.DEBUG:
            self.stderr.write(
                _("TRYGG_DEBUG is on: fine for trying the server out, never for production.")
            )
        if not no_prepare:
            prepare(verbosity)
        argv = gunicorn_argv(bind, workers)
        self.stdout.write(_("Starting gunicorn: %(command)s") % {"command": " ".join(argv[1:])})
        self.stdout.flush()
        sys.stderr.flush()
        # Its database connections would leak into gunicorn as open files.
        connections.close_all()
        if no_worker:
            os.execv(argv[0], argv)
        sys.exit(run_beside_worker(argv, worker_argv()))
