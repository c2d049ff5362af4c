"""Who works where: municipalities, police areas, organisations and memberships.

A user reaches a municipality's staff data only through a membership of an
organisation that serves it. A municipal organisation serves its own municipality;
a police organisation serves every municipality of its police area.
"""

import functools

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    """A member's role in the municipalities their organisation serves (see ``rules``)."""

    VIEWER = "viewer", _("Viewer")
    MODERATOR = "moderator", _("Moderator")
    ANALYST = "analyst", _("Analyst")
    COORDINATOR = "coordinator", _("Coordinator")
    ADMIN = "admin", _("Administrator")


class MunicipalityQuerySet(models.QuerySet):
    def visible_to(self, user) -> "MunicipalityQuerySet":
        """The municipalities whose staff data ``user`` may read."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.served_to(user)

    def served_to(self, user) -> "MunicipalityQuerySet":
        """The municipalities ``user``'s memberships serve, superuser or not.

        The staff workspace starts from these: an operator may read all 290, but
        works for the few their memberships name.
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(
            Q(organisations__memberships__user=user)
            | Q(police_areas__organisations__memberships__user=user)
        ).distinct()


class TenantQuerySet(models.QuerySet):
    """Rows owned by a municipality, reached by the model's ``municipality_path``."""

    def visible_to(self, user) -> "TenantQuerySet":
        """The rows whose staff data ``user`` may read."""
        lookup = f"{getattr(self.model, 'municipality_path', 'municipality')}__in"
        return self.filter(**{lookup: Municipality.objects.visible_to(user)})


class OwnedThroughParent:
    """A model whose municipality is its parent's, declared once by ``municipality_path``.

    The path (a lookup such as ``"survey__municipality"``) serves both sides of the
    tenant boundary: querysets filter by it (``visible_to``) and the rules follow it
    to the object's ``municipality``, so the two cannot disagree.
    """

    municipality_path: str

    @property
    def municipality(self) -> "Municipality":
        return functools.reduce(getattr, self.municipality_path.split("__"), self)


class Municipality(models.Model):
    code = models.CharField(
        _("municipality code"),
        max_length=4,
        unique=True,
        help_text=_("The four-digit kommunkod, e.g. 1384."),
    )
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("web address"), max_length=100, unique=True)
    county_code = models.CharField(_("county code"), max_length=2, blank=True)
    border = models.JSONField(_("border"), null=True, blank=True, help_text=_("GeoJSON geometry"))
    require_two_factor = models.BooleanField(
        _("two-step sign-in for all staff"),
        default=False,
        help_text=_(
            "Everyone who works with this municipality in Trygg signs in with a code from "
            "an authenticator app as well as the password. Administrators always do."
        ),
    )

    residents_contact = models.CharField(
        _("contact for residents"),
        max_length=200,
        blank=True,
        help_text=_(
            "Printed on the invitation letters for residents' questions, "
            "e.g. trygghet@kungsbacka.se or 0300-83 40 00."
        ),
    )

    objects = MunicipalityQuerySet.as_manager()
    # Who switched the two-step requirement on or off or changed the contact, and
    # when (the border is left out: it is reference data, reloaded from the shipped file).
    history = HistoricalRecords(excluded_fields=["border"])

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("portal:municipality", kwargs={"municipality": self.slug})


class MunicipalityGroup(models.Model):
    """Where SKR's kommungruppsindelning puts a municipality: its group and main group.

    SKR sorts the 290 municipalities into nine groups (e.g. ``B3`` "Pendlingskommun
    nära större stad") in three main groups, by size, commuting and structure; Trygg
    compares a municipality's rates with its group's. Imported from SKR's spreadsheet
    (``trygg import-municipality-groups``); ``edition`` is the year of the division.
    """

    municipality = models.OneToOneField(
        Municipality,
        on_delete=models.CASCADE,
        related_name="group",
        verbose_name=_("municipality"),
    )
    group_code = models.CharField(_("group code"), max_length=10)
    group_name = models.CharField(_("municipality group"), max_length=200)
    main_group = models.CharField(_("main group"), max_length=200)
    edition = models.PositiveSmallIntegerField(_("edition"))

    class Meta:
        verbose_name = _("municipality group")
        verbose_name_plural = _("municipality groups")
        ordering = ["group_code", "municipality__name"]

    def __str__(self) -> str:
        return f"{self.municipality}: {self.group_code} {self.group_name}"


class PoliceArea(models.Model):
    """A lokalpolisområde: the police unit that signs with one or more municipalities."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    region = models.CharField(_("police region"), max_length=100, blank=True)
    municipalities = models.ManyToManyField(
        Municipality, related_name="police_areas", verbose_name=_("municipalities")
    )

    class Meta:
        verbose_name = _("local police area")
        verbose_name_plural = _("local police areas")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    class Kind(models.TextChoices):
        MUNICIPALITY = "kommun", _("Municipality")
        POLICE = "polis", _("Police")
        PARTNER = "partner", _("Partner")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("municipality"),
        help_text=_("For a municipal or partner organisation: the municipality it serves."),
    )
    police_area = models.ForeignKey(
        PoliceArea,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("local police area"),
        help_text=_("For a police organisation: the police area it belongs to."),
    )

    # Staff views reach an organisation through its municipality; a police
    # organisation (a whole police area) is never one municipality's to manage.
    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                name="organisation_serves_exactly_one_place",
                condition=(
                    Q(kind="polis", police_area__isnull=False, municipality__isnull=True)
                    | (
                        Q(kind__in=["kommun", "partner"])
                        & Q(municipality__isnull=False, police_area__isnull=True)
                    )
                ),
                violation_error_message=_(
                    "A police organisation belongs to a police area; "
                    "a municipal or partner organisation to a municipality."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def served_municipalities(self) -> models.QuerySet[Municipality]:
        if self.kind == self.Kind.POLICE:
            return self.police_area.municipalities.all()
        return Municipality.objects.filter(pk=self.municipality_id)


class Membership(OwnedThroughParent, models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    title = models.CharField(
        _("title"),
        max_length=100,
        blank=True,
        help_text=_("E.g. kommunpolis, trygghetssamordnare."),
    )

    # Who was given which role, by whom and when, and who removed them.
    history = HistoricalRecords()
    # Managed from the municipality of the organisation: police memberships (a whole
    # police area) are outside every municipality's staff pages.
    municipality_path = "organisation__municipality"
    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="one_membership_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"
