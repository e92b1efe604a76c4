"""Daily reminder scan benchmark: 5,000 newcomers with plans, items, bookings, supervision
and mentors, against the same with 1,000.

Run on demand:  .venv/bin/python tests/bench/notifications.py
Builds a throw-away SQLite database with bulk inserts, then runs
`lms.notifications.tasks.scan("daily", now)` once at a fixed `now` and prints what each
kind found, the queries and the seconds. It asserts nothing about time; it checks that the
query count, the INSERTs of the new notifications included (one per kind that found
something, however many rows), is the same for 1,000 and 5,000 newcomers (each size in
a fresh database).
"""

from __future__ import annotations

import datetime
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

UNITS = 50
ITEMS_PER_PLAN = 20


def setup_django(db_path: Path) -> None:
    for key in [k for k in os.environ if k.startswith("DJANGO_")] + ["DATABASE_URL", "REDIS_URL"]:
        os.environ.pop(key, None)
    os.environ.update(
        {"DJANGO_SETTINGS_MODULE": "lms.test_settings", "DATABASE_URL": f"sqlite:///{db_path}"}
    )
    import django

    django.setup()


def use_database(db_path: Path) -> None:
    from django.core.management import call_command
    from django.db import connections

    connections["default"].close()
    connections["default"].settings_dict["NAME"] = str(db_path)
    call_command("migrate", verbosity=0)


