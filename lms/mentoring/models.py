"""The mentor pool and the pairings made from it.

A MentorProfile puts a colleague in the pool: how many newcomers they can take, when
they are available and which languages they speak. Area and unit are not copied here:
they come from the person's unit (User.unit → Unit.area, Unit.administration), and the
competence level from User.in_profession_since, so a move or a new year in the
profession never leaves a stale copy behind.

A MentorPairing joins one newcomer and one mentor for a period. At most one pairing per
newcomer runs at a time (a database constraint); re-pairing ends the old one, which
stays as history. The plan's mentor (IntroductionPlan.mentor) is a copy of the running
pairing, kept by services.py.

FitAnswer and MentorChangeRequest are the newcomer's and the mentor's "is this a good
fit?" and the newcomer's request for a new mentor. They are for the person who gave
them and the newcomer's manager: the mentor never sees the newcomer's answer, nor that
a request was made, nor why (rules.py).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from lms.core import versions

#: How many newcomers one mentor may have at once.
MIN_CAPACITY, MAX_CAPACITY, DEFAULT_CAPACITY = 1, 5, 2


class SpokenLanguage(models.TextChoices):
    """Languages a mentor can offer besides Swedish: the national minority languages and
    the languages most spoken by people in Swedish social services' caseloads and staff.
    A fixed list, so suggestions can match on it and it reads the same for everyone."""

    ENGLISH = "en", _("engelska")
    ARABIC = "ar", _("arabiska")
    BOSNIAN = "bs", _("bosniska/kroatiska/serbiska")
    DARI = "prs", _("dari")
    FINNISH = "fi", _("finska")
    KURDISH = "ku", _("kurdiska")
    MEANKIELI = "fit", _("meänkieli")
    PERSIAN = "fa", _("persiska")
    POLISH = "pl", _("polska")
    ROMANI = "rom", _("romani chib")
    RUSSIAN = "ru", _("ryska")
    SAMI = "smi", _("samiska")
    SIGN = "swl", _("svenskt teckenspråk")
    SOMALI = "so", _("somaliska")
    SPANISH = "es", _("spanska")
    TIGRINYA = "ti", _("tigrinja")
    TURKISH = "tr", _("turkiska")


def validate_languages(value) -> None:
    """A list of codes from SpokenLanguage, each once (stored as JSON: the same on SQLite
    and PostgreSQL)."""
    if not isinstance(value, list) or any(not isinstance(code, str) for code in value):
        raise ValidationError(_("Ange språken som en lista."))
    unknown = sorted(set(value) - set(SpokenLanguage.values))
    if unknown:
        raise ValidationError(
            _("Okänt språk: %(codes)s.") % {"codes": ", ".join(unknown)}, code="unknown"
        )
    if len(set(value)) != len(value):
        raise ValidationError(_("Ett språk står två gånger."), code="duplicate")


class MentorProfile(models.Model):
    """One person in the mentor pool. The row is kept when they leave the pool
    (is_active off), so the pairings made through it keep their context."""

    class Source(models.TextChoices):
        VOLUNTEERED = "volunteered", _("Anmälde sig själv")
        APPOINTED = "appointed", _("Utsedd av chef")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="mentor_profile",
    )
    capacity = models.PositiveSmallIntegerField(
        _("antal nyanställda samtidigt"),
        default=DEFAULT_CAPACITY,
        validators=[MinValueValidator(MIN_CAPACITY), MaxValueValidator(MAX_CAPACITY)],
        help_text=_("Hur många nyanställda du kan vara mentor för på samma gång (1–5)."),
    )
    available_from = models.DateField(
        _("tillgänglig från"),
        null=True,
        blank=True,
        help_text=_("Tomt: redan nu."),
    )
    available_until = models.DateField(
        _("tillgänglig till och med"),
        null=True,
        blank=True,
        help_text=_("Tomt: tills vidare. Till exempel före en föräldraledighet."),
    )
    languages = models.JSONField(
        _("språk"),
        default=list,
        blank=True,
        validators=[validate_languages],
        help_text=_("Språk du kan samtala på med en nyanställd, utöver svenska."),
    )
    source = models.CharField(_("hur personen kom med"), max_length=16, choices=Source.choices)
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utsedd av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    is_active = models.BooleanField(
        _("med i mentorspoolen"),
        default=True,
        help_text=_("Av: föreslås inte längre. Pågående mentorskap fortsätter."),
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    objects = versions.VersionedManager()

    class Meta:
        verbose_name = _("mentorsprofil")
        verbose_name_plural = _("mentorsprofiler")
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=MIN_CAPACITY) & Q(capacity__lte=MAX_CAPACITY),
                name="mentorprofile_capacity_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(available_from__isnull=True)
                | Q(available_until__isnull=True)
                | Q(available_until__gte=F("available_from")),
                name="mentorprofile_available_until_after_from",
            ),
        ]
        indexes = [models.Index(fields=["is_active"])]

    def __str__(self) -> str:
        return str(self.user)

    def is_available_on(self, day) -> bool:
        return (self.available_from is None or self.available_from <= day) and (
            self.available_until is None or day <= self.available_until
        )

    def language_labels(self) -> list[str]:
        labels = dict(SpokenLanguage.choices)
        return [str(labels[code]) for code in self.languages if code in labels]


class EndReason(models.TextChoices):
    PLANNED = "planned", _("Planerat slut")
    NEW_MENTOR = "new_mentor", _("Ny mentor")
    MENTOR_UNAVAILABLE = "mentor_unavailable", _("Mentorn kan inte fortsätta")
    NEWCOMER_LEFT = "newcomer_left", _("Den nyanställda har slutat")
    OTHER = "other", _("Annat")


class MentorPairing(models.Model):
    """A newcomer's mentor for a period. Ended pairings are history, never deleted."""

    newcomer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("nyanställd"),
        on_delete=models.PROTECT,
        related_name="mentor_pairings",
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mentor"),
        on_delete=models.PROTECT,
        related_name="mentee_pairings",
    )
    # The plan the pairing is part of, if the newcomer has one; a pairing may come first
    # (a mentor named before the plan is written) and be attached when the plan is made.
    plan = models.ForeignKey(
        "plans.IntroductionPlan",
        verbose_name=_("introduktionsplan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentor_pairings",
    )
    starts_on = models.DateField(_("börjar"))
    planned_ends_on = models.DateField(_("planerat slut"))
    ended_on = models.DateField(_("avslutades"), null=True, blank=True)
    end_reason = models.CharField(
        _("orsak till avslut"), max_length=24, choices=EndReason.choices, blank=True
    )
    # The manager's own words when ending; never shown to the mentor.
    end_note = models.CharField(_("anteckning om avslutet"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("parad av"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("avslutad av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    objects = versions.VersionedManager()

    class Meta:
        verbose_name = _("mentorskap")
        verbose_name_plural = _("mentorskap")
        constraints = [
            models.UniqueConstraint(
                fields=["newcomer"],
                condition=Q(ended_on__isnull=True),
                name="pairing_one_running_per_newcomer",
            ),
            models.CheckConstraint(
                condition=~Q(mentor=F("newcomer")), name="pairing_mentor_is_not_newcomer"
            ),
            models.CheckConstraint(
                condition=Q(planned_ends_on__gt=F("starts_on")),
                name="pairing_planned_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("starts_on")),
                name="pairing_ended_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["mentor", "ended_on"]),
            models.Index(fields=["newcomer", "ended_on"]),
        ]

    def __str__(self) -> str:
        return str(
            _("%(mentor)s mentor för %(newcomer)s")
            % {
                "mentor": self.mentor,
                "newcomer": self.newcomer,
            }
        )

    @property
    def is_running(self) -> bool:
        return self.ended_on is None


class Fit(models.TextChoices):
    GOOD = "good", _("Ja, det passar bra")
    UNSURE = "unsure", _("Vet inte än")
    NOT_GOOD = "not_good", _("Nej, det passar inte")


class FitAnswer(models.Model):
    """One person's answer to "is this a good fit?" for one pairing: the newcomer's or
    the mentor's. It can be changed; the newest answer counts. Seen by the person who
    gave it and the newcomer's manager, never by the other party."""

    pairing = models.ForeignKey(
        MentorPairing, verbose_name=_("mentorskap"), on_delete=models.CASCADE, related_name="fit"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    answer = models.CharField(_("svar"), max_length=16, choices=Fit.choices)
    created_at = models.DateTimeField(_("svarade"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    objects = versions.VersionedManager()

    class Meta:
        verbose_name = _("svar om mentorskapet")
        verbose_name_plural = _("svar om mentorskapet")
        constraints = [
            models.UniqueConstraint(fields=["pairing", "person"], name="fit_one_per_person")
        ]

    def __str__(self) -> str:
        # No answer here: admin lists and logs show this text to more people.
        return str(_("Svar från %(person)s") % {"person": self.person})


class MentorChangeRequest(models.Model):
    """The newcomer asks their manager for a new mentor. Open until the manager acts:
    re-pairs (the new pairing is linked) or closes it with a note. The message is for
    the manager; the mentor is never told of the request."""

    class Status(models.TextChoices):
        OPEN = "open", _("Väntar på chefen")
        REPAIRED = "repaired", _("Ny mentor utsedd")
        CLOSED = "closed", _("Avslutad utan ny mentor")

    pairing = models.ForeignKey(
        MentorPairing,
        verbose_name=_("mentorskap"),
        on_delete=models.CASCADE,
        related_name="change_requests",
    )
    newcomer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("nyanställd"),
        on_delete=models.CASCADE,
        related_name="mentor_change_requests",
    )
    message = models.TextField(_("meddelande till chefen"), blank=True, max_length=2000)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hanterad av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("hanterad"), null=True, blank=True)
    resolution_note = models.CharField(_("chefens anteckning"), max_length=300, blank=True)
    new_pairing = models.ForeignKey(
        MentorPairing,
        verbose_name=_("nytt mentorskap"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    objects = versions.VersionedManager()

    class Meta:
        verbose_name = _("begäran om ny mentor")
        verbose_name_plural = _("begäran om ny mentor")
        constraints = [
            models.UniqueConstraint(
                fields=["newcomer"],
                condition=Q(status="open"),
                name="change_request_one_open_per_newcomer",
            )
        ]
        indexes = [models.Index(fields=["status", "newcomer"])]

    def __str__(self) -> str:
        return str(_("Begäran om ny mentor från %(person)s") % {"person": self.newcomer})
