from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackgroundConfig(AppConfig):
    """Work that runs beside the web server: jobs on Django's task queue, their progress."""

    name = "trygg.background"
    verbose_name = _("Background work")