def populate(n: int, now) -> None:
    from django.utils import timezone

    from lms.accounts.models import Role, RoleAssignment, User
    from lms.mentoring.models import MentorPairing
    from lms.organisation.models import Administration, Area, Municipality, Unit
    from lms.plans.models import IntroductionPlan, ItemKind, Phase, PlanItem, Responsible
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

    today = timezone.localdate(now)

    def day(k):
        return today + datetime.timedelta(days=k)

    municipality = Municipality.objects.create(slug="bench", name="Bench")
    area = Area.objects.create(code="bench", name="Bench")
    administration = Administration.objects.create(municipality=municipality, name="Bench")
    units = Unit.objects.bulk_create(
        Unit(administration=administration, area=area, name=f"Enhet {i}") for i in range(UNITS)
    )

    def users(prefix, count):
        return User.objects.bulk_create(
            User(
                email=f"{prefix}{i}@bench.test",
                first_name=prefix.title(),
                last_name=str(i),
                password="!",
            )
            for i in range(count)
        )

    managers = users("chef", UNITS)
    RoleAssignment.objects.bulk_create(
        RoleAssignment(user=m, role=Role.MANAGER, unit=u)
        for m, u in zip(managers, units, strict=True)
    )
    newcomers = users("ny", n)
    mentors = users("mentor", n // 5)
    supervisors = users("handledare", n // 20)
    # Plans started from 10 to 400 days ago, so check-in points open and close.
    plans = IntroductionPlan.objects.bulk_create(
        IntroductionPlan(
            newcomer=p,
            unit=units[i % UNITS],
            start_date=day(-(10 + i % 390)),
            mentor=mentors[i % len(mentors)],
            supervisor=supervisors[i % len(supervisors)],
            status=IntroductionPlan.Status.ACTIVE if i % 10 else IntroductionPlan.Status.CLOSED,
        )
        for i, p in enumerate(newcomers)
    )
    roles = list(Responsible.values)
    statuses = [PlanItem.Status.OPEN, PlanItem.Status.DONE, PlanItem.Status.SIGNOFF_REQUESTED]
    PlanItem.objects.bulk_create(
        (
            PlanItem(
                plan=plan,
                phase=Phase.FIRST_YEAR,
                title=f"Punkt {k}",
                kind=ItemKind.TASK,
                responsible=roles[(i + k) % len(roles)],
                due_date=day(k - ITEMS_PER_PLAN // 2 - i % 7),
                status=statuses[(i + k) % len(statuses)],
            )
            for i, plan in enumerate(plans)
            for k in range(ITEMS_PER_PLAN)
        ),
        batch_size=5000,
    )
    programme = Programme.objects.create(name="Bench", valid_from=day(-400), is_current=True)
    part = Part.objects.create(programme=programme, number=1, title="Del", deadline_months=4)
    module = Module.objects.create(part=part, title="Modul", slug="modul", length_days=1)
    # One course per 25 newcomers tomorrow, one that ended two days ago.
    n_courses = max(1, n // 25)
    tomorrow = CourseSession.objects.bulk_create(
        CourseSession(module=module, status="published", capacity=25, place="Sal")
        for _ in range(n_courses)
    )
    ended = CourseSession.objects.bulk_create(
        CourseSession(module=module, status="published", capacity=25, place="Sal")
        for _ in range(n_courses)
    )
    SessionDay.objects.bulk_create(
        [
            SessionDay(session=s, date=day(1), start=datetime.time(9), end=datetime.time(16))
            for s in tomorrow
        ]
        + [
            SessionDay(session=s, date=day(-2), start=datetime.time(9), end=datetime.time(16))
            for s in ended
        ]
    )
    ended_days = {d.session_id: d for d in SessionDay.objects.filter(session__in=ended)}
    Enrolment.objects.bulk_create(
        Enrolment(session=tomorrow[i % n_courses], person=p, status="admitted")
        for i, p in enumerate(newcomers)
    )
    done = Enrolment.objects.bulk_create(
        Enrolment(session=ended[i % n_courses], person=p, status="admitted")
        for i, p in enumerate(newcomers)
    )
    Attendance.objects.bulk_create(
        Attendance(enrolment=e, day=ended_days[e.session_id], status="present") for e in done
    )
    # A supervision tomorrow for every fourth newcomer, a held mentor talk for every third.
    sessions = Session.objects.bulk_create(
        Session(
            kind=SessionKind.ONE_TO_ONE if i % 4 == 0 else SessionKind.MENTOR_TALK,
            status="planned" if i % 4 == 0 else "held",
            starts_at=now + datetime.timedelta(days=1)
            if i % 4 == 0
            else now - datetime.timedelta(days=10),
            duration_minutes=60,
            author=supervisors[i % len(supervisors)] if i % 4 == 0 else mentors[i % len(mentors)],
        )
        for i in range(n)
        if i % 4 == 0 or i % 3 == 0
    )
    chosen = [p for i, p in enumerate(newcomers) if i % 4 == 0 or i % 3 == 0]
    SessionParticipant.objects.bulk_create(
        SessionParticipant(session=s, newcomer=p) for s, p in zip(sessions, chosen, strict=True)
    )
    MentorPairing.objects.bulk_create(
        MentorPairing(
            newcomer=p,
            mentor=mentors[i % len(mentors)],
            plan=plans[i],
            starts_on=day(-(10 + i % 390)),
            planned_ends_on=day(300),
        )
        for i, p in enumerate(newcomers)
    )


def run(n: int, now, db_path: Path) -> dict:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from lms.notifications import tasks

    use_database(db_path)
    started = time.perf_counter()
    populate(n, now)
    built = time.perf_counter() - started
    reset_queries()
    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        found = tasks.scan("daily", now)
        seconds = time.perf_counter() - started
    sqls = [q["sql"].lstrip().upper() for q in ctx.captured_queries]
    inserts = sum(1 for sql in sqls if sql.startswith("INSERT"))
    return {
        "found": found,
        "queries": len(sqls),
        "inserts": inserts,
        "seconds": seconds,
        "built": built,
    }


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(Path(tmp) / "setup.sqlite3")
        from django.utils import timezone

        now = timezone.make_aware(datetime.datetime(2026, 3, 2, 8, 0))
        small = run(1000, now, Path(tmp) / "n1000.sqlite3")
        large = run(5000, now, Path(tmp) / "n5000.sqlite3")
    print("Daily reminder scan: SQLite, in-process, now = 2026-03-02 08:00 Europe/Stockholm")
    print(f"{'newcomers':>9} {'built s':>8} {'scan s':>8} {'queries':>8} {'inserts':>8}  found")
    for n, row in ((1000, small), (5000, large)):
        found = ", ".join(f"{k}={v}" for k, v in sorted(row["found"].items()))
        print(
            f"{n:>9} {row['built']:>8.1f} {row['seconds']:>8.2f} {row['queries']:>8} "
            f"{row['inserts']:>8}  {found}"
        )
    if small["queries"] != large["queries"]:
        print(f"QUERY COUNT GROWS: {small['queries']} -> {large['queries']}")
        return 1
    print(f"Query count is equal for 1,000 and 5,000 newcomers: {large['queries']}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
