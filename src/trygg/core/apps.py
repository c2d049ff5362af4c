from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class CoreConfig(AppConfig):
    name = "trygg.core"
    verbose_name = _("Trygg")


# Django 6.1's own catalogue has no Swedish for these yet; naming them here keeps
# them in Trygg's catalogue, where they are translated.
DJANGO_STRINGS_TRANSLATED_HERE = (gettext_noop("- Select an option -"),)
