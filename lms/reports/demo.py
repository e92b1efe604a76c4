"""History for the introduction figures: earlier starters, so that whole half-years
have enough people to show (the small-cell rule hides a half-year with fewer than five), and
programme history for them and the demo's own newcomers: among those whose Part 1
deadline has passed, most finished Part 1 in time, some late and a few not yet, and
those further on have done some of Part 2. So HR's figures show figures other than
0 %. The logins the browser journeys use and the managers' own units are left as they
are.

Completions are historical, so they are written directly and announced with
`module_completed`, as attendance would, so the plans tick their module items.
"""

from __future__ import annotations

import datetime
from collections import Counter

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from lms.accounts.models import Gender, NewcomerKind, Role, RoleAssignment, User
from lms.checkins.models import QUESTIONS, CheckIn
from lms.mentoring.models import EndReason, MentorPairing
from lms.plans.models import IntroductionPlan, ItemKind, PlanItem, PlanTemplate
from lms.plans.services.creation import plan_create
from lms.programme.models import (
    Attendance,
    CourseSession,
    Enrolment,
    Evaluation,
    Module,
    ModuleCompletion,
    SessionDay,
)
from lms.programme.signals import module_completed
from lms.supervision.models import Session, SessionKind, SessionParticipant

ORDER = 80  # after the plans (40), the programme's own history (30) and certificates (75)

#: Of every five whose deadline has passed: three in time, one late, one not done.
PATTERN = ("in_time", "in_time", "late", "in_time", "open")


#: Earlier starters per ended half-year, over the last EARLIER_HALVES of them.
EARLIER_PER_HALF = 10
EARLIER_HALVES = 4
FIRST_NAMES = ("Elin", "Omar", "Frida", "Jonas", "Leila", "Mats", "Nora", "Pavel", "Siri", "Tove")
LAST_NAMES = (
    "Strand",
    "Haddad",
    "Ek",
    "Lindqvist",
    "Rahimi",
    "Berglund",
    "Sjö",
    "Novak",
    "Ås",
    "Falk",
)
#: Their answers: ratings for the four check-in questions, and for the course.
ANSWERS = ((4, 4, 5, 3), (5, 4, 4, 4), (3, 3, 4, 3), (4, 5, 5, 4), (2, 3, 3, 3))
COURSE_RATINGS = (5, 4, 4, 3, 5, 4, 2, 4, 5, 4)


def _ended_halves(today: datetime.date, count: int) -> list[datetime.date]:
    """The first days of the last `count` half-years that are over, oldest first."""
    first = datetime.date(today.year, 1 if today.month <= 6 else 7, 1)
    found = []
    for _n in range(count):
        first = datetime.date(first.year - 1, 7, 1) if first.month == 1 else first.replace(month=1)
        found.append(first)
    return found[::-1]


def _earlier_starters(demo) -> int:
    """Newcomers who started in the last half-years, in the district units no demo login
    manages, all in one administration: a mentor named a week ahead for most, one in ten
    who left within the first year, a held 1:1 in most weeks of the first year, a
    check-in answer a month in, and a Part 1 course near the
    end of their half-year, evaluated. Their plans are done and their mentorships over,
    and they hold no newcomer role, so the other demo steps, which work on running plans
    and newcomers, leave them alone and a second load changes nothing. Their programme
    history follows in `load`."""
    admin = User.objects.get(email="admin@demo.test")
    units = _units_for_earlier_starters(demo)
    mentors = list(
        User.objects.filter(role_assignments__role=Role.MENTOR)
        .exclude(email__endswith="@demo.test")
        .order_by("pk")[:8]
    )
    template = PlanTemplate.objects.filter(family="alla", is_current=True).first()
    if not units or template is None:
        return 0
    password = make_password(None)  # no login: they are figures, not demo accounts
    made = 0
    coordinator = User.objects.get(email="samordnare@demo.test")
    supervisor = (
        User.objects.filter(role_assignments__role=Role.SUPERVISOR, unit__in=units)
        .exclude(email__endswith="@demo.test")
        .order_by("pk")
        .first()
    ) or admin
    module = (
        Module.objects.filter(part__programme__is_current=True, part__number=1)
        .order_by("position", "pk")
        .first()
    )
    for h, first_day in enumerate(_ended_halves(demo.today, EARLIER_HALVES)):
        starters = []
        for n in range(EARLIER_PER_HALF):
            person = _earlier_starter(first_day, h, n, units=units, password=password)
            starters.append(person)
            if person.introduction_plans.exists():
                continue
            _finished_introduction(
                demo,
                person,
                n=n,
                h=h,
                template=template,
                admin=admin,
                supervisor=supervisor,
                mentors=mentors,
            )
            made += 1
        if module is not None:
            _course(module, first_day + datetime.timedelta(days=160), starters, coordinator)
    return made


