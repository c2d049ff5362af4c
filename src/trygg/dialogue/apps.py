from django.apps import AppConfig
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _count_missing_answer_cells(sender, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    from .answer_cells import count_missing_answer_cells
    from .models import AnswerCell

    # Migrated back to before the cells (or another database): nothing to count.
    if using != DEFAULT_DB_ALIAS:
        return
    if AnswerCell._meta.db_table not in connections[using].introspection.table_names():
        return
    count_missing_answer_cells()


class DialogueConfig(AppConfig):
    name = "trygg.dialogue"
    verbose_name = _("Citizen dialogue")

    def ready(self) -> None:
        # A database from before the answer cells existed gets them with its upgrade.
        post_migrate.connect(_count_missing_answer_cells, sender=self)
