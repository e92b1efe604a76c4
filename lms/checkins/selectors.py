"""Reads for check-ins, already filtered (and masked) for the viewer: twins of rules.py.

A manager's querysets never load what the manager may not read: the ratings and texts
are deferred and come back only as `shown_*` annotations that are empty unless the
answer is the viewer's own or shared. Reading a deferred field by mistake would cost
an extra query, which the pinned query counts in the tests catch.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    Case,
    F,
    IntegerField,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.http import Http404
from django.utils import timezone

from lms.accounts.models import User
from lms.core.caching import cached_value
from lms.core.privacy import MIN_CELL, Cell
from lms.organisation.models import Unit
from lms.plans.models import IntroductionPlan
from lms.plans.selectors import own_active_plan

from .models import ANSWER_FIELDS, PRIVATE_FIELDS, QUESTIONS, RATING_FIELDS, CheckIn, Rating
from .points import Point, open_point, points_months, schedule
from .rules import managed_unit_ids

#: How far back the manager's start section looks for new shared answers and messages.
NEWS_DAYS = 14
#: How many ended half-years the figures page shows (two years), besides the current one.
FIGURE_PERIODS = 4

_RATING_LABELS = dict(Rating.choices)


# -- the viewer's check-ins, masked -------------------------------------------------------


def checkin_list(*, viewer: User) -> QuerySet[CheckIn]:
    """Check-ins the viewer may know were answered (twin of checkins.view_answered): their
    own, and for managers those given in their units. `shown_<field>` holds the ratings
    and texts where the viewer may read them (own, or shared: checkins.view_answers) and
    None elsewhere; `shown_message` the message (checkins.view_message). The private
    fields themselves are deferred."""
    own = Q(newcomer_id=viewer.pk)
    may_read = own | Q(shared=True)
    masked = {
        f"shown_{name}": Case(
            When(may_read, then=F(name)),
            default=Value(None),
            output_field=IntegerField() if name in RATING_FIELDS else TextField(),
        )
        for name in ANSWER_FIELDS
    }
    return (
        CheckIn.objects.filter(own | Q(unit_id__in=managed_unit_ids(viewer)))
        .defer(*PRIVATE_FIELDS)
        .annotate(**masked, shown_message=F("message"))
    )


@dataclass(frozen=True)
class Answer:
    statement: str
    short: str
    rating: int
    rating_label: str
    text: str


def answers_of(checkin: CheckIn) -> list[Answer] | None:
    """The four answers as the viewer may read them, or None (not shared with them)."""
    if getattr(checkin, "shown_joy_rating", None) is None:
        return None
    return [
        Answer(
            statement=str(q.statement),
            short=str(q.short),
            rating=getattr(checkin, f"shown_{q.rating_field}"),
            rating_label=str(_RATING_LABELS[getattr(checkin, f"shown_{q.rating_field}")]),
            text=getattr(checkin, f"shown_{q.text_field}") or "",
        )
        for q in QUESTIONS
    ]


@dataclass
class PointRow:
    """One point of a plan's schedule and what the viewer may see of its answer."""

    point: Point
    state: str  # later, open, closed
    checkin: CheckIn | None = None
    answers: list[Answer] | None = None

    @property
    def answered(self) -> bool:
        return self.checkin is not None


def _rows(plan: IntroductionPlan, checkins: list[CheckIn], today) -> list[PointRow]:
    by_point = {c.point: c for c in checkins if c.plan_id == plan.pk}
    rows = []
    for point in schedule(plan.start_date):
        checkin = by_point.get(point.months)
        rows.append(
            PointRow(
                point=point,
                state=point.state(today),
                checkin=checkin,
                answers=answers_of(checkin) if checkin else None,
            )
        )
    return rows


# -- the newcomer -----------------------------------------------------------------------


@dataclass
class OpenCheckIn:
    plan: IntroductionPlan
    point: Point
    answer: CheckIn | None  # the newcomer's own answer, if already given


def open_checkin(*, person: User, today: datetime.date | None = None) -> OpenCheckIn | None:
    """The check-in the newcomer may answer now (their active plan's open point)."""
    today = today or timezone.localdate()
    plan = own_active_plan(person=person)
    if plan is None:
        return None
    point = open_point(plan.start_date, today)
    if point is None:
        return None
    answer = CheckIn.objects.filter(plan=plan, point=point.months, newcomer=person).first()
    return OpenCheckIn(plan=plan, point=point, answer=answer)


