"""The plan's calendar rules: which phase a day falls in, a month later, and the
window an item may be due in."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lms.core import bounds

from ..models import (
    IntroductionPlan,
    Phase,
)

#: Phase boundaries in days from the first day (exclusive upper bounds).
#: An item due on the last day of a phase belongs to it, whatever the months' lengths:
#: "after one month" (30 or 31 days) is still the first month, "after a year" the first.
PHASE_LIMITS = [
    (0, Phase.BEFORE_START),
    (7, Phase.FIRST_WEEK),
    (32, Phase.FIRST_MONTH),
    (124, Phase.FIRST_FOUR_MONTHS),
    (367, Phase.FIRST_YEAR),
]
#: An item may be due this long before its plan's first day (later than that is a typo
#: in the year) and this many years after it: the introduction runs two years, and a
#: leave or a reopened plan adds to that.
DUE_DAYS_BEFORE_START = 60
DUE_YEARS_AFTER_START = 5


def phase_for(offset_days: int) -> str:
    for limit, phase in PHASE_LIMITS:
        if offset_days < limit:
            return phase
    return Phase.SECOND_YEAR


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day of the month `months` later (the month's last day when it is short)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def latest_due_date(start_date: datetime.date) -> datetime.date:
    """The last day an item of a plan starting on `start_date` may be due."""
    return min(bounds.years_from(start_date, DUE_YEARS_AFTER_START), bounds.DUE.bounds()[1])


def check_due_date(plan: IntroductionPlan, due: datetime.date, field: str = "due_date") -> None:
    """A day an item of this plan may be due: in the window for due dates, no earlier
    than shortly before the plan's first day and no later than some years after it."""
    bounds.DUE.check(due, field=field)
    if due < plan.start_date - datetime.timedelta(days=DUE_DAYS_BEFORE_START):
        raise ValidationError(
            {field: _("Datumet ligger långt före första dagen. Kontrollera året.")}
        )
    last = latest_due_date(plan.start_date)
    if due > last:
        raise ValidationError(
            {
                field: _(
                    "Datumet ligger långt efter planens första dag, %(first)s. Ange ett "
                    "datum senast %(last)s."
                )
                % {"first": plan.start_date.isoformat(), "last": last.isoformat()}
            }
        )
