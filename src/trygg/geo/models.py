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


class Neighbour(models.Model):
    """A municipality whose border touches another's, with the part of it that map shows.

    Computed from the borders when they are loaded (``services.store_neighbours``), not
    per request: finding them reads every municipality's border.
    """

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="neighbours",
        verbose_name=_("municipality"),
    )
    neighbour = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("neighbour")
    )
    outline = models.JSONField(
        _("outline"),
        help_text=_("GeoJSON geometry: the neighbour's border near the municipality"),
    )

    class Meta:
        verbose_name = _("neighbouring municipality")
        verbose_name_plural = _("neighbouring municipalities")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "neighbour"], name="neighbour_unique_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality} – {self.neighbour}"


class Landmark(models.Model):
    """A place the municipality's residents know by name: a travel centre, a park, a tunnel.

    Staff name them so that a map cell near one is called by it ("Kungsbacka
    resecentrum") rather than by its large district; a point, because that is what a
    coordinator can copy from any web map.
    """

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="landmarks",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=120)
    # The name case-folded, for uniqueness in any letters: the databases' own lower()
    # folds only ASCII on SQLite, and "Åsa torg" and "åsa torg" are one place.
    folded_name = models.CharField(max_length=120, blank=True, editable=False)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("named place")
        verbose_name_plural = _("named places")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "folded_name"],
                name="landmark_name_unique_in_municipality",
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__gte=-90, latitude__lte=90)
                & models.Q(longitude__gte=-180, longitude__lte=180),
                name="landmark_on_earth",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.folded_name = self.name.casefold()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        # Before the constraints are validated, which read it.
        self.folded_name = self.name.casefold()
