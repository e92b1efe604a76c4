"""The daily reminders: found when due, not when not, to the right person, once per
occasion, dropped before sending when the reason went away, and readable in English."""

import datetime

import pytest
from django.utils import timezone, translation

from lms.accounts.models import Role
from lms.checkins.models import CheckIn
from lms.notifications import kinds, tasks
from lms.notifications.models import Notification
from lms.plans.models import IntroductionPlan, Phase, PlanItem, Responsible
from lms.programme.models import (
    Attendance,
    CourseSession,
    Enrolment,
    Evaluation,
    Module,
    Part,
    Programme,
    SessionDay,
)
from lms.supervision.models import Session, SessionKind, SessionParticipant
from tests.checkins.factories import PlanFactory
from tests.factories import UnitFactory, UserFactory, give_role
from tests.mentoring.factories import PairingFactory

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2026, 3, 2, 8, 0))
TODAY = datetime.date(2026, 3, 2)


def english():
    return translation.override("en")


def days(n):
    return TODAY + datetime.timedelta(days=n)


def found(code):
    return tasks.scan("daily", NOW)[code]


def sent_to(code):
    return sorted(Notification.objects.filter(kind=code).values_list("recipient_id", flat=True))


def stale_reasons(code):
    items = list(Notification.objects.filter(kind=code))
    return sorted(kinds.get(code).stale(items).values())


def item(plan, due, responsible=Responsible.NEWCOMER, status=PlanItem.Status.OPEN, **kw):
    return PlanItem.objects.create(
        plan=plan,
        phase=Phase.FIRST_MONTH,
        title=kw.pop("title", "Läs rutinen"),
        kind="task",
        responsible=responsible,
        due_date=due,
        status=status,
        **kw,
    )


@pytest.fixture
def plan():
    unit = UnitFactory()
    newcomer = UserFactory(unit=unit)
    return PlanFactory(newcomer=newcomer, unit=unit, start_date=days(-20))


# --- plan items ---------------------------------------------------------------------


def test_item_due_soon_goes_to_the_newcomer_once(plan):
    due = item(plan, days(2))
    item(plan, days(4))  # too far off
    item(plan, days(1), status=PlanItem.Status.DONE)
    item(plan, days(1), status=PlanItem.Status.WAITING)
    item(plan, days(1), removed_at=NOW)
    assert found("item_due_soon") == 1
    assert found("item_due_soon") == 0
    n = Notification.objects.get(kind="item_due_soon")
    assert n.recipient_id == plan.newcomer_id
    assert n.key == f"item_due_soon:{due.pk}:{days(2).isoformat()}:{plan.newcomer_id}"
    with english():
        assert n.title == "Due soon: Läs rutinen"


def test_responsible_decides_the_recipient(plan):
    mentor, supervisor, manager = UserFactory(), UserFactory(), UserFactory()
    give_role(manager, Role.MANAGER, plan.unit)
    other_unit_manager = give_role(UserFactory(), Role.MANAGER, UnitFactory())
    plan.mentor, plan.supervisor = mentor, supervisor
    plan.save()
    item(plan, days(1), Responsible.MENTOR)
    item(plan, days(1), Responsible.SUPERVISOR)
    item(plan, days(1), Responsible.MANAGER)
    item(plan, days(1), Responsible.HR)
    assert found("item_due_soon") == 4
    assert sent_to("item_due_soon") == sorted([mentor.pk, supervisor.pk, manager.pk, manager.pk])
    assert other_unit_manager.pk not in sent_to("item_due_soon")


def test_mentor_item_without_a_mentor_goes_to_the_manager(plan):
    manager = give_role(UserFactory(), Role.MANAGER, plan.unit)
    item(plan, days(1), Responsible.MENTOR)
    found("item_due_soon")
    assert sent_to("item_due_soon") == [manager.pk]


def test_closed_plan_finds_nothing(plan):
    item(plan, days(1))
    item(plan, days(-2))
    plan.status = IntroductionPlan.Status.CLOSED
    plan.save()
    assert found("item_due_soon") == 0
    assert found("item_overdue") == 0


def test_overdue_only_within_two_weeks_and_once_per_due_date(plan):
    late = item(plan, days(-3))
    item(plan, days(-15))
    assert found("item_overdue") == 1
    assert found("item_overdue") == 0
    with english():
        n = Notification.objects.get(kind="item_overdue")
        assert n.title == "Overdue: Läs rutinen"
    # A new due date that passes again is a new occasion.
    late.due_date = days(-1)
    late.save()
    assert found("item_overdue") == 1


