"""``trygg with-worker COMMAND ...``: run a ``trygg`` command with the background worker beside it.

For a server that is not ``trygg serve`` (which starts its own worker), above all the
demo's ``trygg with-worker runserver 127.0.0.1:8000``: the two start and stop together
and a worker that dies is started again (``background.supervisor``).
"""

import argparse
import sys

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections
from django.utils.translation import gettext as _

from trygg.background.supervisor import run_beside_worker, worker_argv


class Command(BaseCommand):
    help = "Run a trygg command (a web server) with the background worker beside it."
    requires_system_checks = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "command", nargs=argparse.REMAINDER, help="the trygg command and its arguments"
        )

    def handle(self, *args, command: list[str], **options) -> None:
        if not command:
            raise CommandError(_("Name the command to run beside the worker."))
        # The children open their own connections; this process needs none of its own.
        connections.close_all()
        sys.exit(run_beside_worker([sys.executable, "-m", "trygg", *command], worker_argv()))
