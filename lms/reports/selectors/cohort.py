"""One person's facts: everyone whose plan starts in the period, counted once each."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Min

from lms.mentoring.models import MentorPairing
from lms.plans.models import IntroductionPlan, ItemKind, PlanItem
from lms.programme.models import ModuleCompletion
from lms.supervision.dashboard.selectors import one_to_one_records

from .periods import YEAR, half_of


@dataclass
class Person:
    """What the figures need of one newcomer; names only reach a manager's own list."""

    plan_id: int
    name: str
    unit_id: int
    unit: str
    administration_id: int
    administration: str
    municipality_id: int
    gender: str
    kind: str
    start: datetime.date
    end_date: datetime.date | None
    mentor_by_day_one: bool = False
    part1_mark: datetime.date | None = None  # the last Part 1 deadline of the plan
    part1_due: bool = False  # every Part 1 deadline has passed
    part1_in_time: bool = False
    part1_done_on: datetime.date | None = None
    part2_modules: int = 0
    part2_done: int = 0
    part2_mark: datetime.date | None = None
    part2_due: bool = False
    part2_in_time: bool = False
    one_to_one_met: int = 0
    one_to_one_due: int = 0
    one_to_one_mark: datetime.date | None = None  # the last day of the regular 1:1s

    @property
    def half(self) -> str:
        return half_of(self.start)

    def employed_after(self, years: int, today: datetime.date) -> bool | None:
        """Still employed `years` years after the first day; None if that day is ahead."""
        mark = self.start + years * YEAR
        if mark > today:
            return None
        return self.end_date is None or self.end_date > mark

    @property
    def part2_percent(self) -> float | None:
        return 100 * self.part2_done / self.part2_modules if self.part2_modules else None


def _people(unit_ids, start, end, today) -> list[Person]:
    """Everyone who started in the period in these units, their facts as of `today`."""
    plans = list(
        IntroductionPlan.objects.filter(unit_id__in=unit_ids, start_date__range=(start, end))
        .select_related("newcomer", "unit__administration__municipality")
        .order_by("start_date", "newcomer__last_name", "pk")
    )
    if not plans:
        return []
    newcomer_ids = [p.newcomer_id for p in plans]
    first_pairing = dict(
        MentorPairing.objects.filter(newcomer_id__in=newcomer_ids, starts_on__lte=today)
        .values_list("newcomer_id")
        .annotate(first=Min("starts_on"))
        .values_list("newcomer_id", "first")
    )
    modules: dict[int, list[tuple[int, int, datetime.date]]] = defaultdict(list)
    for plan_id, module_id, part, due in PlanItem.objects.filter(
        plan__in=[p.pk for p in plans], kind=ItemKind.MODULE, removed_at__isnull=True
    ).values_list("plan_id", "module_id", "module__part__number", "due_date"):
        modules[plan_id].append((module_id, part, due))
    completed = {
        (person, module): day
        for person, module, day in ModuleCompletion.objects.filter(
            person_id__in=newcomer_ids, completed_on__lte=today
        ).values_list("person_id", "module_id", "completed_on")
    }
    records = one_to_one_records(plans, today)
    people = []
    for plan in plans:
        person = _person(plan, today)
        paired = first_pairing.get(plan.newcomer_id)
        person.mentor_by_day_one = paired is not None and paired <= plan.start_date
        for part in (1, 2):
            rows = [(m, due) for m, p, due in modules[plan.pk] if p == part and m]
            if rows:
                done = [completed.get((plan.newcomer_id, m)) for m, _due in rows]
                _add_part(person, part, rows, done, today)
        record = records[plan.pk]
        person.one_to_one_met, person.one_to_one_due = record.met, record.due
        person.one_to_one_mark = record.last_day
        people.append(person)
    return people


def _person(plan: IntroductionPlan, today: datetime.date) -> Person:
    newcomer = plan.newcomer
    return Person(
        plan_id=plan.pk,
        name=newcomer.get_full_name(),
        unit_id=plan.unit_id,
        unit=plan.unit.name,
        administration_id=plan.unit.administration_id,
        administration=plan.unit.administration.name,
        municipality_id=plan.unit.administration.municipality_id,
        gender=newcomer.gender,
        kind=newcomer.newcomer_kind,
        start=plan.start_date,
        # A leaving day after the count day is not known on it.
        end_date=newcomer.end_date if newcomer.end_date and newcomer.end_date <= today else None,
    )


def _add_part(
    person: Person,
    part: int,
    rows: list[tuple[int, datetime.date | None]],
    done: list[datetime.date | None],
    today: datetime.date,
) -> None:
    """A programme part's marks: its last due date (none if a course has none), whether
    that has passed, and whether every course was done by its own due date."""
    dues = [due for _m, due in rows]
    mark = max(dues) if all(dues) else None
    due_passed = mark is not None and mark <= today
    in_time = all(
        day is not None and (due is None or day <= due)
        for day, (_m, due) in zip(done, rows, strict=True)
    )
    if part == 1:
        person.part1_mark, person.part1_due = mark, due_passed
        person.part1_in_time = in_time
        if all(done):
            person.part1_done_on = max(done)
    else:
        person.part2_modules = len(rows)
        person.part2_done = sum(1 for day in done if day)
        person.part2_mark, person.part2_due = mark, due_passed
        person.part2_in_time = in_time
