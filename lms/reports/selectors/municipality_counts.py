"""Everything the figures count in the municipalities of a scope, with the hidden cells
decided once for all of them (lms.core.privacy.protect)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Subquery, Sum
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils import timezone

from lms.accounts.models import CompetenceLevel, User, competence_level_for
from lms.checkins.models import QUESTIONS, CheckIn
from lms.core.privacy import TOTAL, protect
from lms.programme.models import Evaluation, SessionDay

from .cohort import Person, _people
from .columns import COLUMNS, NEWCOMERS, Column
from .periods import fills_on, half_of
from .scopes import Tree


def _categories(person: Person) -> tuple[str, str, str]:
    """The columns a person counts in when the small-cell rule is decided."""
    return TOTAL, f"g:{person.gender or '~'}", f"k:{person.kind or '~'}"


@dataclass
class Base:
    """Everything the figures count in the municipalities of a scope, per unit, with
    the hidden cells decided once for all of them (lms.core.privacy.protect). Every view,
    whatever its scope, period or breakdown, hides what these decisions hide."""

    tree: Tree
    people: list[Person]
    #: (municipality, half-year, column) not yet counted -> the first day it will be
    waiting: dict[tuple[int, str, str], datetime.date]
    evaluations: list[tuple]  # (unit, module, title, session, first day, answers, sum)
    checkins: list[tuple]  # (unit, newcomer, half-year, answers and sums per question)
    staff: dict[tuple[int, str], int]  # (unit, level) -> people
    hidden: dict[tuple[str, str], frozenset] = field(default_factory=dict)

    def counted(self, person: Person, column: Column, today: datetime.date) -> bool:
        if (person.municipality_id, person.half, column.code) in self.waiting:
            return False
        return column.counts(person, today)

    def is_hidden(self, unit_ids, category: str, measure: str, when: list[str]) -> bool:
        nodes = self.tree.nodes_for(frozenset(unit_ids))
        for half in when:
            cells = self.hidden.get((half, measure))
            if cells and any((node, category) in cells for node in nodes):
                return True
        return False


Waiting = dict[tuple[int, str, str], datetime.date]


def _waiting(people: list[Person], today: datetime.date) -> Waiting:
    last: Waiting = {}
    for person in people:
        for column in COLUMNS:
            mark = column.mark(person) if column.mark else None
            if mark is not None and mark > today:
                key = (person.municipality_id, person.half, column.code)
                last[key] = max(mark, last.get(key, mark))
    return {key: fills_on(mark) for key, mark in last.items()}


def _decide(base: Base, today: datetime.date) -> None:
    parents = base.tree.parents
    leaves: dict[tuple[str, str], dict[tuple[str, str], int]] = defaultdict(
        lambda: defaultdict(int)
    )
    for person in base.people:
        unit = f"u:{person.unit_id}"
        for category in _categories(person):
            leaves[(person.half, NEWCOMERS)][(unit, category)] += 1
            for column in COLUMNS:
                if base.counted(person, column, today):
                    leaves[(person.half, column.code)][(unit, category)] += 1
    for half in sorted({half for half, _m in leaves}):
        newcomers = leaves[(half, NEWCOMERS)]
        cats = sorted({category for _u, category in newcomers})
        groups = [(TOTAL, [c for c in cats if c.startswith(prefix)]) for prefix in ("g:", "k:")]
        first = protect(newcomers, parents, groups)
        base.hidden[(half, NEWCOMERS)] = first
        for column in COLUMNS:
            base.hidden[(half, column.code)] = protect(
                leaves.get((half, column.code), {}), parents, groups, hidden=first
            )
    answers: dict[str, dict[tuple[str, str], int]] = defaultdict(lambda: defaultdict(int))
    modules: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for unit, module, _title, session, first_day, n, _sum in base.evaluations:
        half = half_of(first_day)
        answers[half][(f"u:{unit}", f"m:{module}")] += n
        answers[half][(f"u:{unit}", f"s:{session}")] += n
        if f"s:{session}" not in modules[half][f"m:{module}"]:
            modules[half][f"m:{module}"].append(f"s:{session}")
    for half, cells in answers.items():
        base.hidden[(half, "evaluations")] = protect(cells, parents, list(modules[half].items()))
    answered: dict[str, dict[tuple[str, str], int]] = defaultdict(lambda: defaultdict(int))
    for unit, _newcomer, half, *_figures in base.checkins:
        answered[half][(f"u:{unit}", TOTAL)] += 1
    for half, cells in answered.items():
        base.hidden[(half, "checkins")] = protect(cells, parents)
    staff = defaultdict(int)
    for (unit, level), count in base.staff.items():
        staff[(f"u:{unit}", level)] += count
        staff[(f"u:{unit}", TOTAL)] += count
    levels = [*CompetenceLevel.values, ""]
    base.hidden[("day", "staff")] = protect(staff, parents, [(TOTAL, levels)])


def _evaluation_rows(unit_ids, start, end) -> list[tuple]:
    """Answers and their sum per unit and session, for sessions whose first day is in
    the period. The first day comes from a subquery: joining the days would count each
    answer once per day of the session."""
    first_day = (
        SessionDay.objects.filter(session=OuterRef("session")).order_by("date").values("date")[:1]
    )
    return list(
        Evaluation.objects.filter(enrolment__person__unit_id__in=unit_ids)
        .annotate(first=Subquery(first_day))
        .filter(first__range=(start, end))
        .values_list(
            "enrolment__person__unit_id",
            "session__module_id",
            "session__module__title",
            "session_id",
            "first",
        )
        .annotate(n=Count("pk"), total=Sum("rating"))
        .order_by()
    )


def _checkin_rows(unit_ids, start, end) -> list[tuple]:
    """Per unit, newcomer and half-year: how many answered each question, and the sum."""
    since = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
    until = timezone.make_aware(
        datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min)
    )
    aggregates = {}
    for q in QUESTIONS:
        aggregates[f"n_{q.key}"] = Count(q.rating_field)
        aggregates[f"s_{q.key}"] = Sum(q.rating_field)
    rows = (
        CheckIn.objects.filter(unit_id__in=unit_ids, answered_at__gte=since, answered_at__lt=until)
        .annotate(year=ExtractYear("answered_at"), month=ExtractMonth("answered_at"))
        .values_list("unit_id", "newcomer_id", "year", "month")
        .annotate(**aggregates)
        .order_by()
    )
    merged: dict[tuple, list[int]] = {}
    for unit, newcomer, year, month, *figures in rows:
        key = (unit, newcomer, f"{year}-{1 if month <= 6 else 2}")
        found = merged.setdefault(key, [0] * len(figures))
        for i, value in enumerate(figures):
            found[i] += value or 0
    return [(*key, *figures) for key, figures in merged.items()]


def _staff(unit_ids, on: datetime.date) -> dict[tuple[int, str], int]:
    """The staff of the units on a day by competence level (the Gothenburg model, from
    the year in the profession); "" for no year given."""
    counts: dict[tuple[int, str], int] = defaultdict(int)
    for unit, since in (
        User.objects.filter(unit_id__in=unit_ids, is_active=True)
        .exclude(start_date__gt=on)
        .exclude(end_date__lte=on)
        .values_list("unit_id", "in_profession_since")
        .iterator()
    ):
        years = (on - since).days / 365.25 if since else None
        level = competence_level_for(max(0.0, years) if years is not None else None)
        counts[(unit, level.value if level else "")] += 1
    return dict(counts)


def _base(tree: Tree, unit_ids, start, end, today, staff_day) -> Base:
    people = _people(unit_ids, start, end, today)
    base = Base(
        tree=tree,
        people=people,
        waiting=_waiting(people, today),
        evaluations=_evaluation_rows(unit_ids, start, end),
        checkins=_checkin_rows(unit_ids, start, end),
        staff=_staff(unit_ids, staff_day),
    )
    _decide(base, today)
    return base
