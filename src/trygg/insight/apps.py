from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightConfig(AppConfig):
    """What the dialogue found: results, heat map and free text. It reads and owns no models."""

    name = "trygg.insight"
    verbose_name = _("Insight")
