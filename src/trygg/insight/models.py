"""Snapshots of a survey's results, computed in the background and read by the pages."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from trygg.dialogue.models import Survey


class ResultsSnapshot(models.Model):
    """What ``results.survey_results`` returned for a survey in a language, and when.

    ``data_version`` is the survey's data version the results were computed from: the
    snapshot is current while the survey is still at it. ``threshold`` and ``format``
    are the suppression threshold and the stored form the figures were made under; a
    snapshot made under others is never shown (see ``snapshots.latest``).
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(_("language"), max_length=10)
    data_version = models.PositiveBigIntegerField(_("data version"))
    threshold = models.PositiveIntegerField(_("suppression threshold"))
    format = models.PositiveSmallIntegerField(_("format"))
    weighted = models.BooleanField(_("weighted"))
    results = models.JSONField(_("results"))
    computed_at = models.DateTimeField(_("computed"))

    class Meta:
        verbose_name = _("results snapshot")
        verbose_name_plural = _("results snapshots")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "language"], name="one_results_snapshot_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.survey} ({self.language}, {self.data_version})"
