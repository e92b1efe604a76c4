"""Reads for the programme, already filtered for the viewer (twins of rules.py).

The same selector decides a list and its detail page, so a guessed id of a draft
session or of someone else's booking gives 404 rather than a page.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import rules
from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from lms.accounts.models import Role, RoleAssignment, User
from lms.core.caching import cached_value, lazy_value
from lms.documents.attendance import AttendanceSheet, Participant

from .models import (
    Attendance,
    CourseSession,
    Enrolment,
    Evaluation,
    ModuleCompletion,
    Part,
    Programme,
    SessionDay,
)

LIVE = (Enrolment.Status.ADMITTED, Enrolment.Status.WAITLISTED, Enrolment.Status.REQUESTED)


def count_enrolments(status: str):
    """A per-session count as a subquery: no join, so the counts cannot multiply."""
    rows = (
        Enrolment.objects.filter(session=OuterRef("pk"), status=status)
        .order_by()
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def runs_programme(viewer: User) -> bool:
    """The rule behind every "runs the programme" shortcut of the selectors."""
    return rules.has_perm("programme.manage_sessions", viewer)


def _sessions(viewer: User) -> QuerySet[CourseSession]:
    qs = (
        CourseSession.objects.select_related("module", "module__part")
        .prefetch_related(Prefetch("days", queryset=SessionDay.objects.order_by("date", "start")))
        .annotate(
            admitted_count=count_enrolments(Enrolment.Status.ADMITTED),
            waitlisted_count=count_enrolments(Enrolment.Status.WAITLISTED),
            requested_count=count_enrolments(Enrolment.Status.REQUESTED),
        )
    )
    if not runs_programme(viewer):
        qs = qs.exclude(status=CourseSession.Status.DRAFT)
    return qs


def session_list(*, viewer: User, upcoming_only: bool = True) -> QuerySet[CourseSession]:
    """Sessions with their booking counts; drafts only for those who run the programme."""
    qs = _sessions(viewer)
    if upcoming_only:
        today = timezone.localdate()
        qs = qs.filter(Exists(SessionDay.objects.filter(session=OuterRef("pk"), date__gte=today)))
    return qs.order_by("first_day_cache", "pk")


def session_get(*, viewer: User, pk: int) -> CourseSession:
    return get_object_or_404(session_list(viewer=viewer, upcoming_only=False), pk=pk)


def bookable_sessions(*, viewer: User) -> QuerySet[CourseSession]:
    """Published upcoming sessions of the current programme: what the course page offers."""
    return session_list(viewer=viewer).filter(
        status=CourseSession.Status.PUBLISHED, module__part__programme__is_current=True
    )


def _with_unit_managers(qs: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    managers = RoleAssignment.objects.filter(role=Role.MANAGER, user__is_active=True)
    return qs.select_related("person", "person__unit").prefetch_related(
        Prefetch(
            "person__unit__role_assignments",
            queryset=managers.select_related("user").order_by("user__last_name"),
            to_attr="manager_assignments",
        )
    )


def participants(*, session: CourseSession) -> list[Enrolment]:
    """Live bookings with person, unit and the unit's managers (`enrolment.managers`)."""
    rows = list(
        _with_unit_managers(session.enrolments.filter(status__in=LIVE)).order_by("queued_at", "pk")
    )
    for enrolment in rows:
        unit = enrolment.person.unit
        enrolment.managers = [a.user for a in unit.manager_assignments] if unit else []
    return rows


def told_of_cancellation(*, session: CourseSession) -> int:
    """How many people a cancellation of the session tells: every live booking."""
    return session.enrolments.filter(status__in=LIVE).count()


def first_in_line(*, enrolment: Enrolment) -> Enrolment | None:
    """Who gets the place if this admitted booking is cancelled: the first reserve."""
    if enrolment.status != Enrolment.Status.ADMITTED:
        return None
    return (
        enrolment.session.enrolments.filter(status=Enrolment.Status.WAITLISTED)
        .select_related("person")
        .order_by("queued_at", "pk")
        .first()
    )


