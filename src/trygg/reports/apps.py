from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "trygg.reports"
    verbose_name = "Reports"
