"""The plans' start-page sections: the newcomer's week, the manager's units, and the
mentor's and supervisor's newcomers. Each is cached under the plans version."""

from django.utils import timezone

from lms.accounts.cache import cached
from lms.accounts.models import Role
from lms.core.start import register
from lms.organisation import selectors as org

from . import selectors


def _newcomer(viewer):
    today = timezone.localdate()

    def build():
        return {
            "unit": org.unit_get(unit_id=viewer.unit_id),
            "managers": org.managers_of_unit(unit_id=viewer.unit_id),
        }

    return {
        "person": viewer,
        **cached(f"start:newcomer:{viewer.pk}:{viewer.unit_id}", build),
        "today": today,
        "plan": selectors.newcomer_start(person=viewer, today=today),
    }


def _manager(viewer):
    today = timezone.localdate()
    return {"today": today, **selectors.manager_start(viewer=viewer, today=today)}


def _helper(viewer):
    today = timezone.localdate()
    summary = selectors.helper_start(viewer=viewer, today=today)
    return {"today": today, **summary} if summary else None


# Replaces the foundation's newcomer section: the plan says what to do this week.
register(
    "newcomer",
    roles=(Role.NEWCOMER,),
    template="plans/start/newcomer.html",
    build=_newcomer,
    order=10,
)
register(
    "manager-plans",
    roles=(Role.MANAGER,),
    template="plans/start/manager.html",
    build=_manager,
    order=35,  # before the unit overview: the plans are what the manager acts on
)
register(
    "helper-plans",
    roles=(Role.MENTOR, Role.SUPERVISOR),
    template="plans/start/helper.html",
    build=_helper,
    order=19,
)