def _units_for_earlier_starters(demo) -> list:
    """District units no demo login manages, all in one administration: its half-years
    are large enough to show, beside the others the small-cell rule hides."""
    managed = set(
        RoleAssignment.objects.filter(
            role=Role.MANAGER, user__email__endswith="@demo.test"
        ).values_list("unit_id", flat=True)
    )
    free = [
        unit
        for name, unit in sorted(demo.objects["units"].items())
        if name != "Kompetens och utbildning" and unit.pk not in managed
    ]
    counts = Counter(unit.administration_id for unit in free)
    return [u for u in free if counts and u.administration_id == counts.most_common(1)[0][0]]


def _earlier_starter(first_day: datetime.date, h: int, n: int, *, units: list, password: str):
    # All ten start inside their half-year (the last on its day 158), so each half's
    # figures count its own ten and every start is over when it has ended.
    start = first_day + datetime.timedelta(days=14 + 16 * n)
    person, _created = User.objects.update_or_create(
        email=f"tidigare.{first_day:%Y%m}.{n}@alvstad.demo.test",
        defaults={
            "first_name": FIRST_NAMES[n],
            "last_name": LAST_NAMES[(n + h) % len(LAST_NAMES)],
            "gender": Gender.WOMAN if (n + h) % 3 else Gender.MAN,
            "title": "Socialsekreterare",
            "unit": units[(h * EARLIER_PER_HALF + n) % len(units)],
            "start_date": start,
            "end_date": start + datetime.timedelta(days=300) if n == 5 else None,
            "newcomer_kind": NewcomerKind.GRADUATE if n % 3 else NewcomerKind.NEW_TO_AUTHORITY,
            "in_profession_since": start,
            "password": password,
            "is_active": True,
        },
    )
    return person


def _finished_introduction(
    demo, person, *, n: int, h: int, template, admin, supervisor, mentors: list
) -> None:
    """A done plan with a check-in answer, 1:1s and (for nine in ten) a mentorship."""
    start = person.start_date
    plan = plan_create(newcomer=person, template=template, by=admin, start_date=start)
    IntroductionPlan.objects.filter(pk=plan.pk).update(status=IntroductionPlan.Status.DONE)
    _answer(plan, ANSWERS[(n + h) % len(ANSWERS)])
    until = min(demo.today, person.end_date or demo.today)
    _one_to_ones(plan, supervisor, until=until, skip_every=3 + n % 5)
    if mentors and n != 7:  # one in ten got a mentor after the first day
        named = start - datetime.timedelta(days=7 if n != 6 else -14)
        ends = min(named + datetime.timedelta(days=365), demo.today - datetime.timedelta(days=1))
        MentorPairing.objects.create(
            newcomer=person,
            mentor=mentors[n % len(mentors)],
            plan=plan,
            starts_on=named,
            planned_ends_on=ends,
            ended_on=ends,
            end_reason=EndReason.PLANNED,
            created_by=admin,
        )


def _one_to_ones(
    plan: IntroductionPlan, author: User, *, until: datetime.date, skip_every: int
) -> None:
    """A held 1:1 in most weeks of the first year before `until`, one week in
    `skip_every` missed."""
    monday = plan.start_date + datetime.timedelta(days=(7 - plan.start_date.weekday()) % 7)
    weeks = [
        week
        for week in range(52)
        if week % skip_every != skip_every - 1
        and monday + datetime.timedelta(weeks=week, days=1) < until
    ]
    sessions = [
        Session(
            kind=SessionKind.ONE_TO_ONE,
            status=Session.Status.HELD,
            starts_at=timezone.make_aware(
                datetime.datetime.combine(
                    monday + datetime.timedelta(weeks=week, days=1), datetime.time(13)
                )
            ),
            duration_minutes=45,
            author=author,
        )
        for week in weeks
    ]
    made = Session.objects.bulk_create(sessions)
    SessionParticipant.objects.bulk_create(
        SessionParticipant(session=session, newcomer_id=plan.newcomer_id, plan=plan)
        for session in made
    )