def unit_bookings(*, session: CourseSession, viewer: User) -> list[Enrolment]:
    """The live bookings on a session of people in the units the viewer manages."""
    if not viewer.managed_unit_ids:
        return []
    return list(
        session.enrolments.filter(status__in=LIVE, person__unit_id__in=viewer.managed_unit_ids)
        .select_related("person", "person__unit")
        .order_by("queued_at", "pk")
    )


def open_requests(*, viewer: User) -> list[Enrolment]:
    """Newcomers' requests in the units the viewer manages, waiting for an answer, with
    `warnings` (the session starts before their first day, or ends after the part's
    deadline). Requests for sessions that have begun are past deciding and left out."""
    if not viewer.managed_unit_ids:
        return []
    rows = list(
        Enrolment.objects.filter(
            status=Enrolment.Status.REQUESTED,
            person__unit_id__in=viewer.managed_unit_ids,
            session__first_day_cache__gte=timezone.localdate(),
        )
        .select_related("person", "session", "session__module", "session__module__part")
        .prefetch_related(
            Prefetch("session__days", queryset=SessionDay.objects.order_by("date", "start"))
        )
        .order_by("session__first_day_cache", "queued_at", "pk")
    )
    from .services import request_warnings

    for enrolment in rows:
        enrolment.warnings = request_warnings(person=enrolment.person, session=enrolment.session)
    return rows


def my_enrolments(*, person: User) -> QuerySet[Enrolment]:
    """The person's own bookings, newest session first, with whether they evaluated."""
    return (
        Enrolment.objects.filter(person=person)
        .exclude(status=Enrolment.Status.CANCELLED)
        .select_related("session", "session__module")
        .prefetch_related(
            Prefetch("session__days", queryset=SessionDay.objects.order_by("date", "start"))
        )
        .annotate(evaluated=Exists(Evaluation.objects.filter(enrolment=OuterRef("pk"))))
        .order_by("session__first_day_cache", "pk")
    )


def enrolment_get(*, viewer: User, pk: int) -> Enrolment:
    """A booking the viewer may act on: own, own units', or any for coordinators."""
    qs = Enrolment.objects.select_related("session", "session__module", "person")
    if not runs_programme(viewer):
        qs = qs.filter(Q(person=viewer) | Q(person__unit_id__in=viewer.managed_unit_ids))
    return get_object_or_404(qs, pk=pk)


def bookable_people(*, viewer: User) -> QuerySet[User]:
    """Newcomers the viewer may book: own units' for managers, everyone for coordinators."""
    today = timezone.localdate()
    qs = (
        User.objects.filter(
            is_active=True,
            role_assignments__role=Role.NEWCOMER,
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=today))
        .select_related("unit")
        .order_by("last_name", "first_name", "pk")
        .distinct()
    )
    if runs_programme(viewer):
        return qs
    return qs.filter(unit_id__in=viewer.managed_unit_ids)


def programme_versions() -> list[Programme]:
    """Every version, newest first, with its parts and module counts (two queries)."""
    parts = Part.objects.annotate(module_count=Count("modules")).order_by("number")
    return list(
        Programme.objects.prefetch_related(Prefetch("parts", queryset=parts)).order_by(
            "name", "-version"
        )
    )


def current_programme() -> Programme | None:
    return cached_value(
        "current-programme", build=lambda: Programme.objects.filter(is_current=True).first()
    )


def cached_session_rows(*, viewer: User, kind: str, upcoming_only: bool = True) -> list:
    """A session list as rows, cached under the programme version: the same for everyone
    who runs the programme, and the same for everyone else. Lazy: a page whose rendered
    table is cached never reads them."""
    runs = runs_programme(viewer)
    if kind == "bookable":
        return lazy_value(
            "session-rows", kind, runs, build=lambda: list(bookable_sessions(viewer=viewer))
        )
    return lazy_value(
        "session-rows",
        kind,
        runs,
        upcoming_only,
        build=lambda: list(session_list(viewer=viewer, upcoming_only=upcoming_only)),
    )


def cached_my_enrolments(*, person: User) -> list:
    return lazy_value(
        "my-enrolments", viewer=person, build=lambda: list(my_enrolments(person=person))
    )


