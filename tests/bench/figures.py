"""Follow-up benchmark: a city of 2,000 staff and 600 newcomers with two years of history.

Run on demand:  .venv/bin/python tests/bench/figures.py [--duration 10] [--connections 8]

Builds two throw-away SQLite databases with bulk inserts, the full city and one a
quarter of its size (500 staff, 150 newcomers), then:

1. In-process (test settings): calls `lms.reports.selectors.figures.figures_for` for the whole
   municipality and for one administration, with and without breakdowns, on both sizes,
   and prints seconds and queries. Exits 1 if a call's query count differs between the
   two sizes. Nothing about time is asserted.
2. Over HTTP (production settings, as `load.py`): serves the full database with gunicorn,
   logs in as HR through the allauth form and measures requests/s with wrk (or the
   Python client) for `/healthz`, `/start/`, the follow-up page and its CSV for the whole
   municipality over the last two years, and prints each page's ratio to `/healthz`.

See tests/bench/README.md for what it builds and one run's figures.
"""

from __future__ import annotations

import argparse
import bisect
import contextlib
import datetime
import json
import logging
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import load  # noqa: E402  (tests/bench/load.py: gunicorn, login and wrk helpers)

NEWCOMERS = 600
STAFF = 2000
ADMINISTRATIONS = 3
UNITS_PER_ADMINISTRATION = 10
HISTORY_DAYS = 730
HR_EMAIL = "hr@bench.test"
HR_PASSWORD = "bench-hr-password"
PART1_MODULES = 4
PART2_MODULES = 6
SEED = 9


# -- Django in this process ------------------------------------------------------------


def setup_django(db_path: Path) -> None:
    for key in [k for k in os.environ if k.startswith("DJANGO_")] + ["DATABASE_URL", "REDIS_URL"]:
        os.environ.pop(key, None)
    os.environ.update(
        {"DJANGO_SETTINGS_MODULE": "lms.test_settings", "DATABASE_URL": f"sqlite:///{db_path}"}
    )
    import django

    django.setup()


def use_database(db_path: Path) -> None:
    from django.core.cache import cache
    from django.db import connections

    connections["default"].close()
    connections["default"].settings_dict["NAME"] = str(db_path)
    cache.clear()


def migrated_copy(template: Path, target: Path) -> None:
    """A migrated empty database: migrate once, copy the file for each size."""
    from django.core.management import call_command
    from django.db import connections

    if not template.exists():
        use_database(template)
        call_command("migrate", verbosity=0)
        connections["default"].close()
    shutil.copy(template, target)


# -- the city ------------------------------------------------------------------------------


