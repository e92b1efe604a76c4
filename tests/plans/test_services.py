import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lms.plans.models import IntroductionPlan, ItemKind, PlanEvent, PlanItem, PlanTemplate
from lms.plans.services.creation import plan_create
from lms.plans.services.items import (
    plan_item_add,
    plan_item_complete,
    plan_item_remove,
    plan_item_request_signoff,
    plan_item_signoff,
    plan_item_update,
)
from lms.programme import services as programme_services
from lms.programme.models import Enrolment, Module, ModuleCompletion
from tests.factories import UserFactory

from .conftest import START

pytestmark = pytest.mark.django_db
S = PlanItem.Status


def _plan(newcomer, template, manager, **extra):
    return plan_create(newcomer=newcomer, template=template, by=manager, **extra)


def _item(plan, title):
    return plan.items.get(title=title)


def test_a_plan_gets_dated_items_and_the_programme_modules(
    programme, template, manager, newcomer, mentor
):
    plan = _plan(newcomer, template, manager)
    assert plan.unit == newcomer.unit and plan.mentor is None  # lms.mentoring pairs
    ready = _item(plan, "Dator, telefon och nycklar klara")
    assert ready.due_date == START - datetime.timedelta(days=3)
    assert ready.responsible == "manager"
    shadow = _item(plan, "Gå bredvid på ett hembesök")
    assert shadow.status == S.WAITING
    assert shadow.waits_for == _item(plan, "Läs riktlinjen för barnutredningar")
    part1 = _item(plan, "Bemötande och samtal")
    assert part1.kind == ItemKind.MODULE and part1.due_date == datetime.date(2027, 5, 11)
    assert _item(plan, "Utredning").due_date == datetime.date(2029, 1, 11)
    assert plan.events.get().kind == PlanEvent.Kind.CREATED


@pytest.mark.parametrize("problem", ["no start", "no items", "own supervisor", "twice"])
def test_bad_plans_are_refused_in_swedish_and_nothing_is_saved(
    programme, template, manager, newcomer, problem
):
    extra, messages = (
        {},
        {
            "no start": "Ange första dagen",
            "no items": "Mallen har inga punkter.",
            "own supervisor": "Välj en handledare i enheten",
            "twice": "har redan en pågående introduktionsplan",
        },
    )
    if problem == "no start":
        newcomer.start_date = None
        newcomer.save()
    if problem == "no items":
        template = PlanTemplate.objects.create(family="tom", name="Tom mall")
    if problem == "own supervisor":
        extra["supervisor"] = newcomer
    if problem == "twice":
        _plan(newcomer, template, manager)
    with pytest.raises(ValidationError) as error:
        _plan(newcomer, template, manager, **extra)
    assert messages[problem] in " ".join(error.value.messages)
    assert IntroductionPlan.objects.count() == (1 if problem == "twice" else 0)


def test_only_the_units_manager_makes_the_plan(template, newcomer, other_newcomer, manager):
    with pytest.raises(PermissionDenied):
        _plan(other_newcomer, template, manager)
    with pytest.raises(PermissionDenied):
        _plan(newcomer, template, newcomer)


def test_the_newcomer_ticks_own_items_and_that_releases_the_waiting_one(
    programme, template, manager, newcomer, supervisor
):
    plan = _plan(newcomer, template, manager, supervisor=supervisor)
    read = _item(plan, "Läs riktlinjen för barnutredningar")
    shadow = _item(plan, "Gå bredvid på ett hembesök")
    with pytest.raises(ValidationError, match="väntar på"):
        plan_item_complete(item=shadow, by=supervisor)
    plan_item_complete(item=read, by=newcomer, reflection="Tydlig riktlinje.")
    read.refresh_from_db()
    shadow.refresh_from_db()
    assert read.status == S.DONE and read.done_by == newcomer
    assert read.reflection == "Tydlig riktlinje."
    assert shadow.status == S.OPEN
    plan_item_complete(item=read, by=newcomer)  # a double click changes nothing
    assert plan.events.filter(kind=PlanEvent.Kind.ITEM_DONE).count() == 1


def test_the_newcomer_cannot_tick_the_managers_item_or_another_plan(
    programme, template, manager, newcomer, unit
):
    plan = _plan(newcomer, template, manager)
    with pytest.raises(PermissionDenied):
        plan_item_complete(item=_item(plan, "Dator, telefon och nycklar klara"), by=newcomer)
    colleague = UserFactory(unit=unit)
    with pytest.raises(PermissionDenied):
        plan_item_complete(item=_item(plan, "Läs riktlinjen för barnutredningar"), by=colleague)


