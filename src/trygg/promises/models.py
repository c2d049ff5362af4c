"""The agreement with its focus areas, promises, actions, progress and indicators.

An agreement (samverkansöverenskommelse) is drafted, signed and then ended. Its
promises are what the municipality and the police publicly commit to; actions are
the concrete work under a promise, followed up by progress updates. Every change is
kept in history.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.models import HistoricalRecords

from trygg.tenancy.models import Municipality, OwnedThroughParent, PoliceArea, TenantQuerySet

from . import progress
from .documents import DocumentField


class AgreementQuerySet(TenantQuerySet):
    def published(self) -> "AgreementQuerySet":
        return self.filter(published_at__isnull=False).exclude(status=Agreement.Status.DRAFT)


def agreement_document_path(agreement: "Agreement", filename: str) -> str:
    return f"agreements/{agreement.municipality.code}/{filename}"


class Agreement(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SIGNED = "signed", _("Signed")
        ENDED = "ended", _("Ended")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("municipality"),
    )
    police_area = models.ForeignKey(
        PoliceArea,
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("local police area"),
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("A short introduction for residents.")
    )
    starts_on = models.DateField(_("period start"))
    ends_on = models.DateField(_("period end"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    signed_on = models.DateField(_("signing date"), null=True, blank=True)
    signed_document = DocumentField(
        _("signed agreement (PDF)"),
        upload_to=agreement_document_path,
        blank=True,
        kinds=("pdf",),
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()
    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                name="agreement_period_ends_after_start",
                condition=Q(ends_on__gt=models.F("starts_on")),
                violation_error_message=_("The period must end after it starts."),
            ),
            models.CheckConstraint(
                name="signed_agreement_has_signing_date",
                condition=Q(status="draft") | Q(signed_on__isnull=False),
                violation_error_message=_("A signed agreement needs a signing date."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("promises:agreement", kwargs={"pk": self.pk})

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on <= self.starts_on:
            raise ValidationError({"ends_on": _("The period must end after it starts.")})

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_published(self) -> bool:
        return self.published_at is not None and not self.is_draft

    @property
    def period_label(self) -> str:
        """The period as a reader writes it, in the active language's date format."""
        return f"{formats.date_format(self.starts_on)} – {formats.date_format(self.ends_on)}"

    def actions(self) -> models.QuerySet["Action"]:
        return Action.objects.filter(promise__focus_area__agreement=self)


