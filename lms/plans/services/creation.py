"""Making a plan: a dated plan from a template, with the programme's modules and the
manager's follow-up meetings."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lms.accounts.models import User
from lms.core import bounds
from lms.organisation.models import Unit
from lms.organisation.workdays import WorkCalendar, work_calendar
from lms.programme.models import Module, ModuleCompletion, Programme
from lms.programme.services import part_deadline

from ..models import (
    IntroductionPlan,
    ItemKind,
    PlanEvent,
    PlanItem,
    PlanTemplate,
    Responsible,
    TemplateItem,
)
from ..selectors import supervisor_choices, template_item_due
from .dates import add_months, phase_for
from .history import _event
from .module_completion import _complete_module_items

#: Follow-up meetings with the manager, in months after the first day (DOMAIN.md).
FOLLOW_UP_MEETING_MONTHS = (1, 4, 12, 24)
#: A template's own check-in this close to a follow-up meeting stands in for it.
FOLLOW_UP_MEETING_SLACK = datetime.timedelta(days=21)


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
def _follow_up_meetings(
    plan: IntroductionPlan, others: list[PlanItem], calendar: WorkCalendar
) -> list[PlanItem]:
    """The manager's follow-up meetings at 1, 4, 12 and 24 months (on the next working
    day when that date is a day off), unless the template already has a check-in near
    that date. Written in the site's language, whoever makes the plan: the plan is the
    newcomer's and the unit's document."""
    check_ins = [i.due_date for i in others if i.kind == ItemKind.CHECK_IN]
    items = []
    for months in FOLLOW_UP_MEETING_MONTHS:
        due = calendar.next_working_day(add_months(plan.start_date, months))
        if any(abs(day - due) <= FOLLOW_UP_MEETING_SLACK for day in check_ins):
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
    plan = _plan_row(
        newcomer=newcomer, template=template, start_date=start_date, supervisor=supervisor, by=by
    )
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
    extra += _follow_up_meetings(plan, list(made.values()), calendar)
    PlanItem.objects.bulk_create([*made.values(), *extra])
    _link_waiting_items(template_items, made)
    _event(plan, PlanEvent.Kind.CREATED, by, template=str(template))
    # Modules already done (in any programme version) are done in the plan too.
    done = ModuleCompletion.objects.filter(person=newcomer).select_related("module")
    for completion in done:
        _complete_module_items(plan, completion)
    return plan


def _plan_row(
    *,
    newcomer: User,
    template: PlanTemplate,
    start_date: datetime.date,
    supervisor: User | None,
    by: User,
) -> IntroductionPlan:
    try:
        with transaction.atomic():
            return IntroductionPlan.objects.create(
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


def _link_waiting_items(template_items: list[TemplateItem], made: dict[int, PlanItem]) -> None:
    """Links between the new items, now that they have ids; an item whose template item
    waits for one not in the template is open from the start."""
    waiting = []
    for source in template_items:
        if source.waits_for_id and source.waits_for_id in made:
            made[source.pk].waits_for = made[source.waits_for_id]
            waiting.append(made[source.pk])
        elif source.waits_for_id:
            made[source.pk].status = PlanItem.Status.OPEN
            waiting.append(made[source.pk])
    PlanItem.objects.bulk_update(waiting, ["waits_for", "status"])


def _check_supervisor(*, by: User, unit_id: int, supervisor=None) -> None:
    """The supervisor named must be among those the person may choose from
    (selectors.supervisor_choices): a forged id is refused."""
    if supervisor is not None and not (
        supervisor_choices(viewer=by, unit_ids={unit_id}).filter(pk=supervisor.pk).exists()
    ):
        raise ValidationError({"supervisor": _("Välj en handledare i enheten.")})
