"""Working days: the one place that says whether people are at work on a date.

A working day is Monday to Friday, except
- Sweden's public holidays (the `holidays` package's PUBLIC category: Easter Monday,
  Ascension Day, National Day on a weekday and so on),
- julafton, midsommarafton and nyårsafton (its DE_FACTO category: not public holidays
  by law, but days off by the agreements social services work under), and
- the municipality's own closed days (ClosedDay, edited by administrators).

The package counts every Sunday as a Swedish holiday when asked to; we ask it not to
(`include_sundays=False`), so a holiday's name is only ever a real holiday's, and weekends
are left out by the weekday test instead.

Costs: a year's holidays are computed once per process and language; the closed days of
every municipality are read in one query and kept in the versioned cache until one
changes. Code that tests many dates takes a WorkCalendar once and asks it, so nothing here
reads the database per date.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field

import holidays
from django.db.models.signals import post_delete, post_save
from django.utils.translation import get_language

from lms.core import versions
from lms.core.caching import cached_value

from .models import ClosedDay, Municipality

#: The versioned cache (lms.core.versions) that holds the closed days.
CLOSED_DAYS = "closed-days"
DAY = datetime.timedelta(days=1)
#: Looking further than this for a working day means the calendar is wrong, not busy.
MAX_SEARCH_DAYS = 60


@functools.cache
def _holidays(year: int, language: str) -> dict[datetime.date, str]:
    days = holidays.country_holidays(
        "SE",
        years=year,
        categories=(holidays.PUBLIC, holidays.DE_FACTO),
        include_sundays=False,
        language=language,
    )
    return dict(days.items())


def national_holidays(year: int) -> dict[datetime.date, str]:
    """Sweden's holidays and de facto holidays of a year, named in the active language."""
    language = "en_US" if (get_language() or "").startswith("en") else "sv"
    return _holidays(year, language)


def _all_closed_days() -> dict[int, dict[datetime.date, str]]:
    by_municipality: dict[int, dict[datetime.date, str]] = {}
    for municipality_id, date, name in ClosedDay.objects.values_list(
        "municipality_id", "date", "name"
    ):
        by_municipality.setdefault(municipality_id, {})[date] = name
    return by_municipality


def closed_days(municipality_id: int | None) -> dict[datetime.date, str]:
    """The municipality's own closed days; one query for all municipalities, then cached."""
    if municipality_id is None:
        return {}
    every = cached_value("closed-days", build=_all_closed_days)
    return every.get(municipality_id, {})


@dataclass(frozen=True)
class WorkCalendar:
    """The non-working weekdays of one municipality. Reads nothing from the database."""

    closed: Mapping[datetime.date, str] = field(default_factory=dict)

    def day_off(self, day: datetime.date) -> str | None:
        """Why a weekday is not a working day (the holiday's or closed day's name), else
        None. Weekends are not named: they are not days off, just not working days."""
        if day.weekday() >= 5:
            return None
        return self.closed.get(day) or national_holidays(day.year).get(day)

    def is_working_day(self, day: datetime.date) -> bool:
        return day.weekday() < 5 and self.day_off(day) is None

    def next_working_day(self, day: datetime.date) -> datetime.date:
        """`day` itself when people work then, else the first working day after it."""
        for offset in range(MAX_SEARCH_DAYS):
            candidate = day + offset * DAY
            if self.is_working_day(candidate):
                return candidate
        raise ValueError(f"No working day within {MAX_SEARCH_DAYS} days of {day}")

    def days_off(self, start: datetime.date, end: datetime.date) -> dict[datetime.date, str]:
        """Weekdays from `start` up to, not including, `end` that are not working days,
        with their names. Walks the year's holidays, not every date."""
        found: dict[datetime.date, str] = {}
        for year in range(start.year, end.year + 1):
            for day, name in national_holidays(year).items():
                if start <= day < end and day.weekday() < 5:
                    found[day] = name
        for day, name in self.closed.items():
            if start <= day < end and day.weekday() < 5:
                found[day] = name
        return found

    def working_days(self, start: datetime.date, end: datetime.date) -> list[datetime.date]:
        """Working days from `start` up to, not including, `end`."""
        off = self.days_off(start, end)
        span = ((start + n * DAY) for n in range((end - start).days))
        return [d for d in span if d.weekday() < 5 and d not in off]

    def working_days_in_week(self, day: datetime.date) -> list[datetime.date]:
        """The working days of the ISO week (Monday to Sunday) that holds `day`."""
        monday = day - day.weekday() * DAY
        return self.working_days(monday, monday + 7 * DAY)


def work_calendar(municipality: Municipality | int | None) -> WorkCalendar:
    """The calendar of a municipality (or its id). None: national holidays only, for
    callers that know no municipality."""
    municipality_id = getattr(municipality, "pk", municipality)
    return WorkCalendar(closed=closed_days(municipality_id))


def is_working_day(day: datetime.date, municipality: Municipality | int | None) -> bool:
    return work_calendar(municipality).is_working_day(day)


def next_working_day(day: datetime.date, municipality: Municipality | int | None) -> datetime.date:
    return work_calendar(municipality).next_working_day(day)


def working_days_in_week(
    day: datetime.date, municipality: Municipality | int | None
) -> list[datetime.date]:
    return work_calendar(municipality).working_days_in_week(day)


def _bump(**kwargs) -> None:
    versions.bump(CLOSED_DAYS)


def connect() -> None:
    post_save.connect(_bump, sender=ClosedDay, dispatch_uid="closed-days-v")
    post_delete.connect(_bump, sender=ClosedDay, dispatch_uid="closed-days-v-del")
