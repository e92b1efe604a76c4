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
from django.db.models import Avg, Count, Min, Sum
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
from lms.core.privacy import MIN_CELL, suppress
from lms.mentoring.caching import MENTORING
from lms.mentoring.models import MentorPairing
from lms.organisation.models import Unit
from lms.plans.caching import PLANS
from lms.plans.models import IntroductionPlan, ItemKind, PlanItem
from lms.programme.caching import PROGRAMME
from lms.programme.models import CourseSession, Evaluation, ModuleCompletion
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


# -- one person's facts --------------------------------------------------------------------


@dataclass
class Person:
    """What the figures need of one newcomer; names only reach a manager's own list."""

    plan_id: int
    name: str
    unit_id: int
    unit: str
    administration: str
    gender: str
    kind: str
    start: datetime.date
    end_date: datetime.date | None
    mentor_by_day_one: bool = False
    part1_due: bool = False  # every Part 1 deadline has passed
    part1_in_time: bool = False
    part1_done_on: datetime.date | None = None
    part2_modules: int = 0
    part2_done: int = 0
    part2_due: bool = False
    part2_in_time: bool = False
    one_to_one_met: int = 0
    one_to_one_due: int = 0

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
    plans = list(
        IntroductionPlan.objects.filter(unit_id__in=unit_ids, start_date__range=(start, end))
        .select_related("newcomer", "unit__administration__municipality")
        .order_by("start_date", "newcomer__last_name", "pk")
    )
    if not plans:
        return []
    newcomer_ids = [p.newcomer_id for p in plans]
    first_pairing = dict(
        MentorPairing.objects.filter(newcomer_id__in=newcomer_ids)
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
            person_id__in=newcomer_ids
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
            administration=plan.unit.administration.name,
            gender=newcomer.gender,
            kind=newcomer.newcomer_kind,
            start=plan.start_date,
            end_date=newcomer.end_date,
        )
        paired = first_pairing.get(plan.newcomer_id)
        person.mentor_by_day_one = paired is not None and paired <= plan.start_date
        for part in (1, 2):
            rows = [(m, due) for m, p, due in modules[plan.pk] if p == part and m]
            if not rows:
                continue
            done = [completed.get((plan.newcomer_id, m)) for m, _due in rows]
            due_passed = all(due is not None and due < today for _m, due in rows)
            in_time = all(
                day is not None and (due is None or day <= due)
                for day, (_m, due) in zip(done, rows, strict=True)
            )
            if part == 1:
                person.part1_due = due_passed
                person.part1_in_time = in_time
                if all(done):
                    person.part1_done_on = max(done)
            else:
                person.part2_modules = len(rows)
                person.part2_done = sum(1 for day in done if day)
                person.part2_due = due_passed
                person.part2_in_time = in_time
        record = records[plan.pk]
        person.one_to_one_met, person.one_to_one_due = record.met, record.due
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


def _share(people: list[Person], counts: Callable[[Person], bool | None]) -> Figure:
    answers = [counts(p) for p in people]
    base = [a for a in answers if a is not None]
    return Figure(len(base), 100 * sum(base) / len(base) if base else None)


def _mean(values: list[float], base: int) -> Figure:
    return Figure(base, sum(values) / len(values) if values else None)


COLUMNS: tuple[tuple[str, str, Callable[[list[Person], datetime.date], Figure]], ...] = (
    (
        "mentor_by_day_one",
        gettext_lazy("Mentor utsedd senast första dagen"),
        lambda people, today: _share(people, lambda p: p.mentor_by_day_one),
    ),
    (
        "part1_in_time",
        gettext_lazy("Del 1 klar i tid"),
        lambda people, today: _share(people, lambda p: p.part1_in_time if p.part1_due else None),
    ),
    (
        "part2_progress",
        gettext_lazy("Del 2, andel moduler klara"),
        lambda people, today: _mean(
            [p.part2_percent for p in people if p.part2_percent is not None],
            sum(1 for p in people if p.part2_modules),
        ),
    ),
    (
        "part2_in_time",
        gettext_lazy("Del 2 klar i tid"),
        lambda people, today: _share(people, lambda p: p.part2_in_time if p.part2_due else None),
    ),
    (
        "one_to_one",
        gettext_lazy("Veckor med 1:1-handledning första året"),
        lambda people, today: _weeks(people),
    ),
    (
        "employed_1y",
        gettext_lazy("Kvar efter ett år"),
        lambda people, today: _share(people, lambda p: p.employed_after(1, today)),
    ),
    (
        "employed_2y",
        gettext_lazy("Kvar efter två år"),
        lambda people, today: _share(people, lambda p: p.employed_after(2, today)),
    ),
)


