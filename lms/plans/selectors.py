"""Reads for plans, already filtered for the viewer (twins of rules.py)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import rules
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lms.accounts.models import NewcomerKind, Role, User
from lms.accounts.rules import is_admin
from lms.core.caching import cached_value
from lms.organisation.models import Area
from lms.organisation.workdays import WorkCalendar, work_calendar
from lms.programme.models import Module

from . import extensions
from .models import (
    IntroductionPlan,
    ItemKind,
    Phase,
    PlanItem,
    PlanTemplate,
    Responsible,
    TemplateItem,
)
from .rules import managed_area_ids

#: How many history entries the plan page shows.
EVENTS_SHOWN = 30


def plan_list(*, viewer: User) -> QuerySet[IntroductionPlan]:
    """Plans the viewer may open: own, as mentor or supervisor, own units', or all for
    administrators. HR gets none: HR follows figures, not people's plans."""
    qs = IntroductionPlan.objects.select_related(
        "newcomer", "unit", "mentor", "supervisor", "template"
    )
    if is_admin.test(viewer):
        return qs
    return qs.filter(
        Q(newcomer=viewer)
        | Q(mentor=viewer)
        | Q(supervisor=viewer)
        | Q(unit_id__in=viewer.managed_unit_ids)
    )


def plan_get(*, viewer: User, pk: int) -> IntroductionPlan:
    """The plan if the viewer may see it, else 404. Cached per viewer under the plans
    and people versions, so a changed plan or a lost role is seen at once."""
    plan = cached_value(
        "plan",
        pk,
        viewer=viewer,
        build=lambda: plan_list(viewer=viewer).filter(pk=pk).first() or False,
    )
    if not plan:
        raise Http404
    return plan


def templates() -> QuerySet[PlanTemplate]:
    return PlanTemplate.objects.filter(is_current=True).order_by("name")


def templates_for(*, newcomer: User) -> QuerySet[PlanTemplate]:
    """Current templates that fit the newcomer's area and kind, the best fit first."""
    area_id = newcomer.unit.area_id if newcomer.unit_id else None
    return (
        PlanTemplate.objects.filter(is_current=True)
        .filter(Q(area__isnull=True) | Q(area_id=area_id))
        .filter(Q(newcomer_kind="") | Q(newcomer_kind=newcomer.newcomer_kind))
        .order_by(F("area_id").desc(nulls_last=True), "-newcomer_kind", "name")
    )


# -- pages ---------------------------------------------------------------------------


def late_item_counts(today: datetime.date) -> dict:
    """Annotations for a plan query: `overdue` (live items not done after their date) and
    `part1_late` (those of them that are part 1 modules)."""
    late = (
        Q(items__removed_at__isnull=True)
        & Q(items__due_date__lt=today)
        & ~Q(items__status=PlanItem.Status.DONE)
    )
    return {
        "overdue": Count("items", filter=late),
        "part1_late": Count(
            "items", filter=late & Q(items__kind=ItemKind.MODULE, items__module__part__number=1)
        ),
    }


def add_flags(rows: list[IntroductionPlan], today: datetime.date) -> None:
    """`flags` on each plan annotated with late_item_counts: the plan list's and the
    managers' weekly digest's short texts, this app's and those of the apps above it."""
    for plan in rows:
        plan.flags = []
        if plan.mentor_id is None:
            plan.flags.append(
                _("Ingen mentor före första dagen")
                if plan.start_date > today
                else _("Ingen mentor")
            )
        if plan.part1_late:
            plan.flags.append(_("Del 1 inte klar i tid"))
    extensions.add_row_flags(rows, today)


