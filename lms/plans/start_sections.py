"""The plans' start-page sections: the newcomer's week and the manager's units. The
mentor's and supervisor's newcomers are in lms.supervision's "helper-plans" section, which
shows each plan's progress from `selectors.helper_start` beside the sessions.

Each section's template caches its rendered HTML under the plans and people versions
(and the day), so the data below is read lazily: on a fragment hit it is never built
or even unpickled.
"""

from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from lms.accounts.models import Role
from lms.core.caching import cached_value
from lms.core.start import read_today, section
from lms.organisation import selectors as org

from . import selectors


# Replaces the foundation's newcomer section: the plan says what to do this week.
@section("newcomer", roles=(Role.NEWCOMER,), template="plans/start/newcomer.html", order=10)
def _newcomer(viewer):
    today = timezone.localdate()

    def build():
        people = cached_value(
            "newcomer-unit",
            viewer.unit_id,
            viewer=viewer,
            build=lambda: {
                "unit": org.unit_get(unit_id=viewer.unit_id),
                "managers": org.managers_of_unit(unit_id=viewer.unit_id),
            },
        )
        return {**people, "summary": selectors.newcomer_start(person=viewer, today=today)}

    return {"person": viewer, "today": today, "data": SimpleLazyObject(build)}


@section(
    "manager-plans",
    roles=(Role.MANAGER,),
    template="plans/start/manager.html",
    order=35,  # before the unit overview: the plans are what the manager acts on
)
def _manager(viewer):
    return read_today(selectors.manager_start, viewer)
