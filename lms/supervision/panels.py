"""The plan page's section on sessions (lms.plans.extensions.register_panel).

To the plan's newcomer: the sessions they were in, newest first, with the shared
summary, their follow-ups (and which became plan items), the plan items discussed and
their reflection. To the plan's mentor or supervisor: their own sessions with the
newcomer, the same, and a "log a session" link. To a manager of the plan's unit: dates
and kinds only. The private note is never read here, not even for its author: it is
on the session page only. The data and the panel's HTML are cached per plan and viewer
under the "supervision" version and a key that holds the plans version (the HTML also
under "people", for the names), so a logged session or a changed item shows at once; the
follow-ups' forms get their CSRF tokens per request (`{% fragment %}`). Planned sessions
that have begun leave the list within a minute, the time both caches keep a value.
"""

from __future__ import annotations

from django.utils import timezone

from lms.core import versions
from lms.core.caching import lazy_value
from lms.plans.caching import PLANS
from lms.plans.models import IntroductionPlan

from . import selectors


def build(plan: IntroductionPlan, viewer) -> dict | None:
    if not getattr(viewer, "is_authenticated", False):
        return None
    if (
        plan.newcomer_id != viewer.pk
        and viewer.pk not in (plan.mentor_id, plan.supervisor_id)
        and plan.unit_id not in viewer.managed_unit_ids
    ):
        return None  # administrators, and anyone else the plan page lets in
    today = timezone.localdate()
    key = (
        f"panel:{plan.pk}:{viewer.pk}:m{plan.mentor_id}:s{plan.supervisor_id}:u{plan.unit_id}"
        f":{','.join(map(str, sorted(viewer.managed_unit_ids)))}:p{versions.current(PLANS)}"
        f":{today}"
    )
    # Lazy: read only when the panel's HTML is not in the fragment cache. The viewer is
    # one of the above, so plan_sessions gives them their relation, never None.
    sessions = lazy_value(
        "plan-sessions",
        key,
        viewer=viewer,
        build=lambda: selectors.plan_sessions(plan=plan, viewer=viewer),
    )
    return {
        "sessions": sessions,
        # The key of the panel's HTML: who the viewer is to the plan and what they
        # manage, which decide what they see.
        "vary": key,
        "today": today,
    }


def register() -> None:
    from lms.plans.extensions import register_panel

    register_panel(
        "supervision-sessions", template="supervision/session_panel.html", build=build, order=20
    )
