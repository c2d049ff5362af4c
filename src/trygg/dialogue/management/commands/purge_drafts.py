"""``trygg purge-drafts [--dry-run]``: delete expired drafts and what else has had its time.

The background worker does this every hour (``dialogue.tasks.purge_expired``); the
command is for a server without one, from cron, and for a look with ``--dry-run``.
"""

from django.core.management.base import BaseCommand, CommandParser

from trygg.background.progress import TerminalProgress
from trygg.dialogue.answering import purge_drafts


class Command(BaseCommand):
    help = (
        "Delete residents' drafts older than 24 hours, the per-network answer counts of "
        "past hours, old invitation form keys and expired sessions."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be deleted; delete nothing."
        )

    def handle(self, *args, **options) -> None:
        progress = TerminalProgress(self.stderr)
        try:
            purged = purge_drafts(dry_run=options["dry_run"], progress=progress)
        finally:
            progress.close()
        self.stdout.write(purged.summary())
