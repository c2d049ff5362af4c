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
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from trygg.tenancy.counties import county_name
from trygg.tenancy.models import Municipality, OwnedThroughParent, TenantQuerySet


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

    # Staff reach a municipality's sources through it; a national source is nobody's.
    objects = TenantQuerySet.as_manager()

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


class TypeMappingQuerySet(models.QuerySet):
    def defaults(self) -> "TypeMappingQuerySet":
        """The mappings of whole source kinds: what every source of the kind inherits."""
        return self.filter(source__isnull=True)

    def overrides(self) -> "TypeMappingQuerySet":
        """The mappings one source has of its own, in place of its kind's default."""
        return self.filter(source__isnull=False)


class TypeMapping(models.Model):
    """Which category a type string belongs to: for a whole source kind, or for one source.

    A mapping without a ``source`` is its kind's default (the police's event types are
    shipped so, and the operator edits them in Django admin); one with a ``source`` is
    that source's override, which its municipality's coordinator sets. An incident's
    category is its source's override for its type, else the kind's default, else
    "other" (``services.category_ids``): so one municipality's choice for its own
    "Klotter" never recounts another's.
    """

    source_kind = models.CharField(_("source kind"), max_length=30, choices=Source.Kind.choices)
    source = models.ForeignKey(
        Source,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="type_mappings",
        verbose_name=_("source"),
        help_text=_("Empty for the default of every source of the kind."),
    )
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

    objects = TypeMappingQuerySet.as_manager()

    class Meta:
        verbose_name = _("type mapping")
        verbose_name_plural = _("type mappings")
        ordering = ["source_kind", "source", "type_key"]
        # Two partial constraints for one key: a NULL source would make rows distinct
        # in a plain unique constraint on both databases.
        constraints = [
            models.UniqueConstraint(
                fields=["source_kind", "type_key"],
                condition=Q(source__isnull=True),
                name="situation_one_default_mapping_per_type",
            ),
            models.UniqueConstraint(
                fields=["source", "type_key"],
                condition=Q(source__isnull=False),
                name="situation_one_source_mapping_per_type",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.type_label} → {self.category}"

    def save(self, *args, **kwargs) -> None:
        self.type_key = normalise_type(self.type_label)
        if self.source_id is not None:
            # An override is of its source's kind; the kind is what a default is found by.
            self.source_kind = self.source.kind
        super().save(*args, **kwargs)

    def clean(self) -> None:
        self.type_key = normalise_type(self.type_label)
        if self.source_id is not None:
            self.source_kind = self.source.kind
        # Checked here: the admin's form has no type_key, so Django's own check of
        # the unique constraints leaves it out.
        taken = TypeMapping.objects.filter(type_key=self.type_key).exclude(pk=self.pk)
        if self.source_id is None:
            taken = taken.filter(source_kind=self.source_kind, source__isnull=True)
        else:
            taken = taken.filter(source_id=self.source_id)
        if taken.exists():
            raise ValidationError(
                {"type_label": _("This type already has a category; change that mapping.")}
            )

    @property
    def is_default(self) -> bool:
        return self.source_id is None


class IncidentQuerySet(TenantQuerySet):
    def visible_to(self, user) -> "IncidentQuerySet":
        """The incidents of ``user``'s municipalities, and those placed only to their counties.

        An event the police place only in "Hallands län" may have happened in any of
        its municipalities: each of them sees it, as the county's share of the picture.
        """
        municipalities = Municipality.objects.visible_to(user)
        return self.filter(
            Q(municipality__in=municipalities)
            | Q(
                municipality__isnull=True,
                county_code__in=municipalities.exclude(county_code="").values("county_code"),
            )
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
    h3_cell = models.BigIntegerField(_("H3 cell"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    url = models.CharField(_("web address"), max_length=500, blank=True)

    objects = IncidentQuerySet.as_manager()

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
            # The hotspots count a municipality's points per cell: read in cell order
            # from this index alone, with the columns they filter on, a million points
            # take one sorted pass, no hash table. Only points are in it, so the
            # police's events, which never have a cell, cost it nothing.
            models.Index(
                fields=["municipality", "h3_cell", "occurred_at", "source"],
                condition=Q(h3_cell__isnull=False),
                name="situation_incident_cells",
            ),
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
    source = models.ForeignKey(
        Source,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="imports",
        verbose_name=_("source"),
        help_text=_("The CSV source imported into; empty for the police's open events."),
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


class ReportColumns(OwnedThroughParent, models.Model):
    """Which column of a source's CSV files holds what: saved once, used for every file.

    A municipality's reports and the police's point extracts come as CSV files laid
    out as the program that exported them likes. The mapping names the columns by
    their header; a file whose header lacks one of them is refused whole. A row is
    placed by its coordinates (WGS 84) or, failing those, by an area code; the date
    column may hold the time too, or a separate column does.
    """

    class Encoding(models.TextChoices):
        DETECT = "", _("Detect")
        UTF_8 = "utf-8", _("UTF-8")
        WINDOWS_1252 = "cp1252", _("Windows-1252 (ANSI)")

    class Delimiter(models.TextChoices):
        DETECT = "", _("Detect")
        COMMA = ",", _("Comma (,)")
        SEMICOLON = ";", _("Semicolon (;)")

    municipality_path = "source__municipality"

    source = models.OneToOneField(
        Source, on_delete=models.CASCADE, related_name="columns", verbose_name=_("source")
    )
    date_column = models.CharField(
        _("date"), max_length=200, help_text=_("The date, or the date and the time.")
    )
    time_column = models.CharField(
        _("time"), max_length=200, blank=True, help_text=_("Empty if the date holds the time.")
    )
    type_column = models.CharField(_("type"), max_length=200)
    latitude_column = models.CharField(_("latitude"), max_length=200, blank=True)
    longitude_column = models.CharField(_("longitude"), max_length=200, blank=True)
    area_column = models.CharField(
        _("area code"),
        max_length=200,
        blank=True,
        help_text=_("For rows without coordinates: the code of one of the municipality's areas."),
    )
    id_column = models.CharField(
        _("id at the source"),
        max_length=200,
        blank=True,
        help_text=_("Empty: a row is known by its mapped values, so a re-import adds nothing."),
    )
    text_column = models.CharField(
        _("free text"),
        max_length=200,
        blank=True,
        help_text=_("Scrubbed of personal data before it is stored."),
    )
    encoding = models.CharField(
        _("encoding"), max_length=10, choices=Encoding.choices, blank=True, default=""
    )
    delimiter = models.CharField(
        _("delimiter"), max_length=1, choices=Delimiter.choices, blank=True, default=""
    )

    class Meta:
        verbose_name = _("column mapping")
        verbose_name_plural = _("column mappings")
        constraints = [
            # Coordinates come in pairs: a latitude without its longitude places nothing.
            models.CheckConstraint(
                condition=Q(latitude_column="", longitude_column="")
                | (~Q(latitude_column="") & ~Q(longitude_column="")),
                name="situation_report_columns_coordinates_in_pairs",
            ),
            models.CheckConstraint(
                condition=~Q(latitude_column="") | ~Q(area_column=""),
                name="situation_report_columns_place_mapped",
            ),
        ]

    def __str__(self) -> str:
        return str(self.source)

    def clean(self) -> None:
        if bool(self.latitude_column) != bool(self.longitude_column):
            raise ValidationError(
                _("Choose both the latitude and the longitude column, or neither.")
            )
        if not self.latitude_column and not self.area_column:
            raise ValidationError(
                _("Choose the latitude and longitude columns or the area code column.")
            )

    @property
    def mapped(self) -> dict[str, str]:
        """What each mapped column holds (``"date"``, ``"type"``, …) → its header."""
        return {
            role: getattr(self, f"{role}_column")
            for role in ("date", "time", "type", "latitude", "longitude", "area", "id", "text")
            if getattr(self, f"{role}_column")
        }


class AlertQuerySet(TenantQuerySet):
    def open(self) -> "AlertQuerySet":
        return self.filter(acknowledged_at__isnull=True)

    def acknowledged(self) -> "AlertQuerySet":
        return self.filter(acknowledged_at__isnull=False)


class Alert(models.Model):
    """A week whose count of a category rose above what the early-warning method expected.

    Written by ``alerts.recompute_alerts`` from the engine in ``trygg.stats.surveillance``
    (only weeks that alarm are stored), one per series and week: the police's open
    events per municipality × category (no cell), a point source's incidents per H3
    cell × category. A recompute updates the numbers of the weeks it evaluates in place,
    so an acknowledgement stays with its week. When new data make such a week no longer
    alarm, an unacknowledged alert is deleted (nobody has acted on it); an acknowledged
    one is kept as ``still_alarming`` False, with the numbers that were acknowledged:
    the comment records what someone did about the signal they were shown, and that
    stays true. A week that alarms again gets its new numbers and keeps its comment.
    """

    class Method(models.TextChoices):
        FARRINGTON_FLEXIBLE = "farrington-flexible", _("Farrington-flexible")
        EARS_C1 = "ears-c1", _("EARS C1")
        EARS_C2 = "ears-c2", _("EARS C2")
        EARS_C3 = "ears-c3", _("EARS C3")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="alerts",
        verbose_name=_("municipality"),
    )
    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, related_name="alerts", verbose_name=_("category")
    )
    h3_cell = models.BigIntegerField(
        _("H3 cell"),
        null=True,
        blank=True,
        help_text=_("For a point source's series; empty for the whole municipality."),
    )
    source_kind = models.CharField(_("source kind"), max_length=30, choices=Source.Kind.choices)
    method = models.CharField(_("method"), max_length=30, choices=Method.choices)
    reference_years = models.PositiveSmallIntegerField(
        _("years compared"),
        null=True,
        blank=True,
        help_text=_(
            "Farrington's b: the count is compared with the same weeks of this many years."
        ),
    )
    iso_year = models.PositiveSmallIntegerField(_("ISO year"))
    iso_week = models.PositiveSmallIntegerField(_("ISO week"))
    week_start = models.DateField(_("Monday of the week"))
    observed = models.PositiveIntegerField(_("observed"))
    expected = models.FloatField(_("expected"))
    upperbound = models.FloatField(_("upper bound"))
    still_alarming = models.BooleanField(
        _("still alarming"),
        default=True,
        help_text=_("False once newer data no longer make the week alarm (kept: acknowledged)."),
    )
    chart = models.JSONField(
        _("chart"),
        default=dict,
        help_text=_(
            "The series around the week as the method saw it: Monday of the first week, "
            "and per week observed, expected, upper bound (null where not evaluated), alarm."
        ),
    )
    computed_at = models.DateTimeField(_("computed"))
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("acknowledged by"),
    )
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    acknowledgement = models.TextField(_("comment"), blank=True)

    objects = AlertQuerySet.as_manager()

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-week_start", "municipality", "category", "h3_cell"]
        # Two partial constraints for one key: a NULL cell would make rows distinct
        # in a plain unique constraint on both databases.
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "municipality",
                    "category",
                    "source_kind",
                    "method",
                    "iso_year",
                    "iso_week",
                ],
                condition=Q(h3_cell__isnull=True),
                name="situation_one_alert_per_municipality_series_week",
            ),
            models.UniqueConstraint(
                fields=[
                    "municipality",
                    "category",
                    "h3_cell",
                    "source_kind",
                    "method",
                    "iso_year",
                    "iso_week",
                ],
                condition=Q(h3_cell__isnull=False),
                name="situation_one_alert_per_cell_series_week",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "week_start"])]

    def __str__(self) -> str:
        return f"{self.municipality} {self.category} {self.iso_year}-W{self.iso_week:02d}"

    def get_absolute_url(self) -> str:
        return reverse(
            "situation:alert", kwargs={"municipality": self.municipality.code, "pk": self.pk}
        )

    @property
    def acknowledged(self) -> bool:
        return self.acknowledged_at is not None


