from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Staff sign-in: throttling of wrong passwords and the second factor (TOTP)."""

    name = "trygg.accounts"
    verbose_name = _("Staff sign-in")
