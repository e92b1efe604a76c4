"""The manager's start-page section: requests for a new mentor waiting for them, and
newcomers without a mentor (those starting within six weeks, and any already started).
Hidden when there is nothing to act on. The data is cached under the mentoring and
people versions, and the template caches its HTML under the same versions."""

from django.utils import timezone

from lms.accounts.models import Role
from lms.core.start import section

from . import selectors


@section(
    "manager-mentoring",
    roles=(Role.MANAGER,),
    template="mentoring/start/manager.html",
    order=36,  # just after the plans: pairing is part of getting the plan right
)
def _manager(viewer):
    today = timezone.localdate()
    data = selectors.manager_start(viewer=viewer, today=today)
    if not (data["request_count"] or data["without_count"]):
        return None
    return {"today": today, "data": data}
