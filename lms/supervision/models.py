"""The session log: supervision and mentor meetings, planned and held.

A Session belongs to its author (the supervisor or mentor who holds it), not to a plan,
because a group supervision has many newcomers from different plans. Each newcomer in it
is a SessionParticipant, which also carries that newcomer's own reflection. What is said
in a session is kept in two places on purpose: the shared summary, which the newcomers
in it read, and the private note, which only the author ever sees (not managers, not HR,
not administrators, not any list, feed, export or e-mail). Agreed follow-ups are
FollowUps; one can be turned into an item of the newcomer's plan.

Absences mark weeks when a weekly 1:1 could not happen (holiday, leave), so that the
weekly 1:1 record of the supervision dashboard does not flag them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lms.core import versions
from lms.plans.models import Responsible

#: The longest session anyone can log: a full working day and then some.
MAX_MINUTES = 12 * 60


class SessionKind(models.TextChoices):
    ONE_TO_ONE = "one_to_one", _("Individuell handledning (1:1)")
    GROUP = "group", _("Grupphandledning")
    MENTOR_TALK = "mentor_talk", _("Mentorsamtal")
    CASE_REVIEW = "case_review", _("Ärendegenomgång")
    SHADOWING = "shadowing", _("Gå bredvid")


#: Which kinds a mentor logs, and which a supervisor logs (a newcomer can shadow either).
MENTOR_KINDS = (SessionKind.MENTOR_TALK, SessionKind.SHADOWING)
SUPERVISOR_KINDS = (
    SessionKind.ONE_TO_ONE,
    SessionKind.GROUP,
    SessionKind.CASE_REVIEW,
    SessionKind.SHADOWING,
)


class Session(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planerad")
        HELD = "held", _("Genomförd")
        CANCELLED = "cancelled", _("Inställd")

    kind = models.CharField(_("typ"), max_length=16, choices=SessionKind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.HELD
    )
    starts_at = models.DateTimeField(_("när"))
    duration_minutes = models.PositiveSmallIntegerField(_("längd i minuter"))
    place = models.CharField(_("plats"), max_length=160, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("loggad av"),
        on_delete=models.PROTECT,
        related_name="authored_sessions",
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deltagare"),
        through="SessionParticipant",
        related_name="attended_sessions",
    )
    topics = models.ManyToManyField(
        "plans.PlanItem",
        verbose_name=_("punkter i planen"),
        blank=True,
        related_name="sessions",
    )
    # Only the author ever reads this; every selector for other viewers defers it.
    private_note = models.TextField(_("privat anteckning"), blank=True, max_length=8000)
    shared_summary = models.TextField(
        _("sammanfattning till den nyanställda"), blank=True, max_length=8000
    )
    # Bumped on every change so calendar clients replace the event (RFC 5545 SEQUENCE).
    sequence = models.PositiveIntegerField(_("ändringsnummer"), default=0, editable=False)
    revision = models.PositiveIntegerField(_("revision"), default=1, editable=False)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    objects = versions.VersionedManager()

    class Meta:
        verbose_name = _("handledningstillfälle")
        verbose_name_plural = _("handledningstillfällen")
        ordering = ["-starts_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=1) & Q(duration_minutes__lte=MAX_MINUTES),
                name="session_length_within_a_day",
            )
        ]
        indexes = [
            models.Index(fields=["author", "starts_at"]),
            models.Index(fields=["status", "starts_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_at:%Y-%m-%d}"


class SessionParticipant(models.Model):
    """A newcomer in a session, with the plan it counts for and their own reflection."""

    session = models.ForeignKey(
        Session, verbose_name=_("tillfälle"), on_delete=models.CASCADE, related_name="attendees"
    )
    newcomer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("nyanställd"),
        on_delete=models.PROTECT,
        related_name="session_participations",
    )
    plan = models.ForeignKey(
        "plans.IntroductionPlan",
        verbose_name=_("plan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="session_participations",
    )
    reflection = models.TextField(_("min reflektion"), blank=True, max_length=4000)
    reflected_at = models.DateTimeField(_("reflektion skriven"), null=True, blank=True)

    objects = versions.VersionedManager()

    class Meta:
        verbose_name = _("deltagare")
        verbose_name_plural = _("deltagare")
        constraints = [
            models.UniqueConstraint(fields=["session", "newcomer"], name="session_participant_once")
        ]
        indexes = [models.Index(fields=["newcomer", "session"])]

    def __str__(self) -> str:
        return str(self.newcomer)


class FollowUp(models.Model):
    """Something agreed in a session, for one newcomer; may become an item of their plan."""

    session = models.ForeignKey(
        Session, verbose_name=_("tillfälle"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    newcomer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("nyanställd"),
        on_delete=models.PROTECT,
        related_name="session_follow_ups",
    )
    text = models.CharField(_("vad ni kom överens om"), max_length=300)
    due_date = models.DateField(_("klart senast"), null=True, blank=True)
    responsible = models.CharField(
        _("ansvarig"), max_length=16, choices=Responsible.choices, default=Responsible.NEWCOMER
    )
    plan_item = models.OneToOneField(
        "plans.PlanItem",
        verbose_name=_("punkt i planen"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_up",
    )
    done_at = models.DateTimeField(_("klar"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("klarmarkerad av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    objects = versions.VersionedManager()

    class Meta:
        verbose_name = _("överenskommen uppföljning")
        verbose_name_plural = _("överenskomna uppföljningar")
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["newcomer", "done_at", "due_date"])]

    def __str__(self) -> str:
        return self.text


class Absence(models.Model):
    """Days a newcomer is away (holiday, leave): weeks inside are not flagged as missing
    a 1:1. Only the kind is kept, never a reason, since the reason is nobody's business."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Semester")
        ABSENCE = "absence", _("Frånvaro")
        SUPERVISOR_AWAY = "supervisor_away", _("Handledaren borta")

    newcomer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("nyanställd"),
        on_delete=models.CASCADE,
        related_name="supervision_absences",
    )
    kind = models.CharField(_("typ"), max_length=16, choices=Kind.choices)
    starts_on = models.DateField(_("från och med"))
    ends_on = models.DateField(_("till och med"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("markerad av"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    objects = versions.VersionedManager()

    class Meta:
        verbose_name = _("frånvaro")
        verbose_name_plural = _("frånvaro")
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="absence_ends_after_start"
            )
        ]
        indexes = [models.Index(fields=["newcomer", "starts_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_on:%Y-%m-%d}–{self.ends_on:%Y-%m-%d}"
