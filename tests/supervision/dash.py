"""Shared set-up for the supervision follow-up tests (dashboards, absences, figures)."""

import datetime

from django.urls import include, path
from django.utils import timezone

from lms.supervision.compliance import monday_of
from lms.supervision.models import Session, SessionKind

from .factories import FollowUpFactory, PlanFactory, SessionFactory

DAY = datetime.timedelta(days=1)
WEEK = datetime.timedelta(days=7)
PRIVATE = "Privat: verkar stressad."
SUMMARY = "Vi gick igenom din första utredning."


def first_monday(weeks_ago: int = 5) -> datetime.date:
    return monday_of(timezone.localdate()) - weeks_ago * WEEK


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def plan_for(newcomer, *, supervisor=None, mentor=None, weeks_ago: int = 5, **extra):
    """An active plan that started on the Monday `weeks_ago` weeks before this week's."""
    return PlanFactory(
        newcomer=newcomer,
        supervisor=supervisor,
        mentor=mentor,
        start_date=first_monday(weeks_ago),
        **extra,
    )


def held(author, newcomer, day, kind=SessionKind.ONE_TO_ONE, **extra):
    return SessionFactory(
        author=author, newcomers=[newcomer], starts_at=at(day), kind=kind, **extra
    )


def planned(author, newcomer, days_ahead=2, kind=SessionKind.ONE_TO_ONE):
    return SessionFactory(
        author=author,
        newcomers=[newcomer],
        status=Session.Status.PLANNED,
        starts_at=timezone.now() + days_ahead * DAY,
        kind=kind,
    )


def late_follow_up(session, newcomer, text="Läs delegationsordningen", days_late=3):
    return FollowUpFactory(
        session=session,
        newcomer=newcomer,
        text=text,
        due_date=timezone.localdate() - days_late * DAY,
    )


def sessions_urlconf():
    """The project's URLs plus the two session-log names this work links to by name
    (session_create, session_detail), which the session log adds when merged."""
    from django.http import HttpResponse

    import lms.supervision.urls as supervision_urls
    from lms import urls as project

    def stub(request, pk=None):
        return HttpResponse("")

    extra = [
        path("sessions/new/", stub, name="session_create"),
        path("sessions/<int:pk>/", stub, name="session_detail"),
    ]
    patterns = [p for p in project.urlpatterns if getattr(p, "namespace", None) != "supervision"]
    return [
        path(
            "supervision/",
            include((supervision_urls.urlpatterns + extra, "supervision"), namespace="supervision"),
        ),
        *patterns,
    ]
