"""The programme's start-page sections: upcoming sessions, and a newcomer's bookings."""

from django.utils import timezone

from lms.accounts.models import Role
from lms.core.caching import cached_value, lazy_value
from lms.core.start import section

from . import selectors

UPCOMING_ON_START = 8


@section(
    "coordinator", roles=(Role.COORDINATOR,), template="programme/start/coordinator.html", order=50
)
def _coordinator(viewer):
    # The same for every coordinator; cached until a session or booking changes.
    def build():
        sessions = selectors.session_list(viewer=viewer)
        return {"sessions": list(sessions[:UPCOMING_ON_START]), "more": sessions.count()}

    today = timezone.localdate()
    data = lazy_value("programme-start-coordinator", build=build)
    return {"data": data, "today": today}


@section(
    "manager-requests",
    roles=(Role.MANAGER,),
    template="programme/start/manager_requests.html",
    order=34,  # first of the manager's sections: someone is waiting for the answer
)
def _manager_requests(viewer):
    # Cached until a booking changes (the programme version) or a person's unit, role
    # or first day does (the people version): most visits find no request.
    requests = cached_value(
        "programme-start-requests",
        viewer=viewer,
        build=lambda: selectors.open_requests(viewer=viewer),
    )
    return {"requests": requests} if requests else None


@section(
    "newcomer-courses",
    roles=(Role.NEWCOMER,),
    template="programme/start/newcomer_courses.html",
    order=11,
)
def _newcomer_courses(viewer):
    today = timezone.localdate()
    bookings = selectors.cached_my_enrolments(person=viewer)
    return {"bookings": bookings, "today": today}
