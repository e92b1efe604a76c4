"""Work-situation check-ins: the newcomer's answers at set points of the introduction.

The four questions are the strengthening questions of Stockholm's 2019 follow-up (joy
at work, strength from the manager, strength from the work group, what I contribute),
asked as statements on a 1–5 scale so that answers can be added up per unit.

A CheckIn row is an answer: it exists only once the newcomer has answered. It points at
the plan (the points count from its first day) and keeps the unit the newcomer was in
when answering, so a unit's figures stay right after a move. The ratings, the texts and
the message are the newcomer's: the manager sees the ratings and texts only when
`shared`, the message whenever one was written; HR sees only aggregates of five people
or more; administrators never see them (the admin and the audit log leave them out).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lms.core import versions


class Rating(models.IntegerChoices):
    NOT_AT_ALL = 1, _("Stämmer inte alls")
    BADLY = 2, _("Stämmer ganska dåligt")
    PARTLY = 3, _("Stämmer delvis")
    FAIRLY_WELL = 4, _("Stämmer ganska bra")
    COMPLETELY = 5, _("Stämmer helt")


@dataclass(frozen=True)
class Question:
    key: str  # the field prefix: <key>_rating, <key>_text
    statement: Promise  # the statement rated 1–5
    short: Promise  # a column heading
    text_label: Promise  # the optional free text
    text_help: Promise

    @property
    def rating_field(self) -> str:
        return f"{self.key}_rating"

    @property
    def text_field(self) -> str:
        return f"{self.key}_text"


QUESTIONS = (
    Question(
        "joy",
        _("Jag har något i mitt arbete som ger mig glädje."),
        _("Glädje i arbetet"),
        _("Berätta gärna mer: vad ger dig glädje i arbetet?"),
        _("Till exempel ett möte med en klient, ett ärende som gick bra eller en kollega."),
    ),
    Question(
        "manager",
        _("Jag får något från min chef som stärker mig i arbetet."),
        _("Stärkt av chefen"),
        _("Berätta gärna mer: vad från din chef stärker dig?"),
        _("Till exempel återkoppling, tid för frågor eller tydliga besked."),
    ),
    Question(
        "group",
        _("Jag får något från min arbetsgrupp som stärker mig i arbetet."),
        _("Stärkt av arbetsgruppen"),
        _("Berätta gärna mer: vad från arbetsgruppen stärker dig?"),
        _("Till exempel hjälp med ett ärende, ärendedragningar eller gemenskapen."),
    ),
    Question(
        "contribution",
        _("Jag bidrar med något till min arbetsgrupp."),
        _("Mitt bidrag till gruppen"),
        _("Berätta gärna mer: vad bidrar du med?"),
        _(
            "Till exempel kunskaper från utbildningen, en fråga som väcker diskussion eller "
            "stöd till en kollega."
        ),
    ),
)
RATING_FIELDS = tuple(q.rating_field for q in QUESTIONS)
TEXT_FIELDS = tuple(q.text_field for q in QUESTIONS)
#: What only the newcomer, and the manager when shared, may read.
ANSWER_FIELDS = RATING_FIELDS + TEXT_FIELDS
#: Everything the admin and the audit log must never show.
PRIVATE_FIELDS = (*ANSWER_FIELDS, "message")
TEXT_MAX = 2000


def _rating(question: Question) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(question.short, choices=Rating.choices)


def _text(question: Question) -> models.TextField:
    return models.TextField(question.text_label, blank=True, max_length=TEXT_MAX)


class CheckIn(models.Model):
    """One newcomer's answer at one point (months after the plan's first day)."""

    plan = models.ForeignKey(
        "plans.IntroductionPlan",
        verbose_name=_("introduktionsplan"),
        on_delete=models.PROTECT,
        related_name="checkins",
    )
    # The plan's newcomer, kept here so that "whose answer" and "how many people" need
    # no join; set by the service from the plan and never changed.
    newcomer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("nyanställd"),
        on_delete=models.PROTECT,
        related_name="checkins",
    )
    point = models.PositiveSmallIntegerField(_("månader efter första dagen"))
    unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("enhet när svaret gavs"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    joy_rating = _rating(QUESTIONS[0])
    manager_rating = _rating(QUESTIONS[1])
    group_rating = _rating(QUESTIONS[2])
    contribution_rating = _rating(QUESTIONS[3])
    joy_text = _text(QUESTIONS[0])
    manager_text = _text(QUESTIONS[1])
    group_text = _text(QUESTIONS[2])
    contribution_text = _text(QUESTIONS[3])
    message = models.TextField(_("meddelande till chefen"), blank=True, max_length=TEXT_MAX)
    shared = models.BooleanField(_("delad med chefen"), default=False)
    answered_at = models.DateTimeField(_("besvarad"))
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    objects = versions.VersionedManager()

    class Meta:
        verbose_name = _("avstämning")
        verbose_name_plural = _("avstämningar")
        constraints = [
            # One answer per newcomer and point. A plan belongs to one newcomer; a second
            # introduction (coming back after a long absence) is a new plan whose points
            # count from its own first day.
            models.UniqueConstraint(fields=["plan", "point"], name="checkin_one_per_point"),
            models.CheckConstraint(condition=Q(point__gte=1), name="checkin_point_positive"),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{name}__gte": 1, f"{name}__lte": 5}),
                    name=f"checkin_{name}_1_to_5",
                )
                for name in RATING_FIELDS
            ),
        ]
        indexes = [models.Index(fields=["unit", "created_at"])]

    def __str__(self) -> str:
        # No answer in here: this text reaches the admin and the audit log.
        from .points import point_title

        return f"{point_title(self.point)}: {self.newcomer}"
