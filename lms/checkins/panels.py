"""The check-ins section of the plan page (lms.plans.extensions).

The newcomer sees the open check-in and their own answers; the manager of the plan's
unit sees what the newcomer shared, messages, and otherwise only that a check-in was
answered. Mentors, supervisors, HR and administrators get no section. Deciding costs no
query; the rows are read lazily, and the template caches its HTML under the checkins
version.
"""

import rules
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from lms.plans.extensions import register_panel

from . import selectors


def _build(plan, viewer):
    if rules.has_perm("checkins.answer", viewer, plan):
        role = "newcomer"
    elif rules.has_perm("checkins.follow_plan", viewer, plan):
        role = "manager"
    else:
        return None
    today = timezone.localdate()
    return {
        "role": role,
        "today": today,
        "rows": SimpleLazyObject(
            lambda: selectors.plan_rows(plan=plan, viewer=viewer, today=today)
        ),
    }


def register() -> None:
    register_panel("checkins", template="checkins/panel.html", build=_build, order=60)
