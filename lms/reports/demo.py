"""History for the follow-up: earlier starters, so that whole half-years have enough
people to show (the small-cell rule hides a half-year with fewer than five), and
programme history for them and the demo's own newcomers: among those whose Part 1
deadline has passed, most finished Part 1 in time, some late and a few not yet, and
those further on have done some of Part 2. So HR's follow-up shows figures other than
0 %. The logins the browser journeys use and the managers' own units are left as they
are.

Completions are historical, so they are written directly and announced with
`module_completed`, as attendance would, so the plans tick their module items.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.hashers import make_password

from lms.accounts.models import Gender, NewcomerKind, Role, RoleAssignment, User
from lms.mentoring.models import EndReason, MentorPairing
from lms.plans import services as plan_services
from lms.plans.models import IntroductionPlan, ItemKind, PlanItem, PlanTemplate
from lms.programme.models import ModuleCompletion
from lms.programme.signals import module_completed

ORDER = 80  # after the plans (40), the programme's own history (30) and certificates (75)

#: Of every five whose deadline has passed: three in time, one late, one not done.
PATTERN = ("in_time", "in_time", "late", "in_time", "open")


#: Earlier starters per ended half-year, over the last EARLIER_HALVES of them.
EARLIER_PER_HALF = 8
EARLIER_HALVES = 4
FIRST_NAMES = ("Elin", "Omar", "Frida", "Jonas", "Leila", "Mats", "Nora", "Pavel")
LAST_NAMES = ("Strand", "Haddad", "Ek", "Lindqvist", "Rahimi", "Berglund", "Sjö", "Novak")


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
    manages: a mentor named a week ahead for most, one in eight who left within the first
    year. Their plans are done and their mentorships over, and they hold no newcomer
    role, so the other demo steps, which work on running plans and
    newcomers, leave them alone and a second load changes nothing. Their programme
    history follows in `load`."""
    admin = User.objects.get(email="admin@demo.test")
    managed = set(
        RoleAssignment.objects.filter(
            role=Role.MANAGER, user__email__endswith="@demo.test"
        ).values_list("unit_id", flat=True)
    )
    units = [
        unit
        for name, unit in sorted(demo.objects["units"].items())
        if name != "Kompetens och utbildning" and unit.pk not in managed
    ]
    mentors = list(
        User.objects.filter(role_assignments__role=Role.MENTOR)
        .exclude(email__endswith="@demo.test")
        .order_by("pk")[:8]
    )
    template = PlanTemplate.objects.filter(family="alla", is_current=True).first()
    if not units or template is None:
        return 0
    password = make_password(None)  # no login: they are figures, not demo accounts
    yesterday = demo.today - datetime.timedelta(days=1)
    made = 0
    for h, first_day in enumerate(_ended_halves(demo.today, EARLIER_HALVES)):
        for n in range(EARLIER_PER_HALF):
            start = first_day + datetime.timedelta(days=14 + 20 * n)
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
                    "newcomer_kind": NewcomerKind.GRADUATE
                    if n % 3
                    else NewcomerKind.NEW_TO_AUTHORITY,
                    "in_profession_since": start,
                    "password": password,
                    "is_active": True,
                },
            )
            if person.introduction_plans.exists():
                continue
            plan = plan_services.plan_create(
                newcomer=person, template=template, by=admin, start_date=start
            )
            IntroductionPlan.objects.filter(pk=plan.pk).update(status=IntroductionPlan.Status.DONE)
            if mentors and n != 7:  # one in eight got a mentor after the first day
                named = start - datetime.timedelta(days=7 if n != 6 else -14)
                ends = min(named + datetime.timedelta(days=365), yesterday)
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
            made += 1
    return made


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
