"""The programme's start-page sections: upcoming sessions, and a newcomer's bookings."""

from django.utils import timezone

from lms.accounts.cache import people_version
from lms.accounts.models import Role
from lms.core import versions
from lms.core.start import section

from . import selectors
from .caching import PROGRAMME

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
    data = versions.lazy(PROGRAMME, f"start:coordinator:{today}", build)
    return {"data": data, "today": today}


@section(
    "manager-requests",
    roles=(Role.MANAGER,),
    template="programme/start/manager_requests.html",
    order=34,  # first of the manager's sections: someone is waiting for the answer
)
def _manager_requests(viewer):
    # Cached until a booking changes (the programme version) or a person's unit, role
    # or first day does (the people version, in the key): most visits find no request.
    today = timezone.localdate()
    key = f"start:requests:{viewer.pk}:{today}:{people_version()}"
    requests = versions.cached(PROGRAMME, key, lambda: selectors.open_requests(viewer=viewer))
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