def populate(scale: float, today: datetime.date) -> dict:
    """One municipality, 3 administrations, 30 units, STAFF*scale people of whom
    NEWCOMERS*scale newcomers with first days over the last two years, and their history."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import PBKDF2PasswordHasher
    from django.utils import timezone

    from lms.accounts.models import Gender, NewcomerKind, Role, RoleAssignment, RolePolicy, User
    from lms.checkins.models import QUESTIONS, CheckIn
    from lms.checkins.points import points_months
    from lms.mentoring.models import MentorPairing
    from lms.organisation.models import Administration, Area, Municipality, Unit
    from lms.plans.models import IntroductionPlan, ItemKind, Phase, PlanItem, Responsible
    from lms.plans.services.dates import add_months
    from lms.programme.models import (
        CourseSession,
        Enrolment,
        Evaluation,
        Module,
        ModuleCompletion,
        Part,
        Programme,
        SessionDay,
    )
    from lms.supervision.models import Absence, Session, SessionKind, SessionParticipant

    rng = random.Random(SEED)
    n_new = round(NEWCOMERS * scale)
    n_staff = round(STAFF * scale)
    big = 5000

    def day(k: int) -> datetime.date:
        return today + datetime.timedelta(days=k)

    def at(d: datetime.date, hour: int) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(d, datetime.time(hour)))

    municipality = Municipality.objects.create(slug="bench", name="Bench kommun")
    administrations = Administration.objects.bulk_create(
        Administration(municipality=municipality, name=f"Förvaltning {c}")
        for c in "ABC"[:ADMINISTRATIONS]
    )
    areas = list(Area.objects.all()) or [Area.objects.create(code="bench", name="Bench")]
    units = Unit.objects.bulk_create(
        Unit(administration=a, area=areas[i % len(areas)], name=f"Enhet {a.name[-1]}{i + 1}")
        for a in administrations
        for i in range(UNITS_PER_ADMINISTRATION)
    )

    # Staff: managers (one per unit), supervisors (two per unit), mentors, the others.
    genders = [Gender.WOMAN, Gender.WOMAN, Gender.MAN, Gender.OTHER, ""]
    kinds = [*NewcomerKind.values, ""]
    staff = []
    for i in range(n_staff):
        newcomer = i < n_new
        if newcomer:
            start = day(-HISTORY_DAYS + (i * HISTORY_DAYS) // n_new)
            years = rng.choice([0, 0, 0, 1, 2, 3, 5, 8, 12])
        else:
            start = day(-HISTORY_DAYS - rng.randint(30, 20 * 365))
            years = rng.uniform(0, 30)
        since = start - datetime.timedelta(days=round(years * 365.25)) if years else start
        # About one newcomer in eight has left (the retention figures).
        left = newcomer and rng.random() < 0.12 and start < day(-60)
        end = start + datetime.timedelta(days=rng.randint(60, 700)) if left else None
        if end is not None and end >= today:
            end = None
        staff.append(
            User(
                email=f"p{i}@bench.test",
                first_name=f"Person{i}",
                last_name=f"Efternamn{i % 97}",
                password="!",
                unit=units[i % len(units)],
                start_date=start,
                end_date=end,
                in_profession_since=since if rng.random() < 0.95 else None,
                gender=genders[i % len(genders)],
                newcomer_kind=kinds[i % len(kinds)] if newcomer else "",
                search_key=f"person{i} efternamn{i % 97} p{i}@bench.test",
            )
        )
    staff = User.objects.bulk_create(staff, batch_size=big)
    newcomers, others = staff[:n_new], staff[n_new:]
    managers = others[: len(units)]
    supervisors = others[len(units) : 3 * len(units)]
    mentors = others[3 * len(units) : 3 * len(units) + max(10, n_new // 3)]
    by_unit_supervisors = {u.pk: [s for s in supervisors if s.unit_id == u.pk] for u in units}

    hasher = PBKDF2PasswordHasher()  # the production hasher: gunicorn checks the login
    hr = User.objects.create(
        email=HR_EMAIL,
        first_name="Hanna",
        last_name="HR",
        password=hasher.encode(HR_PASSWORD, hasher.salt()),
        start_date=day(-3000),
    )
    EmailAddress.objects.create(user=hr, email=HR_EMAIL, primary=True, verified=True)
    RolePolicy.objects.update_or_create(role=Role.HR, defaults={"require_mfa": False})
    RoleAssignment.objects.bulk_create(
        [RoleAssignment(user=hr, role=Role.HR)]
        + [RoleAssignment(user=m, role=Role.MANAGER, unit=m.unit) for m in managers]
        + [RoleAssignment(user=s, role=Role.SUPERVISOR, unit=s.unit) for s in supervisors]
        + [RoleAssignment(user=m, role=Role.MENTOR) for m in mentors]
        + [RoleAssignment(user=p, role=Role.NEWCOMER) for p in newcomers],
        batch_size=big,
    )

    # The programme: Part 1 (4 months) and Part 2 (24 months), course sessions every
    # three weeks per module over the two years and a bit before.
    programme = Programme.objects.create(
        name="Introduktionsprogrammet", valid_from=day(-HISTORY_DAYS - 400), is_current=True
    )
    part1 = Part.objects.create(programme=programme, number=1, title="Del 1", deadline_months=4)
    part2 = Part.objects.create(programme=programme, number=2, title="Del 2", deadline_months=24)
    modules = [
        Module.objects.create(
            part=part1 if k < PART1_MODULES else part2,
            title=f"Modul {k + 1}",
            slug=f"modul-{k + 1}",
            length_days=1,
            position=k,
        )
        for k in range(PART1_MODULES + PART2_MODULES)
    ]
    course_dates = {
        m.pk: [day(-HISTORY_DAYS - 60 + 3 * k + 21 * j) for j in range(HISTORY_DAYS // 21 + 8)]
        for k, m in enumerate(modules)
    }
    course_sessions = CourseSession.objects.bulk_create(
        (
            CourseSession(
                module=m,
                status=CourseSession.Status.PUBLISHED,
                capacity=40,
                place="Sal",
                first_day_cache=d,
            )
            for m in modules
            for d in course_dates[m.pk]
        ),
        batch_size=big,
    )
    SessionDay.objects.bulk_create(
        (
            SessionDay(
                session=s, date=s.first_day_cache, start=datetime.time(9), end=datetime.time(16)
            )
            for s in course_sessions
        ),
        batch_size=big,
    )
    session_at = {(s.module_id, s.first_day_cache): s for s in course_sessions}

    plans = IntroductionPlan.objects.bulk_create(
        (
            IntroductionPlan(
                newcomer=p,
                unit=p.unit,
                start_date=p.start_date,
                mentor=mentors[i % len(mentors)],
                supervisor=by_unit_supervisors[p.unit_id][i % 2],
                status=IntroductionPlan.Status.CLOSED
                if p.end_date
                else IntroductionPlan.Status.ACTIVE,
            )
            for i, p in enumerate(newcomers)
        ),
        batch_size=big,
    )

    # Module items with due dates from the part deadlines; completions on a course day.
    items, completions, enrolments = [], [], []
    for plan, person in zip(plans, newcomers, strict=True):
        diligence = rng.random()
        for k, module in enumerate(modules):
            part = part1 if k < PART1_MODULES else part2
            due = add_months(plan.start_date, part.deadline_months)
            items.append(
                PlanItem(
                    plan=plan,
                    phase=Phase.FIRST_FOUR_MONTHS if part is part1 else Phase.SECOND_YEAR,
                    title=module.title,
                    kind=ItemKind.MODULE,
                    module=module,
                    responsible=Responsible.NEWCOMER,
                    due_date=due,
                    status=PlanItem.Status.OPEN,
                    position=k,
                )
            )
            if diligence < 0.1:
                continue  # about one in ten takes no course at all
            span = (due - plan.start_date).days
            aim = plan.start_date + datetime.timedelta(
                days=round(span * rng.uniform(0.1, 0.9 + 0.4 * (diligence < 0.3)))
            )
            if part is part2:
                aim += datetime.timedelta(days=rng.randint(-60, 60))
            dates = course_dates[module.pk]
            taken = dates[min(bisect.bisect_left(dates, aim), len(dates) - 1)]
            last = person.end_date or today
            if taken >= last or taken < plan.start_date:
                continue
            session = session_at[module.pk, taken]
            completions.append(
                ModuleCompletion(person=person, module=module, session=session, completed_on=taken)
            )
            enrolments.append(
                Enrolment(session=session, person=person, status=Enrolment.Status.ADMITTED)
            )
    PlanItem.objects.bulk_create(items, batch_size=big)
    ModuleCompletion.objects.bulk_create(completions, batch_size=big)
    enrolments = Enrolment.objects.bulk_create(enrolments, batch_size=big)
    Evaluation.objects.bulk_create(
        (
            Evaluation(session_id=e.session_id, enrolment=e, rating=rng.choice([3, 4, 4, 5, 5]))
            for e in enrolments
            if rng.random() < 0.7
        ),
        batch_size=big,
    )

    # Mentors: most by day one, some later, some never.
    pairings = []
    for i, (plan, person) in enumerate(zip(plans, newcomers, strict=True)):
        r = rng.random()
        if r < 0.08:
            continue
        starts = plan.start_date + datetime.timedelta(
            days=-rng.randint(1, 20) if r < 0.75 else rng.randint(3, 60)
        )
        pairings.append(
            MentorPairing(
                newcomer=person,
                mentor=mentors[i % len(mentors)],
                plan=plan,
                starts_on=starts,
                planned_ends_on=starts + datetime.timedelta(days=365),
            )
        )
    MentorPairing.objects.bulk_create(pairings, batch_size=big)

    # Weekly 1:1s held in most weeks of the first year, mentor talks monthly; absences.
    sessions, who = [], []
    absences = []
    for plan, person in zip(plans, newcomers, strict=True):
        last = min(person.end_date or today, add_months(plan.start_date, 12), today)
        supervisor = plan.supervisor
        regularity = rng.uniform(0.7, 0.98)
        monday = plan.start_date - datetime.timedelta(days=plan.start_date.weekday())
        week = 0
        while True:
            d = monday + datetime.timedelta(days=7 * week + 1 + week % 3)
            week += 1
            if d >= last:
                break
            if d < plan.start_date:
                continue
            if rng.random() < regularity:
                sessions.append(
                    Session(
                        kind=SessionKind.ONE_TO_ONE,
                        status=Session.Status.HELD,
                        starts_at=at(d, 10),
                        duration_minutes=60,
                        author=supervisor,
                    )
                )
                who.append((person, plan))
            if week % 4 == 2 and rng.random() < 0.8:
                sessions.append(
                    Session(
                        kind=SessionKind.MENTOR_TALK,
                        status=Session.Status.HELD,
                        starts_at=at(d, 14),
                        duration_minutes=45,
                        author=plan.mentor,
                    )
                )
                who.append((person, plan))
        if rng.random() < 0.4:
            first = plan.start_date + datetime.timedelta(days=rng.randint(40, 300))
            absences.append(
                Absence(
                    newcomer=person,
                    kind=Absence.Kind.HOLIDAY,
                    starts_on=first,
                    ends_on=first + datetime.timedelta(days=rng.choice([4, 11, 18, 25])),
                )
            )
        if rng.random() < 0.25:
            first = plan.start_date + datetime.timedelta(days=rng.randint(20, 340))
            absences.append(
                Absence(
                    newcomer=person,
                    kind=Absence.Kind.ABSENCE,
                    starts_on=first,
                    ends_on=first + datetime.timedelta(days=rng.randint(0, 6)),
                )
            )
    sessions = Session.objects.bulk_create(sessions, batch_size=big)
    SessionParticipant.objects.bulk_create(
        (
            SessionParticipant(session=s, newcomer=p, plan=plan)
            for s, (p, plan) in zip(sessions, who, strict=True)
        ),
        batch_size=big,
    )
    Absence.objects.bulk_create(absences, batch_size=big)

    # Check-ins answered at the points passed, by most.
    checkins = []
    for plan, person in zip(plans, newcomers, strict=True):
        for months in points_months():
            when = add_months(plan.start_date, months)
            if when >= (person.end_date or today) or rng.random() < 0.25:
                continue
            answered = min(when + datetime.timedelta(days=rng.randint(0, 20)), day(-1))
            checkins.append(
                CheckIn(
                    plan=plan,
                    newcomer=person,
                    point=months,
                    unit=plan.unit,
                    answered_at=at(answered, 13),
                    **{q.rating_field: rng.choice([2, 3, 4, 4, 5]) for q in QUESTIONS},
                )
            )
    CheckIn.objects.bulk_create(checkins, batch_size=big)

    return {
        "municipality": municipality.pk,
        "administration": administrations[0].pk,
        "counts": {
            "staff": len(staff),
            "newcomers": len(newcomers),
            "plans": len(plans),
            "module items": len(items),
            "completions": len(completions),
            "evaluations": Evaluation.objects.count(),
            "pairings": len(pairings),
            "sessions": len(sessions),
            "1:1s": sum(1 for s in sessions if s.kind == SessionKind.ONE_TO_ONE),
            "absences": len(absences),
            "check-ins": len(checkins),
            "course sessions": len(course_sessions),
        },
    }


# -- in-process: the selector ----------------------------------------------------------------


def calls(city: dict) -> list[tuple[str, str, str]]:
    """(label, scope key, breakdown)."""
    m, a = city["municipality"], city["administration"]
    return [
        ("municipality", f"m:{m}", ""),
        ("municipality by administration", f"m:{m}", "administration"),
        ("municipality by gender", f"m:{m}", "gender"),
        ("administration by unit", f"a:{a}", "unit"),
    ]


def period(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The last four half-years that are over: the longest period the data fills, in
    the whole half-years the follow-up offers."""
    from lms.reports.forms import half_year_bounds

    starts, ends = half_year_bounds(today)
    return datetime.date.fromisoformat(starts[3][0]), datetime.date.fromisoformat(ends[0][0])


