from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SituationConfig(AppConfig):
    """The situation picture's incidents: sources, categories, imports (lägesbild)."""

    name = "trygg.situation"
    verbose_name = _("Situation picture")
