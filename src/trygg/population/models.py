"""Population counts from SCB and the survey weights calibrated to them.

``PopulationCount`` holds a municipality's residents by area × age group × gender for
one year, as imported from SCB's population tables; the age groups and genders are
the respondents' own (``Response.AgeGroup`` and ``Response.Gender``), so the two can be
matched.

Weights are derived data: they live here, apart from the raw responses, which are
written once and never edited. ``Weighting`` records one survey's latest weighting
(when, against which year's counts, how the raking went); ``ResponseWeight`` holds
each weighted respondent's weight.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trygg.dialogue.models import Response, Survey
from trygg.geo.models import Area
from trygg.tenancy.models import Municipality, OwnedThroughParent, TenantQuerySet

# The survey's own codes: a population count is kept per age group and gender the
# respondents can answer. SCB counts women and men; "other" and "no answer" have no
# population of their own.
AGE_GROUPS: tuple[tuple[str, str], ...] = tuple(Response.AgeGroup.choices)
GENDERS: tuple[tuple[str, str], ...] = tuple(
    (value, label)
    for value, label in Response.Gender.choices
    if value in {Response.Gender.WOMAN, Response.Gender.MAN}
)
AGE_GROUP_CODES = tuple(code for code, _label in AGE_GROUPS)
MARGINS = {"area": _("Area"), "age_group": _("Age group"), "gender": _("Gender")}
GENDER_CODES = tuple(code for code, _label in GENDERS)


class PopulationCount(models.Model):
    """How many residents of one area, age group and gender a municipality had in a year."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="population_counts",
        verbose_name=_("municipality"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    area = models.ForeignKey(
        Area, on_delete=models.CASCADE, related_name="population_counts", verbose_name=_("area")
    )
    age_group = models.CharField(_("age group"), max_length=20, choices=AGE_GROUPS)
    gender = models.CharField(_("gender"), max_length=20, choices=GENDERS)
    count = models.PositiveIntegerField(_("residents"))

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("population count")
        verbose_name_plural = _("population counts")
        ordering = ["municipality", "-year", "area__name", "age_group", "gender"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year", "area", "age_group", "gender"],
                name="population_count_unique_per_cell",
            ),
            models.CheckConstraint(
                name="population_count_known_age_group",
                condition=Q(age_group__in=AGE_GROUP_CODES),
            ),
            models.CheckConstraint(
                name="population_count_known_gender", condition=Q(gender__in=GENDER_CODES)
            ),
        ]
        indexes = [models.Index(fields=["municipality", "year"])]

    def __str__(self) -> str:
        return f"{self.area} {self.year} {self.age_group} {self.gender}: {self.count}"

    def clean(self) -> None:
        if (
            self.area_id
            and self.municipality_id
            and self.area.municipality_id != (self.municipality_id)
        ):
            raise ValidationError({"area": _("The area belongs to another municipality.")})


class Weighting(OwnedThroughParent, models.Model):
    """One survey's latest weighting: the population it was calibrated to and how it went."""

    survey = models.OneToOneField(
        Survey, on_delete=models.CASCADE, related_name="weighting", verbose_name=_("survey")
    )
    population_year = models.PositiveSmallIntegerField(_("population year"))
    population_total = models.PositiveIntegerField(
        _("population"), help_text=_("Residents in the population counts the weights sum to.")
    )
    responses = models.PositiveIntegerField(_("weighted responses"))
    iterations = models.PositiveIntegerField(_("raking iterations"))
    max_margin_error = models.FloatField(
        _("largest margin error"), help_text=_("In residents, after the last iteration.")
    )
    merged_age_groups = models.JSONField(
        _("merged age groups"),
        default=dict,
        blank=True,
        help_text=_("Age groups without respondents, each merged into a neighbouring group."),
    )
    skipped_margins = models.JSONField(
        _("margins not used"),
        default=list,
        blank=True,
        help_text=_("Margins no respondent answered, so the weights are not raked to them."),
    )
    computed_at = models.DateTimeField(_("computed"), auto_now=True)

    municipality_path = "survey__municipality"
    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("weighting")
        verbose_name_plural = _("weightings")

    def __str__(self) -> str:
        return f"{self.survey} ({self.population_year})"

    @property
    def merged_age_group_labels(self) -> list[tuple[str, str]]:
        """(empty age group, the group it was merged into), as respondents read them."""
        labels = dict(AGE_GROUPS)
        return [
            (labels.get(group, group), labels.get(into, into))
            for group, into in self.merged_age_groups.items()
        ]

    @property
    def skipped_margin_labels(self) -> list[str]:
        return [str(MARGINS.get(margin, margin)) for margin in self.skipped_margins]


class ResponseWeight(OwnedThroughParent, models.Model):
    """One respondent's calibrated weight: how many residents the response stands for."""

    response = models.OneToOneField(
        Response, on_delete=models.CASCADE, related_name="weight", verbose_name=_("response")
    )
    weight = models.FloatField(_("weight"))

    municipality_path = "response__survey__municipality"
    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("response weight")
        verbose_name_plural = _("response weights")
        constraints = [
            models.CheckConstraint(name="response_weight_positive", condition=Q(weight__gt=0))
        ]

    def __str__(self) -> str:
        return f"{self.response}: {self.weight:.3f}"


class MunicipalityResidents(models.Model):
    """How many people lived in a municipality in a year (SCB's count), for rates.

    The denominator of incidents per 10,000 residents. SCB counts the whole
    population on 1 November (table FolkmangdNov) or 31 December (BE0101N1); the
    shipped file is the 1 November 2024 count.
    """

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="residents_counts",
        verbose_name=_("municipality"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    residents = models.PositiveIntegerField(_("residents"))

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("residents of a municipality")
        verbose_name_plural = _("residents of municipalities")
        ordering = ["municipality", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year"], name="population_residents_unique_per_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.year}: {self.residents}"
