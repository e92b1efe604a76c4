"""Reads for the supervision dashboard: the mentor's, supervisor's and manager's
newcomers, one newcomer's weeks, and HR's counts per unit.

Every read here is a fixed number of queries whatever the number of newcomers, and none
loads a session's private note or, for anyone but the session's author, what was said
(the shared summary, the text of a follow-up). Managers see that sessions happened and
how many follow-ups are late, never their contents.
"""

from __future__ import annotations

import bisect
import datetime
from collections import defaultdict
from dataclasses import dataclass, field

import rules
from django.db.models import Case, CharField, Count, OuterRef, Q, QuerySet, Subquery, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.accounts.models import User
from lms.core.caching import cached_value, lazy_value
from lms.core.privacy import MIN_CELL
from lms.organisation.workdays import WorkCalendar, work_calendar
from lms.plans.models import IntroductionPlan

from ..compliance import DAY, WEEK, Compliance, Expectation, compliance, in_period, monday_of
from ..models import Absence, FollowUp, Session, SessionKind, SessionParticipant
from ..selectors import followed_plans

#: HR's counts look back this many weeks.
FIGURE_WEEKS = 12


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@dataclass(frozen=True)
class SessionInfo:
    pk: int
    kind: str
    starts_at: datetime.datetime
    author: str
    mine: bool

    @property
    def kind_label(self) -> str:
        return SessionKind(self.kind).label


@dataclass(frozen=True)
class FollowUpInfo:
    pk: int
    due_date: datetime.date
    session_id: int
    text: str  # empty unless the viewer wrote the session


@dataclass
class Row:
    """One newcomer as the viewer follows them."""

    plan: IntroductionPlan
    roles: list[str]
    is_helper: bool
    is_supervisor: bool
    last: SessionInfo | None = None
    next: SessionInfo | None = None
    overdue: list[FollowUpInfo] = field(default_factory=list)
    compliance: Compliance | None = None

    @property
    def newcomer(self) -> User:
        return self.plan.newcomer

    @property
    def start_week(self) -> int:
        return self.plan.start_date.isocalendar()[1]

    @property
    def role_label(self) -> str:
        # Lazy labels: rows are cached, and translated when shown.
        return ", ".join(str(role) for role in self.roles)

    @property
    def flagged(self) -> bool:
        return bool(self.overdue) or bool(self.compliance and self.compliance.recent_missed)


def _session_ids(viewer: User, *, own: bool, held: bool, now: datetime.datetime):
    """A subquery: the newest held, or the next planned, session of the outer plan's
    newcomer (the viewer's own, or anyone's)."""
    rows = SessionParticipant.objects.filter(newcomer=OuterRef("newcomer"))
    if own:
        rows = rows.filter(session__author=viewer)
    if held:
        rows = rows.filter(session__status=Session.Status.HELD, session__starts_at__lte=now)
        rows = rows.order_by("-session__starts_at", "-session_id")
    else:
        rows = rows.filter(session__status=Session.Status.PLANNED, session__starts_at__gt=now)
        rows = rows.order_by("session__starts_at", "session_id")
    return Subquery(rows.values("session_id")[:1])


def _held_and_absences(
    newcomer_ids: list[int], since: datetime.date
) -> tuple[dict[int, list], dict[int, list]]:
    """Local dates of held 1:1s and (first, last) absence days per newcomer, since a day."""
    held: dict[int, list] = defaultdict(list)
    absences: dict[int, list] = defaultdict(list)
    if not newcomer_ids:
        return held, absences
    participations = SessionParticipant.objects.filter(
        newcomer_id__in=newcomer_ids,
        session__kind=SessionKind.ONE_TO_ONE,
        session__status=Session.Status.HELD,
        session__starts_at__gte=_midnight(since),
    ).values_list("newcomer_id", "session__starts_at")
    for newcomer_id, starts_at in participations:
        held[newcomer_id].append(timezone.localtime(starts_at).date())
    spans = Absence.objects.filter(newcomer_id__in=newcomer_ids, ends_on__gte=since)
    for newcomer_id, first, last in spans.values_list("newcomer_id", "starts_on", "ends_on"):
        absences[newcomer_id].append((first, last))
    return held, absences


