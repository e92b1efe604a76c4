"""The plan's history: every service records a PlanEvent through `_event`."""

from __future__ import annotations

from ..models import PlanEvent


def _event(plan, kind, by, item=None, **detail) -> PlanEvent:
    # Every service ends here; saving the event bumps the plans version (bulk writes
    # bump it themselves, lms.core.versions.VersionedQuerySet).
    return PlanEvent.objects.create(plan=plan, item=item, kind=kind, actor=by, detail=detail)
