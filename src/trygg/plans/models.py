"""The åtgärdsplan in Brå's form: cause → measure → operational goal → when → who →
follow-up status.

A ``Problem`` is a cause the lägesbild of a year points to, with the evidence it
cites frozen as text (the figure the steering group saw stays what it was, whatever
later imports change). An ``ActionPlan`` covers a period; its ``Measure`` rows answer
problems, and a measure becomes an action under a promise of the agreement (the link
is kept here, so ``promises`` stays unaware of plans: ``action.measure`` reads it).

Once the steering group has decided a plan, what it decided is locked: its period,
its measures' content (the problems they answer, the measure, the operational goal,
when and who) and the problems they cite with their evidence. What follows the
decision still happens: follow-up statuses are recorded and measures become actions.
A new measure means a new (revised) plan.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from trygg.tenancy.models import Municipality, Organisation, OwnedThroughParent, TenantQuerySet


class Problem(models.Model):
    """A cause the lägesbild of ``situation_year`` points to."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="problems",
        verbose_name=_("municipality"),
    )
    situation_year = models.PositiveSmallIntegerField(
        _("situation picture of the year"),
        help_text=_("The year of the lägesbild the problem comes from."),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("description"),
        help_text=_("What the situation picture shows, as residents may read it."),
    )
    staff_note = models.TextField(
        _("note for staff"),
        blank=True,
        help_text=_("Never shown on the public pages."),
    )
    suggestion_key = models.CharField(
        _("suggestion of the lägesbild"),
        max_length=200,
        blank=True,
        editable=False,
        help_text=_("Which of the lägesbild's suggested problems it was taken over from."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()
    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("problem")
        verbose_name_plural = _("problems")
        ordering = ["-situation_year", "pk"]
        constraints = [
            # A suggestion becomes one problem, however often or at once it is taken over.
            models.UniqueConstraint(
                fields=["municipality", "situation_year", "suggestion_key"],
                condition=~Q(suggestion_key=""),
                name="plans_one_problem_per_suggestion",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("plans:plans", args=[self.municipality.code]) + f"#problem-{self.pk}"

    @property
    def is_decided(self) -> bool:
        """Whether a measure of a decided plan answers it (then it is what was decided)."""
        return self.measures.filter(plan__status=ActionPlan.Status.DECIDED).exists()

    @property
    def lagesbild_url(self) -> str:
        """The staff page of the lägesbild the problem comes from."""
        return reverse(
            "situation:lagesbild",
            kwargs={"municipality": self.municipality.code, "year": self.situation_year},
        )


class Evidence(OwnedThroughParent, models.Model):
    """One thing a problem cites, with the figure as it was when cited."""

    class Kind(models.TextChoices):
        CATEGORY_RATE = "category_rate", _("A category's rate against comparable ones")
        ALERT = "alert", _("An alert")
        PLACE = "place", _("A place or area")
        SURVEY_FIGURE = "survey_figure", _("A figure from the dialogue")
        OTHER = "other", _("Other information, with its source")
        LAGESBILD = "lagesbild", _("A finding of the lägesbild's analysis")

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    category = models.ForeignKey(
        "situation.Category",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("incident category"),
    )
    alert = models.ForeignKey(
        "situation.Alert",
        # An alert a new import no longer raises may be deleted; the snapshot stays.
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("alert"),
    )
    area = models.ForeignKey(
        "geo.Area",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("area"),
    )
    question = models.ForeignKey(
        "dialogue.Question",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("survey question"),
    )
    label = models.CharField(
        _("what is cited"),
        max_length=300,
        blank=True,
        help_text=_("Filled in from the cited figure when left empty."),
    )
    figure = models.TextField(
        _("the figure as cited"),
        blank=True,
        help_text=_("Filled in from the data when left empty for a rate or an alert."),
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    public = models.BooleanField(
        _("shown to residents"),
        default=False,
        help_text=_("Alerts are staff data and are never shown publicly."),
    )
    rule = models.CharField(
        _("rule of the analysis"),
        max_length=40,
        blank=True,
        editable=False,
        help_text=_("The rule of the lägesbild's analysis that made it a problem."),
    )
    lagesbild_computed_at = models.DateTimeField(
        _("lägesbild computed"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the lägesbild the finding was taken from was computed."),
    )
    cited_at = models.DateTimeField(_("cited"), auto_now_add=True)

    history = HistoricalRecords()
    municipality_path = "problem__municipality"
    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                name="alert_evidence_is_not_public",
                condition=~Q(kind="alert") | Q(public=False),
                violation_error_message=_("An alert is staff data; it cannot be shown publicly."),
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        required = {
            self.Kind.CATEGORY_RATE: ("category", _("Choose the category whose rate is cited.")),
            self.Kind.ALERT: ("alert", _("Choose the alert that is cited.")),
        }
        errors = {}
        if self.kind in required:
            field, message = required[self.kind]
            if getattr(self, f"{field}_id") is None:
                errors[field] = message
        if self.kind == self.Kind.SURVEY_FIGURE and not self.figure.strip():
            errors["figure"] = _("Give the figure as the dialogue's results show it.")
        if self.kind == self.Kind.LAGESBILD and not (self.rule and self.lagesbild_computed_at):
            errors["kind"] = _("A finding of the lägesbild is taken over from the lägesbild.")
        if self.kind in (self.Kind.PLACE, self.Kind.OTHER) and not self.label.strip():
            errors["label"] = _("Say what is cited.")
        if self.kind == self.Kind.OTHER and not self.source.strip():
            errors["source"] = _("Name the source of the information.")
        if self.kind == self.Kind.ALERT and self.public:
            errors["public"] = _("An alert is staff data; it cannot be shown publicly.")
        if errors:
            raise ValidationError(errors)


class ActionPlan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        DECIDED = "decided", _("Decided")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="action_plans",
        verbose_name=_("municipality"),
    )
    title = models.CharField(_("title"), max_length=200)
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.CharField(
        _("decided by"),
        max_length=200,
        blank=True,
        help_text=_("The body that decided, e.g. the steering group for the agreement."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()
    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["-first_year", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="action_plan_period_in_order",
                condition=Q(last_year__gte=models.F("first_year")),
                violation_error_message=_("The last year cannot come before the first."),
            ),
            models.CheckConstraint(
                name="decided_plan_says_when_and_by_whom",
                condition=Q(status="draft") | (Q(decided_on__isnull=False) & ~Q(decided_by="")),
                violation_error_message=_("A decided plan needs the date and who decided it."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("plans:plan", kwargs={"pk": self.pk})

    def clean(self) -> None:
        if self.first_year and self.last_year and self.last_year < self.first_year:
            raise ValidationError({"last_year": _("The last year cannot come before the first.")})

    @property
    def is_decided(self) -> bool:
        return self.status == self.Status.DECIDED

    @property
    def period_label(self) -> str:
        if self.first_year == self.last_year:
            return str(self.first_year)
        return f"{self.first_year}–{self.last_year}"


class FollowUpStatus(models.TextChoices):
    GREEN = "green", _("On track")
    YELLOW = "yellow", _("At risk")
    RED = "red", _("Off track")


class Measure(OwnedThroughParent, models.Model):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="measures")
    problems = models.ManyToManyField(
        Problem, related_name="measures", verbose_name=_("the problems it answers")
    )
    title = models.CharField(_("measure"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    operational_goal = models.TextField(
        _("operational goal"),
        help_text=_("Measurable: what, how much and by when, e.g. “one traffic check a week”."),
    )
    starts_on = models.DateField(_("start date"), null=True, blank=True)
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    term = models.CharField(
        _("term"),
        max_length=200,
        blank=True,
        help_text=_("When there are no dates, e.g. “every spring term”."),
    )
    responsible = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible organisation"),
    )
    organisations = models.ManyToManyField(
        Organisation,
        related_name="+",
        blank=True,
        verbose_name=_("working with it"),
        help_text=_("The organisations that take part beside the responsible one."),
    )
    status = models.CharField(
        _("follow-up status"),
        max_length=10,
        choices=FollowUpStatus.choices,
        blank=True,
        help_text=_("The latest follow-up's; empty until the first follow-up."),
    )
    action = models.OneToOneField(
        "promises.Action",
        # Deleting a draft agreement's action leaves the measure, unlinked.
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measure",
        verbose_name=_("action under a promise"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()
    municipality_path = "plan__municipality"
    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                name="measure_ends_after_start",
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("plans:measure", kwargs={"pk": self.pk})

    def clean(self) -> None:
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The end date cannot be before the start date.")
        if not (self.starts_on or self.ends_on or self.term.strip()):
            errors["term"] = _("Say when: give dates or a term.")
        if errors:
            raise ValidationError(errors)

    @property
    def when_label(self) -> str:
        dates = " – ".join(
            formats.date_format(day) for day in (self.starts_on, self.ends_on) if day
        )
        return ", ".join(part for part in (dates, self.term) if part)


class FollowUp(OwnedThroughParent, models.Model):
    """One follow-up of a measure: its status then, with a comment, dated and signed."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="follow_ups")
    date = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=10, choices=FollowUpStatus.choices)
    comment = models.TextField(_("comment"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    # Kept as written: the name stays on the record if the account changes or goes.
    signed_name = models.CharField(_("signed by"), max_length=200, blank=True)
    signed_organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords()
    municipality_path = "measure__plan__municipality"
    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.date}: {self.get_status_display()}"

    @property
    def signature(self) -> str:
        return ", ".join(part for part in (self.signed_name, self.signed_organisation) if part)