def newcomer_rows(
    *,
    viewer: User,
    plans: QuerySet[IntroductionPlan] | None = None,
    today: datetime.date | None = None,
    now: datetime.datetime | None = None,
) -> list[Row]:
    """A row per newcomer the viewer follows, in six queries however many there are.

    Mentors and supervisors see their own sessions with the newcomer (the last held,
    the next planned) and the late follow-ups they agreed, with their text. A manager
    who is neither sees every session's date and kind and the number of late follow-ups.
    Compliance with the weekly 1:1 is worked out for the plan's supervisor and manager.
    """
    today = today or timezone.localdate()
    now = now or timezone.now()
    qs = followed_plans(viewer=viewer) if plans is None else plans
    annotations = {
        "last_own": _session_ids(viewer, own=True, held=True, now=now),
        "next_own": _session_ids(viewer, own=True, held=False, now=now),
    }
    if viewer.managed_unit_ids:
        annotations["last_any"] = _session_ids(viewer, own=False, held=True, now=now)
        annotations["next_any"] = _session_ids(viewer, own=False, held=False, now=now)
    plans = list(
        qs.annotate(**annotations).order_by("newcomer__last_name", "newcomer__first_name", "pk")
    )
    if not plans:
        return []
    rows = [_row_for(plan, viewer) for plan in plans]
    _add_last_and_next_sessions(rows, viewer)
    _add_late_follow_ups(rows, viewer, today)
    _add_weekly_compliance(rows, viewer, today)
    return rows


def _row_for(plan: IntroductionPlan, viewer: User) -> Row:
    """The viewer's roles towards the newcomer; mentor or supervisor makes a helper."""
    roles = []
    if plan.mentor_id == viewer.pk:
        roles.append(_("mentor"))
    if plan.supervisor_id == viewer.pk:
        roles.append(_("handledare"))
    is_helper = bool(roles)
    if plan.unit_id in viewer.managed_unit_ids:
        roles.append(_("chef"))
    return Row(
        plan=plan,
        roles=roles,
        is_helper=is_helper,
        is_supervisor=plan.supervisor_id == viewer.pk,
    )


def _add_last_and_next_sessions(rows: list[Row], viewer: User) -> None:
    """The sessions the plans were annotated with: date, kind and author only, never
    what was said; a helper's own sessions, any session for a manager."""
    wanted = {
        getattr(row.plan, name, None)
        for row in rows
        for name in (("last_own", "next_own") if row.is_helper else ("last_any", "next_any"))
    } - {None}
    sessions = {
        s.pk: s
        for s in Session.objects.filter(pk__in=wanted)
        .select_related("author")
        .only("pk", "kind", "starts_at", "author__first_name", "author__last_name")
    }

    def info(pk):
        session = sessions.get(pk)
        if session is None:
            return None
        return SessionInfo(
            pk=session.pk,
            kind=session.kind,
            starts_at=session.starts_at,
            author=str(session.author),
            mine=session.author_id == viewer.pk,
        )

    for row in rows:
        own = row.is_helper
        row.last = info(getattr(row.plan, "last_own" if own else "last_any", None))
        row.next = info(getattr(row.plan, "next_own" if own else "next_any", None))


def _add_late_follow_ups(rows: list[Row], viewer: User, today: datetime.date) -> None:
    """Late follow-ups: the helper's own (with text), every one for the manager (count)."""
    helped = [r.plan.newcomer_id for r in rows if r.is_helper]
    managed = [r.plan.newcomer_id for r in rows if not r.is_helper]
    late = (
        FollowUp.objects.filter(
            newcomer_id__in=[r.plan.newcomer_id for r in rows],
            done_at__isnull=True,
            plan_item__isnull=True,  # one made a plan item is followed in the plan
            due_date__lt=today,
        )
        .filter(Q(newcomer_id__in=helped, session__author=viewer) | Q(newcomer_id__in=managed))
        .annotate(
            shown=Case(
                When(session__author=viewer, then="text"),
                default=Value(""),
                output_field=CharField(),
            )
        )
        .order_by("due_date", "pk")
        .values_list("pk", "newcomer_id", "due_date", "session_id", "shown")
    )
    by_newcomer = {r.plan.newcomer_id: r for r in rows}
    for pk, newcomer_id, due_date, session_id, shown in late:
        by_newcomer[newcomer_id].overdue.append(
            FollowUpInfo(pk=pk, due_date=due_date, session_id=session_id, text=shown)
        )


def _add_weekly_compliance(rows: list[Row], viewer: User, today: datetime.date) -> None:
    """The weekly 1:1, for the plan's supervisor and the unit's manager."""
    counted = [r for r in rows if r.is_supervisor or r.plan.unit_id in viewer.managed_unit_ids]
    if not counted:
        return
    since = min(r.plan.start_date for r in counted)
    held, absences = _held_and_absences([r.plan.newcomer_id for r in counted], since)
    for row in counted:
        row.compliance = compliance(
            start=row.plan.start_date,
            today=today,
            expectation=Expectation.of(row.plan.unit.administration.municipality),
            held_on=held[row.plan.newcomer_id],
            absences=absences[row.plan.newcomer_id],
            calendar=_calendar(row.plan),
        )


