"""The programme's start-page sections: upcoming sessions, and a newcomer's bookings."""

from django.utils import timezone

from lms.accounts.models import Role
from lms.core.start import register

from . import selectors

UPCOMING_ON_START = 8


def _coordinator(viewer):
    sessions = selectors.session_list(viewer=viewer)
    return {"sessions": list(sessions[:UPCOMING_ON_START]), "more": sessions.count()}


def _newcomer_courses(viewer):
    return {
        "bookings": list(selectors.my_enrolments(person=viewer)),
        "today": timezone.localdate(),
    }


register(
    "coordinator",
    roles=(Role.COORDINATOR,),
    template="programme/start/coordinator.html",
    build=_coordinator,
    order=50,
)
register(
    "newcomer-courses",
    roles=(Role.NEWCOMER,),
    template="programme/start/newcomer_courses.html",
    build=_newcomer_courses,
    order=11,
)
