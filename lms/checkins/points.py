"""When check-ins are due: points counted in months from the plan's first day.

The points are 1, 4, 12 and 24 months by default (the manager's follow-up meetings in
the plan fall on the same months). A municipality that wants others sets
`CHECKIN_POINTS_MONTHS` in the settings, e.g. `(1, 4, 6, 12, 24)`.

A point is open from its date until the next point's date, so a late answer is still
welcome until the next check-in starts. The last point stays open for
`LAST_POINT_OPEN_MONTHS` (six months). The plan must be active to answer.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lms.plans.services.creation import FOLLOW_UP_MEETING_MONTHS
from lms.plans.services.dates import add_months

#: The manager's follow-up meetings in the plan fall on the same months.
DEFAULT_POINTS_MONTHS = FOLLOW_UP_MEETING_MONTHS
LAST_POINT_OPEN_MONTHS = 6


def points_months() -> tuple[int, ...]:
    return tuple(sorted(set(getattr(settings, "CHECKIN_POINTS_MONTHS", DEFAULT_POINTS_MONTHS))))


def point_label(months: int) -> str:
    """ "efter 4 månader": the words after "Avstämning" / "Din avstämning"."""
    return ngettext("efter %(n)s månad", "efter %(n)s månader", months) % {"n": months}


def point_title(months: int) -> str:
    return _("Avstämning %(when)s") % {"when": point_label(months)}


@dataclass(frozen=True)
class Point:
    months: int
    opens: datetime.date
    closes: datetime.date  # the first day it is no longer open

    def is_open(self, today: datetime.date) -> bool:
        return self.opens <= today < self.closes

    @property
    def last_day(self) -> datetime.date:
        return self.closes - datetime.timedelta(days=1)

    @property
    def label(self) -> str:
        return point_label(self.months)

    @property
    def title(self) -> str:
        return point_title(self.months)

    def state(self, today: datetime.date) -> str:
        if today < self.opens:
            return "later"
        return "open" if today < self.closes else "closed"


def schedule(start_date: datetime.date) -> list[Point]:
    months = points_months()
    points = []
    for index, n in enumerate(months):
        until = months[index + 1] if index + 1 < len(months) else n + LAST_POINT_OPEN_MONTHS
        points.append(Point(n, add_months(start_date, n), add_months(start_date, until)))
    return points


def point_for(start_date: datetime.date, months: int) -> Point | None:
    return next((p for p in schedule(start_date) if p.months == months), None)


def open_point(start_date: datetime.date, today: datetime.date) -> Point | None:
    return next((p for p in schedule(start_date) if p.is_open(today)), None)
