"""The follow-up figures: who started in a period, and how their introduction went.

The cohort is every introduction plan whose first day falls in the period, in the units
of the chosen scope, whatever the plan's status now (a plan closed because the person
left still counts, for the retention figures). Every figure is counted per person and
then summed per group, in a fixed number of queries whatever the size of the city
(`tests/reports/test_queries.py`, `tests/bench/followup.py`).

Privacy (lms.core.privacy): a group of fewer than MIN_CELL people shows no figure; in
each column of a table with a total, one more group is hidden when only one would be,
so no hidden figure can be worked out by subtraction. A share is about the people in
its base (e.g. those whose Part 1 deadline has passed), so the base is what is counted.
"""

from __future__ import annotations

import datetime
import hashlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import rules
from django.db.models import Count, Max, Min, OuterRef, Q, Subquery, Sum
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from lms.accounts.cache import cached as people_cached
from lms.accounts.cache import people_version
from lms.accounts.models import CompetenceLevel, Gender, NewcomerKind, User, competence_level_for
from lms.checkins.caching import CHECKINS
from lms.checkins.models import QUESTIONS, CheckIn
from lms.core import versions
from lms.core.privacy import MIN_CELL, TOTAL, protect, suppress
from lms.mentoring.caching import MENTORING
from lms.mentoring.models import MentorPairing
from lms.organisation.models import Unit
from lms.plans.caching import PLANS
from lms.plans.models import IntroductionPlan, ItemKind, PlanItem
from lms.programme.caching import PROGRAMME
from lms.programme.models import Evaluation, ModuleCompletion, SessionDay
from lms.supervision.caching import SUPERVISION
from lms.supervision.dashboard import one_to_one_records

from .rules import sees_every_unit

YEAR = datetime.timedelta(days=365)
CACHE_SECONDS = 600
#: Versions (lms.core.versions) of the data the figures count; plans is the cache's own.
SOURCES = (SUPERVISION, MENTORING, PROGRAMME, CHECKINS)

BREAKDOWNS = {
    "": gettext_lazy("Ingen uppdelning"),
    "administration": gettext_lazy("Förvaltning"),
    "unit": gettext_lazy("Enhet"),
    "gender": gettext_lazy("Kön"),
    "kind": gettext_lazy("Typ av nyanställd"),
}


# -- scopes --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    key: str
    label: str
    unit_ids: frozenset[int]
    level: int  # 0 municipality, 1 administration, 2 unit: indentation in the menu


def _every_scope() -> list[Scope]:
    """Every municipality, administration and unit, in menu order (one query)."""
    units = list(
        Unit.objects.order_by(
            "administration__municipality__name", "administration__name", "name"
        ).values_list(
            "pk",
            "name",
            "administration_id",
            "administration__name",
            "administration__municipality_id",
            "administration__municipality__name",
        )
    )
    by_municipality: dict[int, set[int]] = defaultdict(set)
    by_administration: dict[int, set[int]] = defaultdict(set)
    for pk, _name, administration, _a, municipality, _m in units:
        by_municipality[municipality].add(pk)
        by_administration[administration].add(pk)
    scopes: list[Scope] = []
    seen: set[str] = set()
    for pk, name, administration, administration_name, municipality, municipality_name in units:
        if f"m:{municipality}" not in seen:
            seen.add(f"m:{municipality}")
            ids = frozenset(by_municipality[municipality])
            scopes.append(Scope(f"m:{municipality}", municipality_name, ids, 0))
        if f"a:{administration}" not in seen:
            seen.add(f"a:{administration}")
            ids = frozenset(by_administration[administration])
            scopes.append(Scope(f"a:{administration}", administration_name, ids, 1))
        scopes.append(Scope(f"u:{pk}", name, frozenset({pk}), 2))
    return scopes


def scopes_for(viewer: User) -> list[Scope]:
    """What the viewer may follow up: every municipality, administration and unit for HR
    and administrators; their own units (together and one by one) for a manager. The
    organisation is read once per change of the people version (which covers it)."""
    every = people_cached("reports:scopes", _every_scope)
    if sees_every_unit(viewer):
        return every
    mine = [s for s in every if s.level == 2 and next(iter(s.unit_ids)) in viewer.managed_unit_ids]
    scopes = [Scope(s.key, s.label, s.unit_ids, 1) for s in mine]
    if len(mine) > 1:
        ids = frozenset().union(*(s.unit_ids for s in mine))
        scopes.insert(0, Scope("mine", _("Alla mina enheter"), ids, 0))
    return scopes


