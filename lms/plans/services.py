"""Writes for plans: make a plan from a template, tick, sign off, change, and keep the
history. Every function records a PlanEvent; nothing here hard-deletes a user's data.

Two people changing the same item at once: each form carries the item's `revision`,
and a save against an older revision is refused with a message instead of silently
overwriting the other person's change.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lms.accounts.models import NewcomerKind, User
from lms.core import bounds
from lms.core.reasons import clean_reason
from lms.organisation.models import Unit
from lms.organisation.workdays import WorkCalendar, work_calendar
from lms.programme.models import Module, ModuleCompletion, Programme
from lms.programme.services import part_deadline

from .models import (
    IntroductionPlan,
    ItemKind,
    Phase,
    PlanEvent,
    PlanItem,
    PlanTemplate,
    Responsible,
    TemplateItem,
)
from .selectors import items_joining, supervisor_choices, template_item_due

#: Phase boundaries in days from the first day (exclusive upper bounds).
#: An item due on the last day of a phase belongs to it, whatever the months' lengths:
#: "after one month" (30 or 31 days) is still the first month, "after a year" the first.
PHASE_LIMITS = [
    (0, Phase.BEFORE_START),
    (7, Phase.FIRST_WEEK),
    (32, Phase.FIRST_MONTH),
    (124, Phase.FIRST_FOUR_MONTHS),
    (367, Phase.FIRST_YEAR),
]
#: An item may be due this long before its plan's first day (later than that is a typo
#: in the year) and this many years after it: the introduction runs two years, and a
#: leave or a reopened plan adds to that.
DUE_DAYS_BEFORE_START = 60
DUE_YEARS_AFTER_START = 5
#: A follow-up "practise with your supervisor" is due this long after the course.
PRACTISE_AFTER = datetime.timedelta(days=14)
#: Follow-up meetings with the manager, in months after the first day (DOMAIN.md).
FOLLOW_UP_MONTHS = (1, 4, 12, 24)
#: A template's own check-in this close to a follow-up date stands in for it.
FOLLOW_UP_SLACK = datetime.timedelta(days=21)


def phase_for(offset_days: int) -> str:
    for limit, phase in PHASE_LIMITS:
        if offset_days < limit:
            return phase
    return Phase.SECOND_YEAR


def _event(plan, kind, by, item=None, **detail) -> PlanEvent:
    # Every service ends here; saving the event bumps the plans version (bulk writes
    # bump it themselves, lms.core.versions.VersionedQuerySet).
    return PlanEvent.objects.create(plan=plan, item=item, kind=kind, actor=by, detail=detail)


# -- creating a plan -----------------------------------------------------------------


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day of the month `months` later (the month's last day when it is short)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def _plan_calendar(plan: IntroductionPlan) -> WorkCalendar:
    """The working days of the plan unit's municipality."""
    municipality_id = (
        Unit.objects.filter(pk=plan.unit_id)
        .values_list("administration__municipality_id", flat=True)
        .first()
    )
    return work_calendar(municipality_id)


def _item_from_template(
    plan: IntroductionPlan,
    source,
    *,
    status: str,
    calendar: WorkCalendar,
    due_date: datetime.date | None = None,
) -> PlanItem:
    """An unsaved plan item copied from a template item, dated from the plan's first day.
    An offset that lands on a day off (a holiday, a closed day, a weekend) is due on the
    next working day instead: nobody is there to do it, or to meet about it, that day.
    A day the manager chose is kept as chosen, and the item's phase follows it."""
    if due_date is None:
        due_date = template_item_due(plan, source, calendar)
        phase = source.phase
    else:
        phase = phase_for((due_date - plan.start_date).days)
    return PlanItem(
        plan=plan,
        template_item=source,
        phase=phase,
        title=source.title,
        description=source.description,
        kind=source.kind,
        responsible=source.responsible,
        module=source.module,
        link_url=source.link_url,
        position=source.position,
        due_date=due_date,
        status=status,
    )


