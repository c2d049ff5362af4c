from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SituationConfig(AppConfig):
    """The situation picture's incidents: sources, categories, imports (lägesbild)."""

    name = "trygg.situation"
    verbose_name = _("Situation picture")

    def ready(self) -> None:
        from trygg.dialogue.changes import survey_data_changed
        from trygg.geo.services import landmarks_changed

        from .tasks import on_landmarks_changed, on_survey_data_changed

        # The residents' unsafe places are a hotspot layer: a survey's new data
        # recompute its municipality's hotspots in the background.
        survey_data_changed.connect(
            on_survey_data_changed, dispatch_uid="situation.recompute_hotspots"
        )
        # The priority places are stored with the names of the places they are at.
        landmarks_changed.connect(on_landmarks_changed, dispatch_uid="situation.rename_cells")
