"""Working through the plan, item by item: tick, ask for and give sign-off, reopen,
change, add and remove. Two people changing the same item at once: each form carries the
item's `revision`, and a save against an older revision is refused with a message
instead of silently overwriting the other person's change."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.models import User
from lms.core.reasons import clean_reason

from ..models import (
    IntroductionPlan,
    ItemKind,
    PlanEvent,
    PlanItem,
)
from .dates import check_due_date, phase_for
from .history import _event


def _locked(item: PlanItem) -> PlanItem:
    return PlanItem.objects.select_for_update(of=("self",)).select_related("plan").get(pk=item.pk)


def _check_active(plan: IntroductionPlan) -> None:
    if plan.status != IntroductionPlan.Status.ACTIVE:
        raise ValidationError(_("Planen är avslutad och kan inte ändras."))


def _check_open(item: PlanItem) -> None:
    _check_active(item.plan)
    if item.removed_at:
        raise ValidationError(_("Punkten är borttagen."))
    if item.status == PlanItem.Status.WAITING:
        raise ValidationError(
            _("Punkten väntar på ”%(other)s”. Den öppnas när den är klar.")
            % {"other": item.waits_for.title if item.waits_for_id else "?"}
        )


def _done(item: PlanItem, by: User | None, *, at=None) -> None:
    item.status = PlanItem.Status.DONE
    item.done_at = at or timezone.now()
    item.done_by = by
    item.revision += 1
    item.save(update_fields=["status", "done_at", "done_by", "revision", "updated_at"])
    released = list(
        PlanItem.objects.filter(waits_for=item, status=PlanItem.Status.WAITING, removed_at=None)
    )
    _release(released)


def _release(items: list[PlanItem]) -> None:
    """Open items whose wait is over; bulk_update skips auto_now, so the time is set
    here (calendar feeds read it as the item's last change)."""
    now = timezone.now()
    for other in items:
        other.status = PlanItem.Status.OPEN
        other.revision += 1
        other.updated_at = now
    PlanItem.objects.bulk_update(items, ["status", "revision", "updated_at"])


@transaction.atomic
def plan_item_complete(*, item: PlanItem, by: User, reflection: str = "") -> PlanItem:
    """Tick an item. One that needs sign-off is done only by someone who may sign off.
    A reflection is the newcomer's own words: nobody writes one in their name."""
    if not by.has_perm("plans.complete_item", item):
        raise PermissionDenied
    if reflection.strip() and not by.has_perm("plans.reflect_on_item", item):
        raise PermissionDenied
    item = _locked(item)
    if item.status == PlanItem.Status.DONE:
        return item  # a double click changes nothing
    _check_open(item)
    if item.needs_signoff and not by.has_perm("plans.signoff_item", item):
        raise ValidationError(
            _("Punkten ska godkännas av chef eller handledare. Begär godkännande i stället.")
        )
    if reflection.strip():
        item.reflection = reflection.strip()
        item.save(update_fields=["reflection"])
    _done(item, by)
    _event(item.plan, PlanEvent.Kind.ITEM_DONE, by, item=item)
    return item


@transaction.atomic
def plan_item_request_signoff(*, item: PlanItem, by: User) -> PlanItem:
    if not by.has_perm("plans.request_signoff", item):
        raise PermissionDenied
    item = _locked(item)
    if item.status in (PlanItem.Status.DONE, PlanItem.Status.SIGNOFF_REQUESTED):
        return item
    _check_open(item)
    item.status = PlanItem.Status.SIGNOFF_REQUESTED
    item.revision += 1
    item.save(update_fields=["status", "revision", "updated_at"])
    _event(item.plan, PlanEvent.Kind.SIGNOFF_REQUESTED, by, item=item)
    return item


@transaction.atomic
def plan_item_signoff(*, item: PlanItem, by: User) -> PlanItem:
    if not by.has_perm("plans.signoff_item", item):
        raise PermissionDenied
    item = _locked(item)
    if item.status == PlanItem.Status.DONE:
        return item
    _check_open(item)
    _done(item, by)
    _event(item.plan, PlanEvent.Kind.ITEM_SIGNED_OFF, by, item=item)
    return item


@transaction.atomic
def plan_item_reopen(*, item: PlanItem, by: User) -> PlanItem:
    if not by.has_perm("plans.change_plan", item.plan):
        raise PermissionDenied
    item = _locked(item)
    _check_active(item.plan)
    if item.status != PlanItem.Status.DONE:
        return item
    item.status = PlanItem.Status.OPEN
    item.done_at = None
    item.done_by = None
    item.revision += 1
    item.save(update_fields=["status", "done_at", "done_by", "revision", "updated_at"])
    _event(item.plan, PlanEvent.Kind.ITEM_REOPENED, by, item=item)
    return item


#: What a manager may change on one item of one plan.
EDITABLE = ("title", "description", "kind", "responsible", "due_date", "needs_signoff")


@transaction.atomic
def plan_item_update(*, item: PlanItem, by: User, revision: int, **changes) -> PlanItem:
    """Change one item of one plan (never the template). `revision` is the one the form
    was read at: if someone saved in between, nothing is saved and the person is told."""
    if not by.has_perm("plans.change_plan", item.plan):
        raise PermissionDenied
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    item = _locked(item)
    if item.revision != revision:
        raise ValidationError(
            _(
                "Någon annan har ändrat punkten medan du skrev. Läs in sidan igen och gör "
                "din ändring på nytt."
            )
        )
    _check_active(item.plan)
    if item.removed_at:
        raise ValidationError(_("Punkten är borttagen."))
    if "title" in changes and not str(changes["title"]).strip():
        raise ValidationError({"title": _("Punkten behöver en rubrik.")})
    if changes.get("due_date") and changes["due_date"] != item.due_date:
        check_due_date(item.plan, changes["due_date"])
    diff = {}
    for name, value in changes.items():
        old = getattr(item, name)
        if old != value:
            diff[name] = [str(old), str(value)]
            setattr(item, name, value)
    if not diff:
        return item
    if "due_date" in diff:
        item.phase = phase_for((item.due_date - item.plan.start_date).days)
    item.revision += 1
    item.save()
    _event(item.plan, PlanEvent.Kind.ITEM_CHANGED, by, item=item, changes=diff)
    return item


@transaction.atomic
def plan_item_add(
    *,
    plan: IntroductionPlan,
    by: User,
    title: str,
    due_date: datetime.date,
    responsible: str,
    kind: str = ItemKind.TASK,
    description: str = "",
    needs_signoff: bool = False,
) -> PlanItem:
    if not by.has_perm("plans.change_plan", plan):
        raise PermissionDenied
    return _item_add(
        plan=plan,
        by=by,
        title=title,
        due_date=due_date,
        responsible=responsible,
        kind=kind,
        description=description,
        needs_signoff=needs_signoff,
    )


@transaction.atomic
def plan_item_add_agreed(
    *,
    plan: IntroductionPlan,
    by: User,
    title: str,
    due_date: datetime.date,
    responsible: str,
    description: str = "",
) -> PlanItem:
    """An item agreed in a meeting with the newcomer (lms.supervision turns a session's
    follow-up into one). Besides those who may change the plan, the plan's mentor and
    supervisor add these: they held the meeting where it was agreed."""
    if not by.has_perm("plans.add_agreed_item", plan):
        raise PermissionDenied
    return _item_add(
        plan=plan,
        by=by,
        title=title,
        due_date=due_date,
        responsible=responsible,
        kind=ItemKind.TASK,
        description=description,
        needs_signoff=False,
    )


def _item_add(
    *,
    plan: IntroductionPlan,
    by: User,
    title: str,
    due_date: datetime.date,
    responsible: str,
    kind: str,
    description: str,
    needs_signoff: bool,
) -> PlanItem:
    _check_active(plan)
    if not title.strip():
        raise ValidationError({"title": _("Punkten behöver en rubrik.")})
    check_due_date(plan, due_date)
    item = PlanItem.objects.create(
        plan=plan,
        phase=phase_for((due_date - plan.start_date).days),
        title=title.strip(),
        description=description,
        kind=kind,
        responsible=responsible,
        due_date=due_date,
        needs_signoff=needs_signoff,
        status=PlanItem.Status.OPEN,
    )
    _event(plan, PlanEvent.Kind.ITEM_ADDED, by, item=item)
    return item


@transaction.atomic
def plan_item_remove(*, item: PlanItem, by: User, reason: str = "") -> PlanItem:
    """Take an item out of the plan; the row and its history stay, and the reason is
    in the history that everyone on the plan reads."""
    if not by.has_perm("plans.change_plan", item.plan):
        raise PermissionDenied
    reason = clean_reason(reason, required=False)
    item = _locked(item)
    _check_active(item.plan)
    if item.removed_at:
        return item
    item.removed_at = timezone.now()
    item.revision += 1
    item.save(update_fields=["removed_at", "revision", "updated_at"])
    # Items that waited for it are released: what they waited for is no longer asked.
    _release(list(PlanItem.objects.filter(waits_for=item, status=PlanItem.Status.WAITING)))
    _event(item.plan, PlanEvent.Kind.ITEM_REMOVED, by, item=item, **_reason(reason))
    return item


def _reason(reason: str) -> dict:
    return {"reason": reason} if reason else {}