def _weeks(people: list[Person]) -> Figure:
    """Weeks met out of weeks due, over everyone with a decided week."""
    counted = [p for p in people if p.one_to_one_due]
    met = sum(p.one_to_one_met for p in counted)
    due = sum(p.one_to_one_due for p in counted)
    return Figure(len(counted), 100 * met / due if due else None)


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


def _group_key(breakdown: str) -> Callable[[Person], tuple[str, str]]:
    genders = dict(Gender.choices)
    kinds = dict(NewcomerKind.choices)
    missing = _("Uppgift saknas")
    return {
        "administration": lambda p: (p.administration, p.administration),
        "unit": lambda p: (str(p.unit_id), f"{p.unit} ({p.administration})"),
        "gender": lambda p: (p.gender or "~", str(genders.get(p.gender, missing))),
        "kind": lambda p: (p.kind or "~", str(kinds.get(p.kind, missing))),
    }[breakdown]


def _rows(people: list[Person], breakdown: str, today) -> tuple[GroupRow, list[GroupRow]]:
    total = GroupRow("total", _("Totalt"), len(people), 0 < len(people) < MIN_CELL)
    total.figures = [compute(people, today) for _code, _label, compute in COLUMNS]
    for figure in total.figures:
        figure.hidden = total.hidden or 0 < figure.base < MIN_CELL
    if not breakdown:
        return total, []
    key = _group_key(breakdown)
    groups: dict[str, list[Person]] = defaultdict(list)
    labels: dict[str, str] = {}
    for person in people:
        k, label = key(person)
        groups[k].append(person)
        labels[k] = label
    order = sorted(groups, key=lambda k: (k == "~", labels[k].casefold()))
    counts = suppress([len(groups[k]) for k in order])
    rows = [
        GroupRow(k, labels[k], len(groups[k]), cell.hidden)
        for k, cell in zip(order, counts, strict=True)
    ]
    for row in rows:
        row.figures = [compute(groups[row.key], today) for _code, _label, compute in COLUMNS]
    # Column by column: a hidden group hides its figures, and one more goes if needed.
    for i in range(len(COLUMNS)):
        cells = suppress([row.figures[i].base for row in rows], forced=[row.hidden for row in rows])
        for row, cell in zip(rows, cells, strict=True):
            row.figures[i].hidden = row.hidden or cell.hidden or total.figures[i].hidden
    return total, rows


# -- the other tables ----------------------------------------------------------------------


@dataclass
class RatingRow:
    label: str
    people: int
    hidden: bool
    mean: Figure
    sessions: list[RatingRow] = field(default_factory=list)


def _evaluations(unit_ids, start, end) -> list[RatingRow]:
    """Course evaluations (1–5) of sessions whose first day is in the period, given by
    people of the scope's units: per module, and per session within it."""
    sessions = (
        CourseSession.objects.annotate(first=Min("days__date"))
        .filter(first__range=(start, end))
        .values("pk")
    )
    rows = list(
        Evaluation.objects.filter(session_id__in=sessions, enrolment__person__unit_id__in=unit_ids)
        .values_list("session__module_id", "session__module__title", "session_id")
        .annotate(n=Count("pk"), total=Sum("rating"), first=Min("session__days__date"))
        .order_by("session__module__title", "first", "session_id")
    )
    modules: dict[int, RatingRow] = {}
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for module_id, title, _session, n, total, first in rows:
        module = modules.setdefault(module_id, RatingRow(title, 0, False, Figure(0, None, "")))
        module.sessions.append(
            RatingRow(first.isoformat(), n, False, Figure(n, total / n, unit=""))
        )
        totals[module_id][0] += n
        totals[module_id][1] += total
    ordered = list(modules.items())
    module_cells = suppress([totals[m][0] for m, _row in ordered])
    for (module_id, module), cell in zip(ordered, module_cells, strict=True):
        n, total = totals[module_id]
        module.people, module.hidden = n, cell.hidden
        module.mean = Figure(n, total / n if n else None, unit="", hidden=cell.hidden)
        session_cells = suppress([s.people for s in module.sessions])
        for session, scell in zip(module.sessions, session_cells, strict=True):
            session.hidden = module.hidden or scell.hidden
            session.mean.hidden = session.hidden
    return [row for _m, row in ordered]


