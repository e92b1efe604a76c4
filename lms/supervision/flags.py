"""The plan list's flag "Ingen handledning på två veckor" (lms.plans.extensions).

Registered in SupervisionConfig.ready with the "supervision" version, so the cached plan
list is rebuilt when a session or an absence changes. Three queries for all rows
together, and none when no row can be flagged.
"""

from __future__ import annotations

import datetime

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.organisation.models import Unit
from lms.organisation.workdays import work_calendar
from lms.plans.models import IntroductionPlan

from .compliance import DAY, Expectation, in_period, quiet_fortnight
from .models import SUPERVISOR_KINDS, Absence, Session, SessionParticipant


def add_quiet_fortnight_flags(rows: list, today: datetime.date) -> None:
    window_start = today - 14 * DAY
    candidates = [
        plan
        for plan in rows
        if plan.status == IntroductionPlan.Status.ACTIVE and plan.start_date <= window_start
    ]
    if not candidates:
        return
    expectations, municipalities = _expectations({p.unit_id for p in candidates})
    candidates = [p for p in candidates if in_period(p.start_date, today, expectations[p.unit_id])]
    if not candidates:
        return
    ids = [p.newcomer_id for p in candidates]
    since = timezone.make_aware(datetime.datetime.combine(window_start, datetime.time.min))
    last_held = {
        newcomer_id: timezone.localtime(at).date()
        for newcomer_id, at in SessionParticipant.objects.filter(
            newcomer_id__in=ids,
            session__status=Session.Status.HELD,
            session__kind__in=SUPERVISOR_KINDS,
            session__starts_at__gte=since,
            session__starts_at__lte=timezone.now(),
        )
        .order_by()
        .values_list("newcomer_id")
        .annotate(last=Max("session__starts_at"))
        .values_list("newcomer_id", "last")
    }
    absences: dict[int, list] = {}
    for newcomer_id, first, last in Absence.objects.filter(
        newcomer_id__in=ids, starts_on__lte=today, ends_on__gte=window_start
    ).values_list("newcomer_id", "starts_on", "ends_on"):
        absences.setdefault(newcomer_id, []).append((first, last))
    for plan in candidates:
        if quiet_fortnight(
            start=plan.start_date,
            today=today,
            expectation=expectations[plan.unit_id],
            last_held=last_held.get(plan.newcomer_id),
            absences=absences.get(plan.newcomer_id, ()),
            calendar=work_calendar(municipalities[plan.unit_id]),
        ):
            plan.flags.append(_("Ingen handledning på två veckor"))


def _expectations(unit_ids: set[int]) -> tuple[dict[int, Expectation], dict[int, int]]:
    """Per unit: the municipality's expectation of 1:1s, and the municipality's id."""
    units = Unit.objects.filter(pk__in=unit_ids).select_related("administration__municipality")
    return (
        {u.pk: Expectation.of(u.administration.municipality) for u in units},
        {u.pk: u.administration.municipality_id for u in units},
    )