def measure_selector(city: dict, today: datetime.date, repeat: int) -> dict[str, dict]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lms.accounts.models import User
    from lms.core import versions
    from lms.plans.caching import PLANS
    from lms.reports.selectors.figures import build
    from lms.reports.selectors.scopes import scopes_for

    hr = User.objects.get(email=HR_EMAIL)
    scopes = {s.key: s for s in scopes_for(hr)}
    start, end = period(today)
    found = {}
    for label, key, breakdown in calls(city):
        # build, not figures_for, and the municipality's Base dropped first (a bump of the
        # plans version): the figures themselves, not a read of a cache.
        def run(key=key, breakdown=breakdown):
            versions.bump(PLANS)
            return build(scopes[key], start, end, breakdown, today)

        run()  # warm: the viewer's roles, translations
        with CaptureQueriesContext(connection) as ctx:
            report = run()
        seconds = []
        for _n in range(repeat):
            began = time.perf_counter()
            run()
            seconds.append(time.perf_counter() - began)
        found[label] = {
            "queries": len(ctx.captured_queries),
            "seconds": statistics.median(seconds),
            "newcomers": report.total.newcomers,
        }
    return found


def measure_views(city: dict, today: datetime.date) -> dict[str, dict]:
    """Queries and in-process time of the page and the CSV (Django's test client)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from lms.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email=HR_EMAIL))
    found = {}
    for label, url in view_urls(city, today).items():
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        # Count now: the next request's request_started signal empties the query log.
        queries = len(ctx.captured_queries)
        if label == "follow-up page" and b'id="h-report"' not in response.content:
            raise SystemExit(f"{url} shows no figures: is the period one the form offers?")
        began = time.perf_counter()
        client.get(url)
        found[label] = {
            "status": response.status_code,
            "queries": queries,
            "seconds": time.perf_counter() - began,
            "bytes": len(response.content),
        }
    return found


def view_urls(city: dict, today: datetime.date) -> dict[str, str]:
    start, end = period(today)
    query = urllib.parse.urlencode(
        {
            "scope": f"m:{city['municipality']}",
            "start": start.isoformat(),
            "end": end.isoformat(),
            "breakdown": "administration",
        }
    )
    return {
        "/start/": "/start/",
        "follow-up page": f"/follow-up/?{query}",
        "follow-up CSV": f"/follow-up/export.csv?{query}",
    }


def profile_selector(city: dict, today: datetime.date, top: int, state: str) -> None:
    import cProfile
    import pstats

    from lms.accounts.models import User
    from lms.reports.selectors.figures import build
    from lms.reports.selectors.scopes import scopes_for

    hr = User.objects.get(email=HR_EMAIL)
    scope = {s.key: s for s in scopes_for(hr)}[f"m:{city['municipality']}"]
    start, end = period(today)
    build(scope, start, end, "administration", today)
    profiler = cProfile.Profile()
    profiler.enable()
    build(scope, start, end, "administration", today)
    profiler.disable()
    print(
        f"\ncProfile of selectors.figures.figures_for, {state}, whole municipality by "
        f"administration "
        f"(top {top}):"
    )
    pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(top)
    pstats.Stats(profiler, stream=sys.stdout).sort_stats("tottime").print_stats(top)
    hit_cost(hr, scope, start, today)


def hit_cost(hr, scope, start: datetime.date, today: datetime.date) -> None:
    """What a request would cost with the Figures cached: unpickling it (a cache read),
    rendering the page's template and the CSV from it. Not what the app does today."""
    import pickle

    from django.template.loader import render_to_string
    from django.test import RequestFactory

    from lms.reports import export
    from lms.reports.forms import FiguresForm, presets
    from lms.reports.selectors.figures import figures_for

    start, end = period(today)
    report = figures_for(viewer=hr, scope=scope, start=start, end=end, breakdown="administration")
    data = pickle.dumps(report, pickle.HIGHEST_PROTOCOL)
    params = {"scope": scope.key, "start": start, "end": end, "breakdown": "administration"}
    request = RequestFactory().get("/follow-up/", params)
    request.user = hr
    form = FiguresForm(request.GET, viewer=hr)
    form.is_valid()
    context = {
        "form": form,
        "report": report,
        "presets": presets(today),
        "scope_key": scope.key,
        "breakdown": "administration",
    }

    def ms(work) -> float:
        work()
        runs = []
        for _n in range(5):
            began = time.perf_counter()
            work()
            runs.append((time.perf_counter() - began) * 1000)
        return statistics.median(runs)

    unpickle = ms(lambda: pickle.loads(data))  # noqa: S301  (our own bytes)
    page = ms(lambda: render_to_string("reports/figures.html", context, request))
    print(
        f"With the Figures cached (whole municipality by administration): pickled "
        f"{len(data) / 1024:.0f} KB, unpickle {unpickle:.1f} ms, page template {page:.1f} ms, "
        f"CSV {ms(lambda: export.to_csv(report)):.1f} ms"
    )