def test_an_item_that_needs_sign_off_waits_for_the_manager(programme, template, manager, newcomer):
    plan = _plan(newcomer, template, manager)
    item = plan_item_add(
        plan=plan,
        by=manager,
        title="Första egna utredningen",
        due_date=START + datetime.timedelta(days=60),
        responsible="newcomer",
        needs_signoff=True,
    )
    with pytest.raises(ValidationError, match="Begär godkännande"):
        plan_item_complete(item=item, by=newcomer)
    plan_item_request_signoff(item=item, by=newcomer)
    item.refresh_from_db()
    assert item.status == S.SIGNOFF_REQUESTED
    with pytest.raises(PermissionDenied):
        plan_item_signoff(item=item, by=newcomer)
    plan_item_signoff(item=item, by=manager)
    item.refresh_from_db()
    assert item.status == S.DONE and item.done_by == manager


def test_two_people_editing_one_item_do_not_overwrite_each_other(
    programme, template, manager, newcomer, unit
):
    from lms.accounts.models import Role
    from tests.factories import give_role

    second_manager = give_role(UserFactory(unit=unit), Role.MANAGER, unit)
    plan = _plan(newcomer, template, manager)
    item = _item(plan, "Läs riktlinjen för barnutredningar")
    read_at = item.revision
    plan_item_update(item=item, by=manager, revision=read_at, title="Läs riktlinjen")
    with pytest.raises(ValidationError, match="Någon annan har ändrat punkten"):
        plan_item_update(item=item, by=second_manager, revision=read_at, title="Läs BBIC")
    item.refresh_from_db()
    assert item.title == "Läs riktlinjen"
    change = plan.events.get(kind=PlanEvent.Kind.ITEM_CHANGED)
    assert change.detail["changes"]["title"] == [
        "Läs riktlinjen för barnutredningar",
        "Läs riktlinjen",
    ]


def test_changing_an_item_never_touches_the_template(programme, template, manager, newcomer):
    plan = _plan(newcomer, template, manager)
    item = _item(plan, "Läs riktlinjen för barnutredningar")
    plan_item_update(
        item=item, by=manager, revision=item.revision, due_date=START + datetime.timedelta(20)
    )
    assert template.items.get(title="Läs riktlinjen för barnutredningar").due_offset_days == 4
    item.refresh_from_db()
    assert item.phase == "first_month"


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"title": "  "}, "Punkten behöver en rubrik."),
        ({"due_date": datetime.date(2025, 1, 1)}, "långt före första dagen"),
        (
            {"due_date": datetime.date(2032, 1, 12)},
            "Datumet ligger långt efter planens första dag, 2027-01-11. Ange ett datum "
            "senast 2032-01-11.",
        ),
        ({"due_date": datetime.date(9999, 12, 31)}, "Ange ett datum mellan 2000-01-01 och "),
    ],
)
def test_bad_item_changes_are_refused(programme, template, manager, newcomer, changes, message):
    plan = _plan(newcomer, template, manager)
    item = _item(plan, "Läs riktlinjen för barnutredningar")
    with pytest.raises(ValidationError, match=message):
        plan_item_update(item=item, by=manager, revision=item.revision, **changes)
    with pytest.raises(ValidationError, match=message):
        plan_item_add(
            plan=plan,
            by=manager,
            title=changes.get("title", "Ny punkt"),
            due_date=changes.get("due_date", START),
            responsible="newcomer",
        )


def test_a_removed_item_stays_in_the_history_and_releases_what_waited(
    programme, template, manager, newcomer
):
    plan = _plan(newcomer, template, manager)
    read = _item(plan, "Läs riktlinjen för barnutredningar")
    plan_item_remove(item=read, by=manager)
    read.refresh_from_db()
    assert read.removed_at is not None
    assert _item(plan, "Gå bredvid på ett hembesök").status == S.OPEN
    assert plan.events.filter(kind=PlanEvent.Kind.ITEM_REMOVED, item=read).exists()
    with pytest.raises(PermissionDenied):
        plan_item_remove(item=_item(plan, "Utredning"), by=newcomer)


def test_attendance_ticks_the_module_and_adds_practice_with_the_supervisor(
    programme, template, manager, newcomer, coordinator, supervisor
):
    plan = _plan(newcomer, template, manager, supervisor=supervisor)
    module = Module.objects.get(slug="samtal")
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    session = programme_services.session_create(
        by=coordinator,
        module=module,
        days=[programme_services.DayInput(yesterday, datetime.time(9), datetime.time(16))],
        capacity=5,
        publish=True,
    )
    enrolment = Enrolment.objects.create(session=session, person=newcomer, status="admitted")
    programme_services.attendance_mark(
        enrolment=enrolment, day=session.days.get(), status="present", by=coordinator
    )
    item = _item(plan, "Bemötande och samtal")
    assert item.status == S.DONE and item.done_by == coordinator
    practise = _item(plan, "Öva med din handledare: Bemötande och samtal")
    assert practise.responsible == "supervisor"
    assert practise.due_date == yesterday + datetime.timedelta(days=14)
    assert "observatör" in practise.description