@translation.override(settings.LANGUAGE_CODE)
def _follow_up_items(
    plan: IntroductionPlan, others: list[PlanItem], calendar: WorkCalendar
) -> list[PlanItem]:
    """The manager's follow-up meetings at 1, 4, 12 and 24 months (on the next working
    day when that date is a day off), unless the template already has a check-in near
    that date. Written in the site's language, whoever makes the plan: the plan is the
    newcomer's and the unit's document."""
    check_ins = [i.due_date for i in others if i.kind == ItemKind.CHECK_IN]
    items = []
    for months in FOLLOW_UP_MONTHS:
        due = calendar.next_working_day(add_months(plan.start_date, months))
        if any(abs(day - due) <= FOLLOW_UP_SLACK for day in check_ins):
            continue
        items.append(
            PlanItem(
                plan=plan,
                phase=phase_for((due - plan.start_date).days),
                title=ngettext(
                    "Uppföljningssamtal efter %(n)s månad",
                    "Uppföljningssamtal efter %(n)s månader",
                    months,
                )
                % {"n": months},
                description=_(
                    "Chefen och den nyanställda går igenom planen: vad har gått bra, vad "
                    "behöver mer tid, och vad ska läggas till."
                ),
                kind=ItemKind.CHECK_IN,
                responsible=Responsible.MANAGER,
                position=900 + months,
                due_date=due,
                status=PlanItem.Status.OPEN,
            )
        )
    return items


def _programme_items(plan: IntroductionPlan, newcomer: User, covered: set[str]) -> list[PlanItem]:
    """Part 1 and part 2 modules of the programme in force, due by their part's deadline."""
    programme = Programme.objects.filter(is_current=True).first()
    if programme is None:
        return []
    items = []
    modules = Module.objects.filter(part__programme=programme).select_related("part")
    for module in modules.order_by("part__number", "position", "pk"):
        if module.slug in covered:
            continue
        due = part_deadline(person=newcomer, module=module) or plan.start_date
        items.append(
            PlanItem(
                plan=plan,
                phase=phase_for((due - plan.start_date).days),
                title=module.title,
                description=module.description,
                kind=ItemKind.MODULE,
                responsible=Responsible.MANAGER,
                module=module,
                position=module.position,
                due_date=due,
                status=PlanItem.Status.OPEN,
            )
        )
    return items


@transaction.atomic
def plan_create(
    *,
    newcomer: User,
    template: PlanTemplate,
    by: User,
    supervisor: User | None = None,
    start_date: datetime.date | None = None,
) -> IntroductionPlan:
    """A dated plan from a template, with the programme's modules and their deadlines.

    The mentor is not named here: lms.mentoring pairs the newcomer and keeps
    `plan.mentor` as a copy of the running pairing (plan_mentor_set)."""
    if not by.has_perm("plans.create_plan", newcomer):
        raise PermissionDenied
    start_date = start_date or newcomer.start_date
    if start_date is None:
        raise ValidationError(
            {"start_date": _("Ange första dagen: förfallodagarna räknas från den.")}
        )
    bounds.PLAN.check(start_date, field="start_date")
    if newcomer.unit_id is None:
        raise ValidationError(_("%(name)s hör inte till någon enhet ännu.") % {"name": newcomer})
    template_items = list(template.items.select_related("module").order_by("pk"))
    if not template_items:
        raise ValidationError({"template": _("Mallen har inga punkter.")})
    _check_supervisor(by=by, unit_id=newcomer.unit_id, supervisor=supervisor)
    try:
        with transaction.atomic():
            plan = IntroductionPlan.objects.create(
                newcomer=newcomer,
                unit_id=newcomer.unit_id,
                template=template,
                start_date=start_date,
                supervisor=supervisor,
                created_by=by,
            )
    except IntegrityError as error:
        raise ValidationError(
            _("%(name)s har redan en pågående introduktionsplan.") % {"name": newcomer}
        ) from error
    made: dict[int, PlanItem] = {}
    calendar = _plan_calendar(plan)
    for source in template_items:
        made[source.pk] = _item_from_template(
            plan,
            source,
            status=PlanItem.Status.WAITING if source.waits_for_id else PlanItem.Status.OPEN,
            calendar=calendar,
        )
    covered = {s.module.slug for s in template_items if s.module_id}
    extra = _programme_items(plan, newcomer, covered)
    extra += _follow_up_items(plan, list(made.values()), calendar)
    PlanItem.objects.bulk_create([*made.values(), *extra])
    # Links between the new items, now that they have ids.
    waiting = []
    for source in template_items:
        if source.waits_for_id and source.waits_for_id in made:
            made[source.pk].waits_for = made[source.waits_for_id]
            waiting.append(made[source.pk])
        elif source.waits_for_id:
            made[source.pk].status = PlanItem.Status.OPEN
            waiting.append(made[source.pk])
    PlanItem.objects.bulk_update(waiting, ["waits_for", "status"])
    _event(plan, PlanEvent.Kind.CREATED, by, template=str(template))
    # Modules already done (in any programme version) are done in the plan too.
    done = ModuleCompletion.objects.filter(person=newcomer).select_related("module")
    for completion in done:
        _complete_module_items(plan, completion)
    return plan