def _checkins(unit_ids, start, end) -> tuple[int, list[tuple[str, Figure]]]:
    """The four strengthening questions: mean answers in the period, shown only when at
    least MIN_CELL different people answered."""
    since = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
    until = timezone.make_aware(
        datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min)
    )
    figures = CheckIn.objects.filter(
        unit_id__in=unit_ids, answered_at__gte=since, answered_at__lt=until
    ).aggregate(
        people=Count("newcomer", distinct=True),
        **{q.rating_field: Avg(q.rating_field) for q in QUESTIONS},
    )
    people = figures["people"]
    hidden = 0 < people < MIN_CELL
    return people, [
        (str(q.short), Figure(people, figures[q.rating_field], unit="", hidden=hidden))
        for q in QUESTIONS
    ]


@dataclass
class LevelRow:
    label: str
    count: int
    hidden: bool

    @property
    def text(self) -> str:
        return _("färre än %(n)s") % {"n": MIN_CELL} if self.hidden else str(self.count)


def _competence(unit_ids, on: datetime.date) -> list[LevelRow]:
    """The staff of the scope's units on the last day of the period, by competence level
    (the Gothenburg model, from the year in the profession)."""
    counts: dict[str, int] = defaultdict(int)
    for since in (
        User.objects.filter(unit_id__in=unit_ids, is_active=True)
        .exclude(start_date__gt=on)
        .exclude(end_date__lte=on)
        .values_list("in_profession_since", flat=True)
        .iterator()
    ):
        years = (on - since).days / 365.25 if since else None
        level = competence_level_for(max(0.0, years) if years is not None else None)
        counts[level.value if level else ""] += 1
    order = [*CompetenceLevel.values, ""]
    labels = {**dict(CompetenceLevel.choices), "": _("Uppgift saknas")}
    cells = suppress([counts[k] for k in order])
    return [
        LevelRow(str(labels[k]), counts[k], cell.hidden)
        for k, cell in zip(order, cells, strict=True)
    ]


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
    breakdown: str
    total: GroupRow
    rows: list[GroupRow]
    evaluations: list[RatingRow]
    checkin_people: int
    checkins: list[tuple[str, Figure]]
    staff: list[LevelRow]
    everyone: list[Person]  # kept with the cached figures, never shown as it is
    people: list[Person] = field(default_factory=list)  # names a viewer may see
    cache_key: str = ""  # what the figures are kept under: also the page fragment's key

    @property
    def columns(self) -> list[str]:
        return [str(label) for _code, label, _compute in COLUMNS]

    @property
    def column_codes(self) -> list[str]:
        return [code for code, _label, _compute in COLUMNS]

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

    @property
    def staff_total_hidden(self) -> bool:
        return 0 < self.staff_total < MIN_CELL


def build(
    scope: Scope, start: datetime.date, end: datetime.date, breakdown: str, today: datetime.date
) -> FollowUp:
    """The figures, the same for everyone who may see this scope: a fixed number of
    queries however many people (tests/reports/test_queries.py)."""
    people = _people(scope.unit_ids, start, end, today)
    total, rows = _rows(people, breakdown, today)
    checkin_people, checkins = _checkins(scope.unit_ids, start, end)
    return FollowUp(
        scope=scope,
        start=start,
        end=end,
        today=today,
        breakdown=breakdown,
        total=total,
        rows=rows,
        evaluations=_evaluations(scope.unit_ids, start, end),
        checkin_people=checkin_people,
        checkins=checkins,
        staff=_competence(scope.unit_ids, min(end, today)),
        everyone=people,
    )


def figures_key(
    scope: Scope, start: datetime.date, end: datetime.date, breakdown: str, today: datetime.date
) -> str:
    """What the figures are kept under: the language, the day, the question and the
    versions of everything they count. Also the key of the page's cached fragment."""
    units = hashlib.sha256(",".join(map(str, sorted(scope.unit_ids))).encode()).hexdigest()[:16]
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
