"""Districts inside a municipality (område, DeSO/RegSO, kommundel) as GeoJSON polygons."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from trygg.tenancy.models import Municipality, TenantQuerySet


class Area(models.Model):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="areas", verbose_name=_("municipality")
    )
    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(
        _("code"), max_length=50, blank=True, help_text=_("An outside code, e.g. a DeSO code.")
    )
    geometry = models.JSONField(_("geometry"), help_text=_("GeoJSON Polygon or MultiPolygon"))

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="area_name_unique_in_municipality"
            )
        ]

    def __str__(self) -> str:
        return self.name
