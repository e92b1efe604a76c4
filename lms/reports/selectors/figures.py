"""The introduction figures for one scope and period: built once, kept under the versions of
what it counts, and the half-year the page opens on."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import rules
from django.db.models import Count, Max, Q
from django.utils import timezone

from lms.accounts.models import User
from lms.core.caching import cached_value, value_key
from lms.plans.models import IntroductionPlan, ItemKind

from .cohort import Person
from .columns import COLUMNS, Bar, Figure, GroupRow, LevelRow, RatingRow, _half_up
from .municipality_counts import _base
from .periods import as_of, half_of, half_year, halves
from .scopes import Scope, _digest, _tree, _unit_ids_with_municipalities
from .tables import BREAKDOWNS, _checkins, _competence, _evaluations, _rows


@dataclass
class Figures:
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
) -> Figures:
    """The figures, the same for everyone who may see this scope, counted on `as_of(today)`.

    They are taken from the whole municipality's (`Base`, kept under the versions of what
    it counts), so that every scope, period and breakdown hides the same cells: a fixed
    number of queries however many people (tests/reports/test_queries.py)."""
    count_on = as_of(today)
    staff_day = min(end, today)
    tree = _tree()
    municipalities = {tree.municipality_of[u] for u in scope.unit_ids if u in tree.municipality_of}
    unit_ids = frozenset().union(scope.unit_ids, *(tree.units[m] for m in municipalities))
    # Named anew when what is kept changes shape or module (the waiting half-years carry
    # the day they fill; the classes live in lms.reports.selectors): an older pickle is
    # never read. Kept under the versions of everything counted (REPORT_KINDS).
    base = cached_value(
        "report-figures-base",
        _digest(unit_ids),
        start,
        end,
        count_on,
        staff_day,
        build=lambda: _base(tree, unit_ids, start, end, count_on, staff_day),
    )
    when = halves(start, end)
    people = [p for p in base.people if p.unit_id in scope.unit_ids]
    total, rows = _rows(base, people, scope, breakdown, when, count_on)
    checkin_people, checkins = _checkins(base, scope.unit_ids, when)
    staff, staff_hidden = _competence(base, scope.unit_ids)
    return Figures(
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


def _question(
    scope: Scope, start: datetime.date, end: datetime.date, breakdown: str, today: datetime.date
) -> tuple:
    """What tells two sets of figures apart besides the data: the values of their keys
    ("report-figures", "report-csv" in lms.core.caching)."""
    return (today, start, end, breakdown or "-", _digest(scope.unit_ids))


def figures_key(
    scope: Scope, start: datetime.date, end: datetime.date, breakdown: str, today: datetime.date
) -> str:
    """What the figures are kept under ("report-figures"): the language, the day, the
    question and the versions of everything they count. Also the key of the page's
    cached fragments, which vary on it."""
    return value_key("report-figures", *_question(scope, start, end, breakdown, today))


def cached_csv(
    *,
    scope: Scope,
    start: datetime.date,
    end: datetime.date,
    breakdown: str = "",
    today: datetime.date,
    build,
) -> bytes:
    """The figures as a file, the same for everyone who sees no names: kept as they are."""
    return cached_value("report-csv", *_question(scope, start, end, breakdown, today), build=build)


def figures_for(
    *,
    viewer: User,
    scope: Scope,
    start: datetime.date,
    end: datetime.date,
    breakdown: str = "",
    today: datetime.date | None = None,
) -> Figures:
    """`build`, kept for ten minutes under `figures_key`, with the names the viewer may
    see (a manager's own units) added afterwards."""
    today = today or timezone.localdate()
    key = figures_key(scope, start, end, breakdown, today)
    report = cached_value(
        "report-figures",
        *_question(scope, start, end, breakdown, today),
        build=lambda: build(scope, start, end, breakdown, today),
    )
    report.scope = scope  # the label as this viewer's menu names it
    report.cache_key = key
    report.people = [
        p for p in report.everyone if rules.has_perm("reports.view_names", viewer, p.unit_id)
    ]
    return report


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
    half = cached_value(
        "report-default-period",
        _digest(scope.unit_ids),
        today,
        since,
        build=lambda: _complete_half(scope, today, since) or "",
    )
    if not half:
        return None
    year, number = map(int, half.split("-"))
    return half_year(datetime.date(year, 1 if number == 1 else 7, 1))
