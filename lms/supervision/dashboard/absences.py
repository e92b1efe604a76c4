"""Writes for absences: the weeks a newcomer (or their supervisor) is away, so that the
weekly 1:1 record does not flag them (lms.supervision.compliance).

The plan's supervisor and the manager of the plan's unit mark and remove absences
(supervision.mark_absence, asked of django-rules directly: a superuser is no exception,
as on the pages, which administrators do not see). Each service locks the newcomer's
active plan, so two people marking the same days at once cannot both pass the overlap
check.
"""

from __future__ import annotations

import datetime

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lms.accounts.models import User
from lms.core import bounds
from lms.plans.models import IntroductionPlan

from ..compliance import Expectation, period_end
from ..models import Absence

#: The longest absence marked in one go.
MAX_DAYS = 366


def _locked_plan(newcomer_id: int) -> IntroductionPlan | None:
    return (
        IntroductionPlan.objects.select_for_update(of=("self",))
        .select_related("unit__administration__municipality")
        .filter(newcomer_id=newcomer_id, status=IntroductionPlan.Status.ACTIVE)
        .first()
    )


def _check(*, plan: IntroductionPlan, kind: str, starts_on, ends_on) -> None:
    errors: dict[str, list[str]] = {}
    if kind not in Absence.Kind.values:
        errors["kind"] = [_("Välj vilken sorts frånvaro det är.")]
    if starts_on is None:
        errors["starts_on"] = [_("Ange första dagen.")]
    if ends_on is None:
        errors["ends_on"] = [_("Ange sista dagen.")]
    for name, day in (("starts_on", starts_on), ("ends_on", ends_on)):
        if day is not None and not bounds.ABSENCE.contains(day):
            errors[name] = [bounds.ABSENCE.message()]
    if errors:
        raise ValidationError(errors)
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("Sista dagen kan inte vara före första dagen.")})
    if (ends_on - starts_on).days + 1 > MAX_DAYS:
        raise ValidationError(
            {"ends_on": _("En frånvaro kan vara högst ett år. Dela upp en längre frånvaro.")}
        )
    if ends_on < plan.start_date:
        raise ValidationError(
            {
                "ends_on": _(
                    "Frånvaron slutar före den nyanställdas första dag (%(date)s) och påverkar "
                    "inte handledningen."
                )
                % {"date": plan.start_date.isoformat()}
            }
        )
    end = period_end(plan.start_date, Expectation.of(plan.unit.administration.municipality))
    if starts_on >= end:
        last = end - datetime.timedelta(days=1)
        raise ValidationError(
            {
                "starts_on": _(
                    "Frånvaron börjar efter perioden med regelbunden 1:1-handledning, som "
                    "slutar %(date)s."
                )
                % {"date": last.isoformat()}
            }
        )


@transaction.atomic
def absence_mark(
    *,
    newcomer: User,
    kind: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    by: User,
) -> Absence:
    """Mark days the newcomer is away (first and last day included). Marking the same
    absence twice changes nothing; one that overlaps another is refused."""
    plan = _locked_plan(newcomer.pk)
    if plan is None or not rules.has_perm("supervision.mark_absence", by, plan):
        raise PermissionDenied
    _check(plan=plan, kind=kind, starts_on=starts_on, ends_on=ends_on)
    overlapping = list(
        Absence.objects.filter(newcomer=newcomer, starts_on__lte=ends_on, ends_on__gte=starts_on)
    )
    for absence in overlapping:
        if (absence.kind, absence.starts_on, absence.ends_on) == (kind, starts_on, ends_on):
            return absence  # a double click
    if overlapping:
        other = overlapping[0]
        raise ValidationError(
            _(
                "Frånvaron överlappar %(kind)s %(first)s–%(last)s som redan är markerad. "
                "Ändra datumen eller ta bort den andra först."
            )
            % {
                "kind": other.get_kind_display().lower(),
                "first": other.starts_on.isoformat(),
                "last": other.ends_on.isoformat(),
            }
        )
    return Absence.objects.create(
        newcomer=newcomer, kind=kind, starts_on=starts_on, ends_on=ends_on, created_by=by
    )


@transaction.atomic
def absence_remove(*, absence: Absence, by: User) -> None:
    """Remove a marked absence; its weeks count again. Removing it twice is harmless."""
    plan = _locked_plan(absence.newcomer_id)
    if plan is None or not rules.has_perm("supervision.mark_absence", by, plan):
        raise PermissionDenied
    Absence.objects.filter(pk=absence.pk).delete()