# -- over HTTP ---------------------------------------------------------------------------------


def login(port: int) -> str:
    """HR logs in through the allauth form; returns the Cookie header."""
    status, headers, body = load.request(port, "GET", "/accounts/login/")
    token = body.split(b'name="csrfmiddlewaretoken" value="', 1)[-1].split(b'"', 1)[0]
    csrf = load.cookies_from(headers).get("csrftoken")
    if status != 200 or not csrf or not token:
        raise load.BenchError(f"login page: {status}, CSRF cookie {bool(csrf)}")
    form = urllib.parse.urlencode(
        {"login": HR_EMAIL, "password": HR_PASSWORD, "csrfmiddlewaretoken": token.decode()}
    )
    status, headers, _body = load.request(
        port,
        "POST",
        "/accounts/login/",
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf}",
            "Referer": f"http://{load.HOST}:{port}/accounts/login/",
        },
    )
    session = load.cookies_from(headers).get("sessionid")
    if status != 302 or not session:
        raise load.BenchError(f"login as {HR_EMAIL} failed: {status}")
    return f"sessionid={session}"


def measure_http(tmp: Path, city: dict, today: datetime.date, args, labels=None) -> list[dict]:
    """Serves tmp/bench.sqlite3 with gunicorn (production settings) and measures /healthz
    and the pages of `view_urls` (those in `labels`, default all) as HR."""
    env = load.bench_env(tmp)  # production settings on tmp/bench.sqlite3
    proc = None
    try:
        port = load.free_port()
        proc = load.start_gunicorn(env, port, args.workers, tmp / "gunicorn.log")
        load.wait_for_health(port, proc)
        cookie = login(port)
        pages = [("/healthz", "/healthz", {})]
        pages += [
            (label, url, {"Cookie": cookie})
            for label, url in view_urls(city, today).items()
            if labels is None or label in labels
        ]
        for label, url, headers in pages:
            for _n in range(3):  # check, and warm both workers
                status, _h, _body = load.request(port, "GET", url, headers=headers, timeout=30)
                if status != 200:
                    raise load.BenchError(f"GET {label} answered {status}")
        script = tmp / "report.lua"
        script.write_text(load.WRK_REPORT)
        generator = run_wrk if args.client == "wrk" else load.run_python
        results = []
        for label, url, headers in pages:
            measured = generator(
                port,
                url,
                headers,
                duration=args.duration,
                connections=args.connections,
                script=script,
            )
            rps = measured["requests"] / measured["seconds"] if measured["seconds"] else 0.0
            results.append({"label": label, "rps": rps, **measured})
            load.log(f"{label}: {rps:.1f} req/s, p99 {measured['p99_ms']:.0f} ms")
        if proc.poll() is not None:
            raise load.BenchError(f"gunicorn died during the run ({proc.returncode})")
        return results
    finally:
        load.stop_gunicorn(proc)


