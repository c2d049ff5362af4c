"""The incidents of the situation picture (lägesbild), where they come from, what they are.

A ``Source`` is one stream of incidents: the police's open events (national), a
municipality's own reports, an extract the police hand over. Each source names its
incidents' types in its own words; ``TypeMapping`` sorts those words into one
``Category`` taxonomy, so that counts and trends compare across sources. An
``Incident`` is written once, as the source gave it, and located only as precisely as
the source allows: the police's open events give the municipality or the county,
never the place, so they have no point and no H3 cell, and never reach a hotspot.
"""

import functools

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from trygg.tenancy.counties import county_name
from trygg.tenancy.models import Municipality, TenantQuerySet


@functools.lru_cache(maxsize=4096)
def normalise_type(text: str) -> str:
    """A source's type string as it is matched: case, commas and spacing do not count.

    The police write the same type as "Rån övrigt" and "Rån, övrigt", some with a
    trailing space ("Lagen om hundar och katter ").
    """
    return " ".join(text.replace(",", " ").split()).casefold()


class Source(models.Model):
    class Kind(models.TextChoices):
        POLICE_EVENTS = "police_events", _("The police's open events")
        MUNICIPAL_REPORTS = "municipal_reports", _("Municipal reports")
        POLICE_EXTRACT = "police_extract", _("Police extract")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="incident_sources",
        verbose_name=_("municipality"),
        help_text=_("Empty for a national source, such as the police's open events."),
    )

    class Meta:
        verbose_name = _("incident source")
        verbose_name_plural = _("incident sources")
        ordering = ["name"]
        constraints = [
            # One national source of each kind: every import of the police's open
            # events goes to the same source, so its ids are unique across imports.
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(municipality__isnull=True),
                name="situation_one_national_source_per_kind",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Category(models.Model):
    """One category of the taxonomy (data/categories.csv), e.g. ``violence``."""

    key = models.SlugField(_("key"), max_length=50, unique=True)
    name = models.CharField(
        _("name"),
        max_length=100,
        help_text=_("In English; the built-in categories are shown translated."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("incident category")
        verbose_name_plural = _("incident categories")
        ordering = ["order", "key"]

    def __str__(self) -> str:
        # The built-in names are in the catalogue; a name added in the admin is
        # shown as written.
        return gettext(self.name)


class TypeMapping(models.Model):
    """Which category a source kind's type string belongs to; edited in Django admin."""

    source_kind = models.CharField(_("source kind"), max_length=30, choices=Source.Kind.choices)
    type_key = models.CharField(
        _("type, normalised"),
        max_length=200,
        help_text=_("In lower case, without commas; see normalise_type."),
    )
    type_label = models.CharField(
        _("type"), max_length=200, help_text=_("As the source writes it.")
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="type_mappings", verbose_name=_("category")
    )

    class Meta:
        verbose_name = _("type mapping")
        verbose_name_plural = _("type mappings")
        ordering = ["source_kind", "type_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_kind", "type_key"], name="situation_one_mapping_per_type"
            )
        ]

    def __str__(self) -> str:
        return f"{self.type_label} → {self.category}"

    def save(self, *args, **kwargs) -> None:
        self.type_key = normalise_type(self.type_label)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        self.type_key = normalise_type(self.type_label)
        # Checked here: the admin's form has no type_key, so Django's own check of
        # the unique constraint leaves it out.
        taken = TypeMapping.objects.filter(
            source_kind=self.source_kind, type_key=self.type_key
        ).exclude(pk=self.pk)
        if taken.exists():
            raise ValidationError(
                {"type_label": _("This type already has a category; change that mapping.")}
            )


class Incident(models.Model):
    """One dated event from a source, located to a point, a municipality or a county."""

    class Precision(models.TextChoices):
        POINT = "point", _("Point")
        MUNICIPALITY = "municipality", _("Municipality")
        COUNTY = "county", _("County")

    source = models.ForeignKey(
        Source, on_delete=models.CASCADE, related_name="incidents", verbose_name=_("source")
    )
    external_id = models.CharField(
        _("id at the source"), max_length=64, help_text=_("The source's own id of the incident.")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incidents",
        verbose_name=_("municipality"),
        help_text=_("Empty when the source names only the county."),
    )
    county_code = models.CharField(_("county code"), max_length=2)
    occurred_at = models.DateTimeField(_("happened"))
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    type = models.CharField(_("type"), max_length=200, help_text=_("As the source writes it."))
    type_key = models.CharField(_("type, normalised"), max_length=200)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="incidents", verbose_name=_("category")
    )
    precision = models.CharField(_("precision"), max_length=12, choices=Precision.choices)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    h3_cell = models.BigIntegerField(_("H3 cell"), null=True, blank=True, db_index=True)
    title = models.CharField(_("title"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    url = models.CharField(_("web address"), max_length=500, blank=True)

    # Staff reach incidents through their municipality; a county-level incident
    # belongs to none and is read through its county_code.
    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-occurred_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"], name="situation_incident_unique_per_source"
            ),
            # Only an incident located to its place has coordinates or a cell; one
            # located to a municipality or county centre must never look like a point.
            models.CheckConstraint(
                condition=(
                    Q(
                        precision="point",
                        latitude__isnull=False,
                        longitude__isnull=False,
                        h3_cell__isnull=False,
                    )
                    | Q(
                        ~Q(precision="point"),
                        latitude__isnull=True,
                        longitude__isnull=True,
                        h3_cell__isnull=True,
                    )
                ),
                name="situation_incident_point_only_with_point_precision",
            ),
            models.CheckConstraint(
                condition=Q(precision="county") | Q(municipality__isnull=False),
                name="situation_incident_municipality_unless_county",
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "occurred_at"]),
            models.Index(fields=["county_code", "occurred_at"]),
            models.Index(fields=["category", "occurred_at"]),
            models.Index(fields=["source", "type_key"]),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.type} {self.occurred_at:%Y-%m-%d}"

    @property
    def county_name(self) -> str:
        return county_name(self.county_code)


class ImportRun(models.Model):
    """One import of a file into a source: what was read, and what came of it.

    The subject of the background job that runs it (``tasks.import_events``): a staff
    page saves the uploaded file here and follows the job; ``summary`` keeps the
    counts and every rejected line (``EventImportResult.as_json``) once it is done.
    """

    source_kind = models.CharField(_("source kind"), max_length=30, choices=Source.Kind.choices)
    file = models.FileField(_("file"), upload_to="situation/imports/", blank=True)
    file_name = models.CharField(_("file name"), max_length=300)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    dry_run = models.BooleanField(_("dry run"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    summary = models.JSONField(_("summary"), null=True, blank=True)

    class Meta:
        verbose_name = _("incident import")
        verbose_name_plural = _("incident imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name