def plan_rows(*, viewer: User, include_closed: bool = False) -> list[IntroductionPlan]:
    """The plan list with progress and flags, in a fixed number of queries.

    Each plan gets `total`, `done`, `overdue`, `part1_late` (a part 1 module not done
    after its deadline) and `flags` (list of short Swedish texts).
    """
    today = timezone.localdate()
    live = Q(items__removed_at__isnull=True)
    qs = plan_list(viewer=viewer).annotate(
        total=Count("items", filter=live),
        done=Count("items", filter=live & Q(items__status=PlanItem.Status.DONE)),
        **late_item_counts(today),
    )
    if not include_closed:
        qs = qs.filter(status=IntroductionPlan.Status.ACTIVE)
    rows = list(qs.order_by("unit__name", "start_date", "newcomer__last_name", "pk"))
    for plan in rows:
        plan.percent = round(100 * plan.done / plan.total) if plan.total else 0
    add_flags(rows, today)
    return rows


@dataclass
class PhaseView:
    phase: str
    label: str
    items: list[PlanItem]

    @property
    def done(self) -> int:
        return sum(1 for i in self.items if i.status == PlanItem.Status.DONE)

    @property
    def percent(self) -> int:
        return round(100 * self.done / len(self.items)) if self.items else 0


@dataclass
class PlanView:
    plan: IntroductionPlan
    phases: list[PhaseView]
    this_week: list[PlanItem]
    overdue: list[PlanItem]
    done: int
    total: int
    managers: list[User]
    events: list
    follow_ups: list[PlanItem]

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def items_waiting_for(*, item: PlanItem) -> list[PlanItem]:
    """The items that open when this one is removed: they wait for it and nothing else."""
    return list(
        PlanItem.objects.filter(
            waits_for=item, status=PlanItem.Status.WAITING, removed_at=None
        ).order_by("due_date", "position", "pk")
    )


def plan_view(
    *,
    plan: IntroductionPlan,
    viewer: User,
    today: datetime.date | None = None,
    with_history: bool = True,
) -> PlanView:
    """Everything the plan page shows, in a fixed number of queries, with what the viewer
    may do to each item (`item.can`)."""
    today = today or timezone.localdate()
    items = list(
        plan.items.filter(removed_at__isnull=True)
        .select_related("module", "waits_for")
        .order_by("due_date", "position", "pk")
    )
    managers = list(
        User.objects.filter(
            role_assignments__role=Role.MANAGER,
            role_assignments__unit_id=plan.unit_id,
            is_active=True,
        ).order_by("last_name", "first_name")
    )
    _mark_items(items, plan=plan, viewer=viewer, managers=managers, today=today)
    week = today.isocalendar()[:2]
    by_phase = {phase: [] for phase in Phase.values}
    for item in items:
        by_phase[item.phase].append(item)
    labels = dict(Phase.choices)
    events = (
        list(plan.events.select_related("actor", "item").order_by("-at", "-pk")[:EVENTS_SHOWN])
        if with_history
        else []
    )
    return PlanView(
        plan=plan,
        phases=[PhaseView(p, labels[p], rows) for p, rows in by_phase.items() if rows],
        this_week=[
            i
            for i in items
            if i.due_date.isocalendar()[:2] == week and i.status != PlanItem.Status.DONE
        ],
        overdue=[i for i in items if i.is_overdue],
        done=sum(1 for i in items if i.status == PlanItem.Status.DONE),
        total=len(items),
        managers=managers,
        events=events,
        follow_ups=[
            i for i in items if i.kind == ItemKind.CHECK_IN and i.responsible == Responsible.MANAGER
        ],
    )


