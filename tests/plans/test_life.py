"""The plan as a whole: its people and first day, follow-up meetings, sign-off, and the
life events that reach it from the person's record (a move, a new first day, leaving)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lms.accounts import services as accounts
from lms.accounts.models import Role
from lms.plans import selectors
from lms.plans.models import IntroductionPlan, ItemKind, PlanEvent, PlanItem
from lms.plans.services.creation import plan_create
from lms.plans.services.dates import add_months
from lms.plans.services.items import (
    plan_item_complete,
    plan_item_remove,
    plan_item_reopen,
    plan_item_update,
)
from lms.plans.services.lifecycle import (
    plan_close,
    plan_mentor_set,
    plan_reopen,
    plan_signoff,
    plan_update,
)
from tests.factories import UserFactory

from .conftest import START, make_plan

pytestmark = pytest.mark.django_db
S = PlanItem.Status
DAY = datetime.timedelta(days=1)


@pytest.fixture
def plan(programme, template, manager, newcomer, mentor):
    return make_plan(newcomer=newcomer, template=template, by=manager, mentor=mentor)


def _update(plan, by, **changes):
    fields = {"supervisor": plan.supervisor, "start_date": plan.start_date}
    return plan_update(plan=plan, by=by, revision=plan.revision, **{**fields, **changes})


def _person_update(person, by, **changes):
    fields = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "title": person.title,
        "unit": person.unit,
        "start_date": person.start_date,
        "end_date": person.end_date,
        "newcomer_kind": person.newcomer_kind,
        "roles": {Role.NEWCOMER},
    }
    return accounts.person_update(person=person, by=by, **{**fields, **changes})


def test_follow_up_meetings_at_1_4_12_and_24_months(plan):
    meetings = plan.items.filter(kind=ItemKind.CHECK_IN).order_by("due_date")
    assert [m.due_date for m in meetings] == [
        datetime.date(2027, 2, 11),
        datetime.date(2027, 5, 11),
        datetime.date(2028, 1, 11),
        datetime.date(2029, 1, 11),
    ]
    assert meetings[0].title == "Uppföljningssamtal efter 1 månad"
    assert meetings[3].title == "Uppföljningssamtal efter 24 månader"
    assert {m.responsible for m in meetings} == {"manager"}


def test_a_templates_own_check_ins_stand_in_for_the_follow_ups(template, manager, newcomer):
    template.items.create(
        title="Avstämning efter en månad",
        phase="first_month",
        due_offset_days=30,
        kind=ItemKind.CHECK_IN,
        responsible="manager",
    )
    plan = plan_create(newcomer=newcomer, template=template, by=manager)
    titles = list(plan.items.filter(kind=ItemKind.CHECK_IN).values_list("title", flat=True))
    assert "Avstämning efter en månad" in titles
    assert "Uppföljningssamtal efter 1 månad" not in titles
    assert "Uppföljningssamtal efter 4 månader" in titles


def test_add_months_keeps_the_day_or_takes_the_months_last():
    assert add_months(datetime.date(2027, 1, 31), 1) == datetime.date(2027, 2, 28)
    assert add_months(datetime.date(2027, 11, 30), 3) == datetime.date(2028, 2, 29)
    assert add_months(datetime.date(2027, 1, 11), 24) == datetime.date(2029, 1, 11)


def test_moving_the_first_day_moves_what_is_not_done(plan, manager):
    done = plan.items.get(title="Dator, telefon och nycklar klara")
    plan_item_complete(item=done, by=manager)
    reading = plan.items.get(title="Läs riktlinjen för barnutredningar")
    old_due, old_revision = reading.due_date, reading.revision
    plan = _update(plan, manager, start_date=START + 14 * DAY)
    reading.refresh_from_db()
    done.refresh_from_db()
    assert plan.start_date == START + 14 * DAY
    assert reading.due_date == old_due + 14 * DAY and reading.revision > old_revision
    assert done.due_date == START - 3 * DAY  # done stays where it was
    event = plan.events.first()
    assert event.kind == PlanEvent.Kind.START_MOVED
    assert event.detail["changes"]["start_date"] == ["2027-01-11", "2027-01-25"]


def test_naming_the_supervisor_is_recorded(plan, manager, supervisor):
    plan = _update(plan, manager, supervisor=supervisor)
    assert plan.supervisor == supervisor
    assert plan.events.first().kind == PlanEvent.Kind.PLAN_CHANGED
    assert set(plan.events.first().detail["changes"]) == {"supervisor"}


def test_the_mentor_copy_is_recorded_in_the_history_without_a_new_revision(plan, manager, mentor):
    other = UserFactory(unit=plan.unit, roles=[Role.MENTOR])
    revision = plan.revision
    assert plan_mentor_set(plan=plan, mentor=other, by=manager) is True
    plan.refresh_from_db()
    assert plan.mentor == other and plan.revision == revision
    event = plan.events.first()
    assert event.kind == PlanEvent.Kind.PLAN_CHANGED and event.actor == manager
    assert event.detail == {"changes": {"mentor": [str(mentor), str(other)]}}
    # The same mentor again changes nothing (idempotent).
    assert plan_mentor_set(plan=plan, mentor=other, by=manager) is False
    assert plan.events.count() == 3  # created, first mentor, this one


def test_the_mentor_copy_refuses_the_newcomer_and_other_peoples_plans(
    plan, manager, newcomer, mentor
):
    with pytest.raises(ValidationError, match="kan inte vara sin egen mentor"):
        plan_mentor_set(plan=plan, mentor=newcomer, by=manager)
    with pytest.raises(PermissionDenied):
        plan_mentor_set(plan=plan, mentor=None, by=mentor)


def test_a_closed_plan_keeps_its_mentor(plan, manager):
    plan_close(plan=plan, by=manager, reason="Slutat")
    assert plan_mentor_set(plan=plan, mentor=None, by=manager) is False
    plan.refresh_from_db()
    assert plan.mentor is not None


def test_a_manager_names_only_supervisors_of_the_unit(plan, manager, other_unit):
    far_supervisor = UserFactory(unit=other_unit, roles=[(Role.SUPERVISOR, other_unit)])
    with pytest.raises(ValidationError, match="Välj en handledare i enheten"):
        _update(plan, manager, supervisor=far_supervisor)
    choices = selectors.supervisor_choices(viewer=manager, unit_ids={plan.unit_id})
    assert far_supervisor not in choices


def test_two_managers_changing_the_plan_at_once_do_not_overwrite(plan, manager, supervisor):
    stale = plan.revision
    _update(plan, manager, supervisor=supervisor)
    with pytest.raises(ValidationError, match="Någon annan har ändrat planen"):
        plan_update(plan=plan, by=manager, revision=stale, supervisor=None, start_date=START)
    plan.refresh_from_db()
    assert plan.supervisor == supervisor and plan.mentor is not None


@pytest.mark.parametrize("who", ["newcomer", "mentor", "supervisor", "hr"])
def test_only_the_manager_changes_closes_and_signs_off_the_plan(request, plan, who):
    person = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        _update(plan, person)
    with pytest.raises(PermissionDenied):
        plan_close(plan=plan, by=person, reason="Slutat")
    with pytest.raises(PermissionDenied):
        plan_signoff(plan=plan, by=person)


def test_the_newcomer_cannot_be_their_own_supervisor(plan, manager, newcomer):
    with pytest.raises(ValidationError, match="sin egen handledare"):
        _update(plan, manager, supervisor=newcomer)


def test_the_plan_is_signed_off_only_when_everything_is_done(plan, manager):
    with pytest.raises(ValidationError, match="punkter är inte klara ännu"):
        plan_signoff(plan=plan, by=manager)
    items = list(plan.items.all())
    plan_item_remove(item=items[0], by=manager)  # removed counts as out of the way
    PlanItem.objects.filter(pk__in=[i.pk for i in items[1:]]).update(status=S.DONE)
    plan = plan_signoff(plan=plan, by=manager)
    assert plan.status == IntroductionPlan.Status.DONE
    assert plan.signed_off_by == manager and plan.signed_off_at
    assert plan.events.first().kind == PlanEvent.Kind.PLAN_SIGNED_OFF
    # A signed-off plan is finished: nothing more is ticked or changed.
    with pytest.raises(ValidationError):
        _update(plan, manager)


def test_closing_keeps_everything_and_needs_a_reason(plan, manager):
    count = plan.items.count()
    with pytest.raises(ValidationError, match="varför planen stängs"):
        plan_close(plan=plan, by=manager, reason="  ")
    plan = plan_close(plan=plan, by=manager, reason="Slutade sin anställning")
    assert plan.status == IntroductionPlan.Status.CLOSED and plan.closed_at
    assert plan.items.count() == count
    assert plan.events.first().detail == {"reason": "Slutade sin anställning"}
    with pytest.raises(ValidationError, match="avslutad"):
        plan_item_complete(item=plan.items.filter(status=S.OPEN).first(), by=manager)


def test_returning_reopens_the_plan_and_moves_what_was_left(plan, manager):
    plan = plan_close(plan=plan, by=manager, reason="Föräldraledig")
    closed_on = timezone.localdate(plan.closed_at)
    reading = plan.items.get(title="Läs riktlinjen för barnutredningar")
    with pytest.raises(ValidationError, match="före stängningen"):
        plan_reopen(plan=plan, by=manager, resume_on=closed_on - DAY)
    plan = plan_reopen(plan=plan, by=manager, resume_on=closed_on + 100 * DAY)
    assert plan.status == IntroductionPlan.Status.ACTIVE and plan.closed_at is None
    moved = plan.items.get(pk=reading.pk)
    assert moved.due_date == reading.due_date + 100 * DAY
    assert plan.events.first().kind == PlanEvent.Kind.PLAN_REOPENED


def test_reopening_is_refused_when_another_plan_is_running(plan, manager, template, newcomer):
    plan_close(plan=plan, by=manager, reason="Ny tjänst")
    plan_create(newcomer=newcomer, template=template, by=manager)
    with pytest.raises(ValidationError, match="redan en annan pågående"):
        plan_reopen(plan=plan, by=manager)


def test_a_move_to_another_unit_moves_the_plan_to_its_manager(
    plan, manager, newcomer, other_unit, admin_user
):
    other_manager = UserFactory(unit=other_unit, roles=[(Role.MANAGER, other_unit)])
    _person_update(newcomer, admin_user, unit=other_unit)
    plan.refresh_from_db()
    assert plan.unit == other_unit
    assert plan.events.first().kind == PlanEvent.Kind.UNIT_CHANGED
    assert selectors.plan_list(viewer=other_manager).filter(pk=plan.pk).exists()
    assert not selectors.plan_list(viewer=manager).filter(pk=plan.pk).exists()


def test_a_new_first_day_in_the_record_moves_the_plan(plan, manager, newcomer):
    _person_update(newcomer, manager, start_date=START + 7 * DAY)
    plan.refresh_from_db()
    assert plan.start_date == START + 7 * DAY
    assert plan.events.first().kind == PlanEvent.Kind.START_MOVED


def test_leaving_closes_the_plan_and_keeps_it(plan, manager, newcomer):
    today = timezone.localdate()
    _person_update(newcomer, manager, start_date=today - 100 * DAY, end_date=today)
    plan.refresh_from_db()
    assert plan.status == IntroductionPlan.Status.CLOSED
    assert plan.closed_reason.startswith("Anställningen avslutad")
    assert plan.items.exists()


def test_a_last_day_ahead_leaves_the_plan_running(plan, manager, newcomer):
    # Ahead of today, whatever today is: START + a year is behind us on 29 February 2028.
    _person_update(newcomer, manager, end_date=max(START, timezone.localdate()) + 365 * DAY)
    plan.refresh_from_db()
    assert plan.status == IntroductionPlan.Status.ACTIVE


def test_a_finished_plans_items_cannot_be_reopened_changed_or_removed(plan, manager):
    plan.items.update(status=S.DONE)
    plan = plan_signoff(plan=plan, by=manager)
    item = plan.items.first()
    for action in (plan_item_reopen, plan_item_remove):
        with pytest.raises(ValidationError, match="avslutad"):
            action(item=item, by=manager)
    with pytest.raises(ValidationError, match="avslutad"):
        plan_item_update(item=item, by=manager, revision=item.revision, title="Ny")
    item.refresh_from_db()
    assert item.status == S.DONE and item.removed_at is None


def test_the_history_shows_labels_not_stored_codes(plan, manager):
    item = plan.items.get(title="Läs riktlinjen för barnutredningar")
    plan_item_update(
        item=item, by=manager, revision=item.revision, responsible="mentor", needs_signoff=True
    )
    summary = plan.events.first().summary
    assert "Ansvarig: Nyanställd → Mentor" in summary
    assert "Kräver godkännande: nej → ja" in summary


def test_texts_written_into_the_plan_are_in_the_sites_language(
    programme, template, manager, newcomer
):
    from django.utils import translation

    with translation.override("en"):
        plan = plan_create(newcomer=newcomer, template=template, by=manager)
    assert plan.items.filter(title="Uppföljningssamtal efter 1 månad").exists()


def test_returning_to_another_unit_reopens_the_plan_there(plan, manager, newcomer, other_unit):
    plan_close(plan=plan, by=manager, reason="Föräldraledig")
    newcomer.unit = other_unit
    newcomer.save()
    plan = plan_reopen(plan=plan, by=manager)
    assert plan.unit == other_unit
    assert plan.events.first().kind == PlanEvent.Kind.UNIT_CHANGED
