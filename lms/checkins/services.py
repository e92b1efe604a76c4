"""Writes for check-ins: the newcomer answers, or changes the answer while it is open."""

from __future__ import annotations

import datetime

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.models import User
from lms.plans.models import IntroductionPlan

from .models import QUESTIONS, TEXT_MAX, CheckIn, Rating
from .points import point_for, point_label


def _rating(value, question) -> int:
    if value in (None, ""):
        raise ValidationError(
            {
                question.rating_field: _("Välj hur väl påståendet stämmer: ”%(statement)s”")
                % {"statement": question.statement}
            }
        )
    # Whole numbers only: 2.5 is not a point on the scale, and bool is not a rating.
    text = str(value).strip()
    number = int(text) if not isinstance(value, bool) and text.lstrip("-").isdigit() else 0
    if number not in Rating.values:
        raise ValidationError({question.rating_field: _("Svaret ska vara ett tal från 1 till 5.")})
    return number


def _text(value: str, field: str) -> str:
    value = (value or "").strip()
    if len(value) > TEXT_MAX:
        too_long = _("Skriv högst %(max)s tecken (nu %(n)s).")
        raise ValidationError({field: too_long % {"max": TEXT_MAX, "n": len(value)}})
    return value


@transaction.atomic
def checkin_answer(
    *,
    plan: IntroductionPlan,
    point: int,
    by: User,
    ratings: dict[str, int | None],
    texts: dict[str, str] | None = None,
    message: str = "",
    shared: bool = False,
    today: datetime.date | None = None,
) -> CheckIn:
    """Save the newcomer's answer at an open point, or change it while the point is
    still open (sharing and unsharing included).

    `ratings` and `texts` are keyed by question (joy, manager, group, contribution).
    Only the newcomer answers, only their own plan's check-ins. Repeating the same
    answer changes nothing but the time it was last answered.
    """
    # Lock the plan: a double submit or two tabs make one answer, not an error.
    plan = (
        IntroductionPlan.objects.select_for_update(of=("self",))
        .select_related("newcomer")
        .get(pk=plan.pk)
    )
    if not rules.has_perm("checkins.answer", by, plan):
        raise PermissionDenied
    today = today or timezone.localdate()
    _check_point_open(plan, point, today)
    values = _clean_answer(ratings, texts or {}, message)
    values.update(shared=bool(shared), answered_at=timezone.now(), unit_id=plan.unit_id)
    checkin, _created = CheckIn.objects.update_or_create(
        plan=plan, point=point, defaults={"newcomer_id": plan.newcomer_id, **values}
    )
    return checkin


def _check_point_open(plan: IntroductionPlan, point: int, today: datetime.date) -> None:
    """An answer is taken only in an active plan, at a point of its schedule, while the
    point is open; each refusal says when it was or will be open."""
    if plan.status != IntroductionPlan.Status.ACTIVE:
        raise ValidationError(
            _("Introduktionsplanen är inte aktiv längre, så avstämningen kan inte besvaras.")
        )
    scheduled = point_for(plan.start_date, point)
    if scheduled is None:
        raise ValidationError(
            _("Det finns ingen avstämning %(when)s.") % {"when": point_label(point)}
        )
    if scheduled.is_open(today):
        return
    if today < scheduled.opens:
        raise ValidationError(
            _("Avstämningen %(when)s öppnar %(date)s.")
            % {"when": scheduled.label, "date": scheduled.opens.isoformat()}
        )
    raise ValidationError(
        _(
            "Avstämningen %(when)s var öppen till och med %(date)s och kan inte "
            "besvaras eller ändras längre."
        )
        % {"when": scheduled.label, "date": scheduled.last_day.isoformat()}
    )


def _clean_answer(ratings: dict[str, int | None], texts: dict[str, str], message: str) -> dict:
    """The answer's fields, or every field's error at once."""
    values = {}
    errors = {}
    for question in QUESTIONS:
        try:
            values[question.rating_field] = _rating(ratings.get(question.key), question)
        except ValidationError as error:
            errors.update(error.error_dict)
        try:
            values[question.text_field] = _text(texts.get(question.key, ""), question.text_field)
        except ValidationError as error:
            errors.update(error.error_dict)
    try:
        values["message"] = _text(message, "message")
    except ValidationError as error:
        errors.update(error.error_dict)
    if errors:
        raise ValidationError(errors)
    return values