def _moments_today(viewer: User, today: datetime.date) -> tuple[datetime.datetime, ...]:
    """When today the followed newcomers' sessions start (any author; planned or held).
    Between two of these moments the rows' last and next sessions stay the same."""
    newcomers = followed_plans(viewer=viewer).values("newcomer_id")
    starts = (
        Session.objects.filter(
            attendees__newcomer__in=newcomers,
            starts_at__gte=_midnight(today),
            starts_at__lt=_midnight(today + DAY),
        )
        .exclude(status=Session.Status.CANCELLED)
        .values_list("starts_at", flat=True)
    )
    return tuple(sorted(set(starts)))


@dataclass(frozen=True)
class CachedRows:
    """The viewer's rows (read lazily: on a fragment hit never) and the cache key parts
    that say which rows they are: the day, and how many of today's session starts have
    passed (`turn`), since the last and next sessions move when the clock passes one."""

    today: datetime.date
    turn: int
    rows: list[Row]


def cached_rows(*, viewer: User, today: datetime.date | None = None) -> CachedRows:
    """`newcomer_rows` for the dashboard, kept under the supervision, plans and people
    versions, the viewer, the day and the turn. A warm read makes no query."""
    today = today or timezone.localdate()
    now = timezone.now()
    # "dashboard-rows": the rows' classes live in lms.supervision.dashboard.selectors; a
    # pickle naming the old module would not load.
    moments = cached_value(
        "dashboard-moments", today, viewer=viewer, build=lambda: _moments_today(viewer, today)
    )
    turn = bisect.bisect_right(moments, now)  # a start at `now` is no longer "next"
    rows = lazy_value(
        "dashboard-rows",
        today,
        turn,
        viewer=viewer,
        build=lambda: newcomer_rows(viewer=viewer, today=today, now=now),
    )
    return CachedRows(today=today, turn=turn, rows=rows)


@dataclass
class NewcomerView:
    row: Row
    absences: list[Absence]
    can_mark: bool

    @property
    def plan(self) -> IntroductionPlan:
        return self.row.plan


def newcomer_plan(*, viewer: User, pk: int) -> IntroductionPlan:
    """The active plan of newcomer `pk` if the viewer follows them, else 404."""
    plan = followed_plans(viewer=viewer).filter(newcomer_id=pk).first()
    if plan is None:
        raise Http404
    return plan


def newcomer_view(*, viewer: User, pk: int) -> NewcomerView:
    """The newcomer page for newcomer `pk` (404 unless the viewer follows them): the row,
    with the week grid for everyone who follows the newcomer (the mentor too), and the
    absences marked."""
    rows = newcomer_rows(viewer=viewer, plans=followed_plans(viewer=viewer).filter(newcomer_id=pk))
    if not rows:
        raise Http404
    row = rows[0]
    plan = row.plan
    absences = list(
        Absence.objects.filter(newcomer_id=plan.newcomer_id)
        .select_related("created_by")
        .order_by("starts_on", "pk")
    )
    if row.compliance is None:  # the mentor: the same grid, from the absences just read
        held, _absences = _held_and_absences([plan.newcomer_id], plan.start_date)
        row.compliance = compliance(
            start=plan.start_date,
            today=timezone.localdate(),
            expectation=Expectation.of(plan.unit.administration.municipality),
            held_on=held[plan.newcomer_id],
            absences=[(a.starts_on, a.ends_on) for a in absences],
            calendar=_calendar(plan),
        )
    return NewcomerView(
        row=row,
        absences=absences,
        can_mark=rules.has_perm("supervision.mark_absence", viewer, plan),
    )


def absence_get(*, viewer: User, pk: int) -> Absence:
    """An absence of a newcomer whose absences the viewer may change, else 404."""
    absence = (
        Absence.objects.filter(
            newcomer__introduction_plans__in=followed_plans(viewer=viewer).values("pk")
        )
        .select_related("newcomer")
        .filter(pk=pk)
        .first()
    )
    if absence is None:
        raise Http404
    return absence


# -- HR's counts ---------------------------------------------------------------------------


@dataclass
class UnitFigures:
    unit: str
    administration: str
    newcomers: int
    one_to_ones: int = 0
    met: int = 0
    due: int = 0
    mentor_talks: int = 0

    @property
    def hidden(self) -> bool:
        """Fewer than MIN_CELL newcomers: no figure is shown, so no one can be singled out."""
        return self.newcomers < MIN_CELL

    @property
    def share(self) -> int | None:
        return round(100 * self.met / self.due) if self.due else None


@dataclass
class OneToOneFigures:
    since: datetime.date
    rows: list[UnitFigures]
    min_cell: int = MIN_CELL


