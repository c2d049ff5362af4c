from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "trygg.portal"