def test_a_module_done_before_the_plan_is_done_in_it(programme, template, manager, newcomer):
    ModuleCompletion.objects.create(
        person=newcomer, module=Module.objects.get(slug="samtal"), completed_on=START
    )
    plan = _plan(newcomer, template, manager)
    assert _item(plan, "Bemötande och samtal").status == S.DONE


# -- corrected attendance ----------------------------------------------------------------


def _attended(programme, newcomer, coordinator):
    """A one-day session of "samtal" yesterday, attended: the module is done."""
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    session = programme_services.session_create(
        by=coordinator,
        module=Module.objects.get(slug="samtal"),
        days=[programme_services.DayInput(yesterday, datetime.time(9), datetime.time(16))],
        capacity=5,
        publish=True,
    )
    enrolment = Enrolment.objects.create(session=session, person=newcomer, status="admitted")
    day = session.days.get()

    def mark(status, enough=False):
        programme_services.attendance_mark(
            enrolment=enrolment, day=day, status=status, by=coordinator, enough=enough
        )

    mark("present")
    return mark


PRACTISE = "Öva med din handledare: Bemötande och samtal"


@pytest.mark.parametrize("status", ["absent", "partly"])
def test_a_corrected_attendance_reopens_the_module_and_withdraws_the_untouched_practise(
    programme, template, manager, newcomer, coordinator, supervisor, status
):
    plan = _plan(newcomer, template, manager, supervisor=supervisor)
    mark = _attended(programme, newcomer, coordinator)
    mark(status)
    item = _item(plan, "Bemötande och samtal")
    assert item.status == S.OPEN and item.done_at is None and item.done_by is None
    practise = _item(plan, PRACTISE)
    assert practise.removed_at is not None
    withdrawn = plan.events.get(kind=PlanEvent.Kind.MODULE_WITHDRAWN)
    assert withdrawn.item == item and withdrawn.actor == coordinator
    removed = plan.events.get(kind=PlanEvent.Kind.ITEM_REMOVED)
    assert removed.item == practise and removed.actor == coordinator
    assert removed.detail == {"reason": "module_withdrawn"}


def test_marking_present_again_ticks_the_module_and_adds_the_practise_once(
    programme, template, manager, newcomer, coordinator, supervisor
):
    plan = _plan(newcomer, template, manager, supervisor=supervisor)
    mark = _attended(programme, newcomer, coordinator)
    mark("absent")
    mark("present")
    assert _item(plan, "Bemötande och samtal").status == S.DONE
    live = plan.items.filter(title=PRACTISE, removed_at=None)
    assert live.count() == 1 and live.get().status == S.OPEN
    kinds = list(plan.events.filter(item__title="Bemötande och samtal").values_list("kind"))
    assert [k for (k,) in kinds] == ["module_completed", "module_withdrawn", "module_completed"]


@pytest.mark.parametrize("touch", ["reflection", "ticked", "changed"])
def test_a_practise_item_someone_worked_on_stays(
    programme, template, manager, newcomer, coordinator, supervisor, touch
):
    plan = _plan(newcomer, template, manager, supervisor=supervisor)
    mark = _attended(programme, newcomer, coordinator)
    practise = _item(plan, PRACTISE)
    if touch == "reflection":
        PlanItem.objects.filter(pk=practise.pk).update(reflection="Vi övade på tisdag.")
    elif touch == "ticked":
        plan_item_complete(item=practise, by=supervisor)
    else:
        plan_item_update(
            item=practise, by=manager, revision=practise.revision, title="Öva samtal med Eva"
        )
    mark("absent")
    practise.refresh_from_db()
    assert practise.removed_at is None
    assert _item(plan, "Bemötande och samtal").status == S.OPEN
    mark("present")  # no second practise item next to the one being worked on
    assert plan.items.filter(practise_for__slug="samtal", removed_at=None).count() == 1


def test_a_module_item_ticked_by_hand_is_not_reopened(
    programme, template, manager, newcomer, coordinator, supervisor
):
    plan = _plan(newcomer, template, manager, supervisor=supervisor)
    item = _item(plan, "Bemötande och samtal")
    plan_item_complete(item=item, by=manager)
    mark = _attended(programme, newcomer, coordinator)
    mark("absent")
    item.refresh_from_db()
    assert item.status == S.DONE and item.done_by == manager
    assert not plan.events.filter(kind=PlanEvent.Kind.MODULE_WITHDRAWN).exists()


def test_a_partly_day_marked_enough_keeps_the_plan_ticked(
    programme, template, manager, newcomer, coordinator, supervisor
):
    plan = _plan(newcomer, template, manager, supervisor=supervisor)
    mark = _attended(programme, newcomer, coordinator)
    mark("partly", enough=True)
    assert _item(plan, "Bemötande och samtal").status == S.DONE
    assert _item(plan, PRACTISE).removed_at is None