def _mark_items(
    items: list[PlanItem],
    *,
    plan: IntroductionPlan,
    viewer: User,
    managers: list[User],
    today: datetime.date,
) -> None:
    """Who is responsible for each item by name, whether it is late, and what the viewer
    may do to it, so that the page decides nothing itself."""
    names = {
        Responsible.NEWCOMER: [plan.newcomer],
        Responsible.MENTOR: [plan.mentor] if plan.mentor else [],
        Responsible.SUPERVISOR: [plan.supervisor] if plan.supervisor else [],
        Responsible.MANAGER: managers,
    }
    can_change = rules.has_perm("plans.change_plan", viewer, plan)
    for item in items:
        item.plan = plan  # the rules read item.plan: no query per item
        item.responsible_people = names.get(item.responsible, [])
        item.is_overdue = item.due_date < today and item.status != PlanItem.Status.DONE
        item.can = {
            "complete": rules.has_perm("plans.complete_item", viewer, item),
            "request_signoff": rules.has_perm("plans.request_signoff", viewer, item),
            "signoff": rules.has_perm("plans.signoff_item", viewer, item),
            "change": can_change,
            "reflect": rules.has_perm("plans.reflect_on_item", viewer, item),
        }
        item.next_action = _next_action(item)


def _next_action(item: PlanItem) -> str:
    """The one step the item's button offers the viewer in an active plan ("" for none).
    Marking done is offered to one who may sign the item off as well, when it needs it:
    their click is the sign-off."""
    can = item.can
    if item.status == PlanItem.Status.DONE:
        return "reopen" if can["change"] else ""
    if item.status == PlanItem.Status.WAITING:
        return ""
    if can["signoff"] and item.status == PlanItem.Status.SIGNOFF_REQUESTED:
        return "signoff"
    if can["complete"] and (can["signoff"] or not item.needs_signoff):
        return "complete"
    if can["request_signoff"] and item.status == PlanItem.Status.OPEN:
        return "request_signoff"
    return ""


def own_active_plan(*, person: User) -> IntroductionPlan | None:
    def build():
        mine = plan_list(viewer=person).filter(
            newcomer=person, status=IntroductionPlan.Status.ACTIVE
        )
        return mine.first() or False  # False: None would mean "not cached"

    return cached_value("own-plan", viewer=person, build=build) or None


def plannable_newcomers(*, viewer: User) -> QuerySet[User]:
    """Newcomers of the viewer's units (all for administrators) without an active plan."""
    qs = (
        User.objects.filter(is_active=True, role_assignments__role=Role.NEWCOMER)
        .exclude(introduction_plans__status=IntroductionPlan.Status.ACTIVE)
        .select_related("unit")
        .order_by("last_name", "first_name", "pk")
        .distinct()
    )
    if is_admin.test(viewer):
        return qs
    return qs.filter(unit_id__in=viewer.managed_unit_ids)


def supervisor_choices(*, viewer: User, unit_ids) -> QuerySet[User]:
    """Supervisors hold their role for a unit: those of the plan's unit (all for
    administrators)."""
    qs = User.objects.filter(is_active=True, role_assignments__role=Role.SUPERVISOR)
    if not is_admin.test(viewer):
        qs = qs.filter(role_assignments__unit_id__in=set(unit_ids))
    return qs.select_related("unit").order_by("last_name", "first_name", "pk").distinct()


# -- start page ------------------------------------------------------------------------

#: How far ahead the start page looks for follow-up meetings and due items.
START_LOOKAHEAD = datetime.timedelta(days=14)
#: At most this many lines per list on the start page; the plan page has the rest.
START_ROWS = 6


def _open_items():
    return PlanItem.objects.filter(
        removed_at__isnull=True, plan__status=IntroductionPlan.Status.ACTIVE
    ).exclude(status=PlanItem.Status.DONE)


def newcomer_start(*, person: User, today: datetime.date) -> dict | None:
    """The newcomer's week: what is overdue, what is due this week, what comes next."""
    plan = own_active_plan(person=person)
    if plan is None:
        return None

    def build():
        items = list(
            _open_items()
            .filter(plan=plan)
            .exclude(status=PlanItem.Status.WAITING)
            .select_related("module")  # module items link to the module's page
            .order_by("due_date", "position", "pk")
        )
        week = today.isocalendar()[:2]
        this_week = [i for i in items if i.due_date.isocalendar()[:2] == week]
        return {
            "overdue": [i for i in items if i.due_date < today and i not in this_week],
            "this_week": this_week,
            "coming": [i for i in items if i.due_date > today and i not in this_week][:START_ROWS],
        }

    return {"plan": plan, **cached_value("plan-start-newcomer", today, viewer=person, build=build)}