def evaluation_summary(*, session: CourseSession) -> dict:
    """Count, average and comments, without anything that could name the writer."""
    rows = list(
        Evaluation.objects.filter(session=session)
        .order_by("?")  # shuffled, so the order does not give away who wrote what
        .values_list("rating", "comment")
    )
    ratings = [r for r, _c in rows]
    return {
        "count": len(rows),
        "average": round(sum(ratings) / len(ratings), 1) if ratings else None,
        "distribution": [(n, ratings.count(n)) for n in range(5, 0, -1)],
        "comments": [c for _r, c in rows if c],
    }


def attendance_grid(*, session: CourseSession) -> tuple[list[SessionDay], list[Enrolment], dict]:
    """Days, admitted participants, and {(enrolment_id, day_id): (status, enough)}
    already marked."""

    days = list(session.days.order_by("date", "start"))
    admitted = list(
        session.enrolments.filter(status=Enrolment.Status.ADMITTED)
        .select_related("person", "person__unit")
        .order_by("person__last_name", "person__first_name", "pk")
    )
    marks = {
        (a.enrolment_id, a.day_id): (a.status, a.enough)
        for a in Attendance.objects.filter(enrolment__session=session).only(
            "enrolment_id", "day_id", "status", "enough"
        )
    }
    return days, admitted, marks


def completions_by_person(*, session: CourseSession) -> dict[int, int | None]:
    """{person_id: session_id the completion came from} for the session's people who
    have its module recorded as done; None for a completion entered by hand."""
    return dict(
        ModuleCompletion.objects.filter(
            module_id=session.module_id, person__enrolments__session=session
        ).values_list("person_id", "session_id")
    )


def day_label(day: SessionDay) -> str:
    return f"{day.date.isoformat()} (v. {day.date.isocalendar().week})"


def attendance_sheet(*, session: CourseSession, municipality: str | None) -> AttendanceSheet:
    """The data the printed attendance list needs: admitted people, days, place."""
    days, admitted, _marks = attendance_grid(session=session)
    return AttendanceSheet(
        municipality=municipality or "",
        module=session.module.title,
        days=[day_label(d) for d in days],
        place=session.place,
        trainers=session.trainers,
        participants=[
            Participant(name=str(e.person), unit=e.person.unit.name if e.person.unit else "")
            for e in admitted
        ],
    )


@dataclass
class CalendarDay:
    date: datetime.date
    in_month: bool
    entries: list[tuple[CourseSession, SessionDay]] = field(default_factory=list)


@dataclass
class CalendarWeek:
    number: int
    days: list[CalendarDay]


def month_calendar(*, viewer: User, year: int, month: int) -> list[CalendarWeek]:
    """Whole ISO weeks (Monday first) covering the month, each day with its session days.

    Two queries whatever the number of sessions: the sessions with counts, and their days.
    """
    first = datetime.date(year, month, 1)
    last = datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)
    start = first - datetime.timedelta(days=first.weekday())
    end = last + datetime.timedelta(days=6 - last.weekday())
    sessions = (
        _sessions(viewer)
        .filter(Exists(SessionDay.objects.filter(session=OuterRef("pk"), date__range=(start, end))))
        .order_by("first_day_cache", "pk")
    )
    grid = {
        start + datetime.timedelta(days=i): CalendarDay(
            start + datetime.timedelta(days=i),
            in_month=(start + datetime.timedelta(days=i)).month == month,
        )
        for i in range((end - start).days + 1)
    }
    for session in sessions:
        for day in session.days.all():
            if day.date in grid:
                grid[day.date].entries.append((session, day))
    for day in grid.values():
        day.entries.sort(key=lambda entry: (entry[1].start, entry[0].module.title))
    ordered = list(grid.values())
    return [
        CalendarWeek(ordered[i].date.isocalendar().week, ordered[i : i + 7])
        for i in range(0, len(ordered), 7)
    ]


def imported_ics_uids(*, module_id: int, uids: list[str]) -> set[str]:
    """Which of these calendar events already have a session in the module."""
    return set(
        CourseSession.objects.filter(module_id=module_id, ics_uid__in=uids).values_list(
            "ics_uid", flat=True
        )
    )