# -- the organisation as a tree, and half-years -------------------------------------------


@dataclass(frozen=True)
class Tree:
    """Municipalities, administrations and units as the small-cell rule sees them."""

    parents: dict[str, str | None]  # "u:7" -> "a:2" -> "m:1" -> None
    units: dict[str, frozenset[int]]  # every node's units
    municipality_of: dict[int, str]  # unit id -> "m:1"

    @classmethod
    def of(cls, scopes: list[Scope]) -> Tree:
        parents: dict[str, str | None] = {}
        above: list[str] = []
        for scope in scopes:  # menu order: each node follows its parent
            del above[scope.level :]
            parents[scope.key] = above[-1] if above else None
            above.append(scope.key)
        units = {s.key: s.unit_ids for s in scopes}
        municipality_of = {unit: s.key for s in scopes if s.level == 0 for unit in s.unit_ids}
        return cls(parents, units, municipality_of)

    def nodes_for(self, unit_ids: frozenset[int]) -> list[str]:
        """The nodes that are exactly these units, or else each unit on its own: a set of
        units that is no node (a manager's own units) is shown when each unit is."""
        exact = [key for key, units in self.units.items() if units == unit_ids]
        return exact or [f"u:{unit}" for unit in sorted(unit_ids)]


def _tree() -> Tree:
    return people_cached(
        "reports:tree", lambda: Tree.of(people_cached("reports:scopes", _every_scope))
    )


