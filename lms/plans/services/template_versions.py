"""Applying a new template version to plans that were made from an older one."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.models import User
from lms.programme.models import ModuleCompletion

from ..models import (
    IntroductionPlan,
    PlanEvent,
    PlanItem,
    PlanTemplate,
    TemplateItem,
)
from ..selectors import items_joining
from .creation import _item_from_template, _plan_calendar
from .dates import latest_due_date
from .history import _event
from .module_completion import _complete_module_items


@dataclass
class ApplyResult:
    """What applying a template version did to one plan."""

    plan: IntroductionPlan
    added: int = 0
    removed: int = 0
    changed: int = 0
    kept: int = 0  # would have changed or gone, but the manager had changed it in the plan


def _item_diff(old: TemplateItem, new: TemplateItem) -> set[str]:
    """The fields in which two versions of one item differ."""
    fields = ("title", "description", "kind", "responsible", "module_id", "link_url")
    diff = {name for name in fields if getattr(old, name) != getattr(new, name)}
    if old.due_offset_days != new.due_offset_days:
        diff.add("due")
    old_wait = old.waits_for.lineage if old.waits_for_id else None
    new_wait = new.waits_for.lineage if new.waits_for_id else None
    if old_wait != new_wait:
        diff.add("waits_for")
    return diff


def _apply_to_plan(
    plan: IntroductionPlan,
    new: PlanTemplate,
    new_items: dict,
    by: User,
    due_dates: dict[int, datetime.date],
) -> ApplyResult:
    old_items = {i.lineage: i for i in plan.template.items.select_related("waits_for")}
    result = ApplyResult(plan=plan)
    now = timezone.now()
    all_items = list(plan.items.select_related("template_item", "module"))
    live = [i for i in all_items if i.removed_at is None]
    by_lineage = _live_items_by_lineage(live)
    by_hand = _items_changed_by_hand(plan)
    touched: dict[int, PlanItem] = {}

    removed = _remove_dropped_items(old_items, new_items, by_lineage, by_hand, now, result)
    added = _add_joining_items(plan, all_items, old_items, new_items, due_dates, by_lineage)
    result.added = len(added)
    relink = [(item, item.template_item) for item in added if item.template_item.waits_for_id]
    relink += _follow_changed_items(old_items, new_items, by_lineage, by_hand, touched, result)
    _relink_waits(relink, by_lineage, touched)
    _release_what_waited_for(removed, live, touched)
    _save_items(removed, touched, added, now)
    _complete_courses_already_done(plan, added)
    _record_new_version(plan, new, by, result)
    return result


def _live_items_by_lineage(live: list[PlanItem]) -> dict:
    by_lineage: dict = {}
    for item in live:
        if item.template_item_id:
            by_lineage.setdefault(item.template_item.lineage, []).append(item)
    return by_lineage


def _items_changed_by_hand(plan: IntroductionPlan) -> set[int]:
    # The manager's change to this person's plan wins over the template.
    return set(
        PlanEvent.objects.filter(
            plan=plan, kind=PlanEvent.Kind.ITEM_CHANGED, item__isnull=False
        ).values_list("item_id", flat=True)
    )


def _remove_dropped_items(
    old_items: dict,
    new_items: dict,
    by_lineage: dict,
    by_hand: set[int],
    now: datetime.datetime,
    result: ApplyResult,
) -> list[PlanItem]:
    """Items the new version no longer has leave the plan, unless done or changed by hand."""
    removed = []
    for lineage in old_items.keys() - new_items.keys():
        for item in by_lineage.pop(lineage, []):
            if item.status == PlanItem.Status.DONE:
                continue
            if item.pk in by_hand:
                result.kept += 1
                continue
            item.removed_at = now
            removed.append(item)
    result.removed = len(removed)
    return removed


def _add_joining_items(
    plan: IntroductionPlan,
    all_items: list[PlanItem],
    old_items: dict,
    new_items: dict,
    due_dates: dict[int, datetime.date],
    by_lineage: dict,
) -> list[PlanItem]:
    """Items new in this version join the plan, dated from the first day unless the
    manager chose another day (the page suggests one for a day already passed)."""
    calendar = _plan_calendar(plan)
    added = [
        _item_from_template(
            plan,
            source,
            status=PlanItem.Status.OPEN,
            calendar=calendar,
            due_date=due_dates.get(source.pk),
        )
        for source in items_joining(
            items=all_items, old_lineages=old_items.keys(), new_items=new_items
        )
    ]
    PlanItem.objects.bulk_create(added)
    for item in added:
        by_lineage.setdefault(item.template_item.lineage, []).append(item)
    return added


def _follow_changed_items(
    old_items: dict,
    new_items: dict,
    by_lineage: dict,
    by_hand: set[int],
    touched: dict[int, PlanItem],
    result: ApplyResult,
) -> list[tuple[PlanItem, TemplateItem]]:
    """Items in both versions take what the template changed, unless done or changed by
    hand; returns those whose waits-for changed, to be linked again."""
    relink = []
    for lineage in old_items.keys() & new_items.keys():
        source = new_items[lineage]
        diff = _item_diff(old_items[lineage], source)
        for item in by_lineage.get(lineage, []):
            if item.status == PlanItem.Status.DONE:
                continue
            if not diff or item.pk in by_hand:
                result.kept += bool(diff)
                continue
            _take_template_change(item, old_items[lineage], source, diff)
            touched[item.pk] = item
            if "waits_for" in diff:
                relink.append((item, source))
            result.changed += 1
    return relink


def _take_template_change(
    item: PlanItem, old: TemplateItem, source: TemplateItem, diff: set[str]
) -> None:
    for name in ("title", "description", "kind", "responsible", "link_url"):
        setattr(item, name, getattr(source, name))
    item.module_id = source.module_id
    if "due" in diff:
        # Moved by the template's change only: a plan reopened after time away keeps the
        # time it has gained.
        item.due_date += datetime.timedelta(days=source.due_offset_days - old.due_offset_days)
        item.phase = source.phase
    item.template_item = source


def _relink_waits(
    relink: list[tuple[PlanItem, TemplateItem]], by_lineage: dict, touched: dict[int, PlanItem]
) -> None:
    """What the changed and new items wait for: the plan's item of the same lineage."""
    for item, source in relink:
        target = None
        if source.waits_for_id:
            target = next(iter(by_lineage.get(source.waits_for.lineage, [])), None)
        item.waits_for = target
        if item.status in (PlanItem.Status.WAITING, PlanItem.Status.OPEN):
            waiting = target is not None and target.status != PlanItem.Status.DONE
            item.status = PlanItem.Status.WAITING if waiting else PlanItem.Status.OPEN
        touched[item.pk] = item


