"""The shared two-year introduction programme and its scheduled course sessions.

Programme → Part → Module is the curriculum. A programme is *versioned*: next year's
changes go into a new Programme row (copied from the last), so a completion recorded
against last year's module keeps pointing at what the person actually did.
CourseSession is one scheduled run of a module, over one or more days; Enrolment is a
person's place on it (admitted or waitlisted); Attendance is per day; ModuleCompletion
is the lasting record that a person has done a module.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lms.core import versions
from lms.core.language import in_reader_language


class Programme(models.Model):
    name = models.CharField(_("namn"), max_length=160)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    valid_from = models.DateField(_("gäller från"))
    is_current = models.BooleanField(_("gällande version"), default=False)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    objects = versions.VersionedManager()

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("program")
        ordering = ["-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="programme_unique_version"),
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="programme_one_current"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"


class Part(models.Model):
    """Del 1 (within the first four months) or del 2 (within the first two years)."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("program"), on_delete=models.CASCADE, related_name="parts"
    )
    number = models.PositiveSmallIntegerField(_("nummer"))
    title = models.CharField(_("rubrik"), max_length=160)
    description = models.TextField(_("beskrivning"), blank=True)
    deadline_months = models.PositiveSmallIntegerField(
        _("klar inom (månader från start)"),
        help_text=_("Del 1 inom 4 månader, del 2 inom 24 månader från anställningens start."),
    )

    objects = versions.VersionedManager()

    class Meta:
        verbose_name = _("del")
        verbose_name_plural = _("delar")
        ordering = ["programme", "number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="part_unique_number")
        ]

    def __str__(self) -> str:
        return self.title