def _check_supervisor(*, by: User, unit_id: int, supervisor=None) -> None:
    """The supervisor named must be among those the person may choose from
    (selectors.supervisor_choices): a forged id is refused."""
    if supervisor is not None and not (
        supervisor_choices(viewer=by, unit_ids={unit_id}).filter(pk=supervisor.pk).exists()
    ):
        raise ValidationError({"supervisor": _("Välj en handledare i enheten.")})


# -- working through the plan ------------------------------------------------------------


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


def latest_due_date(start_date: datetime.date) -> datetime.date:
    """The last day an item of a plan starting on `start_date` may be due."""
    return min(bounds.years_from(start_date, DUE_YEARS_AFTER_START), bounds.DUE.bounds()[1])


def check_due_date(plan: IntroductionPlan, due: datetime.date, field: str = "due_date") -> None:
    """A day an item of this plan may be due: in the window for due dates, no earlier
    than shortly before the plan's first day and no later than some years after it."""
    bounds.DUE.check(due, field=field)
    if due < plan.start_date - datetime.timedelta(days=DUE_DAYS_BEFORE_START):
        raise ValidationError(
            {field: _("Datumet ligger långt före första dagen. Kontrollera året.")}
        )
    last = latest_due_date(plan.start_date)
    if due > last:
        raise ValidationError(
            {
                field: _(
                    "Datumet ligger långt efter planens första dag, %(first)s. Ange ett "
                    "datum senast %(last)s."
                )
                % {"first": plan.start_date.isoformat(), "last": last.isoformat()}
            }
        )


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


# -- the programme ---------------------------------------------------------------------