def _release_what_waited_for(
    removed: list[PlanItem], live: list[PlanItem], touched: dict[int, PlanItem]
) -> None:
    """What waited for a removed item is released, as when a manager removes it."""
    gone = {item.pk for item in removed}
    for item in live:
        if item.waits_for_id in gone and item.status == PlanItem.Status.WAITING:
            item.status = PlanItem.Status.OPEN
            touched[item.pk] = item


def _save_items(
    removed: list[PlanItem],
    touched: dict[int, PlanItem],
    added: list[PlanItem],
    now: datetime.datetime,
) -> None:
    new_pks = {item.pk for item in added}
    for item in [*removed, *touched.values()]:
        item.revision += 0 if item.pk in new_pks else 1
        item.updated_at = now
    PlanItem.objects.bulk_update(
        [*removed, *touched.values()],
        [
            "removed_at",
            "title",
            "description",
            "kind",
            "responsible",
            "module",
            "link_url",
            "phase",
            "due_date",
            "template_item",
            "waits_for",
            "status",
            "revision",
            "updated_at",
        ],
    )


def _complete_courses_already_done(plan: IntroductionPlan, added: list[PlanItem]) -> None:
    """A course the newcomer has already done is done in the plan too."""
    slugs = {item.module.slug for item in added if item.module_id}
    if slugs:
        done = ModuleCompletion.objects.filter(person_id=plan.newcomer_id, module__slug__in=slugs)
        for completion in done.select_related("module"):
            _complete_module_items(plan, completion)


