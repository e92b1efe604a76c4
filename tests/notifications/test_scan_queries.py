"""The daily scan costs the same number of queries for 2 newcomers as for 10."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lms.accounts.models import Role
from lms.checkins.points import schedule
from lms.mentoring.models import MentorPairing
from lms.notifications import tasks
from lms.notifications.models import Notification
from lms.plans.models import IntroductionPlan, Phase, PlanItem, Responsible
from lms.programme.models import (
    Attendance,
    CourseSession,
    Enrolment,
    Module,
    Part,
    Programme,
    SessionDay,
)
from lms.supervision.models import Session, SessionKind, SessionParticipant
from tests.factories import UnitFactory, UserFactory, give_role

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2026, 3, 2, 8, 0))
TODAY = datetime.date(2026, 3, 2)


def days(n):
    return TODAY + datetime.timedelta(days=n)


def build(n: int) -> None:
    """n newcomers, each due for every daily kind: items due soon and overdue (one for a
    manager of their own unit), a course day tomorrow, a course that ended, a supervision
    tomorrow, a quiet mentor and an open check-in."""
    programme = Programme.objects.create(name=f"P{n}", valid_from=days(-400))
    part = Part.objects.create(programme=programme, number=1, title="Del", deadline_months=12)
    module = Module.objects.create(part=part, title="Modul", slug=f"modul-{n}", length_days=1)
    tomorrow = CourseSession.objects.create(module=module, status="published", capacity=n)
    SessionDay.objects.create(
        session=tomorrow, date=days(1), start=datetime.time(9), end=datetime.time(16)
    )
    ended = CourseSession.objects.create(module=module, status="published", capacity=n)
    ended_day = SessionDay.objects.create(
        session=ended, date=days(-2), start=datetime.time(9), end=datetime.time(16)
    )
    assert any(p.is_open(TODAY) for p in schedule(days(-40)))
    for _ in range(n):
        unit = UnitFactory()
        give_role(UserFactory(), Role.MANAGER, unit)
        newcomer = UserFactory(unit=unit)
        mentor = UserFactory()
        plan = IntroductionPlan.objects.create(
            newcomer=newcomer, unit=unit, start_date=days(-40), mentor=mentor
        )
        for due, who in [(days(1), Responsible.NEWCOMER), (days(-2), Responsible.MANAGER)]:
            PlanItem.objects.create(
                plan=plan,
                phase=Phase.FIRST_MONTH,
                title="Punkt",
                kind="task",
                responsible=who,
                due_date=due,
                status=PlanItem.Status.OPEN,
            )
        Enrolment.objects.create(session=tomorrow, person=newcomer, status="admitted")
        done = Enrolment.objects.create(session=ended, person=newcomer, status="admitted")
        Attendance.objects.create(enrolment=done, day=ended_day, status="present")
        s = Session.objects.create(
            kind=SessionKind.ONE_TO_ONE,
            status=Session.Status.PLANNED,
            starts_at=NOW + datetime.timedelta(days=1),
            duration_minutes=60,
            author=UserFactory(),
        )
        SessionParticipant.objects.create(session=s, newcomer=newcomer, plan=plan)
        MentorPairing.objects.create(
            newcomer=newcomer,
            mentor=mentor,
            plan=plan,
            starts_on=days(-40),
            planned_ends_on=days(300),
        )


def daily_scan_queries() -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as ctx:
        found = tasks.scan("daily", NOW)
    return len(ctx.captured_queries), found


@pytest.mark.parametrize("n", [2, 10])
def test_every_daily_kind_finds_one_per_newcomer(n):
    build(n)
    _queries, found = daily_scan_queries()
    for code in ("course_reminder", "evaluation_request", "mentor_nudge", "checkin_due"):
        assert found[code] == n, code
    assert found["item_due_soon"] == n
    assert found["item_overdue"] == n
    assert found["supervision_reminder"] == 2 * n


def test_query_count_does_not_grow_with_newcomers():
    build(2)
    daily_scan_queries()  # what is read once and cached (the closed days) is read now
    Notification.objects.all().delete()
    small, _found = daily_scan_queries()
    Notification.objects.all().delete()
    build(10)
    large, found = daily_scan_queries()
    assert found["item_due_soon"] == 12
    assert small == large, (small, large)
