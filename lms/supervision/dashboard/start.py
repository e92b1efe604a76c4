"""Start-page sections of the supervision dashboard (lms.core.start).

- "helper-plans" replaces the plans app's section of the same key: the mentor's and
  supervisor's newcomers, each with the plan's progress (from lms.plans), the last and
  next session, late follow-ups, the weekly 1:1 for the supervisor, and a quick link to
  log a session. The sign-offs and due items of the plans section stay below.
- "supervisor" replaces the foundation's placeholder: shown only to a supervisor who is
  named on no active plan (otherwise "helper-plans" shows the newcomers).
- "supervision-manager" (managers) and "supervision-figures" (HR): a short card that
  leads to the unit's dashboard and to the counts per unit.

The templates cache their HTML under the plans, people and supervision versions and the
day; the data is read lazily, so a fragment hit reads nothing.
"""

from __future__ import annotations

from django.db.models import Q

from lms.accounts.models import Role
from lms.core.caching import cached_value
from lms.core.start import always, read_today, register, section
from lms.plans import selectors as plan_selectors

from .. import selectors as log_selectors
from . import selectors


def helper_start(*, viewer, today) -> dict:
    """Rows for the viewer's newcomers as mentor or supervisor, with each plan's progress."""

    def build():
        plans = log_selectors.followed_plans(viewer=viewer).filter(
            Q(mentor=viewer) | Q(supervisor=viewer)
        )
        return selectors.newcomer_rows(viewer=viewer, plans=plans, today=today)

    rows = cached_value("supervision-start-helper", today, viewer=viewer, build=build)
    plans_part = plan_selectors.helper_start(viewer=viewer, today=today)
    progress = {plan.pk: plan for plan in plans_part["plans"]}
    return {
        "rows": [(row, progress.get(row.plan.pk)) for row in rows],
        "signoff": plans_part["signoff"],
        "due": plans_part["due"],
    }


@section(
    "helper-plans",
    roles=(Role.MENTOR, Role.SUPERVISOR),
    template="supervision/start/helper.html",
    order=19,
)
def _helper(viewer):
    if not plan_selectors.is_named_on_plans(viewer=viewer):
        return None
    return read_today(helper_start, viewer)


@section(
    "supervisor", roles=(Role.SUPERVISOR,), template="supervision/start/supervisor.html", order=30
)
def _supervisor(viewer):
    # The newcomers are in "helper-plans" as soon as the viewer is named on a plan.
    if plan_selectors.is_named_on_plans(viewer=viewer):
        return None
    return {}


register(
    "supervision-manager",
    roles=(Role.MANAGER,),
    template="supervision/start/manager.html",
    build=always,
    order=36,
)
register(
    "supervision-figures",
    roles=(Role.HR,),
    template="supervision/start/figures.html",
    build=always,
    order=61,
)
