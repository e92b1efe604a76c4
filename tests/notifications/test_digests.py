"""The weekly digests: a manager's overdue items and flagged plans in their own units
only, a coordinator's coming sessions; one per person and ISO week, caught up on a
later weekday, and the same number of queries however many people get one."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from lms.accounts.models import Role
from lms.notifications import tasks
from lms.notifications.digests import MAX_ROWS
from lms.notifications.models import Notification
from lms.plans.models import IntroductionPlan, Phase, PlanItem, Responsible
from lms.programme.models import CourseSession, Enrolment, Module, Part, Programme, SessionDay
from tests.checkins.factories import PlanFactory
from tests.factories import UnitFactory, UserFactory, give_role

pytestmark = pytest.mark.django_db

MONDAY = timezone.make_aware(datetime.datetime(2026, 3, 2, 8, 0))
TODAY = MONDAY.date()


def days(n):
    return TODAY + datetime.timedelta(days=n)


def found(code, now=MONDAY):
    return tasks.scan("daily", now)[code]


def late_item(plan, due, title="Läs rutinen", status=PlanItem.Status.OPEN, **kw):
    return PlanItem.objects.create(
        plan=plan,
        phase=Phase.FIRST_MONTH,
        title=title,
        kind="task",
        responsible=Responsible.NEWCOMER,
        due_date=due,
        status=status,
        **kw,
    )


def running_plan(unit, **kw):
    return PlanFactory(
        newcomer=UserFactory(unit=unit, first_name=kw.pop("first", "Nora"), last_name="Ny"),
        unit=unit,
        mentor=kw.pop("mentor", UserFactory()),
        start_date=kw.pop("start", days(-10)),
        **kw,
    )


# --- managers ---------------------------------------------------------------------------


def test_a_manager_gets_the_overdue_items_and_flags_of_their_units_once_a_week():
    unit, other = UnitFactory(), UnitFactory()
    manager = give_role(UserFactory(), Role.MANAGER, unit)
    give_role(UserFactory(), Role.MANAGER, other)  # has a plan too, gets their own
    plan = running_plan(unit)
    late_item(plan, days(-3), "Läs rutinen för orosanmälan")
    late_item(plan, days(-10), "Träffa enhetens jurist")
    late_item(plan, days(-5), status=PlanItem.Status.DONE)  # done: not late
    late_item(plan, days(-5), removed_at=MONDAY)  # removed: not late
    late_item(plan, days(3))  # not due yet
    unmentored = running_plan(unit, first="Olle", mentor=None)
    # Flags from other apps come along: no supervision in the last two weeks.
    unsupervised = running_plan(unit, first="Pia", start=days(-30))
    running_plan(other, first="Annan")
    running_plan(unit, status=IntroductionPlan.Status.CLOSED)

    assert found("weekly_manager") == 2
    assert found("weekly_manager") == 0
    # Tuesday of the same week: already sent this week.
    assert found("weekly_manager", MONDAY + datetime.timedelta(days=1)) == 0

    n = Notification.objects.get(kind="weekly_manager", recipient=manager)
    assert n.key == f"weekly_manager:{manager.pk}:2026-W10"
    assert not n.in_inbox  # a digest is e-mail only
    assert n.params["plans"] == 3 and n.params["overdue"] == 2
    # Oldest first; the other unit's plan is not in it.
    assert [row["title"] for row in n.params["items"]] == [
        "Träffa enhetens jurist",
        "Läs rutinen för orosanmälan",
    ]
    # By first day: Pia started first.
    assert [(row["newcomer"], row["url"]) for row in n.params["flagged"]] == [
        ("Pia Ny", f"/plans/{unsupervised.pk}/"),
        ("Olle Ny", f"/plans/{unmentored.pk}/"),
    ]
    with translation.override("en"):
        assert n.title == "This week's introductions, week 10"
        assert n.lines == ["3 active introduction plans in your units.", "2 overdue items."]
        rows = n.definition.items(n.params)
        assert rows[0]["title"] == "Overdue: Träffa enhetens jurist (Nora Ny)"
        assert rows[0]["detail"] == f"Was due {days(-10).isoformat()}."
        assert [(row["title"], row["detail"]) for row in rows[2:]] == [
            ("To look into: Pia Ny", "No supervision in two weeks"),
            ("To look into: Olle Ny", "No mentor"),
        ]


def test_the_next_week_brings_a_new_digest():
    unit = UnitFactory()
    give_role(UserFactory(), Role.MANAGER, unit)
    running_plan(unit)
    assert found("weekly_manager") == 1
    assert found("weekly_manager", MONDAY + datetime.timedelta(weeks=1)) == 1


def test_a_manager_without_running_plans_gets_no_digest():
    unit = UnitFactory()
    give_role(UserFactory(), Role.MANAGER, unit)
    running_plan(unit, status=IntroductionPlan.Status.CLOSED)
    give_role(UserFactory(is_active=False), Role.MANAGER, UnitFactory())
    assert found("weekly_manager") == 0


def test_a_quiet_week_says_so():
    unit = UnitFactory()
    give_role(UserFactory(), Role.MANAGER, unit)
    running_plan(unit)
    found("weekly_manager")
    n = Notification.objects.get(kind="weekly_manager")
    with translation.override("en"):
        assert n.lines[-1] == "Nothing is overdue and no plan is flagged. Well done!"
    assert n.definition.items(n.params) == []


def test_a_long_list_is_cut_and_says_where_the_rest_is():
    unit = UnitFactory()
    give_role(UserFactory(), Role.MANAGER, unit)
    plan = running_plan(unit)
    for n in range(MAX_ROWS + 5):
        late_item(plan, days(-1 - n), f"Punkt {n}")
    found("weekly_manager")
    n = Notification.objects.get(kind="weekly_manager")
    assert n.params["overdue"] == MAX_ROWS + 5
    assert len(n.params["items"]) == MAX_ROWS
    with translation.override("en"):
        assert n.lines[-1] == f"The list shows the {MAX_ROWS} oldest; the rest are in the plans."


def test_the_manager_digest_costs_the_same_queries_for_more_managers():
    def build(n):
        for _ in range(n):
            unit = UnitFactory()
            give_role(UserFactory(), Role.MANAGER, unit)
            plan = running_plan(unit, mentor=None)
            late_item(plan, days(-2))

    build(2)
    with CaptureQueriesContext(connection) as small:
        found("weekly_manager")
    Notification.objects.all().delete()
    build(8)
    with CaptureQueriesContext(connection) as large:
        found("weekly_manager")
    assert len(large) == len(small)


# --- coordinators -----------------------------------------------------------------------


@pytest.fixture
def module():
    programme = Programme.objects.create(name="P", valid_from=days(-400), is_current=True)
    part = Part.objects.create(programme=programme, number=1, title="Del 1", deadline_months=12)
    return Module.objects.create(part=part, title="Samtal med barn", slug="barn", length_days=1)


def course(module, first, capacity=10, deadline=None, status=CourseSession.Status.PUBLISHED):
    session = CourseSession.objects.create(
        module=module,
        status=status,
        capacity=capacity,
        place="Stadshuset",
        booking_deadline=deadline,
        first_day_cache=first,
    )
    SessionDay.objects.create(
        session=session, date=first, start=datetime.time(9), end=datetime.time(16)
    )
    return session


def test_coordinators_get_fill_rates_waiting_lists_and_deadlines(module):
    coordinators = [give_role(UserFactory(), Role.COORDINATOR) for _ in range(2)]
    soon = course(module, days(9), capacity=2, deadline=days(5))
    for status in (Enrolment.Status.ADMITTED,) * 2 + (Enrolment.Status.WAITLISTED,):
        Enrolment.objects.create(session=soon, person=UserFactory(), status=status)
    later = course(module, days(30), deadline=days(20))  # deadline beyond two weeks
    course(module, days(60))  # beyond six weeks
    course(module, days(-1))  # already begun
    course(module, days(10), status=CourseSession.Status.CANCELLED)

    assert found("weekly_coordinator") == 2
    assert found("weekly_coordinator") == 0
    assert sorted(
        Notification.objects.filter(kind="weekly_coordinator").values_list(
            "recipient_id", flat=True
        )
    ) == sorted(c.pk for c in coordinators)
    n = Notification.objects.filter(kind="weekly_coordinator").first()
    assert (n.params["sessions"], n.params["waiting"], n.params["deadlines"]) == (2, 1, 1)
    assert [row["url"] for row in n.params["rows"]] == [
        f"/programme/sessions/{soon.pk}/",
        f"/programme/sessions/{later.pk}/",
    ]
    with translation.override("en"):
        assert n.title == "The course sessions, week 10"
        assert n.lines == [
            "2 course sessions in the next 6 weeks.",
            "1 person on waiting lists.",
            "1 booking deadline within two weeks.",
        ]
        first = n.definition.items(n.params)[0]
        assert first["title"] == f"{days(9).isoformat()}: Samtal med barn"
        assert first["detail"] == (
            f"2 of 2 places, 1 on the waiting list. Booking deadline {days(5).isoformat()}"
        )


def test_no_coordinator_no_digest(module):
    course(module, days(9))
    assert found("weekly_coordinator") == 0


def test_open_course_requests_are_in_the_managers_digest(module):
    unit, other = UnitFactory(), UnitFactory()
    manager = give_role(UserFactory(), Role.MANAGER, unit)  # no running plans: still told
    asking = UserFactory(unit=unit, first_name="Sara", last_name="Ny")
    Enrolment.objects.create(
        session=course(module, days(20)), person=asking, status=Enrolment.Status.REQUESTED
    )
    Enrolment.objects.create(  # a session that has begun: past deciding
        session=course(module, days(-1)), person=asking, status=Enrolment.Status.REQUESTED
    )
    Enrolment.objects.create(  # another unit's newcomer
        session=course(module, days(20)),
        person=UserFactory(unit=other),
        status=Enrolment.Status.REQUESTED,
    )

    assert found("weekly_manager") == 1
    n = Notification.objects.get(kind="weekly_manager", recipient=manager)
    assert n.params["requests_total"] == 1
    with translation.override("en"):
        assert "1 course place request is waiting for your answer." in n.lines
        (row,) = n.definition.items(n.params)
        assert row["title"] == "Asks for a course place: Sara Ny, Samtal med barn"
        assert row["url"] == "/start/"
