"""The plan as a whole: its people, its dates, its life (change, sign off, close,
reopen, follow the person's record)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lms.accounts.models import User
from lms.core import bounds

from ..models import (
    IntroductionPlan,
    PlanEvent,
    PlanItem,
)
from .creation import _check_supervisor
from .history import _event
from .items import _check_active


def _locked_plan(plan: IntroductionPlan) -> IntroductionPlan:
    return IntroductionPlan.objects.select_for_update().get(pk=plan.pk)


def _check_revision(plan: IntroductionPlan, revision: int) -> None:
    if plan.revision != revision:
        raise ValidationError(
            _(
                "Någon annan har ändrat planen medan du skrev. Läs in sidan igen och gör "
                "din ändring på nytt."
            )
        )


def _shift_open_items(plan: IntroductionPlan, delta: datetime.timedelta) -> int:
    """Move every item that is not done by `delta`; done items keep their dates, and the
    phases stay (they are relative to the first day). The number of items moved."""
    if not delta:
        return 0
    moving = list(plan.items.filter(removed_at__isnull=True).exclude(status=PlanItem.Status.DONE))
    now = timezone.now()
    for item in moving:
        item.due_date += delta
        item.revision += 1
        item.updated_at = now
    PlanItem.objects.bulk_update(moving, ["due_date", "revision", "updated_at"])
    return len(moving)


def _move_start(plan: IntroductionPlan, start_date: datetime.date) -> int:
    moved = _shift_open_items(plan, start_date - plan.start_date)
    plan.start_date = start_date
    return moved


@transaction.atomic
def plan_update(
    *,
    plan: IntroductionPlan,
    by: User,
    revision: int,
    supervisor: User | None,
    start_date: datetime.date,
) -> IntroductionPlan:
    """Name the supervisor or move the first day (open items follow it). The mentor is
    lms.mentoring's (plan_mentor_set).

    `revision` is the plan's revision when the form was read: a save over someone
    else's newer change is refused, not silently merged."""
    if not by.has_perm("plans.change_plan", plan):
        raise PermissionDenied
    plan = _locked_plan(plan)
    _check_revision(plan, revision)
    _check_active(plan)
    if supervisor is not None and supervisor.pk == plan.newcomer_id:
        raise ValidationError(
            {"supervisor": _("Den nyanställda kan inte vara sin egen handledare.")}
        )
    if start_date is None:
        raise ValidationError({"start_date": _("Ange första dagen.")})
    _check_supervisor(
        by=by,
        unit_id=plan.unit_id,
        supervisor=supervisor if supervisor != plan.supervisor else None,
    )
    changes = {}
    if plan.supervisor != supervisor:
        changes["supervisor"] = [str(plan.supervisor or "–"), str(supervisor or "–")]
        plan.supervisor = supervisor
    moved = 0
    if start_date != plan.start_date:
        bounds.PLAN.check(start_date, field="start_date")
        changes["start_date"] = [plan.start_date.isoformat(), start_date.isoformat()]
        moved = _move_start(plan, start_date)
    if not changes:
        return plan
    plan.revision += 1
    plan.save()
    kind = PlanEvent.Kind.START_MOVED if "start_date" in changes else PlanEvent.Kind.PLAN_CHANGED
    _event(plan, kind, by, changes=changes, items_moved=moved)
    return plan


@transaction.atomic
def plan_mentor_set(*, plan: IntroductionPlan, mentor: User | None, by: User | None) -> bool:
    """Copy the mentor of the newcomer's running pairing into the plan.

    Called only by lms.mentoring's services, which own who the mentor is and have
    checked who may pair (the manager of the newcomer's unit or an administrator) and
    that the mentor fits; `by` None is the system (e.g. a plan made after the pairing).
    A closed or signed-off plan keeps the mentor it had. The plan's revision is left
    alone: it guards the fields of the plan's edit form, and the mentor is not one of
    them. The history entry names the people only, never why a pairing changed (the
    mentor reads this history). Returns whether anything changed."""
    if by is not None and not by.has_perm("plans.change_plan", plan):
        raise PermissionDenied
    plan = _locked_plan(plan)
    if plan.status != IntroductionPlan.Status.ACTIVE or plan.mentor_id == (
        mentor.pk if mentor else None
    ):
        return False
    if mentor is not None and mentor.pk == plan.newcomer_id:
        raise ValidationError({"mentor": _("Den nyanställda kan inte vara sin egen mentor.")})
    old = plan.mentor
    plan.mentor = mentor
    plan.save(update_fields=["mentor", "updated_at"])
    _event(
        plan,
        PlanEvent.Kind.PLAN_CHANGED,
        by,
        changes={"mentor": [str(old or "–"), str(mentor or "–")]},
    )
    return True


@transaction.atomic
def plan_signoff(*, plan: IntroductionPlan, by: User) -> IntroductionPlan:
    """The manager approves the whole plan once every item in it is done."""
    if not by.has_perm("plans.signoff_plan", plan):
        raise PermissionDenied
    plan = _locked_plan(plan)
    if plan.status == IntroductionPlan.Status.DONE:
        return plan
    if plan.status != IntroductionPlan.Status.ACTIVE:
        raise ValidationError(_("Planen är stängd. Öppna den igen innan du godkänner den."))
    left = plan.items.filter(removed_at__isnull=True).exclude(status=PlanItem.Status.DONE)
    count = left.count()
    if count:
        raise ValidationError(
            ngettext(
                "%(n)s punkt är inte klar ännu. Planen kan godkännas när alla punkter är klara "
                "(eller borttagna).",
                "%(n)s punkter är inte klara ännu. Planen kan godkännas när alla punkter är "
                "klara (eller borttagna).",
                count,
            )
            % {"n": count}
        )
    plan.status = IntroductionPlan.Status.DONE
    plan.signed_off_at = timezone.now()
    plan.signed_off_by = by
    plan.revision += 1
    plan.save()
    _event(plan, PlanEvent.Kind.PLAN_SIGNED_OFF, by)
    return plan


