"""What django-q2 runs (schedules in migration 0002): find what is due, then send.

`tick` runs every five minutes: the kinds that follow events (a plan created, a
sign-off asked for) and the outbox, which also retries failed sends. `morning` runs
every hour but only finds daily kinds on weekdays between MORNING and EVENING local
time, so reminders arrive in working hours; a missed hour is caught up by the next, and the
keys make a second find of the same thing a no-op. Both take `now` so that the demo's
simulated month can move the clock.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from lms.core import versions

from . import sending
from .kinds import all_kinds
from .services import record

logger = logging.getLogger(__name__)

MORNING = 6
EVENING = 21
#: Seconds one task may spend sending (django-q2's timeout is 120).
SEND_BUDGET = 60.0


def scan(cadence: str, now=None) -> dict[str, int]:
    """Record what each kind of this cadence finds due; one failing kind does not stop
    the others (it is logged and found again on the next run)."""
    now = now or timezone.now()
    found: dict[str, int] = {}
    for kind in all_kinds():
        if kind.scan is None or kind.cadence != cadence:
            continue
        try:
            # Params are stored in the default language: texts are translated when shown.
            # One kind is one unit of work: the data versions are read once for it.
            with (
                versions.unit_of_work(),
                transaction.atomic(),
                translation.override(settings.LANGUAGE_CODE),
            ):
                found[kind.code] = record(kind.scan(now), now=now)
        except Exception:
            logger.exception("notification scan failed for %s", kind.code)
            found[kind.code] = -1
    return found


def send_all(now=None, *, budget: float = SEND_BUDGET, connection=None) -> dict[str, int]:
    """Send batches until the outbox is empty or the time budget is spent: a task must
    end well within django-q2's timeout, and the next tick goes on where this one ended."""
    total: dict[str, int] = {}
    deadline = time.monotonic() + budget
    while time.monotonic() < deadline:
        counts = sending.send_pending(now, connection=connection)
        if not counts:
            break
        for outcome, n in counts.items():
            total[outcome] = total.get(outcome, 0) + n
    return total


def tick(now=None, *, connection=None) -> dict:
    now = now or timezone.now()
    return {"found": scan("often", now), "sent": send_all(now, connection=connection)}


def working_hours(now) -> bool:
    """Monday to Friday, MORNING to EVENING local time: reminders reach people at work;
    Friday's run reminds of Monday (reminders.next_working_day)."""
    local = timezone.localtime(now)
    return local.weekday() < 5 and MORNING <= local.hour < EVENING


def morning(now=None, *, connection=None) -> dict:
    now = now or timezone.now()
    found = scan("daily", now) if working_hours(now) else {}
    return {"found": found, "sent": send_all(now, connection=connection)}


def send_soon() -> None:
    """Queue an outbox run after the current transaction commits (event kinds call it
    so their message leaves within seconds, not at the next tick)."""
    from django_q.tasks import async_task

    transaction.on_commit(
        lambda: async_task("lms.notifications.tasks.send_all", task_name="notifications-send")
    )