def _answer(plan: IntroductionPlan, ratings: tuple[int, ...]) -> None:
    """The check-in a month after the first day."""
    day = plan.start_date + datetime.timedelta(days=30)
    CheckIn.objects.update_or_create(
        plan=plan,
        point=1,
        defaults={
            "newcomer_id": plan.newcomer_id,
            "unit_id": plan.unit_id,
            **{q.rating_field: r for q, r in zip(QUESTIONS, ratings, strict=True)},
            "answered_at": timezone.make_aware(
                datetime.datetime.combine(day, datetime.time(10, 30))
            ),
        },
    )


def _course(module, first_day: datetime.date, people: list[User], coordinator: User) -> None:
    """A one-day session of a Part 1 module that the half-year's starters attended and
    rated."""
    while first_day.weekday() >= 5:
        first_day += datetime.timedelta(days=1)
    session = CourseSession.objects.filter(module=module, first_day_cache=first_day).first()
    if session is None:
        session = CourseSession.objects.create(
            module=module,
            first_day_cache=first_day,
            capacity=24,
            place="Stadshuset, sal 3",
            status=CourseSession.Status.PUBLISHED,
            created_by=coordinator,
            booking_deadline=first_day - datetime.timedelta(days=14),
        )
    day, _created = SessionDay.objects.get_or_create(
        session=session,
        date=first_day,
        defaults={"start": datetime.time(9, 0), "end": datetime.time(16, 0)},
    )
    for n, person in enumerate(people):
        enrolment, _created = Enrolment.objects.get_or_create(
            session=session,
            person=person,
            defaults={"status": Enrolment.Status.ADMITTED, "nominated_by": coordinator},
        )
        Attendance.objects.get_or_create(
            enrolment=enrolment,
            day=day,
            defaults={"status": Attendance.Status.PRESENT, "marked_by": coordinator},
        )
        Evaluation.objects.get_or_create(
            enrolment=enrolment,
            defaults={"session": session, "rating": COURSE_RATINGS[n % len(COURSE_RATINGS)]},
        )


def load(demo) -> None:
    earlier = _earlier_starters(demo)
    coordinator = User.objects.get(email="samordnare@demo.test")
    plans = (
        IntroductionPlan.objects.exclude(newcomer__email__endswith="@demo.test")
        .filter(start_date__lte=demo.today - datetime.timedelta(days=130))
        .select_related("newcomer")
        .order_by("start_date", "pk")
    )
    items = PlanItem.objects.filter(
        plan__in=plans, kind=ItemKind.MODULE, removed_at__isnull=True, module__isnull=False
    ).values_list("plan_id", "module_id", "module__part__number", "due_date")
    by_plan: dict[int, list[tuple[int, int, datetime.date]]] = {}
    for plan_id, module_id, part, due in items:
        by_plan.setdefault(plan_id, []).append((module_id, part, due))
    done = set(ModuleCompletion.objects.values_list("person_id", "module_id"))
    yesterday = demo.today - datetime.timedelta(days=1)
    written = 0
    for index, plan in enumerate(plans):
        how = PATTERN[index % len(PATTERN)]
        if how == "open":
            continue
        modules = sorted(by_plan.get(plan.pk, []), key=lambda m: (m[1], m[2] or demo.today))
        part2 = [m for m in modules if m[1] == 2]
        # Part 2 goes on for a while after Part 1: one module a month after day 150.
        wanted = [m for m in modules if m[1] == 1] + part2[: max(0, (index % 4))]
        for n, (module_id, part, due) in enumerate(wanted):
            if (plan.newcomer_id, module_id) in done:
                continue
            if part == 1:
                day = (due or plan.start_date) + datetime.timedelta(
                    days=21 if how == "late" else -14 + n
                )
            else:
                day = plan.start_date + datetime.timedelta(days=150 + 30 * n)
            if day > yesterday:
                continue
            completion = ModuleCompletion.objects.create(
                person_id=plan.newcomer_id,
                module_id=module_id,
                completed_on=day,
                recorded_by=coordinator,
            )
            module_completed.send(sender=ModuleCompletion, completion=completion)
            done.add((plan.newcomer_id, module_id))
            written += 1
    demo.note(
        f"Follow-up: {earlier} earlier starters, {written} module completions in the "
        "newcomers' history."
    )