def _record_new_version(
    plan: IntroductionPlan, new: PlanTemplate, by: User, result: ApplyResult
) -> None:
    old_version = plan.template.version
    plan.template = new
    plan.revision = F("revision") + 1
    plan.save(update_fields=["template", "revision", "updated_at"])
    plan.refresh_from_db(fields=["revision"])
    _event(
        plan,
        PlanEvent.Kind.TEMPLATE_APPLIED,
        by,
        template=str(new),
        from_version=old_version,
        to_version=new.version,
        added=result.added,
        removed=result.removed,
        changed=result.changed,
        kept=result.kept,
    )


def _check_due_dates(plan: IntroductionPlan, dates: dict, new_items: dict) -> None:
    titles = {source.pk: source.title for source in new_items.values()}
    for source, day in dates.items():
        if day < plan.start_date:
            raise ValidationError(
                _("”%(title)s” kan inte vara klar före planens första dag, %(day)s.")
                % {"title": titles.get(source, ""), "day": plan.start_date.isoformat()}
            )
        last = latest_due_date(plan.start_date)
        if day > last:
            raise ValidationError(
                _("”%(title)s” kan inte vara klar senare än %(day)s.")
                % {"title": titles.get(source, ""), "day": last.isoformat()}
            )


@transaction.atomic
def template_apply(
    *,
    template: PlanTemplate,
    plans,
    by: User,
    due_dates: Mapping[tuple[int, int], datetime.date] | None = None,
) -> list[ApplyResult]:
    """Bring chosen plans from an older version of the family to this one, item by item
    (matched by lineage): new items are added, dropped ones removed, changed ones
    updated. Done items are never touched, and items the manager changed in the plan
    are left as they are and counted. `due_dates` gives a new item its day, by (plan
    pk, template item pk); without one it is the first day plus the item's offset."""
    if not by.has_perm("plans.manage_templates"):
        raise PermissionDenied
    if not template.is_current:
        raise ValidationError(
            _("Bara den gällande versionen av en mall kan föras över till planer.")
        )
    new_items = {
        i.lineage: i for i in template.items.select_related("module", "waits_for").order_by("pk")
    }
    results = []
    for chosen in plans:
        plan = (
            # of=self: lock the plan only (the template is a nullable join, and locking
            # the newcomer's row too could deadlock with a change to the person).
            IntroductionPlan.objects.select_for_update(of=("self",))
            .select_related("template", "newcomer", "unit")
            .get(pk=chosen.pk)
        )
        if not by.has_perm("plans.change_plan", plan):
            raise PermissionDenied
        if plan.template_id == template.pk:
            continue  # a double click: the plan is on this version already
        if plan.status != IntroductionPlan.Status.ACTIVE:
            raise ValidationError(
                _("Planen för %(name)s är avslutad och kan inte ändras.") % {"name": plan.newcomer}
            )
        if (
            plan.template is None
            or plan.template.family != template.family
            or plan.template.version >= template.version
        ):
            raise ValidationError(
                _("Planen för %(name)s är inte gjord från en äldre version av mallen.")
                % {"name": plan.newcomer}
            )
        chosen_dates = {
            source: day
            for (plan_pk, source), day in (due_dates or {}).items()
            if plan_pk == plan.pk
        }
        _check_due_dates(plan, chosen_dates, new_items)
        results.append(_apply_to_plan(plan, template, new_items, by, chosen_dates))
    return results