def unit_figures(*, today: datetime.date | None = None) -> OneToOneFigures:
    """Per unit, counts only: newcomers inside the period of regular 1:1s, 1:1s held and
    mentor talks held by them in the last FIGURE_WEEKS weeks, and the share of their
    decided weeks in that time that had a 1:1. Four queries whatever the size."""
    today = today or timezone.localdate()
    since = monday_of(today) - FIGURE_WEEKS * WEEK
    plans = _plans_in_regular_one_to_ones(today)
    ids = [p.newcomer_id for p in plans]
    held, absences = _held_and_absences(ids, min((p.start_date for p in plans), default=today))
    counts = _talks_held_per_unit(plans, since)
    units: dict[int, UnitFigures] = {}
    for plan in plans:
        row = units.get(plan.unit_id)
        if row is None:
            row = units[plan.unit_id] = UnitFigures(
                unit=plan.unit.name, administration=plan.unit.administration.name, newcomers=0
            )
        row.newcomers += 1
        record = compliance(
            start=plan.start_date,
            today=today,
            expectation=Expectation.of(plan.unit.administration.municipality),
            held_on=held[plan.newcomer_id],
            absences=absences[plan.newcomer_id],
            calendar=_calendar(plan),
        )
        met, due = record.since(since)
        row.met += met
        row.due += due
    for unit_id, row in units.items():
        row.one_to_ones = counts[unit_id, SessionKind.ONE_TO_ONE]
        row.mentor_talks = counts[unit_id, SessionKind.MENTOR_TALK]
    rows = sorted(units.values(), key=lambda r: (r.administration, r.unit))
    return OneToOneFigures(since=since, rows=rows)


def _plans_in_regular_one_to_ones(today: datetime.date) -> list[IntroductionPlan]:
    return [
        plan
        for plan in IntroductionPlan.objects.filter(
            status=IntroductionPlan.Status.ACTIVE, start_date__lte=today
        )
        .select_related("unit__administration__municipality")
        .only(
            "pk",
            "newcomer_id",
            "start_date",
            "unit__name",
            "unit__administration__name",
            "unit__administration__municipality__one_to_one_every_weeks",
            "unit__administration__municipality__one_to_one_months",
        )
        if _running(plan, today)
    ]


def _talks_held_per_unit(
    plans: list[IntroductionPlan], since: datetime.date
) -> dict[tuple[int, str], int]:
    """1:1s and mentor talks held with these newcomers since a day, by (unit, kind)."""
    counts: dict[tuple[int, str], int] = defaultdict(int)
    if not plans:
        return counts
    by_newcomer_unit = {p.newcomer_id: p.unit_id for p in plans}
    for newcomer_id, kind, n in (
        SessionParticipant.objects.filter(
            newcomer_id__in=list(by_newcomer_unit),
            session__status=Session.Status.HELD,
            session__starts_at__gte=_midnight(since),
            session__kind__in=(SessionKind.ONE_TO_ONE, SessionKind.MENTOR_TALK),
        )
        .order_by()
        .values_list("newcomer_id", "session__kind")
        .annotate(n=Count("pk"))
    ):
        counts[by_newcomer_unit[newcomer_id], kind] += n
    return counts


def cached_unit_figures(*, today: datetime.date | None = None) -> OneToOneFigures:
    """`unit_figures`, read lazily and kept under the supervision, plans and people
    versions and the day. The same for every reader: counts only, no one's own view."""
    today = today or timezone.localdate()
    return lazy_value("dashboard-figures", today, build=lambda: unit_figures(today=today))


def one_to_one_records(
    plans: list[IntroductionPlan], today: datetime.date
) -> dict[int, Compliance]:
    """Each plan's weekly 1:1 record, by plan id, in two queries for all of them. The
    plans must come with `unit__administration__municipality` (the expectation)."""
    held, absences = _held_and_absences(
        [p.newcomer_id for p in plans], min((p.start_date for p in plans), default=today)
    )
    return {
        plan.pk: compliance(
            start=plan.start_date,
            today=today,
            expectation=Expectation.of(plan.unit.administration.municipality),
            held_on=held[plan.newcomer_id],
            absences=absences[plan.newcomer_id],
            calendar=_calendar(plan),
        )
        for plan in plans
    }


def _calendar(plan: IntroductionPlan) -> WorkCalendar:
    """The working days of the plan's municipality (its closed days read once, cached)."""
    return work_calendar(plan.unit.administration.municipality_id)


def _running(plan: IntroductionPlan, today: datetime.date) -> bool:
    return in_period(plan.start_date, today, Expectation.of(plan.unit.administration.municipality))