def half_year(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    if day.month <= 6:
        return datetime.date(day.year, 1, 1), datetime.date(day.year, 6, 30)
    return datetime.date(day.year, 7, 1), datetime.date(day.year, 12, 31)


def half_of(day: datetime.date) -> str:
    return f"{day.year}-{1 if day.month <= 6 else 2}"


def halves(start: datetime.date, end: datetime.date) -> list[str]:
    found = []
    day = half_year(start)[0]
    while day <= end:
        found.append(half_of(day))
        day = half_year(day)[1] + datetime.timedelta(days=1)
    return found


def as_of(today: datetime.date) -> datetime.date:
    """The day the figures are counted on: the last day of the latest half-year that is
    over. Counted on any day, a share would move the day one person passed a deadline,
    and two looks a day apart would tell how that person did."""
    return half_year(today)[0] - datetime.timedelta(days=1)


#: Said on the page and in the report: why a unit or a run of half-years may be hidden.
SAME_CELLS = gettext_lazy(
    "Samma grupper döljs i varje urval, uppdelning och period, så att ingen siffra kan "
    "räknas ut genom att jämföra två uttag: en enhet eller en period på flera halvår "
    "visas bara när varje halvår visas."
)


def counting_note(count_on: datetime.date) -> str:
    """What the page and the report say about the day the figures are counted on."""
    return _(
        "Läget den %(day)s, sista dagen i det senaste avslutade halvåret. Ett halvårs "
        "nyanställda räknas i en andel först när alla som började det halvåret har kommit "
        "så långt: i ”Del 1 klar i tid” när sista dagen för del 1 har passerat för alla, i "
        "”Kvar efter ett år” när alla har varit anställda i ett år."
    ) % {"day": count_on.isoformat()}


# -- one person's facts --------------------------------------------------------------------


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
        newcomer = plan.newcomer
        person = Person(
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
            end_date=newcomer.end_date
            if newcomer.end_date and newcomer.end_date <= today
            else None,
        )
        paired = first_pairing.get(plan.newcomer_id)
        person.mentor_by_day_one = paired is not None and paired <= plan.start_date
        for part in (1, 2):
            rows = [(m, due) for m, p, due in modules[plan.pk] if p == part and m]
            if not rows:
                continue
            done = [completed.get((plan.newcomer_id, m)) for m, _due in rows]
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
        record = records[plan.pk]
        person.one_to_one_met, person.one_to_one_due = record.met, record.due
        person.one_to_one_mark = record.last_day
        people.append(person)
    return people


# -- figures per group ---------------------------------------------------------------------


@dataclass
class Figure:
    """A share or mean over the people of a group; `base` is how many people it is about."""

    base: int
    value: float | None
    unit: str = "%"
    hidden: bool = False
    why: str = ""  # why nobody is counted yet, and when they will be (`_explain`)

    @property
    def note(self) -> str:
        """Said beside a dash: a hidden figure reads "färre än 5" and needs none."""
        return self.why if self.value is None and not self.hidden else ""

    @property
    def text(self) -> str:
        if self.hidden:
            return _("färre än %(n)s") % {"n": MIN_CELL}
        if self.value is None:
            return "–"
        if self.unit == "%":
            return f"{_half_up(self.value)} %"
        # Rounded first: number_format cuts the digits off rather than rounding.
        return number_format(round(self.value, 1), 1)

    @property
    def percent(self) -> int | None:
        """For a bar: the share, or the mean on the 1–5 scale as a share of 5."""
        if self.hidden or self.value is None:
            return None
        return _half_up(self.value if self.unit == "%" else 100 * self.value / 5)


def _half_up(value: float) -> int:
    """62.5 % reads 63 %, as people round, not 62 as Python's round() does."""
    return int(value + 0.5)


@dataclass(frozen=True)
class Column:
    """One figure of the newcomers' table.

    `counts` says whether a person is in its base; `mark` is the day from which a
    person can be counted at all. A half-year's starters enter a figure together, once
    every one of them in the municipality has passed the mark: one by one, each change
    would tell how that one person did."""

    code: str
    label: str
    counts: Callable[[Person, datetime.date], bool]
    compute: Callable[[list[Person], datetime.date], Figure]
    mark: Callable[[Person], datetime.date | None] | None = None
    #: Beside a dash: what the figure waits for, or why nobody is in it.
    fills_when: str = ""
    none_counted: str = gettext_lazy("ingen i gruppen att räkna")


def _share(people: list[Person], answer: Callable[[Person], bool]) -> Figure:
    return Figure(len(people), 100 * sum(map(answer, people)) / len(people) if people else None)


def _weeks(people: list[Person], _today=None) -> Figure:
    """Weeks met out of weeks due, over everyone with a decided week."""
    met = sum(p.one_to_one_met for p in people)
    due = sum(p.one_to_one_due for p in people)
    return Figure(len(people), 100 * met / due if due else None)


COLUMNS: tuple[Column, ...] = (
    Column(
        "mentor_by_day_one",
        gettext_lazy("Mentor utsedd senast första dagen"),
        lambda p, today: True,
        lambda people, today: _share(people, lambda p: p.mentor_by_day_one),
    ),
    Column(
        "part1_in_time",
        gettext_lazy("Del 1 klar i tid"),
        lambda p, today: p.part1_due,
        lambda people, today: _share(people, lambda p: p.part1_in_time),
        lambda p: p.part1_mark,
        gettext_lazy("när fristen för Del 1 har gått ut"),
        gettext_lazy("ingen i gruppen har en sista dag för del 1 i sin plan"),
    ),
    Column(
        "part2_progress",
        gettext_lazy("Del 2, andel moduler klara"),
        lambda p, today: bool(p.part2_modules),
        lambda people, today: Figure(
            len(people),
            sum(p.part2_percent for p in people) / len(people) if people else None,
        ),
        none_counted=gettext_lazy("ingen i gruppen har moduler i del 2 i sin plan"),
    ),
    Column(
        "part2_in_time",
        gettext_lazy("Del 2 klar i tid"),
        lambda p, today: p.part2_due,
        lambda people, today: _share(people, lambda p: p.part2_in_time),
        lambda p: p.part2_mark,
        gettext_lazy("när fristen för Del 2 har gått ut"),
        gettext_lazy("ingen i gruppen har en sista dag för del 2 i sin plan"),
    ),
    Column(
        "one_to_one",
        gettext_lazy("Veckor med 1:1-handledning första året"),
        lambda p, today: bool(p.one_to_one_due),
        _weeks,
        lambda p: p.one_to_one_mark,
        gettext_lazy("när det första årets 1:1-handledning är över"),
        gettext_lazy("inga veckor med 1:1-handledning att räkna"),
    ),
    Column(
        "employed_1y",
        gettext_lazy("Kvar efter ett år"),
        lambda p, today: p.employed_after(1, today) is not None,
        lambda people, today: _share(people, lambda p: p.employed_after(1, today)),
        lambda p: p.start + YEAR,
        gettext_lazy("när alla har varit anställda i ett år"),
    ),
    Column(
        "employed_2y",
        gettext_lazy("Kvar efter två år"),
        lambda p, today: p.employed_after(2, today) is not None,
        lambda people, today: _share(people, lambda p: p.employed_after(2, today)),
        lambda p: p.start + 2 * YEAR,
        gettext_lazy("när alla har varit anställda i två år"),
    ),
)
NEWCOMERS = "newcomers"


@dataclass
class GroupRow:
    key: str
    label: str
    newcomers: int
    hidden: bool
    figures: list[Figure] = field(default_factory=list)

    @property
    def newcomers_text(self) -> str:
        return _("färre än %(n)s") % {"n": MIN_CELL} if self.hidden else str(self.newcomers)


@dataclass
class RatingRow:
    label: str
    people: int
    hidden: bool
    mean: Figure
    sessions: list[RatingRow] = field(default_factory=list)


@dataclass
class LevelRow:
    label: str
    count: int
    hidden: bool

    @property
    def text(self) -> str:
        return _("färre än %(n)s") % {"n": MIN_CELL} if self.hidden else str(self.count)


# -- the municipality's figures, and which of them are hidden ------------------------------


def _categories(person: Person) -> tuple[str, str, str]:
    """The columns a person counts in when the small-cell rule is decided."""
    return TOTAL, f"g:{person.gender or '~'}", f"k:{person.kind or '~'}"


@dataclass
class Base:
    """Everything the follow-up counts in the municipalities of a scope, per unit, with
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


def fills_on(mark: datetime.date) -> datetime.date:
    """The first day whose count day (`as_of`) has passed `mark`: the day after the
    half-year the mark falls in."""
    return half_year(mark)[1] + datetime.timedelta(days=1)


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


# -- one view of the figures ---------------------------------------------------------------


def _group_key(breakdown: str, scope: Scope, tree: Tree):
    """Per person: the row's key, label, units and the category it is decided under."""
    genders = dict(Gender.choices)
    kinds = dict(NewcomerKind.choices)
    missing = _("Uppgift saknas")
    return {
        "administration": lambda p: (
            f"a:{p.administration_id}",
            p.administration,
            tree.units[f"a:{p.administration_id}"] & scope.unit_ids,
            TOTAL,
        ),
        "unit": lambda p: (f"u:{p.unit_id}", f"{p.unit} ({p.administration})", {p.unit_id}, TOTAL),
        "gender": lambda p: (
            f"g:{p.gender or '~'}",
            str(genders.get(p.gender, missing)),
            scope.unit_ids,
            f"g:{p.gender or '~'}",
        ),
        "kind": lambda p: (
            f"k:{p.kind or '~'}",
            str(kinds.get(p.kind, missing)),
            scope.unit_ids,
            f"k:{p.kind or '~'}",
        ),
    }[breakdown]


def _row(base, key, label, people, units, category, when, today) -> GroupRow:
    row = GroupRow(key, label, len(people), 0 < len(people) < MIN_CELL)
    row.hidden = row.hidden or base.is_hidden(units, category, NEWCOMERS, when)
    for column in COLUMNS:
        counted = [p for p in people if base.counted(p, column, today)]
        figure = column.compute(counted, today)
        figure.why = _explain(base, column, people) if figure.value is None else ""
        figure.hidden = (
            row.hidden
            or 0 < figure.base < MIN_CELL
            or base.is_hidden(units, category, column.code, when)
        )
        row.figures.append(figure)
    return row


def _explain(base: Base, column: Column, people: list[Person]) -> str:
    """Why a group's figure is a dash: its half-years wait for a deadline (and fill on
    the first day any of them is counted), or nobody in it has what it counts."""
    fills = [
        day
        for key in {(p.municipality_id, p.half, column.code) for p in people}
        if (day := base.waiting.get(key))
    ]
    if fills:
        return _("fylls %(day)s, %(when)s") % {
            "day": min(fills).isoformat(),
            "when": column.fills_when,
        }
    return str(column.none_counted)


def _rows(base, people, scope, breakdown, when, today) -> tuple[GroupRow, list[GroupRow]]:
    total = _row(base, "total", _("Totalt"), people, scope.unit_ids, TOTAL, when, today)
    if not breakdown:
        return total, []
    key = _group_key(breakdown, scope, base.tree)
    groups: dict[str, list[Person]] = defaultdict(list)
    about: dict[str, tuple] = {}
    for person in people:
        k, label, units, category = key(person)
        groups[k].append(person)
        about[k] = (label, units, category)
    order = sorted(groups, key=lambda k: (k.endswith("~"), about[k][0].casefold()))
    rows = [
        _row(base, k, about[k][0], groups[k], about[k][1], about[k][2], when, today) for k in order
    ]
    # Within the table as well: a hidden group hides its figures, and more go if needed.
    counts = suppress([row.newcomers for row in rows], forced=[row.hidden for row in rows])
    for row, cell in zip(rows, counts, strict=True):
        row.hidden = row.hidden or cell.hidden
    for i in range(len(COLUMNS)):
        cells = suppress([row.figures[i].base for row in rows], forced=[row.hidden for row in rows])
        for row, cell in zip(rows, cells, strict=True):
            row.figures[i].hidden = (
                row.figures[i].hidden or row.hidden or cell.hidden or total.figures[i].hidden
            )
    return total, rows


def _evaluations(base: Base, unit_ids, when) -> list[RatingRow]:
    """Course evaluations (1–5) of sessions whose first day is in the period, given by
    people of the scope's units: per module, and per session within it."""
    sessions: dict[int, list] = {}
    titles: dict[int, str] = {}
    for unit, module, title, session, first_day, n, total in base.evaluations:
        if unit not in unit_ids:
            continue
        titles[module] = title
        found = sessions.setdefault(session, [module, first_day, 0, 0])
        found[2] += n
        found[3] += total
    modules: dict[int, RatingRow] = {}
    for session, (module, first_day, n, total) in sorted(
        sessions.items(), key=lambda item: (titles[item[1][0]], item[1][1], item[0])
    ):
        row = modules.setdefault(module, RatingRow(titles[module], 0, False, Figure(0, None, "")))
        hidden = base.is_hidden(unit_ids, f"s:{session}", "evaluations", [half_of(first_day)])
        row.sessions.append(
            RatingRow(first_day.isoformat(), n, hidden, Figure(n, total / n, unit=""))
        )
        row.people += n
        row.mean.value = (row.mean.value or 0) + total
    ordered = sorted(modules.items(), key=lambda item: titles[item[0]])
    for module, row in ordered:
        row.mean = Figure(row.people, row.mean.value / row.people, unit="")
        row.hidden = base.is_hidden(unit_ids, f"m:{module}", "evaluations", when)
    cells = suppress([row.people for _m, row in ordered], forced=[r.hidden for _m, r in ordered])
    for (_module, row), cell in zip(ordered, cells, strict=True):
        row.hidden = row.hidden or cell.hidden
        row.mean.hidden = row.hidden
        session_cells = suppress(
            [s.people for s in row.sessions], forced=[s.hidden for s in row.sessions]
        )
        for session, scell in zip(row.sessions, session_cells, strict=True):
            session.hidden = row.hidden or session.hidden or scell.hidden
            session.mean.hidden = session.hidden
    return [row for _m, row in ordered]


def _checkins(base: Base, unit_ids, when) -> tuple[int, list[tuple[str, Figure]]]:
    """The four strengthening questions: mean answers in the period, shown only when at
    least MIN_CELL different people answered."""
    people = set()
    sums = [0] * (2 * len(QUESTIONS))
    for unit, newcomer, _half, *figures in base.checkins:
        if unit in unit_ids:
            people.add(newcomer)
            sums = [a + b for a, b in zip(sums, figures, strict=True)]
    hidden = 0 < len(people) < MIN_CELL or base.is_hidden(unit_ids, TOTAL, "checkins", when)
    return len(people), [
        (
            str(q.short),
            Figure(
                len(people),
                sums[2 * i + 1] / sums[2 * i] if sums[2 * i] else None,
                unit="",
                hidden=hidden,
            ),
        )
        for i, q in enumerate(QUESTIONS)
    ]


def _competence(base: Base, unit_ids) -> tuple[list[LevelRow], bool]:
    """The staff of the scope's units on the last day of the period, by level; and
    whether their total is hidden."""
    counts: dict[str, int] = defaultdict(int)
    for (unit, level), count in base.staff.items():
        if unit in unit_ids:
            counts[level] += count
    order = [*CompetenceLevel.values, ""]
    labels = {**dict(CompetenceLevel.choices), "": _("Uppgift saknas")}
    hidden = [base.is_hidden(unit_ids, level, "staff", ["day"]) for level in order]
    cells = suppress([counts[k] for k in order], forced=hidden)
    rows = [
        LevelRow(str(labels[k]), counts[k], cell.hidden)
        for k, cell in zip(order, cells, strict=True)
    ]
    total = sum(counts.values())
    return rows, 0 < total < MIN_CELL or base.is_hidden(unit_ids, TOTAL, "staff", ["day"])


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: its length in per cent (None: nothing to draw) and its text."""

    label: str
    percent: int | None
    text: str

    @property
    def width(self) -> float:
        return 2.4 * (self.percent or 0)


# -- the whole follow-up -------------------------------------------------------------------


@dataclass
class FollowUp:
    scope: Scope
    start: datetime.date
    end: datetime.date
    today: datetime.date
    as_of: datetime.date  # the day the figures are counted on (`as_of`)
    breakdown: str
    total: GroupRow
    rows: list[GroupRow]
    evaluations: list[RatingRow]
    checkin_people: int
    checkins: list[tuple[str, Figure]]
    staff: list[LevelRow]
    staff_total_hidden: bool
    everyone: list[Person]  # kept with the cached figures, never shown as it is
    people: list[Person] = field(default_factory=list)  # names a viewer may see
    cache_key: str = ""  # what the figures are kept under: also the page fragment's key

    @property
    def columns(self) -> list[str]:
        return [str(column.label) for column in COLUMNS]

    @property
    def column_codes(self) -> list[str]:
        return [column.code for column in COLUMNS]

    @property
    def total_bars(self) -> list[Bar]:
        return [
            Bar(label, figure.percent, figure.text)
            for label, figure in zip(self.columns, self.total.figures, strict=True)
        ]

    @property
    def staff_bars(self) -> list[Bar]:
        total = self.staff_total
        return [
            Bar(
                row.label,
                None if row.hidden or not total else _half_up(100 * row.count / total),
                row.text,
            )
            for row in self.staff
        ]

    @property
    def evaluation_bars(self) -> list[Bar]:
        return [Bar(row.label, row.mean.percent, row.mean.text) for row in self.evaluations]

    @property
    def breakdown_label(self) -> str:
        return str(BREAKDOWNS[self.breakdown])

    @property
    def staff_day(self) -> datetime.date:
        return min(self.end, self.today)

    @property
    def staff_total(self) -> int:
        return sum(row.count for row in self.staff)


def build(
    scope: Scope, start: datetime.date, end: datetime.date, breakdown: str, today: datetime.date
) -> FollowUp:
    """The figures, the same for everyone who may see this scope, counted on `as_of(today)`.

    They are taken from the whole municipality's (`Base`, kept under the versions of what
    it counts), so that every scope, period and breakdown hides the same cells: a fixed
    number of queries however many people (tests/reports/test_queries.py)."""
    count_on = as_of(today)
    staff_day = min(end, today)
    tree = _tree()
    municipalities = {tree.municipality_of[u] for u in scope.unit_ids if u in tree.municipality_of}
    unit_ids = frozenset().union(scope.unit_ids, *(tree.units[m] for m in municipalities))
    # "2": the waiting half-years carry the day they fill since the dashes say it.
    key = "followup-base2:" + ":".join(
        [
            _digest(unit_ids),
            start.isoformat(),
            end.isoformat(),
            count_on.isoformat(),
            staff_day.isoformat(),
            *(str(versions.current(name)) for name in SOURCES),
            str(people_version()),
        ]
    )
    base = versions.cached(
        PLANS,
        key,
        lambda: _base(tree, unit_ids, start, end, count_on, staff_day),
        timeout=CACHE_SECONDS,
    )
    when = halves(start, end)
    people = [p for p in base.people if p.unit_id in scope.unit_ids]
    total, rows = _rows(base, people, scope, breakdown, when, count_on)
    checkin_people, checkins = _checkins(base, scope.unit_ids, when)
    staff, staff_hidden = _competence(base, scope.unit_ids)
    return FollowUp(
        scope=scope,
        start=start,
        end=end,
        today=today,
        as_of=count_on,
        breakdown=breakdown,
        total=total,
        rows=rows,
        evaluations=_evaluations(base, scope.unit_ids, when),
        checkin_people=checkin_people,
        checkins=checkins,
        staff=staff,
        staff_total_hidden=staff_hidden,
        everyone=people,
    )


def _digest(unit_ids) -> str:
    return hashlib.sha256(",".join(map(str, sorted(unit_ids))).encode()).hexdigest()[:16]


def figures_key(
    scope: Scope, start: datetime.date, end: datetime.date, breakdown: str, today: datetime.date
) -> str:
    """What the figures are kept under: the language, the day, the question and the
    versions of everything they count. Also the key of the page's cached fragment."""
    units = _digest(scope.unit_ids)
    return ":".join(
        [
            "followup",
            get_language() or "sv",
            today.isoformat(),
            start.isoformat(),
            end.isoformat(),
            breakdown or "-",
            units,
            *(str(versions.current(name)) for name in SOURCES),
            str(people_version()),
        ]
    )