def test_item_stale_reasons(plan):
    a, b, c = item(plan, days(1)), item(plan, days(2)), item(plan, days(3))
    found("item_due_soon")
    assert stale_reasons("item_due_soon") == []
    PlanItem.objects.filter(pk=a.pk).update(status=PlanItem.Status.DONE)
    PlanItem.objects.filter(pk=b.pk).update(removed_at=NOW)
    PlanItem.objects.filter(pk=c.pk).update(due_date=days(10))
    assert stale_reasons("item_due_soon") == sorted(
        ["Punkten är redan klar.", "Punkten är borttagen.", "Punkten har fått ett nytt datum."]
    )
    IntroductionPlan.objects.filter(pk=plan.pk).update(status=IntroductionPlan.Status.CLOSED)
    assert stale_reasons("item_due_soon") == ["Planen är stängd."] * 3


# --- programme ----------------------------------------------------------------------


@pytest.fixture
def module():
    programme = Programme.objects.create(name="P", valid_from=days(-400), is_current=True)
    part = Part.objects.create(programme=programme, number=1, title="Del 1", deadline_months=12)
    return Module.objects.create(part=part, title="Samtal med barn", slug="barn", length_days=1)


def course(module, first, n=1, status=CourseSession.Status.PUBLISHED):
    session = CourseSession.objects.create(
        module=module, status=status, capacity=10, place="Stadshuset", online_url="https://m.test/x"
    )
    for i in range(n):
        SessionDay.objects.create(
            session=session,
            date=first + datetime.timedelta(days=i),
            start=datetime.time(9),
            end=datetime.time(16),
        )
    return session


def enrol(session, status=Enrolment.Status.ADMITTED):
    return Enrolment.objects.create(session=session, person=UserFactory(), status=status)


def test_course_reminder_the_day_before(module):
    tomorrow = course(module, days(1))
    admitted = enrol(tomorrow)
    enrol(tomorrow, Enrolment.Status.WAITLISTED)
    enrol(course(module, days(2)))
    enrol(course(module, days(1), status=CourseSession.Status.CANCELLED))
    second_day = course(module, days(0), n=2)  # its second day is tomorrow
    enrol(second_day)
    assert found("course_reminder") == 2
    assert found("course_reminder") == 0
    n = Notification.objects.get(recipient=admitted.person)
    assert n.key == f"course_reminder:{admitted.pk}:{days(1).isoformat()}"
    assert n.params["place"] == "Stadshuset"
    with english():
        assert n.title == f"Reminder: Samtal med barn {days(1).isoformat()}"
        assert "Location: Stadshuset" in n.lines
    Enrolment.objects.filter(pk=admitted.pk).update(status=Enrolment.Status.CANCELLED)
    CourseSession.objects.filter(pk=second_day.pk).update(status=CourseSession.Status.CANCELLED)
    assert stale_reasons("course_reminder") == sorted(
        ["Bokningen är avbokad.", "Kurstillfället är inställt."]
    )


def test_evaluation_request_after_attending(module):
    ended = course(module, days(-3), n=2)
    present, absent, evaluated = enrol(ended), enrol(ended), enrol(ended)
    for e, status in [
        (present, Attendance.Status.PRESENT),
        (absent, Attendance.Status.ABSENT),
        (evaluated, Attendance.Status.PRESENT),
    ]:
        Attendance.objects.create(enrolment=e, day=ended.days.first(), status=status)
    Evaluation.objects.create(session=ended, enrolment=evaluated, rating=4)
    long_ago = course(module, days(-20))
    old = enrol(long_ago)
    Attendance.objects.create(
        enrolment=old, day=long_ago.days.first(), status=Attendance.Status.PRESENT
    )
    assert found("evaluation_request") == 1
    assert found("evaluation_request") == 0
    n = Notification.objects.get(kind="evaluation_request")
    assert n.recipient_id == present.person_id
    assert n.key == f"evaluation_request:{present.pk}"
    assert n.url.endswith(f"/enrolments/{present.pk}/evaluate/")
    with english():
        assert n.title == "What did you think of Samtal med barn?"
    Evaluation.objects.create(session=ended, enrolment=present, rating=5)
    assert stale_reasons("evaluation_request") == ["Utvärderingen är redan lämnad."]


def test_a_course_still_running_asks_for_no_evaluation(module):
    running = course(module, days(-1), n=2)
    e = enrol(running)
    Attendance.objects.create(enrolment=e, day=running.days.first(), status="present")
    assert found("evaluation_request") == 0


# --- supervision --------------------------------------------------------------------


def supervision(at, status=Session.Status.PLANNED, kind=SessionKind.ONE_TO_ONE, newcomers=()):
    author = UserFactory()
    s = Session.objects.create(
        kind=kind,
        status=status,
        starts_at=at,
        duration_minutes=60,
        author=author,
        place="Rum 3",
        private_note="Privat: hemligt",
        shared_summary="Delad: sammanfattning",
    )
    for person in newcomers:
        SessionParticipant.objects.create(session=s, newcomer=person)
    return s


