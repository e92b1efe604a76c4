"""Feed benchmark: 1,000 sessions with 30,000 bookings, full build versus 304.

Run on demand:  .venv/bin/python tests/bench/feeds.py
Builds a throw-away SQLite database, fills it with bulk inserts, then measures with
Django's test client in-process: the programme feed built from scratch (cache cleared),
served again from the cache, and answered 304 for a matching If-None-Match, both with the
fingerprint cached and with it computed afresh (`304-fp`: what a poll costs after any
programme or plan change elsewhere, or once the 30-second fingerprint cache runs out);
the same for
the personal feed of someone booked on every session (the worst case) who also has a plan
of their own and is mentor in five other plans (plan items: a tenth of the sessions,
mentor items: a twentieth per plan, so they grow with the size too). It prints times
and query counts and asserts nothing about time. It checks one promise that is not about
time: the query count of each path is the same with 100 and with 1,000 sessions.
"""

from __future__ import annotations

import datetime
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def setup_django(db_path: Path) -> None:
    for key in [k for k in os.environ if k.startswith("DJANGO_")] + ["DATABASE_URL", "REDIS_URL"]:
        os.environ.pop(key, None)
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "lms.test_settings",
            "DATABASE_URL": f"sqlite:///{db_path}",
        }
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def populate_plans(person, mentees, n_items: int) -> None:
    """A plan for the person with n_items open items (and as many done, which the feed
    leaves out), and a plan for each mentee with the person as mentor."""
    from lms.organisation.models import Administration, Area, Municipality, Unit
    from lms.plans.models import IntroductionPlan, ItemKind, Phase, PlanItem, Responsible

    municipality = Municipality.objects.get_or_create(slug="bench", name="Bench")[0]
    area = Area.objects.get_or_create(code="bench", defaults={"name": "Bench"})[0]
    administration = Administration.objects.get_or_create(municipality=municipality, name="Bench")
    unit = Unit.objects.get_or_create(administration=administration[0], area=area, name="Bench")[0]
    start = datetime.date(2026, 1, 5)

    def items(plan, count, responsible):
        for n in range(count):
            for status in (PlanItem.Status.OPEN, PlanItem.Status.DONE):
                yield PlanItem(
                    plan=plan,
                    phase=Phase.FIRST_YEAR,
                    title=f"Punkt {n}",
                    description="Beskrivning",
                    kind=ItemKind.TASK,
                    responsible=responsible,
                    due_date=start + datetime.timedelta(days=n),
                    status=status,
                )

    own = IntroductionPlan.objects.create(newcomer=person, unit=unit, start_date=start)
    PlanItem.objects.bulk_create(items(own, n_items, Responsible.NEWCOMER))
    for mentee in mentees:
        plan = IntroductionPlan.objects.create(
            newcomer=mentee, unit=unit, start_date=start, mentor=person
        )
        PlanItem.objects.bulk_create(items(plan, n_items // 2, Responsible.MENTOR))
        PlanItem.objects.bulk_create(items(plan, n_items // 2, Responsible.NEWCOMER))


def populate(n_sessions: int, n_bookings: int):
    from lms.accounts.models import Role, RoleAssignment, User
    from lms.feeds.services import feed_token_issue
    from lms.programme.models import (
        CourseSession,
        Enrolment,
        Module,
        Part,
        Programme,
        SessionDay,
    )

    programme = Programme.objects.create(
        name="Bench", version=1, valid_from=datetime.date(2026, 1, 1), is_current=True
    )
    part = Part.objects.create(programme=programme, number=1, title="Del 1", deadline_months=4)
    modules = [
        Module.objects.create(part=part, title=f"Modul {i}", slug=f"modul-{i}", length_days=1)
        for i in range(15)
    ]
    start = datetime.date(2026, 1, 5)
    sessions = CourseSession.objects.bulk_create(
        CourseSession(
            module=modules[i % 15],
            status=CourseSession.Status.PUBLISHED,
            capacity=40,
            place="Sal Älven",
            first_day_cache=start + datetime.timedelta(days=i),
        )
        for i in range(n_sessions)
    )
    SessionDay.objects.bulk_create(
        SessionDay(
            session=s,
            date=s.first_day_cache + datetime.timedelta(days=d),
            start=datetime.time(9),
            end=datetime.time(16),
        )
        for s in sessions
        for d in range(2)
    )
    people = User.objects.bulk_create(
        User(email=f"p{i}@bench.test", first_name="P", last_name=str(i), password="!")
        for i in range(n_bookings // 30 + 1)
    )
    RoleAssignment.objects.bulk_create(RoleAssignment(user=p, role=Role.NEWCOMER) for p in people)
    Enrolment.objects.bulk_create(
        Enrolment(
            session=sessions[i % n_sessions],
            person=people[i // n_sessions % len(people)],
            status=Enrolment.Status.ADMITTED,
        )
        for i in range(n_bookings)
    )
    # The first n_sessions bookings all go to people[0]: booked on every session.
    populate_plans(people[0], people[1:6], n_sessions // 10)
    return feed_token_issue(user=people[0])


def measure(client, url: str, repeat: int, **headers):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lms.core import versions
    from lms.plans.caching import PLANS
    from lms.programme.caching import PROGRAMME

    times, queries, status = [], 0, None
    for _ in range(repeat):
        if headers.get("cold"):
            cache.clear()
        if headers.get("fresh_fingerprint"):
            versions.bump(PROGRAMME)
            versions.bump(PLANS)
        extra = {k: v for k, v in headers.items() if k not in ("cold", "fresh_fingerprint")}
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            response = client.get(url, **extra)
            times.append(time.perf_counter() - began)
        queries, status = len(captured), response.status_code
    return statistics.median(times) * 1000, queries, status, response


def run(n_sessions: int, n_bookings: int, repeat: int) -> dict:
    from django.test import Client

    from lms.accounts.models import User
    from lms.plans.models import IntroductionPlan
    from lms.programme.models import CourseSession, Enrolment, Programme

    IntroductionPlan.objects.all().delete()
    Enrolment.objects.all().delete()
    CourseSession.objects.all().delete()
    Programme.objects.all().delete()

    User.objects.filter(email__endswith="@bench.test").delete()
    token = populate(n_sessions, n_bookings)
    client = Client()
    rows = {}
    for name, url in (
        ("programme", "/calendar/programme.ics"),
        ("personal", f"/calendar/u/{token}.ics"),
    ):
        full_ms, full_q, status, response = measure(client, url, max(3, repeat // 10), cold=True)
        assert status == 200, (url, status)
        etag = response["ETag"]
        cached_ms, cached_q, _s, _r = measure(client, url, repeat)
        nm_ms, nm_q, nm_status, _r = measure(client, url, repeat, HTTP_IF_NONE_MATCH=etag)
        assert nm_status == 304
        fp_ms, fp_q, fp_status, _r = measure(
            client, url, repeat, HTTP_IF_NONE_MATCH=etag, fresh_fingerprint=True
        )
        assert fp_status == 304
        rows[name] = {
            "full": (full_ms, full_q),
            "cached": (cached_ms, cached_q),
            "304": (nm_ms, nm_q),
            "304-fp": (fp_ms, fp_q),
            "bytes": len(response.content),
            "events": response.content.count(b"BEGIN:VEVENT"),
        }
    return rows


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(Path(tmp) / "feeds.sqlite3")
        small = run(100, 3000, repeat=20)
        large = run(1000, 30000, repeat=50)
    print("Feed benchmark: SQLite, in-process test client, median of repeated requests")
    print(
        f"{'feed':<10} {'sessions':>8} {'path':<7} {'ms':>9} {'queries':>8} {'events':>7} {'KB':>7}"
    )
    for rows, n in ((small, 100), (large, 1000)):
        for feed, row in rows.items():
            for path in ("full", "cached", "304", "304-fp"):
                ms, q = row[path]
                print(
                    f"{feed:<10} {n:>8} {path:<7} {ms:>9.2f} {q:>8} {row['events']:>7} "
                    f"{row['bytes'] / 1024:>7.0f}"
                )
    for feed in large:
        ratio = large[feed]["full"][0] / max(large[feed]["304"][0], 1e-6)
        print(f"{feed}: full build / 304 = {ratio:.0f}x cheaper")
        for path in ("full", "cached", "304", "304-fp"):
            if small[feed][path][1] != large[feed][path][1]:
                before, after = small[feed][path][1], large[feed][path][1]
                print(f"  QUERY COUNT GROWS on {path}: {before} -> {after}")
                return 1
    print("Query counts are the same for 100 and 1,000 sessions.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
