"""The programme in the plan: a completed module ticks the plan's items for it and adds
the "practise with your supervisor" item; corrected attendance takes that back."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lms.accounts.models import User
from lms.programme.models import ModuleCompletion

from ..models import (
    IntroductionPlan,
    ItemKind,
    PlanEvent,
    PlanItem,
    Responsible,
)
from .dates import phase_for
from .history import _event
from .items import _done

#: The "practise with your supervisor" item is due this long after the course.
PRACTISE_AFTER = datetime.timedelta(days=14)


def _complete_module_items(plan: IntroductionPlan, completion: ModuleCompletion) -> int:
    """Tick the plan's items for the module (matched by slug, so any programme version
    counts) and add the "practise with your supervisor" item. The number ticked."""
    items = list(
        plan.items.filter(
            kind=ItemKind.MODULE,
            module__slug=completion.module.slug,
            removed_at=None,
        ).exclude(status=PlanItem.Status.DONE)
    )
    for item in items:
        _done(item, completion.recorded_by)
        _event(
            plan,
            PlanEvent.Kind.MODULE_COMPLETED,
            completion.recorded_by,
            item=item,
            completed_on=completion.completed_on.isoformat(),
        )
    module = completion.module
    if items and module.practise_text and not _live_practise(plan, module.slug).exists():
        with translation.override(settings.LANGUAGE_CODE):  # stored: the site's language
            practise_title = _("Öva med din handledare: %(module)s") % {"module": module.title}
        due = completion.completed_on + PRACTISE_AFTER
        practise_item = PlanItem.objects.create(
            plan=plan,
            phase=phase_for((due - plan.start_date).days),
            title=practise_title,
            description=module.practise_text,
            kind=ItemKind.CONVERSATION,
            responsible=Responsible.SUPERVISOR,
            module=None,
            practise_for=module,
            due_date=due,
            status=PlanItem.Status.OPEN,
        )
        _event(plan, PlanEvent.Kind.ITEM_ADDED, completion.recorded_by, item=practise_item)
    return len(items)


def _live_practise(plan: IntroductionPlan, slug: str):
    return plan.items.filter(practise_for__slug=slug, removed_at=None)


def _active_plans(person_id: int):
    return IntroductionPlan.objects.filter(
        newcomer_id=person_id, status=IntroductionPlan.Status.ACTIVE
    )


def module_completed(completion: ModuleCompletion) -> int:
    """Called when attendance completes a module: every active plan of the person."""
    plans = _active_plans(completion.person_id)
    return sum(_complete_module_items(plan, completion) for plan in plans)


def _ticked_by_completion(item: PlanItem) -> bool:
    """Whether the item's last tick came from a module completion (not from a person
    ticking or signing it off by hand, which a corrected attendance must not undo)."""
    last = (
        PlanEvent.objects.filter(
            item=item,
            kind__in=[
                PlanEvent.Kind.MODULE_COMPLETED,
                PlanEvent.Kind.ITEM_DONE,
                PlanEvent.Kind.ITEM_SIGNED_OFF,
            ],
        )
        .order_by("-pk")
        .values_list("kind", flat=True)
        .first()
    )
    return last == PlanEvent.Kind.MODULE_COMPLETED


def _untouched(item: PlanItem) -> bool:
    """Nobody has ticked it, asked for sign-off, written a reflection or changed it.
    (A moved first day also bumps the revision, so the item's own history decides.)"""
    if item.status != PlanItem.Status.OPEN or item.reflection:
        return False
    return not PlanEvent.objects.filter(item=item).exclude(kind=PlanEvent.Kind.ITEM_ADDED).exists()


def _withdraw_module_items(plan: IntroductionPlan, completion: ModuleCompletion, by) -> int:
    """Reopen the module's items that the completion ticked and withdraw the practise
    item it added, unless someone has already worked on it. The number reopened."""
    slug = completion.module.slug
    detail = {"session": completion.session_id, "completed_on": completion.completed_on.isoformat()}
    reopened = 0
    items = plan.items.filter(
        kind=ItemKind.MODULE, module__slug=slug, removed_at=None, status=PlanItem.Status.DONE
    )
    for item in items:
        if not _ticked_by_completion(item):
            continue
        item.status = PlanItem.Status.OPEN
        item.done_at = None
        item.done_by = None
        item.revision += 1
        item.save(update_fields=["status", "done_at", "done_by", "revision", "updated_at"])
        _event(plan, PlanEvent.Kind.MODULE_WITHDRAWN, by, item=item, **detail)
        reopened += 1
    for practise in _live_practise(plan, slug):
        if not _untouched(practise):
            continue  # the supervisor's notes or tick are theirs: the item stays
        practise.removed_at = timezone.now()
        practise.revision += 1
        practise.save(update_fields=["removed_at", "revision", "updated_at"])
        _event(plan, PlanEvent.Kind.ITEM_REMOVED, by, item=practise, reason="module_withdrawn")
    return reopened


def module_withdrawn(completion: ModuleCompletion, *, by: User) -> int:
    """Called when corrected attendance takes a completion back: every active plan of
    the person, unless the module is still done through another completion (another
    programme version's module of the same slug)."""
    still_done = ModuleCompletion.objects.filter(
        person_id=completion.person_id, module__slug=completion.module.slug
    ).exists()
    if still_done:
        return 0
    plans = _active_plans(completion.person_id)
    return sum(_withdraw_module_items(plan, completion, by) for plan in plans)