def _complete_module_items(plan: IntroductionPlan, completion: ModuleCompletion) -> int:
    """Tick the plan's items for the module (matched by slug, so any programme version
    counts) and add the "practise with your supervisor" follow-up. The number ticked."""
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
        follow_up = PlanItem.objects.create(
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
        _event(plan, PlanEvent.Kind.ITEM_ADDED, completion.recorded_by, item=follow_up)
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


# -- the plan as a whole: its people, its dates, its life ------------------------------


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
    its items and history stay for the follow-up figures; nothing is deleted."""
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


# -- templates -------------------------------------------------------------------------------
#
# A template version that any plan was made from is never changed: the first change to it
# makes the next version (a copy whose items keep their lineage) and is saved there. The
# plans keep their version until their manager applies the new one (template_apply).

#: The due offsets a template item may have, in days from the first day.
OFFSET_RANGE = (-90, 800)


@dataclass
class TemplateChange:
    """What a change to a template did, for the message to the person."""

    template: PlanTemplate  # the version the change was saved in
    item: TemplateItem | None = None
    changed: bool = True  # False: the form said what the template already said
    new_version: bool = False  # the edited version was in use, so this one was made
    plans: int = 0  # how many plans use the version that was edited
    released: list[str] = field(default_factory=list)  # items that no longer wait


def template_plan_count(template: PlanTemplate) -> int:
    return IntroductionPlan.objects.filter(template=template).count()


def _template_in_use(template: PlanTemplate) -> int | bool:
    plans = template_plan_count(template)
    return plans or PlanItem.objects.filter(template_item__template=template).exists()


def _template_locked(template: PlanTemplate, revision: int) -> PlanTemplate:
    locked = PlanTemplate.objects.select_for_update().get(pk=template.pk)
    if locked.revision != revision:
        raise ValidationError(
            _(
                "Någon annan har ändrat mallen medan du skrev. Läs in sidan igen och gör din "
                "ändring på nytt."
            )
        )
    if not locked.is_current:
        raise ValidationError(
            _("Det här är en äldre version av mallen. Gör ändringen i den gällande versionen.")
        )
    return locked


def _template_next_version(
    source: PlanTemplate, by: User
) -> tuple[PlanTemplate, dict[int, TemplateItem]]:
    """A copy of the header and every item as the family's next version, current at once.
    The items keep their lineage, and what waited for an item waits for its copy."""
    latest = PlanTemplate.objects.filter(family=source.family).aggregate(v=Max("version"))["v"]
    # One current version per family (a database constraint): the old one steps down
    # first. Its revision moves on too, so a form still open on it is refused.
    source.is_current = False
    source.revision += 1
    source.save(update_fields=["is_current", "revision", "updated_at"])
    copy = PlanTemplate.objects.create(
        family=source.family,
        version=latest + 1,
        is_current=True,
        name=source.name,
        name_en=source.name_en,
        description=source.description,
        area_id=source.area_id,
        newcomer_kind=source.newcomer_kind,
        created_by=by,
    )
    items = list(source.items.order_by("pk"))
    copies = {
        item.pk: TemplateItem(
            template=copy,
            lineage=item.lineage,
            phase=item.phase,
            title=item.title,
            description=item.description,
            kind=item.kind,
            responsible=item.responsible,
            module_id=item.module_id,
            link_url=item.link_url,
            position=item.position,
            due_offset_days=item.due_offset_days,
        )
        for item in items
    }
    TemplateItem.objects.bulk_create(copies.values())
    linked = []
    for item in items:
        if item.waits_for_id in copies:
            copies[item.pk].waits_for = copies[item.waits_for_id]
            linked.append(copies[item.pk])
    TemplateItem.objects.bulk_update(linked, ["waits_for"])
    return copy, copies


def _template_writable(
    locked: PlanTemplate, by: User
) -> tuple[PlanTemplate, dict[int, TemplateItem] | None, int]:
    """The version a change may be saved in: this one if no plan was made from it, else
    a new one. Also the copies of the items (by the old item's id) and the plan count."""
    used = _template_in_use(locked)
    if not used:
        return locked, None, 0
    copy, copies = _template_next_version(locked, by)
    return copy, copies, int(used)


def _template_saved(template: PlanTemplate) -> None:
    template.revision += 1
    template.save(update_fields=["revision", "updated_at"])  # bumps the plans version


def _clean_template(
    *,
    by: User,
    name: str,
    name_en: str,
    description: str,
    area,
    newcomer_kind: str,
    area_changed: bool,
) -> dict:
    errors = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = _("Mallen behöver ett namn.")
    if newcomer_kind not in ("", *NewcomerKind.values):
        errors["newcomer_kind"] = _("Välj en typ av nyanställd i listan.")
    if area_changed and not by.has_perm("plans.create_template", area):
        errors["area"] = (
            _("Bara en administratör kan göra en mall för alla verksamhetsområden.")
            if area is None
            else _("Du kan bara välja verksamhetsområden som dina enheter hör till.")
        )
    if errors:
        raise ValidationError(errors)
    return {
        "name": name,
        "name_en": (name_en or "").strip(),
        "description": (description or "").strip(),
        "area": area,
        "newcomer_kind": newcomer_kind,
    }


def _new_family(name: str) -> str:
    base = slugify(name)[:60] or "mall"
    family, n = base, 1
    while PlanTemplate.objects.filter(family=family).exists():
        n += 1
        family = f"{base}-{n}"
    return family


@transaction.atomic
def template_create(
    *,
    by: User,
    name: str,
    name_en: str = "",
    description: str = "",
    area=None,
    newcomer_kind: str = "",
) -> PlanTemplate:
    """A new template (version 1 of a new family), without items yet."""
    if not by.has_perm("plans.add_template"):
        raise PermissionDenied
    values = _clean_template(
        by=by,
        name=name,
        name_en=name_en,
        description=description,
        area=area,
        newcomer_kind=newcomer_kind,
        area_changed=True,
    )
    return PlanTemplate.objects.create(
        family=_new_family(values["name"]), version=1, is_current=True, created_by=by, **values
    )


@transaction.atomic
def template_update(
    *,
    template: PlanTemplate,
    by: User,
    revision: int,
    name: str,
    name_en: str = "",
    description: str = "",
    area=None,
    newcomer_kind: str = "",
) -> TemplateChange:
    """Change the header: name (and its English), description, area, kind of newcomer."""
    if not by.has_perm("plans.change_template", template):
        raise PermissionDenied
    locked = _template_locked(template, revision)
    area_id = area.pk if area is not None else None
    values = _clean_template(
        by=by,
        name=name,
        name_en=name_en,
        description=description,
        area=area,
        newcomer_kind=newcomer_kind,
        area_changed=area_id != locked.area_id,
    )
    current = {
        "name": locked.name,
        "name_en": locked.name_en,
        "description": locked.description,
        "area": locked.area_id,
        "newcomer_kind": locked.newcomer_kind,
    }
    if current == {**values, "area": area_id}:
        return TemplateChange(template=locked, changed=False)
    target, _copies, plans = _template_writable(locked, by)
    for name_, value in values.items():
        setattr(target, name_, value)
    target.revision += 1
    target.save()
    return TemplateChange(template=target, new_version=target.pk != locked.pk, plans=plans)


def _waits_on(items: dict[int, TemplateItem], start: int, target: int) -> bool:
    """Does item `start` wait for `target`, directly or through other items?"""
    seen = set()
    current = items[start].waits_for_id
    while current is not None and current not in seen:
        if current == target:
            return True
        seen.add(current)
        current = items[current].waits_for_id if current in items else None
    return False


def _clean_template_item(items: dict[int, TemplateItem], item_pk: int | None, values: dict) -> dict:
    """Check one item's fields against the other items of its version."""
    errors = {}
    title = (values.get("title") or "").strip()
    if not title:
        errors["title"] = _("Punkten behöver en rubrik.")
    offset = values.get("due_offset_days")
    low, high = OFFSET_RANGE
    if offset is None or not low <= offset <= high:
        errors["due_offset_days"] = _(
            "Ange en tidpunkt mellan %(before)s dagar före och %(after)s dagar efter första dagen."
        ) % {"before": -low, "after": high}
    if values.get("kind") not in ItemKind.values:
        errors["kind"] = _("Välj en typ i listan.")
    if values.get("responsible") not in Responsible.values:
        errors["responsible"] = _("Välj vem som är ansvarig.")
    if values.get("kind") == ItemKind.MODULE and values.get("module") is None:
        errors["module"] = _("En punkt av typen kursmodul behöver en kursmodul. Välj vilken.")
    link = (values.get("link_url") or "").strip()
    if link:
        try:
            URLValidator(schemes=["http", "https"])(link)
        except ValidationError:
            errors["link_url"] = _("Ange hela webbadressen, till exempel https://…")
    waits_for = values.get("waits_for")
    if waits_for is not None:
        if waits_for.pk not in items:
            errors["waits_for"] = _("En punkt kan bara vänta på en annan punkt i samma mall.")
        elif waits_for.pk == item_pk:
            errors["waits_for"] = _("En punkt kan inte vänta på sig själv.")
        elif item_pk is not None and _waits_on(items, waits_for.pk, item_pk):
            errors["waits_for"] = _(
                "”%(other)s” väntar redan, direkt eller via andra punkter, på den här punkten. "
                "Då skulle ingen av dem kunna öppnas."
            ) % {"other": waits_for.title}
    if errors:
        raise ValidationError(errors)
    return {
        **values,
        "title": title,
        "description": (values.get("description") or "").strip(),
        "link_url": link,
    }


def _template_item_values(values: dict, copies: dict[int, TemplateItem] | None) -> dict:
    """The item's fields as saved in the target version: the phase follows the offset,
    so phases and due dates never disagree, and waiting points at the copy."""
    waits_for = values.get("waits_for")
    if waits_for is not None and copies is not None:
        waits_for = copies[waits_for.pk]
    return {
        "title": values["title"],
        "description": values["description"],
        "kind": values["kind"],
        "responsible": values["responsible"],
        "module": values.get("module"),
        "link_url": values["link_url"],
        "due_offset_days": values["due_offset_days"],
        "phase": phase_for(values["due_offset_days"]),
        "waits_for": waits_for,
    }


@transaction.atomic
def template_item_add(
    *,
    template: PlanTemplate,
    by: User,
    revision: int,
    title: str,
    due_offset_days: int,
    responsible: str,
    kind: str = ItemKind.TASK,
    description: str = "",
    module: Module | None = None,
    link_url: str = "",
    waits_for: TemplateItem | None = None,
) -> TemplateChange:
    if not by.has_perm("plans.change_template", template):
        raise PermissionDenied
    locked = _template_locked(template, revision)
    items = {i.pk: i for i in locked.items.all()}
    values = _clean_template_item(
        items,
        None,
        {
            "title": title,
            "description": description,
            "kind": kind,
            "responsible": responsible,
            "module": module,
            "link_url": link_url,
            "due_offset_days": due_offset_days,
            "waits_for": waits_for,
        },
    )
    target, copies, plans = _template_writable(locked, by)
    last = max((i.position for i in items.values()), default=-1)
    item = TemplateItem.objects.create(
        template=target, position=last + 1, **_template_item_values(values, copies)
    )
    _template_saved(target)
    return TemplateChange(
        template=target, item=item, new_version=target.pk != locked.pk, plans=plans
    )


#: What a template item form may change.
TEMPLATE_ITEM_EDITABLE = (
    "title",
    "description",
    "kind",
    "responsible",
    "module",
    "link_url",
    "due_offset_days",
    "waits_for",
)


@transaction.atomic
def template_item_update(
    *, item: TemplateItem, by: User, revision: int, **changes
) -> TemplateChange:
    """Change one item of the template. `revision` is the template's when the form was
    read; a used version is left as it is and the change lands in the next one."""
    if not by.has_perm("plans.change_template", item.template):
        raise PermissionDenied
    unknown = set(changes) - set(TEMPLATE_ITEM_EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    locked = _template_locked(item.template, revision)
    items = {i.pk: i for i in locked.items.all()}
    if item.pk not in items:
        raise ValidationError(_("Punkten finns inte längre i mallen."))
    current = items[item.pk]
    before = {name: getattr(current, name) for name in TEMPLATE_ITEM_EDITABLE if name in changes}
    values = _clean_template_item(
        items,
        current.pk,
        {name: changes.get(name, getattr(current, name)) for name in TEMPLATE_ITEM_EDITABLE},
    )
    if all(before[name] == values[name] for name in before):
        return TemplateChange(template=locked, item=current, changed=False)
    target, copies, plans = _template_writable(locked, by)
    target_item = copies[current.pk] if copies is not None else current
    for name, value in _template_item_values(values, copies).items():
        setattr(target_item, name, value)
    target_item.save()
    _template_saved(target)
    return TemplateChange(
        template=target, item=target_item, new_version=target.pk != locked.pk, plans=plans
    )


@transaction.atomic
def template_item_remove(*, item: TemplateItem, by: User, revision: int) -> TemplateChange:
    """Take an item out of the template. Items that waited for it no longer wait (their
    titles are in `released`). A used version keeps it: the next version is without it."""
    if not by.has_perm("plans.change_template", item.template):
        raise PermissionDenied
    locked = _template_locked(item.template, revision)
    if not locked.items.filter(pk=item.pk).exists():
        raise ValidationError(_("Punkten finns inte längre i mallen."))
    target, copies, plans = _template_writable(locked, by)
    target_item = copies[item.pk] if copies is not None else item
    waiting = list(target.items.filter(waits_for=target_item).order_by("due_offset_days", "pk"))
    for other in waiting:
        other.waits_for = None
        other.save(update_fields=["waits_for"])
    target_item.delete()
    _template_saved(target)
    return TemplateChange(
        template=target,
        new_version=target.pk != locked.pk,
        plans=plans,
        released=[other.title for other in waiting],
    )


# -- applying a new template version to plans --------------------------------------------------


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
    old = plan.template
    old_items = {i.lineage: i for i in old.items.select_related("waits_for")}
    result = ApplyResult(plan=plan)
    now = timezone.now()
    all_items = list(plan.items.select_related("template_item", "module"))
    live = [i for i in all_items if i.removed_at is None]
    by_lineage: dict = {}
    for item in live:
        if item.template_item_id:
            by_lineage.setdefault(item.template_item.lineage, []).append(item)
    # Changed by hand: the manager's change to this person's plan wins over the template.
    by_hand = set(
        PlanEvent.objects.filter(
            plan=plan, kind=PlanEvent.Kind.ITEM_CHANGED, item__isnull=False
        ).values_list("item_id", flat=True)
    )
    touched: dict[int, PlanItem] = {}

    # Items the new version no longer has leave the plan, unless done or changed by hand.
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

    # Items that are new in this version join the plan, dated from the first day unless
    # the manager chose another day (the page suggests one for a day already passed).
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
    result.added = len(added)

    # Items in both versions: what the template changed, unless done or changed by hand.
    relink = [(item, item.template_item) for item in added if item.template_item.waits_for_id]
    for lineage in old_items.keys() & new_items.keys():
        source = new_items[lineage]
        diff = _item_diff(old_items[lineage], source)
        for item in by_lineage.get(lineage, []):
            if item.status == PlanItem.Status.DONE:
                continue
            if not diff or item.pk in by_hand:
                result.kept += bool(diff)
                continue
            for name in ("title", "description", "kind", "responsible", "link_url"):
                setattr(item, name, getattr(source, name))
            item.module_id = source.module_id
            if "due" in diff:
                # Moved by the template's change only: a plan reopened after time away
                # keeps the time it has gained.
                shift = source.due_offset_days - old_items[lineage].due_offset_days
                item.due_date += datetime.timedelta(days=shift)
                item.phase = source.phase
            item.template_item = source
            touched[item.pk] = item
            if "waits_for" in diff:
                relink.append((item, source))
            result.changed += 1

    # What the changed and new items wait for: the plan's item of the same lineage.
    for item, source in relink:
        target = None
        if source.waits_for_id:
            target = next(iter(by_lineage.get(source.waits_for.lineage, [])), None)
        item.waits_for = target
        if item.status in (PlanItem.Status.WAITING, PlanItem.Status.OPEN):
            waiting = target is not None and target.status != PlanItem.Status.DONE
            item.status = PlanItem.Status.WAITING if waiting else PlanItem.Status.OPEN
        touched[item.pk] = item
    # What waited for a removed item is released, as when a manager removes it.
    gone = {item.pk for item in removed}
    for item in live:
        if item.waits_for_id in gone and item.status == PlanItem.Status.WAITING:
            item.status = PlanItem.Status.OPEN
            touched[item.pk] = item
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
    # A course the newcomer has already done is done in the plan too.
    slugs = {item.module.slug for item in added if item.module_id}
    if slugs:
        done = ModuleCompletion.objects.filter(person_id=plan.newcomer_id, module__slug__in=slugs)
        for completion in done.select_related("module"):
            _complete_module_items(plan, completion)
    old_version = old.version
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
    return result


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
