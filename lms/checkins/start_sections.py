"""Start-page sections: the newcomer's waiting check-in, the manager's new shared answers
and messages, and the way to the figures for HR and administrators.

Each builder decides cheaply whether to show anything; the data is read lazily and the
templates cache their HTML under the checkins version, so a fragment hit reads nothing.
"""

from django.utils import timezone

from lms.accounts.models import Role
from lms.core.start import always, read_today, register, section

from . import selectors


@section(
    "checkins-newcomer",
    roles=(Role.NEWCOMER,),
    template="checkins/start/newcomer.html",
    order=11,  # right after the newcomer's week: a waiting check-in is something to do
)
def _newcomer(viewer):
    today = timezone.localdate()
    pending = selectors.open_checkin_pending(person=viewer, today=today)
    if pending is None:
        return None
    return {"today": today, "pending": pending}


@section(
    "checkins-manager",
    roles=(Role.MANAGER,),
    template="checkins/start/manager.html",
    order=36,  # after the manager's plans
)
def _manager(viewer):
    if not viewer.managed_unit_ids:
        return None
    return read_today(selectors.manager_news, viewer, name="news")


register(
    "checkins-figures",
    roles=(Role.HR, Role.ADMIN),
    template="checkins/start/figures.html",
    build=always,
    order=80,
)
