"""Individual introduction plans and the templates they are made from.

A PlanTemplate is versioned like the programme: a plan keeps pointing at the template
version it was made from, and editing a template means a new version, so running plans
never change behind the manager's back. An IntroductionPlan copies the template's items
into PlanItems with concrete due dates; from then on the plan is the newcomer's own and
the manager may change it freely. Nothing a user does hard-deletes a plan or an item:
removed items keep their row (removed_at) and every change leaves a PlanEvent.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lms.core import versions
from lms.core.language import in_reader_language


class Phase(models.TextChoices):
    BEFORE_START = "before_start", _("Före första dagen")
    FIRST_WEEK = "first_week", _("Första veckan")
    FIRST_MONTH = "first_month", _("Första månaden")
    FIRST_FOUR_MONTHS = "first_four_months", _("De första fyra månaderna")
    FIRST_YEAR = "first_year", _("Första året")
    SECOND_YEAR = "second_year", _("Andra året")


#: The phase order, for sorting and progress per phase.
PHASE_ORDER = {phase: index for index, phase in enumerate(Phase.values)}


class ItemKind(models.TextChoices):
    TASK = "task", _("Uppgift")
    READING = "reading", _("Läsning")
    CONVERSATION = "conversation", _("Samtal")
    SHADOWING = "shadowing", _("Gå bredvid")
    MODULE = "module", _("Kursmodul i introduktionsprogrammet")
    CHECK_IN = "check_in", _("Avstämning")


class Responsible(models.TextChoices):
    NEWCOMER = "newcomer", _("Nyanställd")
    MANAGER = "manager", _("Enhetschef")
    SUPERVISOR = "supervisor", _("Handledare")
    MENTOR = "mentor", _("Mentor")
    COLLEAGUE = "colleague", _("Kollega")
    HR = "hr", _("HR")
    COORDINATOR = "coordinator", _("Utbildningssamordnare")


class PlanTemplate(models.Model):
    """A reusable plan for one area of work and kind of newcomer, in versions.

    Versions of one template share a `family` key; only one is current. A version that
    any plan was made from is never edited again: a change starts the next version.
    """

    family = models.SlugField(_("mallfamilj"), max_length=80)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    is_current = models.BooleanField(_("gällande version"), default=True)
    name = models.CharField(_("namn"), max_length=160)
    name_en = models.CharField(_("namn på engelska"), max_length=160, blank=True)
    description = models.TextField(_("beskrivning"), blank=True)
    area = models.ForeignKey(
        "organisation.Area",
        verbose_name=_("verksamhetsområde"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_templates",
        help_text=_("Tomt betyder alla verksamhetsområden."),
    )
    newcomer_kind = models.CharField(
        _("typ av nyanställd"),
        max_length=32,
        blank=True,
        help_text=_("Tomt betyder alla nyanställda."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skapad av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Optimistic locking, as on plans: a form carries the revision it was read at, and a
    # save against an older one is refused instead of overwriting another person's edit.
    revision = models.PositiveIntegerField(_("revision"), default=1, editable=False)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    objects = versions.VersionedManager()

    class Meta:
        verbose_name = _("planmall")
        verbose_name_plural = _("planmallar")
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["family", "version"], name="template_unique_version"),
            models.UniqueConstraint(
                fields=["family"],
                condition=Q(is_current=True),
                name="template_one_current_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    @property
    def display_name(self) -> str:
        """The name as shown to the reader: English in the English interface if set."""
        return in_reader_language(self.name, self.name_en)


class ItemFields(models.Model):
    """What a template item and a plan item both say about one thing to do."""

    phase = models.CharField(_("fas"), max_length=24, choices=Phase.choices)
    title = models.CharField(_("rubrik"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    kind = models.CharField(_("typ"), max_length=16, choices=ItemKind.choices)
    responsible = models.CharField(_("ansvarig"), max_length=16, choices=Responsible.choices)
    module = models.ForeignKey(
        "programme.Module",
        verbose_name=_("kursmodul"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    link_url = models.URLField(_("länk till kunskapssida"), blank=True)
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        abstract = True


class TemplateItem(ItemFields):
    template = models.ForeignKey(
        PlanTemplate, verbose_name=_("mall"), on_delete=models.CASCADE, related_name="items"
    )
    due_offset_days = models.SmallIntegerField(
        _("klar dag (räknat från första dagen)"),
        help_text=_("0 är första dagen, 7 en vecka senare, -7 en vecka innan."),
    )
    waits_for = models.ForeignKey(
        "self",
        verbose_name=_("väntar på"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Punkten öppnas när den här punkten är klar."),
    )
    # The same in every version of the template (copied when a version is made), so two
    # versions, and a plan made from either, can be compared item by item.
    lineage = models.UUIDField(_("ursprung"), default=uuid.uuid4, editable=False)

    objects = versions.VersionedManager()

    class Meta:
        verbose_name = _("mallpunkt")
        verbose_name_plural = _("mallpunkter")
        ordering = ["template", "due_offset_days", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "lineage"], name="template_item_unique_lineage"
            )
        ]

    def __str__(self) -> str:
        return self.title


class IntroductionPlan(models.Model):
    """One newcomer's written introduction plan, owned by the unit's manager."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Pågår")
        DONE = "done", _("Avslutad och godkänd")
        CLOSED = "closed", _("Stängd")

    newcomer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("nyanställd"),
        on_delete=models.PROTECT,
        related_name="introduction_plans",
    )
    unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("enhet"),
        on_delete=models.PROTECT,
        related_name="introduction_plans",
    )
    template = models.ForeignKey(
        PlanTemplate,
        verbose_name=_("mall"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
    )
    start_date = models.DateField(_("första dagen"))
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mentor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentee_plans",
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handledare"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supervised_plans",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    closed_reason = models.CharField(_("orsak till stängning"), max_length=200, blank=True)
    closed_at = models.DateTimeField(_("stängd"), null=True, blank=True)
    signed_off_at = models.DateTimeField(_("godkänd"), null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("godkänd av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Optimistic locking: a form carries the revision it was read at; a save against an
    # older revision is refused instead of overwriting someone else's change.
    revision = models.PositiveIntegerField(_("revision"), default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skapad av"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    objects = versions.VersionedManager()

    class Meta:
        verbose_name = _("introduktionsplan")
        verbose_name_plural = _("introduktionsplaner")
        constraints = [
            models.UniqueConstraint(
                fields=["newcomer"],
                condition=Q(status="active"),
                name="plan_one_active_per_newcomer",
            )
        ]
        indexes = [models.Index(fields=["unit", "status"])]

    def __str__(self) -> str:
        return str(_("Introduktionsplan för %(name)s") % {"name": self.newcomer})

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("plans:plan_detail", args=[self.pk])


class PlanItem(ItemFields):
    """One line of a plan: what, by when, who is responsible, and how far it has got."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Väntar på annan punkt")
        OPEN = "open", _("Att göra")
        SIGNOFF_REQUESTED = "signoff_requested", _("Väntar på godkännande")
        DONE = "done", _("Klar")

    plan = models.ForeignKey(
        IntroductionPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="items"
    )
    template_item = models.ForeignKey(
        TemplateItem,
        verbose_name=_("från mallpunkt"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    due_date = models.DateField(_("klart senast"))
    waits_for = models.ForeignKey(
        "self",
        verbose_name=_("väntar på"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="released_by_this",
    )
    status = models.CharField(_("status"), max_length=24, choices=Status.choices)
    needs_signoff = models.BooleanField(
        _("kräver godkännande"),
        default=False,
        help_text=_("Punkten blir klar först när chef eller handledare har godkänt den."),
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
    reflection = models.TextField(_("reflektion"), blank=True, max_length=4000)
    # The module whose completion added this "practise with your supervisor" item, so a
    # completion taken back can withdraw it again (it is not a module item itself).
    practise_for = models.ForeignKey(
        "programme.Module",
        verbose_name=_("övning efter modul"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    removed_at = models.DateTimeField(_("borttagen"), null=True, blank=True)
    revision = models.PositiveIntegerField(_("revision"), default=1, editable=False)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    objects = versions.VersionedManager()

    class Meta:
        verbose_name = _("planpunkt")
        verbose_name_plural = _("planpunkter")
        ordering = ["due_date", "position", "pk"]
        indexes = [models.Index(fields=["plan", "status", "due_date"])]

    def __str__(self) -> str:
        return self.title


class PlanEvent(models.Model):
    """The plan's history: who did what, when. Shown on the plan; never edited."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Planen skapades")
        ITEM_ADDED = "item_added", _("Punkt tillagd")
        ITEM_CHANGED = "item_changed", _("Punkt ändrad")
        ITEM_REMOVED = "item_removed", _("Punkt borttagen")
        ITEM_DONE = "item_done", _("Punkt klar")
        ITEM_REOPENED = "item_reopened", _("Punkt öppnad igen")
        SIGNOFF_REQUESTED = "signoff_requested", _("Godkännande begärt")
        ITEM_SIGNED_OFF = "item_signed_off", _("Punkt godkänd")
        MODULE_COMPLETED = "module_completed", _("Kursmodul genomförd")
        MODULE_WITHDRAWN = "module_withdrawn", _("Kursmodul inte längre genomförd")
        PLAN_CHANGED = "plan_changed", _("Planen ändrad")
        PLAN_CLOSED = "plan_closed", _("Planen stängd")
        PLAN_SIGNED_OFF = "plan_signed_off", _("Planen godkänd och avslutad")
        PLAN_REOPENED = "plan_reopened", _("Planen öppnad igen")
        START_MOVED = "start_moved", _("Första dagen flyttad")
        UNIT_CHANGED = "unit_changed", _("Flyttad till en annan enhet")
        TEMPLATE_APPLIED = "template_applied", _("Ny mallversion införd")

    plan = models.ForeignKey(
        IntroductionPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="events"
    )
    item = models.ForeignKey(
        PlanItem,
        verbose_name=_("punkt"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
    )
    kind = models.CharField(_("händelse"), max_length=24, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gjord av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # What changed, as {"field": [old, new]} or a short note; for the history list.
    detail = models.JSONField(_("detaljer"), default=dict, blank=True)
    at = models.DateTimeField(_("tidpunkt"), auto_now_add=True)

    objects = versions.VersionedManager()

    class Meta:
        verbose_name = _("planhändelse")
        verbose_name_plural = _("planhändelser")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.at:%Y-%m-%d %H:%M})"

    @property
    def summary(self) -> str:
        """What changed, for the history list: "Första dagen: 2027-01-11 → 2027-01-18"."""
        parts = []
        for name, (old, new) in self.detail.get("changes", {}).items():
            field = _field(name)
            old, new = _shown(field, old), _shown(field, new)
            label = str(field.verbose_name).capitalize() if field else ""
            parts.append(f"{label}: {old} → {new}" if label else f"{old} → {new}")
        if self.detail.get("reason"):
            parts.append(self.detail["reason"])
        return "; ".join(parts)


def _field(name: str):
    for model in (IntroductionPlan, PlanItem):
        try:
            return model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
    return None


def _shown(field, value: str) -> str:
    """A stored value as people read it: a choice's label, yes or no, in their language."""
    if field is None:
        return value
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField) and value in ("True", "False"):
        return str(_("ja") if value == "True" else _("nej"))
    return value