def manager_start(*, viewer: User, today: datetime.date) -> dict:
    """The manager's units at a glance: plans that need attention, sign-off requests and
    the follow-up meetings of the next two weeks."""
    units = sorted(viewer.managed_unit_ids)

    def build():
        rows = [p for p in plan_rows(viewer=viewer) if p.unit_id in units]
        signoff = Q(status=PlanItem.Status.SIGNOFF_REQUESTED)
        follow_up = Q(
            kind=ItemKind.CHECK_IN,
            responsible=Responsible.MANAGER,
            due_date__lte=today + START_LOOKAHEAD,
        )
        items = list(
            _open_items()
            .filter(plan__unit_id__in=units)
            .filter(signoff | follow_up)
            .select_related("plan__newcomer")
            .order_by("due_date", "pk")
        )
        attention = [p for p in rows if p.flags or p.overdue]
        return {
            "plan_count": len(rows),
            "attention": attention[:START_ROWS],
            "attention_count": len(attention),
            "signoff": [i for i in items if i.status == PlanItem.Status.SIGNOFF_REQUESTED][
                :START_ROWS
            ],
            "follow_ups": [
                i
                for i in items
                if i.kind == ItemKind.CHECK_IN
                and i.responsible == Responsible.MANAGER
                and i.due_date <= today + START_LOOKAHEAD
            ][:START_ROWS],
        }

    # The flags come from other apps too: their data versions are part of the key.
    return cached_value(
        "plan-start-manager", units, today, extensions.row_versions(), viewer=viewer, build=build
    )


def is_named_on_plans(*, viewer: User) -> bool:
    """Whether the viewer is mentor or supervisor on an active plan; cached."""

    def build():
        return (
            IntroductionPlan.objects.filter(status=IntroductionPlan.Status.ACTIVE)
            .filter(Q(mentor=viewer) | Q(supervisor=viewer))
            .exists()
        )

    return cached_value("plan-named", viewer=viewer, build=build)


def helper_start(*, viewer: User, today: datetime.date) -> dict:
    """Mentors and supervisors: their newcomers' plans, and what waits for them."""

    def build():
        rows = [p for p in plan_rows(viewer=viewer) if viewer.pk in (p.mentor_id, p.supervisor_id)]
        signoff = Q(plan__supervisor=viewer, status=PlanItem.Status.SIGNOFF_REQUESTED)
        mine = (
            Q(responsible=Responsible.MENTOR, plan__mentor=viewer)
            | Q(responsible=Responsible.SUPERVISOR, plan__supervisor=viewer)
        ) & Q(due_date__lte=today + START_LOOKAHEAD, status=PlanItem.Status.OPEN)
        items = list(
            _open_items()
            .filter(signoff | mine)
            .select_related("plan__newcomer")
            .order_by("due_date", "pk")
        )
        waiting = [i for i in items if i.status == PlanItem.Status.SIGNOFF_REQUESTED]
        return {
            "plans": rows,
            "signoff": waiting[:START_ROWS],
            "due": [i for i in items if i.status == PlanItem.Status.OPEN][:START_ROWS],
        }

    return cached_value("plan-start-helper", today, viewer=viewer, build=build)


# -- templates -------------------------------------------------------------------------------


