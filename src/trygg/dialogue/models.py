"""The citizen dialogue: a municipality's yearly safety survey and its questions.

A question has a stable ``key`` (e.g. ``safe_evening``) that a copy of last year's
survey keeps, so that this year's answers can be compared with last year's. Once a
survey is open its questions are fixed: changing a question under respondents' feet
would make the answers mean different things.
"""

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from trygg.tenancy.models import Municipality, OwnedThroughParent, TenantQuerySet


def swedish_today() -> datetime.date:
    """Today's date in Sweden (the site's time zone), whatever time zone is active."""
    return timezone.localdate(timezone=timezone.get_default_timezone())


class Survey(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="surveys",
        verbose_name=_("municipality"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(
        _("introduction"), blank=True, help_text=_("What respondents read before the questions.")
    )
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    introduction_en = models.TextField(_("introduction in English"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    opens_on = models.DateField(_("opens"), null=True, blank=True)
    # While the survey is open: the last day to answer (inclusive, Swedish time), if
    # one is set. Once it is closed: the day it closed.
    closes_on = models.DateField(_("closes"), null=True, blank=True)
    open_link = models.BooleanField(
        _("open link"),
        default=True,
        help_text=_(
            "Anyone can answer at the survey's public address. Without it, residents "
            "answer only with the code in their invitation letter."
        ),
    )
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("copied from"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Counts every change to what the results are made of (see ``changes``): a result
    # computed at version n is up to date while the survey is still at n.
    data_version = models.PositiveBigIntegerField(_("data version"), default=0, editable=False)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-year", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year", "title"], name="survey_title_unique_per_year"
            ),
            models.CheckConstraint(
                name="survey_closes_after_it_opens",
                condition=Q(opens_on__isnull=True)
                | Q(closes_on__isnull=True)
                | Q(closes_on__gte=models.F("opens_on")),
                violation_error_message=_("The survey cannot close before it opens."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("dialogue:survey", kwargs={"pk": self.pk})

    def clean(self) -> None:
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("The survey cannot close before it opens.")})

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    def last_day_passed(self, today: datetime.date | None = None) -> bool:
        """Whether the last day to answer is over: ``closes_on`` counts whole, in Swedish time."""
        return self.closes_on is not None and (today or swedish_today()) > self.closes_on


class Question(OwnedThroughParent, models.Model):
    class Kind(models.TextChoices):
        SINGLE_CHOICE = "single", _("Single choice")
        MULTIPLE_CHOICE = "multiple", _("Multiple choice")
        NUMBER = "number", _("Number")
        FREE_TEXT = "text", _("Free text")
        AREA = "area", _("Area of residence")
        AGE_GROUP = "age_group", _("Age group")
        GENDER = "gender", _("Gender")
        PLACES = "places", _("Unsafe places on a map")

    # Kinds whose answer is one of the question's own options.
    CHOICE_KINDS = frozenset(
        {Kind.SINGLE_CHOICE, Kind.MULTIPLE_CHOICE, Kind.AGE_GROUP, Kind.GENDER}
    )

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(
        _("key"),
        max_length=50,
        help_text=_("A stable name that keeps the question comparable between years."),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    text = models.TextField(_("question"))
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    text_en = models.TextField(_("question in English"), blank=True)
    help_text_en = models.CharField(_("help text in English"), max_length=300, blank=True)
    required = models.BooleanField(_("required"), default=False)
    number_min = models.IntegerField(_("smallest number"), null=True, blank=True)
    number_max = models.IntegerField(_("largest number"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # Where the pages of the answering flow break: staff set them in the builder, so
    # that the resident sees the pages the coordinator saw (a map question is always
    # a page of its own; see ``answering.pages``).
    starts_page = models.BooleanField(_("starts a new page"), default=False)

    municipality_path = "survey__municipality"
    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "key"], name="question_key_unique_in_survey"),
            models.UniqueConstraint(
                fields=["survey", "kind"],
                condition=Q(kind__in=["area", "age_group", "gender"]),
                name="one_question_per_background_kind",
                violation_error_message=_(
                    "A survey asks for area, age group and gender once each."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def has_options(self) -> bool:
        return self.kind in self.CHOICE_KINDS

    @property
    def vocabulary(self) -> type[models.TextChoices] | None:
        """The fixed answers of a background question (age group, gender), if it is one.

        They are the respondent's, not the survey's: responses are weighted against
        the population by these codes, so a survey can word them but not add any.
        """
        return BACKGROUND_VOCABULARIES.get(self.kind)

    def clean(self) -> None:
        if (
            self.number_min is not None
            and self.number_max is not None
            and self.number_max < self.number_min
        ):
            raise ValidationError(
                {"number_max": _("The largest number cannot be smaller than the smallest.")}
            )


class Option(OwnedThroughParent, models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    value = models.SlugField(
        _("value"), max_length=50, help_text=_("A stable code for the answer, e.g. very_safe.")
    )
    label = models.CharField(_("label"), max_length=200)
    label_en = models.CharField(_("label in English"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    municipality_path = "question__survey__municipality"
    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["question", "value"], name="option_value_unique")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def survey(self) -> Survey:
        return self.question.survey


class Invitation(OwnedThroughParent, models.Model):
    """One code of a random sample, printed in a letter or sent by e-mail.

    Only the code's hash is stored, and never the address it was sent to. When a
    response is submitted with it, the invitation is marked spent and nothing links
    the two: no key, no time.
    """

    class Channel(models.TextChoices):
        LETTER = "letter", _("Letter")
        EMAIL = "email", _("E-mail")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    code_hash = models.CharField(max_length=64, unique=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    # A flag, not a time: a time could be matched against the response's.
    spent = models.BooleanField(_("used"), default=False)

    municipality_path = "survey__municipality"
    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.survey}: {self.get_channel_display()}"


class Response(OwnedThroughParent, models.Model):
    """One respondent's answers, written once and never edited."""

    class Channel(models.TextChoices):
        INVITATION = "invitation", _("Invitation code")
        OPEN = "open", _("Open link")
        PAPER = "paper", _("Paper form")

    class AgeGroup(models.TextChoices):
        """The respondent's age group: the bands SCB's population is counted in."""

        FROM_16_TO_24 = "16-24", _("16–24 years")
        FROM_25_TO_44 = "25-44", _("25–44 years")
        FROM_45_TO_64 = "45-64", _("45–64 years")
        FROM_65_TO_84 = "65-84", _("65–84 years")
        FROM_85 = "85-", _("85 years or older")

    class Gender(models.TextChoices):
        """The respondent's gender. SCB counts women and men; the others are weighted
        by area and age alone."""

        WOMAN = "woman", _("Woman")
        MAN = "man", _("Man")
        OTHER = "other", pgettext_lazy("gender", "Other")
        NO_ANSWER = "no_answer", _("Prefer not to say")

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    # The form's own one-time token: a repeated submit (double click, network retry)
    # finds the response it already made instead of making a second.
    submission_key = models.UUIDField(unique=True)
    submitted_on = models.DateField(_("submitted"))
    area = models.ForeignKey(
        "geo.Area", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    age_group = models.CharField(
        _("age group"), max_length=20, blank=True, choices=AgeGroup.choices
    )
    gender = models.CharField(_("gender"), max_length=20, blank=True, choices=Gender.choices)
    flagged = models.BooleanField(
        _("flagged"),
        default=False,
        help_text=_("Came in a burst from one network; staff decide whether it counts."),
    )

    municipality_path = "survey__municipality"
    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        indexes = [models.Index(fields=["survey", "area"])]

    def __str__(self) -> str:
        return f"{self.survey} #{self.pk}"


BACKGROUND_VOCABULARIES: dict[str, type[models.TextChoices]] = {
    Question.Kind.AGE_GROUP: Response.AgeGroup,
    Question.Kind.GENDER: Response.Gender,
}


class Answer(models.Model):
    """One answer to one question: an option, a number or a text."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    option = models.ForeignKey(
        Option, on_delete=models.PROTECT, null=True, blank=True, related_name="answers"
    )
    area = models.ForeignKey(
        "geo.Area", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    number = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["question", "option"])]

    def __str__(self) -> str:
        return f"{self.question.key}: {self.option or self.area or self.number or self.text}"


class PlaceMark(models.Model):
    """A point a respondent marked as unsafe, with why and when.

    Stored with its H3 cell so that maps aggregate by cell in SQL; the point itself
    is never shown publicly.
    """

    class Reason(models.TextChoices):
        """Why a respondent finds the place unsafe; part of the product, not survey content."""

        DARK = "dark", _("Dark or poor lighting")
        GATHERING = "gathering", _("People gathering")
        DRUGS = "drugs", _("Drugs")
        TRAFFIC = "traffic", _("Traffic")
        ISOLATED = "isolated", _("Isolated, nobody else around")
        EARLIER_INCIDENT = "earlier_incident", _("Something has happened there before")
        OTHER = "other", _("Other")

    class Time(models.TextChoices):
        """When the place feels unsafe."""

        DAY = "day", _("Daytime")
        EVENING = "evening", _("Evening")
        NIGHT = "night", _("Night")
        WEEKEND = "weekend", _("Weekends")

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="place_marks")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="place_marks")
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    h3_cell = models.BigIntegerField(null=True, blank=True, db_index=True)
    area = models.ForeignKey(
        "geo.Area", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reasons = models.JSONField(default=list)
    times = models.JSONField(default=list)
    description = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"{self.question.key}: {self.h3_cell or self.area}"


class ResponseDraft(models.Model):
    """A resident's answers so far, before they are sent, in a row of its own.

    Kept out of Django's session store on purpose: a row with its own timestamps is
    easy to expire and purge, is created only when a resident saves a page (never by
    reading one), and holds nothing but scrubbed answers and, for an invitation, the
    code's hash. The browser holds only the row's random id, in a signed cookie.
    Once sent, the row is emptied and kept as a marker until it expires, so that a
    repeated final submit is recognised and stores nothing; the marker holds no
    submission key, so nothing links it to the response.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    # The one-time key of the response this draft will make; cleared when it is sent.
    submission_key = models.UUIDField(null=True, default=uuid.uuid4)
    invitation_code_hash = models.CharField(max_length=64, blank=True)
    answers = models.JSONField(default=dict)
    finished = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("response draft")
        verbose_name_plural = _("response drafts")

    def __str__(self) -> str:
        return f"{self.survey}: {'sent' if self.finished else 'draft'}"


class SubmittingNetwork(models.Model):
    """A network that sent open-link responses to a survey within the last hour.

    Its row is the lock that puts the network's submissions in line: each one
    updates it first, so the counts in ``NetworkCount`` are read and written by one
    submission at a time, in every worker process. The network is a keyed hash of
    the address (an IPv6 address by its /64), never the address.
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    network = models.CharField(max_length=64)
    last_submitted_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "network"], name="submitting_network_unique")
        ]

    def __str__(self) -> str:
        return f"{self.survey} {self.network[:8]}"


class NetworkCount(models.Model):
    """How many open-link responses one network sent to one survey in one minute.

    The minutes of the last hour add up to the network's count: a sliding hour, so a
    burst cannot double its allowance by straddling the turn of a clock hour.
    """

    network = models.ForeignKey(SubmittingNetwork, on_delete=models.CASCADE, related_name="counts")
    minute = models.DateTimeField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["network", "minute"], name="network_count_unique")
        ]

    def __str__(self) -> str:
        return f"{self.network} {self.minute:%Y-%m-%d %H:%M}: {self.count}"


class InvitationBatch(models.Model):
    """The one-time key of an invitation form that already made its batch.

    A repeated submit of the form finds its key here (unique in the database, so also
    across worker processes) instead of making a second batch of codes.
    """

    batch_key = models.UUIDField(unique=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return str(self.batch_key)


class PendingInvitationEmail(OwnedThroughParent, models.Model):
    """An address an invitation e-mail is still to be sent to, by the background worker.

    Personal data, kept only until the e-mail is sent: the row is deleted in the
    transaction that makes the e-mail's code and sends it, and every row of a survey
    is deleted when the survey closes. Nothing links the row to the code it gets. An
    address is pending at most once per survey (whatever its case), so that a batch
    sent twice, or two batches at once, send it one e-mail.
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    address = models.EmailField(_("e-mail address"))
    answer_url = models.URLField(
        max_length=500, help_text=_("The answering page, as the staff member reached it.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    municipality_path = "survey__municipality"
    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("pending invitation e-mail")
        verbose_name_plural = _("pending invitation e-mails")
        constraints = [
            models.UniqueConstraint(
                "survey", Lower("address"), name="pending_invitation_email_unique"
            )
        ]

    def __str__(self) -> str:
        # Not the address: this may end up in a log.
        return f"{self.survey}: {_('pending invitation e-mail')}"


class AnswerCell(models.Model):
    """The answers of one fine cell (area × age group × gender), counted and summed.

    Survey results read these instead of the answers, so that their cost grows with
    cells, not answers. One row per survey and fine cell counts its respondents
    (``question`` and ``option`` empty); one per question counts the respondents who
    answered it (for a number, ``y`` is the number); one per option counts the answers
    that chose it. ``y`` is 1 except for numbers. Flagged responses are not counted.

    The sums are those of :class:`trygg.stats.CellSums`, with each respondent's weight
    ``w`` (1 until weighted), and ``sy``, ``sy2`` the unweighted sums that let a new
    weighting scale them. They are kept by ``answer_cells``, in the transaction that
    stores a response or its weights, and rebuilt from the answers by
    ``trygg rebuild-answer-cells``.
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    option = models.ForeignKey(
        Option, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # Protected: deleting an area would move its respondents' answers out of their cells
    # (the responses' area is set to null), changing published figures behind them.
    area = models.ForeignKey(
        "geo.Area", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    age_group = models.CharField(max_length=20, blank=True)
    gender = models.CharField(max_length=20, blank=True)
    count = models.PositiveIntegerField(default=0)
    sy = models.FloatField(default=0)
    sy2 = models.FloatField(default=0)
    sw = models.FloatField(default=0)
    sw2 = models.FloatField(default=0)
    swy = models.FloatField(default=0)
    sw2y = models.FloatField(default=0)
    sw2y2 = models.FloatField(default=0)

    class Meta:
        constraints = [
            # Empty keys as 0, so that a cell without area (or the respondents' row,
            # without question and option) is one row that an upsert can find.
            models.UniqueConstraint(
                "survey",
                Coalesce("question", 0),
                Coalesce("option", 0),
                Coalesce("area", 0),
                "age_group",
                "gender",
                name="answer_cell_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.survey_id} {self.question_id} {self.option_id}: {self.count}"