class AlertComputation(models.Model):
    """When a municipality's alerts were last computed, and from data up to which week."""

    municipality = models.OneToOneField(
        Municipality,
        on_delete=models.CASCADE,
        related_name="alert_computation",
        verbose_name=_("municipality"),
    )
    computed_at = models.DateTimeField(_("computed"))
    data_until = models.DateField(
        _("data up to"), help_text=_("The Monday of the last week with incident data.")
    )
    weeks_evaluated = models.PositiveSmallIntegerField(_("weeks evaluated"))
    series = models.PositiveIntegerField(_("series evaluated"))

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("alert computation")
        verbose_name_plural = _("alert computations")

    def __str__(self) -> str:
        return f"{self.municipality} {self.computed_at:%Y-%m-%d %H:%M}"

    @property
    def data_until_year(self) -> int:
        return self.data_until.isocalendar()[0]

    @property
    def data_until_week(self) -> int:
        return self.data_until.isocalendar()[1]


class HotspotSnapshot(models.Model):
    """One municipality's hotspots of one year, as the last recompute left them.

    Written whole by ``hotspots.recompute_hotspots`` (one transaction). ``data_version``
    holds the counts and the highest ids of the inputs it was computed from, so a page
    can tell whether newer data have arrived since; ``inputs`` says what those inputs
    were (the surveys, how many respondents and incidents). ``priority_places`` is the
    ranked list as plain JSON: counts, codes and names, no respondent's point.
    """

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="hotspot_snapshots",
        verbose_name=_("municipality"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    computed_at = models.DateTimeField(_("computed"))
    fdr = models.FloatField(_("false discovery rate"))
    covering_cells = models.PositiveIntegerField(
        _("cells analysed"), help_text=_("The H3 cells covering the municipality, zeros included.")
    )
    data_version = models.JSONField(_("data version"), default=dict)
    inputs = models.JSONField(_("inputs"), default=dict)
    priority_places = models.JSONField(_("priority places"), default=list)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("hotspot snapshot")
        verbose_name_plural = _("hotspot snapshots")
        ordering = ["municipality", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year"], name="situation_one_hotspot_snapshot_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.year}"


class HotspotCell(models.Model):
    """One cell of one layer of a snapshot: stored only if it has data or is hot or cold.

    The cells with neither are the rest of the cover; their Gi* is not needed by
    anyone, and leaving them out keeps a large municipality's snapshot small.
    """

    class Layer(models.TextChoices):
        PLACES = "places", _("Residents' unsafe places")
        REPORTS = "reports", _("Municipal reports")
        COMBINED = "combined", _("Both combined")

    snapshot = models.ForeignKey(
        HotspotSnapshot, on_delete=models.CASCADE, related_name="cells", verbose_name=_("snapshot")
    )
    layer = models.CharField(_("layer"), max_length=10, choices=Layer.choices)
    h3_cell = models.BigIntegerField(_("H3 cell"))
    value = models.FloatField(_("value"))
    records = models.PositiveIntegerField(
        _("records"), help_text=_("Respondents, incidents, or both, in the cell itself.")
    )
    gi = models.FloatField(_("Gi*"), null=True, blank=True)
    z = models.FloatField(_("z-score"))
    p = models.FloatField(_("p-value"))
    q = models.FloatField(_("q-value"))
    hot = models.BooleanField(_("hot spot"))
    cold = models.BooleanField(_("cold spot"))

    class Meta:
        verbose_name = _("hotspot cell")
        verbose_name_plural = _("hotspot cells")
        ordering = ["snapshot", "layer", "-z", "h3_cell"]
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "layer", "h3_cell"], name="situation_one_hotspot_cell_per_layer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.snapshot} {self.layer} {self.h3_cell:x}"