def open_checkin_pending(*, person: User, today: datetime.date) -> OpenCheckIn | None:
    """The open check-in if not yet answered; cached for the start page."""

    def build():
        found = open_checkin(person=person, today=today)
        return found if found and found.answer is None else False

    return cached_value("checkin-pending", today, viewer=person, build=build) or None


def own_history(*, person: User, today: datetime.date) -> list[dict]:
    """Every plan of the newcomer with its points and own answers, newest plan first."""
    plans = list(
        IntroductionPlan.objects.filter(newcomer=person)
        .select_related("unit")
        .order_by("-start_date", "-pk")
    )
    checkins = list(checkin_list(viewer=person).filter(newcomer=person).select_related("unit"))
    return [
        {"plan": plan, "rows": _rows(plan, checkins, today)}
        for plan in plans
        if plan.status == IntroductionPlan.Status.ACTIVE
        or any(c.plan_id == plan.pk for c in checkins)
    ]


# -- the manager ------------------------------------------------------------------------


def plans_followed(*, viewer: User) -> QuerySet[IntroductionPlan]:
    """Plans whose check-ins the viewer follows as manager: twin of checkins.follow_plan."""
    return IntroductionPlan.objects.filter(unit_id__in=managed_unit_ids(viewer)).select_related(
        "newcomer", "unit"
    )


def plan_followed_get(*, viewer: User, pk: int) -> IntroductionPlan:
    plan = plans_followed(viewer=viewer).filter(pk=pk).first()
    if plan is None:
        raise Http404
    return plan


def plan_rows(*, plan: IntroductionPlan, viewer: User, today: datetime.date) -> list[PointRow]:
    """A plan's points with what the viewer may see of each answer, in one query."""
    checkins = list(checkin_list(viewer=viewer).filter(plan=plan))
    return _rows(plan, checkins, today)


@dataclass
class UnitOverview:
    unit: Unit
    plans: list[IntroductionPlan] = field(default_factory=list)
    counts: list[dict] = field(default_factory=list)  # per point: answered, waiting, shared