class Module(models.Model):
    part = models.ForeignKey(
        Part, verbose_name=_("del"), on_delete=models.CASCADE, related_name="modules"
    )
    title = models.CharField(_("rubrik"), max_length=200)
    title_en = models.CharField(_("titel på engelska"), max_length=200, blank=True)
    slug = models.SlugField(
        _("kortnamn"), max_length=80, help_text=_("Används i kalenderadressen; ändra inte.")
    )
    description = models.TextField(_("beskrivning"), blank=True)
    length_days = models.DecimalField(_("längd (dagar)"), max_digits=4, decimal_places=1)
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)
    practise_text = models.TextField(
        _("öva efteråt med din handledare"),
        blank=True,
        help_text=_("Vad den nyanställda ska öva på hemma med sin handledare efter kursen."),
    )
    areas = models.ManyToManyField(
        "organisation.Area",
        verbose_name=_("målgrupp: verksamhetsområden"),
        blank=True,
        help_text=_("Tomt betyder alla verksamhetsområden."),
    )
    newcomer_kinds = models.JSONField(
        _("målgrupp: typ av nyanställd"),
        default=list,
        blank=True,
        help_text=_("Tomt betyder alla nyanställda."),
    )
    prerequisites = models.ManyToManyField(
        "self", verbose_name=_("förkunskaper"), symmetrical=False, blank=True
    )

    objects = versions.VersionedManager()

    class Meta:
        verbose_name = _("modul")
        verbose_name_plural = _("moduler")
        ordering = ["part__number", "position", "title"]
        constraints = [
            models.UniqueConstraint(fields=["part", "slug"], name="module_unique_slug_in_part"),
            models.CheckConstraint(condition=Q(length_days__gt=0), name="module_length_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def display_title(self) -> str:
        """The title as shown to the reader: English in the English interface if set.
        __str__ stays Swedish for what is stored, exported or printed."""
        return in_reader_language(self.title, self.title_en)

    def newcomer_kind_labels(self) -> list[str]:
        from lms.accounts.models import NewcomerKind

        labels = dict(NewcomerKind.choices)
        return [str(labels.get(kind, kind)) for kind in self.newcomer_kinds]


class CourseSession(models.Model):
    """One scheduled run of a module (kurstillfälle), over one or more days."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        PUBLISHED = "published", _("Publicerat")
        CANCELLED = "cancelled", _("Inställt")

    module = models.ForeignKey(
        Module, verbose_name=_("modul"), on_delete=models.PROTECT, related_name="sessions"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    capacity = models.PositiveSmallIntegerField(_("antal platser"))
    booking_deadline = models.DateField(_("sista anmälningsdag"), null=True, blank=True)
    place = models.CharField(_("plats"), max_length=200, blank=True)
    online_url = models.URLField(_("länk för distansdeltagande"), blank=True)
    trainers = models.CharField(_("utbildare"), max_length=300, blank=True)
    notes = models.TextField(_("information till deltagarna"), blank=True)
    # Told to every participant in the cancellation e-mail, and kept for whoever asks.
    cancel_reason = models.TextField(_("anledning till att det ställdes in"), blank=True)
    # Bumped on every change so calendar clients replace the event (RFC 5545 SEQUENCE).
    sequence = models.PositiveIntegerField(_("ändringsnummer"), default=0, editable=False)
    # The first day, kept on the row so lists and feeds sort and filter without a join.
    first_day_cache = models.DateField(_("första dag"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skapad av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The UID of the calendar event it was imported from, so the same file imported
    # twice adds nothing. Null (not "") for every other session: NULLs never collide
    # in the unique constraint below.
    ics_uid = models.CharField(  # noqa: DJ001 -- null keeps the constraint to imported rows
        _("UID i kalenderfilen"), max_length=300, null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    objects = versions.VersionedManager()

    class Meta:
        verbose_name = _("kurstillfälle")
        verbose_name_plural = _("kurstillfällen")
        ordering = ["first_day_cache", "pk"]
        indexes = [models.Index(fields=["status", "first_day_cache"])]
        constraints = [
            models.UniqueConstraint(
                fields=["module", "ics_uid"],
                condition=Q(ics_uid__isnull=False),
                name="session_ics_uid_once_per_module",
            )
        ]

    def __str__(self) -> str:
        when = self.first_day_cache.isoformat() if self.first_day_cache else "?"
        return f"{self.module} {when}"


class SessionDay(models.Model):
    session = models.ForeignKey(
        CourseSession,
        verbose_name=_("kurstillfälle"),
        on_delete=models.CASCADE,
        related_name="days",
    )
    date = models.DateField(_("datum"))
    start = models.TimeField(_("starttid"))
    end = models.TimeField(_("sluttid"))

    objects = versions.VersionedManager()

    class Meta:
        verbose_name = _("kursdag")
        verbose_name_plural = _("kursdagar")
        ordering = ["date", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="day_end_after_start"
            ),
            models.UniqueConstraint(fields=["session", "date"], name="day_unique_date"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.start:%H:%M}–{self.end:%H:%M}"


class Enrolment(models.Model):
    """A person's place on a session: asked for, admitted, waitlisted or cancelled."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Önskad, väntar på chef")
        ADMITTED = "admitted", _("Antagen")
        WAITLISTED = "waitlisted", _("Reserv")
        CANCELLED = "cancelled", _("Avbokad")

    session = models.ForeignKey(
        CourseSession,
        verbose_name=_("kurstillfälle"),
        on_delete=models.CASCADE,
        related_name="enrolments",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deltagare"),
        on_delete=models.CASCADE,
        related_name="enrolments",
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("anmäld av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Bumped whenever the status changes, so the person's own calendar (and invitations)
    # carry a SEQUENCE that grows with booking changes too, not only session changes.
    sequence = models.PositiveIntegerField(_("ändringsnummer"), default=0, editable=False)
    # Waitlist order: first come, first promoted.
    queued_at = models.DateTimeField(_("köplats sedan"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("avbokad"), null=True, blank=True)
    # Why someone else cancelled it: told to the person in the cancellation e-mail.
    cancel_reason = models.TextField(_("anledning till avbokningen"), blank=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    objects = versions.VersionedManager()

    class Meta:
        verbose_name = _("anmälan")
        verbose_name_plural = _("anmälningar")
        ordering = ["queued_at", "pk"]
        constraints = [
            # One live booking per person and session; cancelled ones stay as history.
            models.UniqueConstraint(
                fields=["session", "person"],
                condition=~Q(status="cancelled"),
                name="enrolment_one_live_per_person",
            )
        ]
        indexes = [models.Index(fields=["session", "status"])]

    def __str__(self) -> str:
        return f"{self.person} – {self.session} ({self.get_status_display()})"


def booking_sequence(session: CourseSession, enrolments) -> int:
    """SEQUENCE for one person's events of a session: the session's changes plus every
    change of each of the person's bookings on it (a cancelled one and a later rebooking
    included), so it never goes down when someone cancels and books again."""
    return session.sequence + sum(e.sequence + 1 for e in enrolments) - 1


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("Närvarande")
        PARTLY = "partly", _("Delvis närvarande")
        ABSENT = "absent", _("Frånvarande")

    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("anmälan"), on_delete=models.CASCADE, related_name="attendance"
    )
    day = models.ForeignKey(
        SessionDay, verbose_name=_("kursdag"), on_delete=models.CASCADE, related_name="attendance"
    )
    status = models.CharField(_("närvaro"), max_length=16, choices=Status.choices)
    # A partly attended day counts towards the module only when the coordinator says it
    # was enough (the person left an hour early, say), never by default.
    enough = models.BooleanField(
        _("räcker för modulen"),
        default=False,
        help_text=_("Delvis närvaro räknas som genomförd dag bara när detta är ikryssat."),
    )
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrerad av"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    marked_at = models.DateTimeField(_("registrerad"), auto_now=True)

    objects = versions.VersionedManager()

    class Meta:
        verbose_name = _("närvaro")
        verbose_name_plural = _("närvaro")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "day"], name="attendance_once_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.enrolment.person} {self.day}: {self.get_status_display()}"

    @property
    def counts(self) -> bool:
        """Whether the day counts as attended for the module."""
        return self.status == self.Status.PRESENT or (
            self.status == self.Status.PARTLY and self.enough
        )


class ModuleCompletion(models.Model):
    """The lasting record that a person has done a module, and how it was recorded.

    `session` is where the attendance that earned it was marked; it is empty for a
    completion entered by hand. Only a completion earned by a session's attendance is
    taken back when that attendance is corrected.
    """

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="module_completions",
    )
    module = models.ForeignKey(
        Module, verbose_name=_("modul"), on_delete=models.PROTECT, related_name="completions"
    )
    session = models.ForeignKey(
        CourseSession,
        verbose_name=_("kurstillfälle"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="completions",
    )
    completed_on = models.DateField(_("klar"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrerad av"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("registrerad"), auto_now_add=True)

    objects = versions.VersionedManager()

    class Meta:
        verbose_name = _("genomförd modul")
        verbose_name_plural = _("genomförda moduler")
        constraints = [
            models.UniqueConstraint(fields=["person", "module"], name="completion_once_per_module")
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.module} ({self.completed_on:%Y-%m-%d})"


class Evaluation(models.Model):
    """An attendee's rating of a session. Trainers see results per session, never names."""

    session = models.ForeignKey(
        CourseSession,
        verbose_name=_("kurstillfälle"),
        on_delete=models.CASCADE,
        related_name="evaluations",
    )
    # Kept only to stop a second answer; never shown next to the answer.
    enrolment = models.OneToOneField(
        Enrolment, verbose_name=_("anmälan"), on_delete=models.CASCADE, related_name="evaluation"
    )
    rating = models.PositiveSmallIntegerField(_("helhetsbetyg (1–5)"))
    comment = models.TextField(_("kommentar"), blank=True, max_length=4000)
    created_at = models.DateTimeField(_("lämnad"), auto_now_add=True)

    objects = versions.VersionedManager()

    class Meta:
        verbose_name = _("utvärdering")
        verbose_name_plural = _("utvärderingar")
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="evaluation_rating_1_to_5"
            )
        ]

    def __str__(self) -> str:
        return f"{self.session}: {self.rating}"