def run_wrk(port, path, headers, *, duration, connections, script: Path) -> dict:
    """load.run_wrk with a 30-second timeout: a follow-up request on a fresh database
    queues behind others for longer than load.py's 5 s, and wrk would drop it."""
    command = ["wrk", "--threads", "1", "--connections", str(connections)]
    command += ["--duration", f"{duration}s", "--timeout", "30s", "--script", str(script)]
    for name, value in headers.items():
        command += ["--header", f"{name}: {value}"]
    command.append(f"http://{load.HOST}:{port}{path}")
    completed = subprocess.run(
        command, capture_output=True, text=True, timeout=duration + 60, check=False
    )
    line = next((ln for ln in completed.stdout.splitlines() if ln.startswith("BENCH_JSON ")), None)
    if completed.returncode != 0 or line is None:
        raise load.BenchError(f"wrk failed ({completed.returncode}): {completed.stderr[-1000:]}")
    data = json.loads(line.removeprefix("BENCH_JSON "))
    return {
        "requests": data["requests"],
        "seconds": data["duration_us"] / 1e6,
        "p50_ms": data["p50_us"] / 1000,
        "p99_ms": data["p99_us"] / 1000,
        "errors": data["non_2xx_3xx"] + data["socket_errors"],
    }


def analyze(db_path: Path) -> None:
    """SQLite's ANALYZE: table statistics for the query planner (sqlite_stat1)."""
    import sqlite3

    with contextlib.closing(sqlite3.connect(db_path)) as db:
        db.execute("ANALYZE")
        db.commit()