def sees_names(viewer: User, scope: Scope) -> bool:
    """Whether the viewer manages any unit of the scope, so the follow-up names people."""
    if not viewer.managed_unit_ids:
        return False  # HR and the steering group: no rule to ask
    return any(rules.has_perm("reports.view_names", viewer, unit) for unit in scope.unit_ids)


def followup(
    *,
    viewer: User,
    scope: Scope,
    start: datetime.date,
    end: datetime.date,
    breakdown: str = "",
    today: datetime.date | None = None,
) -> FollowUp:
    """`build`, kept for ten minutes under `figures_key`, with the names the viewer may
    see (a manager's own units) added afterwards."""
    today = today or timezone.localdate()
    key = figures_key(scope, start, end, breakdown, today)
    report = versions.cached(
        PLANS, key, lambda: build(scope, start, end, breakdown, today), timeout=CACHE_SECONDS
    )
    report.scope = scope  # the label as this viewer's menu names it
    report.cache_key = key
    report.people = [
        p for p in report.everyone if rules.has_perm("reports.view_names", viewer, p.unit_id)
    ]
    return report


def _unit_ids_with_municipalities(scope: Scope, tree: Tree) -> frozenset[int]:
    municipalities = {tree.municipality_of[u] for u in scope.unit_ids if u in tree.municipality_of}
    return frozenset().union(scope.unit_ids, *(tree.units[m] for m in municipalities))