def offset_label(days: int) -> str:
    """A due offset as people plan it: "Dag 14 (vecka 3)", the first day, or before it."""
    if days < 0:
        return ngettext("%(n)s dag före första dagen", "%(n)s dagar före första dagen", -days) % {
            "n": -days
        }
    if days == 0:
        return _("Första dagen (vecka 1)")
    return _("Dag %(day)s (vecka %(week)s)") % {"day": days, "week": days // 7 + 1}


def newcomer_kind_label(kind: str) -> str:
    return dict(NewcomerKind.choices).get(kind, kind) if kind else _("Alla nyanställda")


def template_list(*, viewer: User) -> QuerySet[PlanTemplate]:
    """Every template version, for those who may see templates (managers, administrators);
    none for anyone else. Twin of plans.manage_templates."""
    if not rules.has_perm("plans.manage_templates", viewer):
        return PlanTemplate.objects.none()
    return PlanTemplate.objects.select_related("area", "created_by")


def template_get(*, viewer: User, pk: int) -> PlanTemplate:
    template = template_list(viewer=viewer).filter(pk=pk).first()
    if template is None:
        raise Http404
    return template


def _older_plan_count():
    """Active plans made from an older version of the outer template's family."""
    older = (
        IntroductionPlan.objects.filter(
            status=IntroductionPlan.Status.ACTIVE,
            template__family=OuterRef("family"),
            template__version__lt=OuterRef("version"),
        )
        .order_by()
        .values("template__family")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(older), 0)


def template_rows(*, viewer: User) -> list[PlanTemplate]:
    """The current templates with their item count and how many active plans are on an
    older version, in one query; `can_change` says what the viewer may do."""
    rows = list(
        template_list(viewer=viewer)
        .filter(is_current=True)
        .annotate(item_count=Count("items"), older_plans=_older_plan_count())
        .order_by("name", "pk")
    )
    for template in rows:
        template.kind_label = newcomer_kind_label(template.newcomer_kind)
        template.can_change = rules.has_perm("plans.change_template", viewer, template)
    return rows


def plans_changeable(*, viewer: User) -> QuerySet[IntroductionPlan]:
    """Plans the viewer may change: twin of plans.change_plan (own units, or all for
    administrators)."""
    qs = IntroductionPlan.objects.select_related("newcomer", "unit", "template")
    if is_admin.test(viewer):
        return qs
    return qs.filter(unit_id__in=viewer.managed_unit_ids)


def template_appliable_plans(*, template: PlanTemplate, viewer: User) -> QuerySet:
    """Active plans on an older version of the template's family that the viewer may
    change: those the current version can be applied to."""
    if not template.is_current:
        return IntroductionPlan.objects.none()
    return (
        plans_changeable(viewer=viewer)
        .filter(
            status=IntroductionPlan.Status.ACTIVE,
            template__family=template.family,
            template__version__lt=template.version,
        )
        .order_by("unit__name", "newcomer__last_name", "newcomer__first_name", "pk")
    )


def items_joining(
    *, items: list[PlanItem], old_lineages, new_items: dict[object, TemplateItem]
) -> list[TemplateItem]:
    """The template items a new version adds to a plan: lineages the plan never had
    (an item removed from it stays removed), except a course the plan holds already."""
    ever = {i.template_item.lineage for i in items if i.template_item_id}
    held = {i.module.slug for i in items if i.module_id and i.removed_at is None}
    return [
        source
        for lineage, source in new_items.items()
        if lineage not in old_lineages
        and lineage not in ever
        and not (source.module_id and source.module.slug in held)
    ]


def template_item_due(plan: IntroductionPlan, source, calendar: WorkCalendar) -> datetime.date:
    """The day a template item is due in a plan: the first day plus its offset, moved on
    to the next working day."""
    return calendar.next_working_day(
        plan.start_date + datetime.timedelta(days=source.due_offset_days)
    )


#: A new item whose day has passed is suggested this far ahead (on a working day): a
#: week to do it in.
OVERDUE_SUGGESTION = datetime.timedelta(days=7)


@dataclass
class JoiningItem:
    """A template item that applying a version adds to one plan, and its due date."""

    source: TemplateItem
    computed: datetime.date  # the plan's first day + the item's offset, on a working day
    suggested: datetime.date  # the computed day, or a week ahead when it has passed
    field_name: str = ""
    field: object = None  # the form's date field, for the page

    @property
    def overdue(self) -> bool:
        return self.computed < self.suggested


@dataclass
class ApplyPreview:
    plan: IntroductionPlan
    items: list[JoiningItem]


def template_apply_preview(
    *, template: PlanTemplate, plans, today: datetime.date
) -> list[ApplyPreview]:
    """What applying the version would add to each chosen plan, with the due dates the
    template gives and those suggested in their place when they have already passed."""
    new_items = {
        i.lineage: i
        for i in template.items.select_related("module").order_by("due_offset_days", "pk")
    }
    previews = []
    for plan in plans:
        joining = items_joining(
            items=list(plan.items.select_related("template_item", "module")),
            old_lineages=set(plan.template.items.values_list("lineage", flat=True)),
            new_items=new_items,
        )
        calendar = work_calendar(plan.unit.administration.municipality_id)
        rows = []
        for source in joining:
            computed = template_item_due(plan, source, calendar)
            suggested = (
                computed
                if computed >= today
                else calendar.next_working_day(today + OVERDUE_SUGGESTION)
            )
            rows.append(JoiningItem(source, computed, suggested))
        previews.append(ApplyPreview(plan, rows))
    return previews


@dataclass
class TemplatePhase:
    phase: str
    label: str
    items: list[TemplateItem]


@dataclass
class TemplateView:
    template: PlanTemplate
    phases: list[TemplatePhase]
    item_count: int
    versions: list[PlanTemplate]
    plan_count: int  # plans made from (or moved to) this version
    appliable: list[IntroductionPlan]
    can_change: bool
    current: PlanTemplate | None  # the family's current version


def template_items(*, template: PlanTemplate) -> QuerySet[TemplateItem]:
    return template.items.select_related("module__part", "waits_for").order_by(
        "due_offset_days", "position", "pk"
    )


def template_view(*, template: PlanTemplate, viewer: User) -> TemplateView:
    """Everything the template page shows, in a fixed number of queries."""
    items = list(template_items(template=template))
    by_phase = {phase: [] for phase in Phase.values}
    for item in items:
        item.offset_label = offset_label(item.due_offset_days)
        by_phase[item.phase].append(item)
    labels = dict(Phase.choices)
    active = Q(plans__status=IntroductionPlan.Status.ACTIVE)
    family = list(
        PlanTemplate.objects.filter(family=template.family)
        .annotate(plan_count=Count("plans"), active_count=Count("plans", filter=active))
        .select_related("created_by")
        .order_by("-version")
    )
    this = next(v for v in family if v.pk == template.pk)
    template.kind_label = newcomer_kind_label(template.newcomer_kind)
    return TemplateView(
        template=template,
        phases=[TemplatePhase(p, labels[p], rows) for p, rows in by_phase.items() if rows],
        item_count=len(items),
        versions=family,
        plan_count=this.plan_count,
        appliable=list(template_appliable_plans(template=template, viewer=viewer)),
        can_change=template.is_current
        and rules.has_perm("plans.change_template", viewer, template),
        current=next((v for v in family if v.is_current), None),
    )


def template_modules(*, keep=None):
    """The modules a template item may name: the current programme's, and the one the
    item names already (it may belong to an older programme version)."""
    wanted = Q(part__programme__is_current=True)
    if keep is not None:
        wanted |= Q(pk=keep.pk)
    return (
        Module.objects.filter(wanted)
        .select_related("part")
        .order_by("part__number", "position", "title")
    )


def areas_for_templates(*, viewer: User):
    """The areas of work the viewer may make templates for (all for administrators)."""
    if is_admin.test(viewer):
        return Area.objects.all()
    return Area.objects.filter(pk__in=managed_area_ids(viewer))
