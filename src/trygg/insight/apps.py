from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightConfig(AppConfig):
    """What the dialogue found: results, heat map and free text, and the results' snapshots."""

    name = "trygg.insight"
    verbose_name = _("Insight")

    def ready(self) -> None:
        from trygg.dialogue.changes import survey_data_changed

        from .tasks import on_survey_data_changed

        # Whenever a survey's data changes, its results are recomputed in the background.
        survey_data_changed.connect(on_survey_data_changed, dispatch_uid="insight.refresh_results")
