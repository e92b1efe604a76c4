"""Start-page sections: the newcomer's waiting check-in, the manager's new shared answers
and messages, and the way to the figures for HR and administrators.

Each builder decides cheaply whether to show anything; the data is read lazily and the
templates cache their HTML under the checkins version, so a fragment hit reads nothing.
"""

from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from lms.accounts.models import Role
from lms.core.start import register

from . import selectors


def _newcomer(viewer):
    today = timezone.localdate()
    pending = selectors.open_checkin_pending(person=viewer, today=today)
    if pending is None:
        return None
    return {"today": today, "pending": pending}


def _manager(viewer):
    if not viewer.managed_unit_ids:
        return None
    today = timezone.localdate()
    return {
        "today": today,
        "news": SimpleLazyObject(lambda: selectors.manager_news(viewer=viewer, today=today)),
    }


def _figures(viewer):
    return {}


register(
    "checkins-newcomer",
    roles=(Role.NEWCOMER,),
    template="checkins/start/newcomer.html",
    build=_newcomer,
    order=11,  # right after the newcomer's week: a waiting check-in is something to do
)
register(
    "checkins-manager",
    roles=(Role.MANAGER,),
    template="checkins/start/manager.html",
    build=_manager,
    order=36,  # after the manager's plans
)
register(
    "checkins-figures",
    roles=(Role.HR, Role.ADMIN),
    template="checkins/start/figures.html",
    build=_figures,
    order=80,
)
