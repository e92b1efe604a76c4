"""How the municipality is organised: municipality → administration → unit → work group.

Units carry the area of work (verksamhetsområde) because plan templates, mentor
suggestions and introduction figures are all chosen by area. Who manages a unit is
a role assignment (accounts.RoleAssignment), not a field here, since a unit can
have several managers and a manager several units.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Municipality(models.Model):
    name = models.CharField(_("namn"), max_length=120, unique=True)
    slug = models.SlugField(_("kortnamn"), unique=True)
    # The municipality's expectation of individual supervision: a 1:1 at least every
    # `one_to_one_every_weeks` weeks during the first `one_to_one_months` months.
    one_to_one_every_weeks = models.PositiveSmallIntegerField(
        _("1:1-handledning minst var n:e vecka"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(8)],
    )
    one_to_one_months = models.PositiveSmallIntegerField(
        _("under de första månaderna"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
        help_text=_("Hur länge förväntan på regelbunden 1:1-handledning gäller."),
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        verbose_name = _("kommun")
        verbose_name_plural = _("kommuner")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Administration(models.Model):
    """A förvaltning: a district administration or a city-wide one."""

    class Kind(models.TextChoices):
        DISTRICT = "district", _("Stadsdelsförvaltning")
        SOCIAL = "social", _("Socialförvaltning")
        ELDERLY = "elderly", _("Äldreförvaltning")
        OTHER = "other", _("Annan förvaltning")

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("kommun"),
        on_delete=models.PROTECT,
        related_name="administrations",
    )
    name = models.CharField(_("namn"), max_length=120)
    kind = models.CharField(_("typ"), max_length=16, choices=Kind.choices, default=Kind.DISTRICT)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        verbose_name = _("förvaltning")
        verbose_name_plural = _("förvaltningar")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="administration_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Area(models.Model):
    """An area of work (verksamhetsområde); the six of the field are created by a migration."""

    code = models.SlugField(_("kod"), max_length=40, unique=True)
    name = models.CharField(_("namn"), max_length=120)
    name_en = models.CharField(_("namn på engelska"), max_length=120, blank=True)
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("verksamhetsområde")
        verbose_name_plural = _("verksamhetsområden")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        from django.utils.translation import get_language

        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name


class Unit(models.Model):
    """An enhet: the level at which newcomers are managed and plans are owned."""

    administration = models.ForeignKey(
        Administration,
        verbose_name=_("förvaltning"),
        on_delete=models.PROTECT,
        related_name="units",
    )
    area = models.ForeignKey(
        Area,
        verbose_name=_("verksamhetsområde"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
        help_text=_("Tomt för staber och centrala enheter utan eget verksamhetsområde."),
    )
    name = models.CharField(_("namn"), max_length=160)
    # The HR system's key for the unit: the staff import finds and renames units by it.
    code = models.CharField(
        _("enhetskod"),
        max_length=40,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Enhetens kod i HR-systemet. Används när personal importeras."),
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        verbose_name = _("enhet")
        verbose_name_plural = _("enheter")
        ordering = ["administration__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["administration", "name"], name="unit_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class WorkGroup(models.Model):
    """An arbetsgrupp inside a unit, often led by an assistant unit manager."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("enhet"), on_delete=models.CASCADE, related_name="work_groups"
    )
    name = models.CharField(_("namn"), max_length=160)
    lead = models.ForeignKey(
        "accounts.User",
        verbose_name=_("gruppledare"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_work_groups",
    )

    class Meta:
        verbose_name = _("arbetsgrupp")
        verbose_name_plural = _("arbetsgrupper")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="workgroup_unique_name")
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.name}"


class ClosedDay(models.Model):
    """A weekday on which the municipality's offices are closed (a klämdag, a staff day).

    Sweden's public holidays and julafton, midsommarafton and nyårsafton come from the
    `holidays` package (lms.organisation.workdays); only what the municipality decides
    itself is stored here. It belongs to the municipality, not a unit, because the
    decision is the municipality's and the weekly 1:1s, the course series and the plan
    dates of every unit follow it alike.
    """

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("kommun"),
        on_delete=models.CASCADE,
        related_name="closed_days",
    )
    date = models.DateField(_("datum"))
    name = models.CharField(
        _("benämning"),
        max_length=120,
        help_text=_("Visas för den som planerar, till exempel ”Klämdag” eller ”Personaldag”."),
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        verbose_name = _("stängd dag")
        verbose_name_plural = _("stängda dagar")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "date"], name="closedday_unique_date")
        ]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.name}"