def test_supervision_reminder_to_participants_and_author():
    a, b = UserFactory(), UserFactory()
    tomorrow = supervision(NOW + datetime.timedelta(days=1, hours=2), newcomers=[a, b])
    supervision(NOW + datetime.timedelta(days=2), newcomers=[UserFactory()])
    supervision(
        NOW + datetime.timedelta(days=1), status=Session.Status.CANCELLED, newcomers=[UserFactory()]
    )
    assert found("supervision_reminder") == 3
    assert found("supervision_reminder") == 0
    assert sent_to("supervision_reminder") == sorted([a.pk, b.pk, tomorrow.author_id])
    n = Notification.objects.get(recipient=a)
    assert n.key == f"supervision_reminder:{tomorrow.pk}:{a.pk}:{days(1).isoformat()}"
    text = str(n.params) + n.title + " ".join(n.lines)
    assert "hemligt" not in text and "sammanfattning" not in text
    with english():
        assert n.title.startswith("Reminder: ") and "10:00" in n.title
    Session.objects.filter(pk=tomorrow.pk).update(status=Session.Status.CANCELLED)
    assert stale_reasons("supervision_reminder") == ["Tillfället är inställt eller flyttat."] * 3


# --- mentor nudge -------------------------------------------------------------------


def test_mentor_nudge_once_per_stretch(settings):
    settings.NOTIFICATIONS_MENTOR_NUDGE_WEEKS = 3
    quiet = PairingFactory(starts_on=days(-22))
    fresh = PairingFactory(starts_on=days(-10))
    PairingFactory(starts_on=days(-60), ended_on=days(-1))
    met = PairingFactory(starts_on=days(-60))
    talk = Session.objects.create(
        kind=SessionKind.MENTOR_TALK,
        status=Session.Status.HELD,
        starts_at=NOW - datetime.timedelta(days=5),
        duration_minutes=45,
        author=met.mentor,
    )
    SessionParticipant.objects.create(session=talk, newcomer=met.newcomer)
    assert found("mentor_nudge") == 1
    assert found("mentor_nudge") == 0
    n = Notification.objects.get(kind="mentor_nudge")
    assert n.recipient_id == quiet.mentor_id
    assert n.key == f"mentor_nudge:{quiet.pk}:{days(-22).isoformat()}:1"
    assert fresh.mentor_id not in sent_to("mentor_nudge")
    with english():
        assert n.title.startswith("Time for a talk with ")
    quiet.ended_on = TODAY
    quiet.save()
    assert stale_reasons("mentor_nudge") == ["Mentorskapet har avslutats."]


def planned_talk(pairing, at):
    talk = Session.objects.create(
        kind=SessionKind.MENTOR_TALK,
        status=Session.Status.PLANNED,
        starts_at=at,
        duration_minutes=45,
        author=pairing.mentor,
    )
    SessionParticipant.objects.create(session=talk, newcomer=pairing.newcomer)


def test_a_booked_talk_stops_the_nudge():
    ahead = PairingFactory(starts_on=days(-40))
    planned_talk(ahead, NOW + datetime.timedelta(days=3))
    # Booked for earlier today: still booked when the afternoon's run comes.
    this_morning = PairingFactory(starts_on=days(-40))
    planned_talk(this_morning, NOW - datetime.timedelta(hours=1))
    # Booked for yesterday and never logged as held: the mentor is reminded.
    missed = PairingFactory(starts_on=days(-40))
    planned_talk(missed, NOW - datetime.timedelta(days=1))
    assert found("mentor_nudge") == 1
    assert sent_to("mentor_nudge") == [missed.mentor_id]


# --- check-ins ----------------------------------------------------------------------


def test_checkin_due_once_until_answered():
    open_plan = PlanFactory(start_date=days(-40))  # the one-month point is open
    PlanFactory(start_date=days(-10))  # nothing open yet
    answered = PlanFactory(start_date=days(-40))
    CheckIn.objects.create(
        plan=answered,
        newcomer=answered.newcomer,
        unit=answered.unit,
        point=1,
        joy_rating=4,
        manager_rating=4,
        group_rating=4,
        contribution_rating=4,
        answered_at=NOW,
    )
    closed = PlanFactory(start_date=days(-40), status=IntroductionPlan.Status.CLOSED)
    assert found("checkin_due") == 1
    assert found("checkin_due") == 0
    n = Notification.objects.get(kind="checkin_due")
    assert (n.recipient_id, n.key) == (open_plan.newcomer_id, f"checkin_due:{open_plan.pk}:1")
    assert closed.newcomer_id not in sent_to("checkin_due")
    with english():
        assert n.title == "Time for your check-in after 1 month"
    IntroductionPlan.objects.filter(pk=open_plan.pk).update(status=IntroductionPlan.Status.CLOSED)
    assert stale_reasons("checkin_due") == ["Planen är stängd."]