class OtherInformation(models.Model):
    """What the coordinator adds to a year's lägesbild beside the data: "Annan information".

    Brå's structure of a lägesbild has a part for what no data source holds (planned
    building, coming events, what partners know), written as text with where it comes
    from, so that a reader can weigh it.
    """

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="lagesbild_other_information",
        verbose_name=_("municipality"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    heading = models.CharField(_("heading"), max_length=200)
    text = models.TextField(_("text"))
    source = models.CharField(
        _("source"),
        max_length=500,
        help_text=_("Where the information comes from: a plan, a report, an organisation."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("other information")
        verbose_name_plural = _("other information")
        ordering = ["year", "heading", "pk"]

    def __str__(self) -> str:
        return self.heading


class LagesbildSnapshot(models.Model):
    """The figures of a municipality's lägesbild for a year, as computed, and from what.

    ``figures`` is what ``lagesbild.build_lagesbild`` returned, in its JSON form
    (``lagesbild.as_json``); the staff version and the public one are stored apart,
    since the public one leaves out what the privacy rules forbid, and each in every
    language of ``settings.LANGUAGES``, since its texts (rules, problems, sources,
    months) are written when it is built. ``data`` says what the figures were computed
    from (``lagesbild.data_state``): while it equals the data's present state, the
    snapshot is current.
    """

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="lagesbild_snapshots",
        verbose_name=_("municipality"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    public = models.BooleanField(_("public version"))
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    figures = models.JSONField(_("figures"))
    data = models.JSONField(_("computed from"))
    computed_at = models.DateTimeField(_("computed"))

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("lägesbild snapshot")
        verbose_name_plural = _("lägesbild snapshots")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year", "public", "language"],
                name="situation_one_lagesbild_snapshot",
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.year} ({self.language})"


class LagesbildApproval(models.Model):
    """The steering group's approval of a year's lägesbild, which publishes its public version.

    The public figures are copied here, in every language, when the approval is
    recorded: the public page shows what the steering group approved, not what newer
    data would make of it, and a reader of either language reads the same approval.
    """

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="lagesbild_approvals",
        verbose_name=_("municipality"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    approved_on = models.DateField(_("approved on"))
    approved_by = models.CharField(
        _("approved by"),
        max_length=300,
        help_text=_("Who approved it, e.g. the steering group of the agreement."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    figures_by_language = models.JSONField(
        _("published figures"),
        help_text=_(
            "The public version as approved, by language: later data do not change what "
            "was approved."
        ),
    )
    computed_at = models.DateTimeField(_("figures computed"))

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("lägesbild approval")
        verbose_name_plural = _("lägesbild approvals")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year"], name="situation_one_lagesbild_approval"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.year}: {self.approved_on}"

    def figures_in(self, language: str) -> tuple[str, dict]:
        """The approved figures for a reader of ``language``, and the language they are in.

        An approval recorded before the lägesbild was made in every language has only
        the Swedish version (``settings.LANGUAGE_CODE``): that one is what was approved,
        so it is shown rather than a translation nobody approved.
        """
        if language in self.figures_by_language:
            return language, self.figures_by_language[language]
        return settings.LANGUAGE_CODE, self.figures_by_language[settings.LANGUAGE_CODE]