def print_http(title: str, rows: list[dict], args) -> None:
    base = rows[0]["rps"]
    print(
        f"\nOver HTTP, full size, {title}: {args.client}, {args.connections} connections x "
        f"{args.duration} s, gunicorn {args.workers} sync workers, DEBUG off:"
    )
    header = (
        f"{'page':<16} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'err':>5} {'ratio':>6}  target"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        ratio = row["rps"] / base if base else float("nan")
        if row["label"] == "/healthz":
            verdict = "(baseline)"
        else:
            verdict = "meets" if ratio >= load.TARGET_RATIO else "MISSES"
            verdict += f" (>= {load.TARGET_RATIO})"
        print(
            f"{row['label']:<16} {row['rps']:>8.1f} {row['p50_ms']:>8.1f} "
            f"{row['p99_ms']:>8.1f} {row['errors']:>5} {ratio:>6.3f}  {verdict}"
        )


# -- main ----------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per page (10)")
    parser.add_argument("--connections", type=int, default=8, help="concurrent connections (8)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (2)")
    parser.add_argument("--client", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument("--repeat", type=int, default=3, help="timed selector calls (3)")
    parser.add_argument("--no-http", action="store_true", help="only the in-process part")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="print cProfile top N")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args(argv)
    args.duration = max(1, min(args.duration, 30))
    if args.client == "auto":
        args.client = "wrk" if shutil.which("wrk") else "python"

    def on_term(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_term)
    tmp = Path(tempfile.mkdtemp(prefix="introduktion-followup-"))
    static_dir = ROOT / "static"
    static_existed = static_dir.exists()
    started = time.monotonic()
    try:
        setup_django(tmp / "template.sqlite3")
        from django.db import connection
        from django.utils import timezone

        # The page logs who looked at which figures; not wanted in the printout.
        logging.getLogger("lms.reports.views").setLevel(logging.WARNING)
        today = timezone.localdate()
        sizes = {}
        for name, scale, path in (
            ("quarter", 0.25, tmp / "quarter.sqlite3"),
            ("full", 1.0, tmp / "bench.sqlite3"),  # the name load.bench_env serves
        ):
            migrated_copy(tmp / "template.sqlite3", path)
            use_database(path)
            began = time.perf_counter()
            city = populate(scale, today)
            built = time.perf_counter() - began
            counts = ", ".join(f"{k} {v:,}" for k, v in city["counts"].items())
            load.log(f"{name}: built in {built:.1f} s: {counts}")
            sizes[name] = {"city": city, "selector": measure_selector(city, today, args.repeat)}
        # The full database is the current one from here on.
        city = sizes["full"]["city"]
        views = {"fresh": measure_views(city, today)}
        if args.profile:
            profile_selector(city, today, args.profile, "fresh database")
        connection.close()

        # A fresh SQLite file has no planner statistics; measure again after ANALYZE.
        http = {}
        if not args.no_http:
            load.manage(load.bench_env(tmp), "collectstatic", "--noinput", timeout=180)
            load.log("HTTP, fresh database (no ANALYZE)")
            http["fresh"] = measure_http(tmp, city, today, args)
        analyze(tmp / "bench.sqlite3")
        load.log("ANALYZE done")
        sizes["full, ANALYZE"] = {"selector": measure_selector(city, today, args.repeat)}
        views["ANALYZE"] = measure_views(city, today)
        if args.profile:
            profile_selector(city, today, args.profile, "after ANALYZE")
        connection.close()
        if not args.no_http:
            load.log("HTTP, after ANALYZE")
            http["ANALYZE"] = measure_http(
                tmp, city, today, args, labels={"follow-up page", "follow-up CSV"}
            )

        print()
        print(
            f"Follow-up benchmark, {time.strftime('%Y-%m-%d %H:%M')}, today {today}, period "
            f"{today - datetime.timedelta(days=HISTORY_DAYS)} – {today} (first days), SQLite, "
            f"{os.cpu_count()} CPUs"
        )
        print(f"\nselectors.figures.figures_for in-process (median of {args.repeat} calls):")
        header = f"{'call':<32} {'size':<14} {'newcomers':>9} {'queries':>8} {'seconds':>8}"
        print(header)
        print("-" * len(header))
        grows = []
        for label, _key, _breakdown in calls(city):
            for name, size in sizes.items():
                row = size["selector"][label]
                print(
                    f"{label:<32} {name:<14} {row['newcomers']:>9} {row['queries']:>8} "
                    f"{row['seconds']:>8.3f}"
                )
            counts = {size["selector"][label]["queries"] for size in sizes.values()}
            if len(counts) > 1:
                grows.append(label)

        print("\nViews in-process, full size, HR (Django test client, one warm request):")
        for state, rows in views.items():
            for label, row in rows.items():
                print(
                    f"  {state:<8} {label:<16} {row['status']} {row['queries']:>3} queries "
                    f"{row['seconds'] * 1000:>7.0f} ms {row['bytes'] / 1024:>7.1f} KB"
                )
        for state, rows in http.items():
            print_http("fresh database" if state == "fresh" else "after ANALYZE", rows, args)
        if grows:
            print(f"\nQUERY COUNT GROWS with the size for: {', '.join(grows)}")
            return 1
        print("\nEvery selector call makes as many queries for the quarter as for the full city.")
        return 0
    except load.BenchError as error:
        load.log(f"FAILED: {error}")
        log = tmp / "gunicorn.log"
        if log.exists():
            load.log(f"gunicorn log:\n{log.read_text(errors='replace')[-3000:]}")
        return 1
    except KeyboardInterrupt:
        load.log("interrupted")
        return 130
    finally:
        if not static_existed:
            shutil.rmtree(static_dir, ignore_errors=True)
        if args.keep:
            load.log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
        load.log(f"total {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    sys.exit(main())