def overview(*, viewer: User, today: datetime.date) -> list[UnitOverview]:
    """The manager's units: each active plan's state at every point, and per point how
    many answered, how many have an open check-in not yet answered, and how many shared.
    Names are those of the units' own newcomers only. Three queries."""
    units = managed_unit_ids(viewer)
    plans = list(
        plans_followed(viewer=viewer)
        .filter(status=IntroductionPlan.Status.ACTIVE)
        .order_by("unit__name", "newcomer__last_name", "newcomer__first_name", "pk")
    )
    answered = list(
        CheckIn.objects.filter(plan__in=[p.pk for p in plans])
        .only("pk", "plan_id", "point", "unit_id", "shared", "answered_at")
        .annotate(
            has_message=Case(
                When(~Q(message=""), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
    )
    by_plan = defaultdict(dict)
    for checkin in answered:
        # Shared, or with a message, only for the units the viewer manages.
        if checkin.unit_id not in units:
            checkin.shared = False
            checkin.has_message = False
        checkin.elsewhere = checkin.unit_id not in units
        by_plan[checkin.plan_id][checkin.point] = checkin
    result: dict[int, UnitOverview] = {}
    months = points_months()
    for plan in plans:
        unit = result.setdefault(plan.unit_id, UnitOverview(unit=plan.unit))
        plan.cells = []
        for point in schedule(plan.start_date):
            checkin = by_plan[plan.pk].get(point.months)
            plan.cells.append({"point": point, "state": point.state(today), "checkin": checkin})
        unit.plans.append(plan)
    for unit in result.values():
        for index, n in enumerate(months):
            cells = [plan.cells[index] for plan in unit.plans]
            unit.counts.append(
                {
                    "months": n,
                    "answered": sum(1 for c in cells if c["checkin"]),
                    "waiting": sum(1 for c in cells if not c["checkin"] and c["state"] == "open"),
                    "shared": sum(1 for c in cells if c["checkin"] and c["checkin"].shared),
                }
            )
    return sorted(result.values(), key=lambda u: (u.unit.name, u.unit.pk))


def manager_news(*, viewer: User, today: datetime.date) -> list[CheckIn]:
    """Shared answers and messages of the last two weeks in the viewer's units, newest
    first; for the start page, cached under the checkins and plans versions. The key holds
    the units, so a change of units is a new key; a renamed newcomer shows within a minute."""
    units = sorted(managed_unit_ids(viewer))

    def build():
        since = timezone.now() - datetime.timedelta(days=NEWS_DAYS)
        return list(
            checkin_list(viewer=viewer)
            .filter(unit_id__in=units, answered_at__gte=since)
            .filter(Q(shared=True) | ~Q(message=""))
            .exclude(newcomer=viewer)
            .select_related("newcomer", "plan")
            .order_by("-answered_at", "-pk")[:8]
        )

    return cached_value("checkin-news", units, today, viewer=viewer, build=build)


# -- HR: figures per unit and half-year -------------------------------------------------


def half_year(day: datetime.date) -> tuple[int, int]:
    return day.year, 1 if day.month <= 6 else 2


def half_year_start(period: tuple[int, int]) -> datetime.date:
    year, half = period
    return datetime.date(year, 1 if half == 1 else 7, 1)


def previous_half_year(period: tuple[int, int]) -> tuple[int, int]:
    year, half = period
    return (year, 1) if half == 2 else (year - 1, 2)


@dataclass
class UnitFigure:
    unit_name: str
    administration: str
    people: Cell  # how many different people answered (hidden below five)
    means: list[float] | None  # per question (QUESTIONS order), None when hidden or not yet


@dataclass
class HalfYear:
    year: int
    half: int
    ended: bool
    rows: list[UnitFigure]


def figures(*, today: datetime.date | None = None) -> list[HalfYear]:
    """Mean ratings per unit and half-year, newest first, for HR and administrators.

    A unit's figures are shown only where at least five different people answered in
    the half-year; each person counts once, with their latest answer of the half-year
    (the point with the most months). An answer belongs to the half-year in which it was
    first given and to the unit the newcomer was in then. Means are shown only for
    half-years that have ended: while one runs, each new answer would move the means by
    exactly that answer, so the current half-year shows only how many have answered.
    No names, texts, messages, totals across units or splits within a unit.
    """
    today = today or timezone.localdate()
    return cached_value("checkin-figures", today, build=lambda: _build_figures(today))


def _build_figures(today: datetime.date) -> list[HalfYear]:
    current = half_year(today)
    periods = [current]
    for _ in range(FIGURE_PERIODS):
        periods.append(previous_half_year(periods[-1]))
    since = timezone.make_aware(
        datetime.datetime.combine(half_year_start(periods[-1]), datetime.time())
    )
    grouped = _answers_per_half_year_and_unit(since)
    units = {
        u.pk: u
        for u in Unit.objects.filter(pk__in={k[1] for k in grouped}).select_related(
            "administration"
        )
    }
    result = []
    for period in periods:
        ended = period != current
        rows = [
            _unit_figure(units[unit_id], answers, ended=ended)
            for (p, unit_id), answers in grouped.items()
            if p == period
        ]
        rows.sort(key=lambda r: (r.administration, r.unit_name))
        result.append(HalfYear(year=period[0], half=period[1], ended=ended, rows=rows))
    return result


def _answers_per_half_year_and_unit(since: datetime.datetime) -> dict[tuple, list]:
    """The ratings of each person's latest answer per half-year, by (half-year, unit)."""
    latest: dict[tuple, tuple] = {}
    for unit_id, person, point, created, *ratings in (
        CheckIn.objects.filter(created_at__gte=since)
        .order_by()
        .values_list("unit_id", "newcomer_id", "point", "created_at", *RATING_FIELDS)
    ):
        period = half_year(timezone.localtime(created).date())
        key = (period, unit_id, person)
        if key not in latest or point > latest[key][0]:
            latest[key] = (point, ratings)
    grouped: dict[tuple, list] = defaultdict(list)
    for (period, unit_id, _person), (_point, ratings) in latest.items():
        grouped[(period, unit_id)].append(ratings)
    return grouped


def _unit_figure(unit: Unit, answers: list, *, ended: bool) -> UnitFigure:
    n = len(answers)
    shown = n >= MIN_CELL
    means = None
    if shown and ended:
        means = [round(sum(a[i] for a in answers) / n, 1) for i in range(len(QUESTIONS))]
    return UnitFigure(
        unit_name=unit.name,
        administration=unit.administration.name,
        people=Cell(n, hidden=not shown),
        means=means,
    )
