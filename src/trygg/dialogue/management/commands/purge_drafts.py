"""``trygg purge-drafts [--dry-run]``: delete expired drafts and what else has had its time.

Meant to run every hour from cron or the background worker; see the README.
"""

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

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
        purged = purge_drafts(dry_run=options["dry_run"])
        numbers = {
            "drafts": purged.drafts,
            "counts": purged.network_counts,
            "batches": purged.invitation_batches,
        }
        if options["dry_run"]:
            message = _(
                "Would delete %(drafts)d expired drafts, %(counts)d network counts and "
                "%(batches)d invitation form keys."
            )
        else:
            message = _(
                "Deleted %(drafts)d expired drafts, %(counts)d network counts and "
                "%(batches)d invitation form keys, and the expired sessions."
            )
        self.stdout.write(message % numbers)