def _close(plan: IntroductionPlan, by: User | None, reason: str) -> IntroductionPlan:
    plan.status = IntroductionPlan.Status.CLOSED
    plan.closed_reason = reason
    plan.closed_at = timezone.now()
    plan.revision += 1
    plan.save()
    _event(plan, PlanEvent.Kind.PLAN_CLOSED, by, reason=reason)
    return plan


@transaction.atomic
def plan_close(*, plan: IntroductionPlan, by: User, reason: str) -> IntroductionPlan:
    """Close a plan that will not be finished (the newcomer left, changed job): the plan,
    its items and history stay for the introduction figures; nothing is deleted."""
    if not by.has_perm("plans.change_plan", plan):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Skriv varför planen stängs.")})
    plan = _locked_plan(plan)
    if plan.status != IntroductionPlan.Status.ACTIVE:
        raise ValidationError(_("Planen är redan avslutad."))
    return _close(plan, by, reason[:200])


@transaction.atomic
def plan_reopen(
    *, plan: IntroductionPlan, by: User, resume_on: datetime.date | None = None
) -> IntroductionPlan:
    """Take a closed or signed-off plan up again, e.g. when the newcomer comes back.

    With `resume_on`, what was left moves forward by the time away (from the day the plan
    was closed), so the remaining items keep their spacing instead of all being late."""
    if not by.has_perm("plans.change_plan", plan):
        raise PermissionDenied
    plan = _locked_plan(plan)
    if plan.status == IntroductionPlan.Status.ACTIVE:
        return plan
    moved = 0
    if resume_on is not None:
        bounds.PLAN.check(resume_on, field="resume_on")
        since = timezone.localdate(plan.closed_at) if plan.closed_at else timezone.localdate()
        if resume_on < since:
            raise ValidationError(
                {"resume_on": _("Dagen då arbetet fortsätter kan inte vara före stängningen.")}
            )
        moved = _shift_open_items(plan, resume_on - since)
    unit_change = None
    if plan.newcomer.unit_id and plan.newcomer.unit_id != plan.unit_id:
        # Back in another unit: the plan goes where the person works now.
        unit_change = [str(plan.unit), str(plan.newcomer.unit)]
        plan.unit_id = plan.newcomer.unit_id
    plan.status = IntroductionPlan.Status.ACTIVE
    plan.closed_at = None
    plan.closed_reason = ""
    plan.signed_off_at = None
    plan.signed_off_by = None
    plan.revision += 1
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError as error:
        raise ValidationError(
            _("%(name)s har redan en annan pågående introduktionsplan.") % {"name": plan.newcomer}
        ) from error
    _event(
        plan,
        PlanEvent.Kind.PLAN_REOPENED,
        by,
        resume_on=resume_on.isoformat() if resume_on else None,
        items_moved=moved,
    )
    if unit_change:
        _event(plan, PlanEvent.Kind.UNIT_CHANGED, by, changes={"unit": unit_change})
    return plan


def person_changed(*, person: User, by: User, changes: dict) -> None:
    """Life events from the person's record (accounts checked who may make them): the
    active plan follows a move to another unit, a moved first day and a last day that
    has come. Runs inside the person's transaction."""
    plan = (
        IntroductionPlan.objects.select_for_update()
        .filter(newcomer=person, status=IntroductionPlan.Status.ACTIVE)
        .first()
    )
    if plan is None:
        return
    touched = False
    if "unit" in changes and changes["unit"][1] is not None:
        old, new = changes["unit"]
        plan.unit = new
        touched = True
        _event(plan, PlanEvent.Kind.UNIT_CHANGED, by, changes={"unit": [str(old), str(new)]})
    if "start_date" in changes:
        old, new = changes["start_date"]
        # Only when the plan still counts from the old day: a plan whose first day the
        # manager set on its own (a later start in this unit) keeps it.
        if new is not None and plan.start_date == old:
            moved = _move_start(plan, new)
            touched = True
            _event(
                plan,
                PlanEvent.Kind.START_MOVED,
                by,
                changes={"start_date": [old.isoformat(), new.isoformat()]},
                items_moved=moved,
            )
    if touched:
        plan.revision += 1
        plan.save()
    if "end_date" in changes:
        end = changes["end_date"][1]
        if end is not None and end <= timezone.localdate():
            with translation.override(settings.LANGUAGE_CODE):
                reason = _("Anställningen avslutad %(date)s") % {"date": end.isoformat()}
            _close(plan, by, reason)


@transaction.atomic
def plan_close_for_leaver(*, person: User, by: User | None = None) -> IntroductionPlan | None:
    """Close the active plan of a person whose end date has come (the staff import's
    daily task): the plan stays, closed, for the introduction figures. None when there
    is no active plan or the day has not come."""
    end = person.end_date
    if end is None or end > timezone.localdate():
        return None
    plan = (
        IntroductionPlan.objects.select_for_update()
        .filter(newcomer=person, status=IntroductionPlan.Status.ACTIVE)
        .first()
    )
    if plan is None:
        return None
    with translation.override(settings.LANGUAGE_CODE):
        reason = _("Anställningen avslutad %(date)s") % {"date": end.isoformat()}
    return _close(plan, by, reason)