def _complete_half(scope: Scope, today: datetime.date, since: datetime.date) -> str | None:
    """The latest half-year with starters in the scope whose "Del 1 klar i tid" counts
    every one of them: no starter of that half-year, in the scope's municipalities,
    still has a Part 1 deadline after the count day (the same rule as `_waiting`)."""
    count_on = as_of(today)
    tree = _tree()
    part1 = Q(
        items__kind=ItemKind.MODULE,
        items__removed_at__isnull=True,
        items__module__part__number=1,
    )
    rows = (
        IntroductionPlan.objects.filter(
            unit_id__in=_unit_ids_with_municipalities(scope, tree),
            start_date__range=(since, count_on),
        )
        .values_list("pk", "unit_id", "start_date")
        .annotate(
            last=Max("items__due_date", filter=part1),
            undated=Count("items", filter=part1 & Q(items__due_date__isnull=True)),
        )
        .order_by()
    )
    waiting, dated = set(), set()
    for _pk, unit, start, last, undated in rows:
        if last is None or undated:
            continue  # never in the figure: no day to be counted from
        at = (tree.municipality_of.get(unit), half_of(start))
        if last > count_on:
            waiting.add(at)
        if unit in scope.unit_ids:
            dated.add(at)
    complete = {half for _m, half in dated} - {half for _m, half in waiting & dated}
    return max(complete, default=None)


def default_period(
    scope: Scope, today: datetime.date, since: datetime.date
) -> tuple[datetime.date, datetime.date] | None:
    """The half-year the page opens on: the latest whose "Del 1 klar i tid" is complete,
    so a first look shows figures rather than a row of dashes. None when no half-year
    since `since` has one. Kept as the figures are, until plans or people change."""
    key = ":".join(
        [
            "followup-default",
            _digest(scope.unit_ids),
            today.isoformat(),
            since.isoformat(),
            str(people_version()),
        ]
    )
    half = versions.cached(
        PLANS, key, lambda: _complete_half(scope, today, since) or "", timeout=CACHE_SECONDS
    )
    if not half:
        return None
    year, number = map(int, half.split("-"))
    return half_year(datetime.date(year, 1 if number == 1 else 7, 1))