class Signatory(OwnedThroughParent, models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="signatories")
    name = models.CharField(
        _("name"), max_length=200, blank=True, help_text=_("Leave empty to sign by office only.")
    )
    title = models.CharField(_("title"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()
    municipality_path = "agreement__municipality"
    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return ", ".join(part for part in (self.name, self.title, self.organisation) if part)


class FocusArea(OwnedThroughParent, models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="focus_areas")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()
    municipality_path = "agreement__municipality"
    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


class Promise(OwnedThroughParent, models.Model):
    focus_area = models.ForeignKey(FocusArea, on_delete=models.CASCADE, related_name="promises")
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("promise"), help_text=_("The promise as residents will read it."))
    problem = models.TextField(
        _("the problem it answers"),
        blank=True,
        help_text=_("What the dialogue and the situation picture showed."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()
    municipality_path = "focus_area__agreement__municipality"
    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("promise")
        verbose_name_plural = _("promises")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def agreement(self) -> Agreement:
        return self.focus_area.agreement


class EvidenceLink(OwnedThroughParent, models.Model):
    promise = models.ForeignKey(Promise, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("address"), max_length=500)

    history = HistoricalRecords()
    municipality_path = "promise__focus_area__agreement__municipality"
    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("evidence link")
        verbose_name_plural = _("evidence links")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def agreement(self) -> Agreement:
        return self.promise.agreement


class Action(OwnedThroughParent, models.Model):
    class Owner(models.TextChoices):
        MUNICIPALITY = "kommun", _("The municipality")
        POLICE = "polis", _("The police")
        BOTH = "both", _("The municipality and the police")
        PARTNER = "partner", _("A partner")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ONGOING = "ongoing", _("Ongoing")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    class TargetPeriod(models.TextChoices):
        TOTAL = "total", _("in total")
        WEEK = "week", _("per week")
        MONTH = "month", _("per month")
        YEAR = "year", _("per year")

    promise = models.ForeignKey(Promise, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owner = models.CharField(_("owner"), max_length=10, choices=Owner.choices)
    partner_name = models.CharField(
        _("partner"), max_length=200, blank=True, help_text=_("Required when a partner owns it.")
    )
    responsible = models.CharField(
        _("responsible role"),
        max_length=200,
        blank=True,
        help_text=_("E.g. kommunpolis, trygghetssamordnare, fritidsgårdarna."),
    )
    starts_on = models.DateField(_("start date"))
    due_on = models.DateField(_("due date"))
    target_quantity = models.PositiveIntegerField(
        _("target quantity"),
        null=True,
        blank=True,
        help_text=_("E.g. 1 for “at least 1 per week”. Leave empty for no quantity target."),
    )
    target_period = models.CharField(
        _("per"), max_length=10, choices=TargetPeriod.choices, default=TargetPeriod.TOTAL
    )
    target_unit = models.CharField(
        _("unit"), max_length=100, blank=True, help_text=_("E.g. traffic checks, meetings.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    outcome_note = models.TextField(
        _("comment on the outcome"),
        blank=True,
        help_text=_(
            "Shown to residents. Required when the action is marked done but did less "
            "than its target: say why."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()
    municipality_path = "promise__focus_area__agreement__municipality"
    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                name="action_due_on_or_after_start",
                condition=Q(due_on__gte=models.F("starts_on")),
                violation_error_message=_("The due date cannot be before the start date."),
            ),
            models.CheckConstraint(
                name="partner_action_names_partner",
                condition=~Q(owner="partner") | ~Q(partner_name=""),
                violation_error_message=_("Name the partner that owns the action."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("promises:action", kwargs={"pk": self.pk})

    @property
    def agreement(self) -> Agreement:
        return self.promise.focus_area.agreement

    @property
    def owner_label(self) -> str:
        if self.owner == self.Owner.PARTNER:
            return self.partner_name
        return self.get_owner_display()

    @property
    def target_label(self) -> str:
        if not self.target_quantity:
            return ""
        quantity = self.target_quantity
        if self.target_unit:
            label = _("at least %(quantity)d %(unit)s") % {
                "quantity": quantity,
                "unit": self.target_unit,
            }
        else:
            label = ngettext(
                "at least %(quantity)d time", "at least %(quantity)d times", quantity
            ) % {"quantity": quantity}
        if self.target_period == self.TargetPeriod.TOTAL:
            return label
        return f"{label} {self.get_target_period_display()}"

    def clean(self) -> None:
        errors = {}
        if self.owner == self.Owner.PARTNER and not self.partner_name.strip():
            errors["partner_name"] = _("Name the partner that owns the action.")
        if self.starts_on and self.due_on and self.due_on < self.starts_on:
            errors["due_on"] = _("The due date cannot be before the start date.")
        if self.promise_id and self.due_on and self.starts_on:
            agreement = self.promise.focus_area.agreement
            if not agreement.starts_on <= self.due_on <= agreement.ends_on:
                errors["due_on"] = _(
                    "The due date must lie within the agreement's period (%(period)s)."
                ) % {"period": agreement.period_label}
            if self.starts_on > agreement.ends_on:
                errors["starts_on"] = _("The action cannot start after the agreement ends.")
        if self.target_period != self.TargetPeriod.TOTAL and not self.target_quantity:
            errors["target_quantity"] = _("Give the quantity the period refers to.")
        if not errors and not self.outcome_note.strip():
            # Read the sum afresh: an annotated total may predate the last update.
            outcome = self.progress(done=self._sum_done() if self.pk else 0)
            if outcome.state is progress.ProgressState.DONE_BELOW_TARGET:
                errors["outcome_note"] = _(
                    "The action did %(done)d of the %(expected)d its target asks for. "
                    "Say in a comment why, for residents to read."
                ) % {"done": outcome.done, "expected": outcome.expected}
        if errors:
            raise ValidationError(errors)

    def _sum_done(self) -> int:
        return self.progress_updates.current().aggregate(total=Sum("quantity"))["total"] or 0

    def quantity_done(self) -> int:
        """How many the action's standing (not withdrawn) progress updates add up to."""
        annotated = getattr(self, "quantity_done_total", None)
        if annotated is not None:
            return annotated
        return self._sum_done()

    def progress(self, today=None, *, done: int | None = None) -> progress.ActionProgress:
        return progress.assess(
            status=self.status,
            starts_on=self.starts_on,
            due_on=self.due_on,
            target_quantity=self.target_quantity,
            target_period=self.target_period,
            done=self.quantity_done() if done is None else done,
            today=today or timezone.localdate(),
        )


class ProgressUpdateQuerySet(TenantQuerySet):
    def current(self) -> "ProgressUpdateQuerySet":
        """The updates that stand: a withdrawn one no longer counts or shows its text."""
        return self.filter(withdrawn_on__isnull=True)


def progress_attachment_path(update: "ProgressUpdate", filename: str) -> str:
    return f"progress/{update.action.municipality.code}/{filename}"


class ProgressUpdate(OwnedThroughParent, models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="progress_updates")
    date = models.DateField(_("date"))
    text = models.TextField(_("what was done"))
    quantity = models.PositiveIntegerField(
        _("quantity done"),
        default=0,
        help_text=_("How many of the target's unit this update adds, e.g. 2 traffic checks."),
    )
    link = models.URLField(_("link"), max_length=500, blank=True)
    attachment = DocumentField(
        _("attachment"),
        upload_to=progress_attachment_path,
        blank=True,
        kinds=("pdf", "png", "jpeg"),
        help_text=_("PDF, PNG or JPEG, at most 10 MB."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    # The signature as it was when the update was written: a person's name and
    # organisation stay on the public record even if the account changes or goes.
    signed_name = models.CharField(_("signed by"), max_length=200, blank=True)
    signed_organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    corrected_on = models.DateField(_("corrected"), null=True, blank=True)
    withdrawn_on = models.DateField(_("withdrawn"), null=True, blank=True)

    history = HistoricalRecords()
    municipality_path = "action__promise__focus_area__agreement__municipality"
    objects = ProgressUpdateQuerySet.as_manager()

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.date}: {self.action}"

    def get_absolute_url(self) -> str:
        return self.action.get_absolute_url() + f"#update-{self.pk}"

    @property
    def agreement(self) -> Agreement:
        return self.action.agreement

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_on is not None

    @property
    def signature(self) -> str:
        return ", ".join(part for part in (self.signed_name, self.signed_organisation) if part)


class Indicator(OwnedThroughParent, models.Model):
    class Direction(models.TextChoices):
        INCREASE = "increase", _("Higher is better")
        DECREASE = "decrease", _("Lower is better")

    promise = models.ForeignKey(Promise, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("name"), max_length=200)
    definition = models.TextField(
        _("definition"), help_text=_("How it is measured, from which data.")
    )
    unit = models.CharField(_("unit"), max_length=50, help_text=_("E.g. %, events, people."))
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.INCREASE
    )
    baseline_value = models.DecimalField(_("baseline"), max_digits=12, decimal_places=2)
    baseline_on = models.DateField(_("baseline date"))
    target_value = models.DecimalField(_("target"), max_digits=12, decimal_places=2)
    target_on = models.DateField(_("target date"))

    history = HistoricalRecords()
    municipality_path = "promise__focus_area__agreement__municipality"
    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def agreement(self) -> Agreement:
        return self.promise.agreement

    def clean(self) -> None:
        if self.baseline_on and self.target_on and self.target_on <= self.baseline_on:
            raise ValidationError({"target_on": _("The target date must come after the baseline.")})

    def latest_value(self) -> "IndicatorValue | None":
        # Read through .all() so that a prefetch of the values is used.
        values = list(self.values.all())
        return values[-1] if values else None


class IndicatorValue(OwnedThroughParent, models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    measured_on = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    history = HistoricalRecords()
    municipality_path = "indicator__promise__focus_area__agreement__municipality"
    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["measured_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "measured_on"], name="one_indicator_value_per_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.measured_on})"

    @property
    def agreement(self) -> Agreement:
        return self.indicator.agreement
