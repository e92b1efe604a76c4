"""The weekly 1:1 expectation of the first year, counted in ISO weeks. Pure functions.

A municipality expects a held 1:1 at least every `every_weeks` weeks during the first
`months` months from the plan's first day (Municipality.one_to_one_every_weeks and
one_to_one_months; the design's default is weekly for twelve months). Nothing here reads
the database: callers pass the first day, today, the days on which 1:1s were held and
the absences, so the rules can be tested week by week.

How the weeks are counted:
- The period runs from the first day up to (not including) the same date `months`
  later. Its weeks are ISO weeks (Monday first), so a period can hold week 53.
- Only working days count: Monday to Friday inside the period, less the days off of
  the municipality's WorkCalendar (lms.organisation.workdays: public holidays, julafton,
  midsommarafton, nyårsafton and the municipality's closed days), so nobody has to
  mark Christmas as an absence.
- A week takes part only if at least MIN_WORKING_DAYS (3) of its weekdays are inside
  the period: a newcomer who starts on a Thursday is not expected to have a 1:1 that
  same week, and neither is one whose period ends on a Tuesday.
- A week inside the period with fewer than MIN_WORKING_DAYS working days (Christmas when
  julafton falls on a Wednesday) is a *holiday* week: shown, never missed, and like an
  excused week it pauses the count. A week with exactly three working days is expected.
- A week is *excused* when absences leave fewer than MIN_WORKING_DAYS of those days at
  work: away three days of five (or two of three in a short first week) is enough.
  A 1:1 held in such a week still counts as met.
- A week with a held 1:1 is *met*, whatever else happened.
- The current week and those after it are *to come* (or excused, when an absence is
  already marked): the week is not over, so it cannot be missed yet.
- Other past weeks: with a weekly expectation each is *missed*. With one 1:1 every n
  weeks, the weeks after a 1:1 are *not due* until n weeks have passed without one; the
  n-th such week is missed and the count starts again. Excused weeks pause the count.
"""

from __future__ import annotations

import calendar
import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

from lms.organisation.workdays import WorkCalendar

#: A week is expected to hold a 1:1 when the newcomer works at least this many of its days.
MIN_WORKING_DAYS = 3
#: How many past weeks the dashboards look back on ("missed of the last 8").
RECENT_WEEKS = 8

DAY = datetime.timedelta(days=1)
WEEK = datetime.timedelta(days=7)


class WeekStatus(models.TextChoices):
    MET = "met", _("1:1 hölls")
    MISSED = "missed", _("Ingen 1:1")
    EXCUSED = "excused", _("Frånvaro")
    NOT_DUE = "not_due", _("Behövdes inte")
    HOLIDAY = "holiday", _("Helgdagar")
    TO_COME = "to_come", _("Kommande")


@dataclass(frozen=True)
class Expectation:
    """A 1:1 at least every `every_weeks` weeks in the first `months` months."""

    every_weeks: int = 1
    months: int = 12

    @classmethod
    def of(cls, municipality) -> Expectation:
        if municipality is None:
            return cls()
        return cls(
            every_weeks=municipality.one_to_one_every_weeks,
            months=municipality.one_to_one_months,
        )


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same date `months` later; the 31st becomes the month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last))


def monday_of(day: datetime.date) -> datetime.date:
    return day - day.weekday() * DAY


def period_end(start: datetime.date, expectation: Expectation) -> datetime.date:
    """The first day after the period of regular 1:1s."""
    return add_months(start, expectation.months)


def in_period(start: datetime.date, today: datetime.date, expectation: Expectation) -> bool:
    return start <= today < period_end(start, expectation)


def absent_days(
    days: Iterable[datetime.date], absences: Iterable[tuple[datetime.date, datetime.date]]
) -> int:
    """How many of `days` fall inside any absence (first and last day included)."""
    spans = list(absences)
    return sum(1 for d in days if any(first <= d <= last for first, last in spans))


def working_days(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """Monday to Friday from `start` up to, not including, `end`."""
    days, day = [], start
    while day < end:
        if day.weekday() < 5:
            days.append(day)
        day += DAY
    return days


@dataclass(frozen=True)
class Week:
    monday: datetime.date
    status: str
    held: int = 0
    absent: int = 0

    @property
    def year(self) -> int:
        return self.monday.isocalendar()[0]

    @property
    def number(self) -> int:
        return self.monday.isocalendar()[1]

    @property
    def friday(self) -> datetime.date:
        return self.monday + 4 * DAY

    @property
    def status_label(self) -> str:
        return WeekStatus(self.status).label

    @property
    def is_missed(self) -> bool:
        return self.status == WeekStatus.MISSED


def week_grid(
    *,
    start: datetime.date,
    today: datetime.date,
    expectation: Expectation,
    held_on: Iterable[datetime.date] = (),
    absences: Iterable[tuple[datetime.date, datetime.date]] = (),
    calendar: WorkCalendar | None = None,
) -> list[Week]:
    """Every week of the period with its status (see the module's docstring).

    `held_on` are the local dates of held 1:1s (several in a week count once for the
    expectation); `absences` are (first day, last day) pairs, both included; `calendar`
    names the days off (without one, every weekday is a working day).
    """
    end = period_end(start, expectation)
    first_day, end_day = start.toordinal(), end.toordinal()
    off = {d.toordinal() for d in calendar.days_off(start, end)} if calendar else set()
    # Days as ordinals: this runs for every newcomer of a dashboard when it is built.
    away_days: set[int] = set()
    for first, last in absences:
        away_days.update(
            range(max(first.toordinal(), first_day), min(last.toordinal() + 1, end_day))
        )
    held = Counter(monday_of(d) for d in held_on if start <= d < end)
    this_monday = monday_of(today)
    weeks: list[Week] = []
    without = 0  # counted past weeks without a 1:1 since the last one
    monday = monday_of(start)
    while monday < end:
        # The week's working days inside the period: Monday to Friday, from ordinals.
        m = monday.toordinal()
        weekdays = range(max(m, first_day), min(m + 5, end_day))
        if len(weekdays) >= MIN_WORKING_DAYS:
            days = [d for d in weekdays if d not in off] if off else weekdays
            away = len(away_days.intersection(days)) if away_days else 0
            excused = len(days) - away < MIN_WORKING_DAYS
            if held[monday]:
                status = WeekStatus.MET
                without = 0
            elif len(days) < MIN_WORKING_DAYS:
                status = WeekStatus.HOLIDAY
            elif excused:
                status = WeekStatus.EXCUSED
            elif monday >= this_monday:
                status = WeekStatus.TO_COME
            else:
                without += 1
                if without >= expectation.every_weeks:
                    status = WeekStatus.MISSED
                    without = 0
                else:
                    status = WeekStatus.NOT_DUE
            weeks.append(Week(monday=monday, status=status, held=held[monday], absent=away))
        monday += WEEK
    return weeks


@dataclass
class Compliance:
    """A newcomer's weekly 1:1 record: the grid and what the dashboards say about it."""

    start: datetime.date
    end: datetime.date
    today: datetime.date
    expectation: Expectation
    weeks: list[Week] = field(default_factory=list)

    @property
    def last_day(self) -> datetime.date:
        return self.end - DAY

    @property
    def started(self) -> bool:
        return self.today >= self.start

    @property
    def running(self) -> bool:
        return self.start <= self.today < self.end

    @property
    def over(self) -> bool:
        return self.today >= self.end

    def _count(self, status: str) -> int:
        return sum(1 for w in self.weeks if w.status == status)

    @property
    def met(self) -> int:
        return self._count(WeekStatus.MET)

    @property
    def missed(self) -> int:
        return self._count(WeekStatus.MISSED)

    @property
    def excused(self) -> int:
        """Excused weeks so far (this week included); planned absences ahead are not."""
        this_monday = monday_of(self.today)
        return sum(
            1 for w in self.weeks if w.status == WeekStatus.EXCUSED and w.monday <= this_monday
        )

    @property
    def due(self) -> int:
        """Weeks decided so far: a 1:1 was held, or one was due and did not happen."""
        return self.met + self.missed

    @property
    def share(self) -> int | None:
        """Per cent of decided weeks that were met; None before any week is decided."""
        return round(100 * self.met / self.due) if self.due else None

    @property
    def past(self) -> list[Week]:
        this_monday = monday_of(self.today)
        return [w for w in self.weeks if w.monday < this_monday]

    @property
    def recent(self) -> list[Week]:
        """The last RECENT_WEEKS weeks before this one (fewer early in the period)."""
        return self.past[-RECENT_WEEKS:]

    @property
    def recent_missed(self) -> list[Week]:
        return [w for w in self.recent if w.is_missed]

    def since(self, first_monday: datetime.date) -> tuple[int, int]:
        """(met, due) counting only the weeks from `first_monday` on."""
        weeks = [w for w in self.weeks if w.monday >= first_monday]
        met = sum(1 for w in weeks if w.status == WeekStatus.MET)
        return met, met + sum(1 for w in weeks if w.status == WeekStatus.MISSED)


def compliance(
    *,
    start: datetime.date,
    today: datetime.date,
    expectation: Expectation,
    held_on: Iterable[datetime.date] = (),
    absences: Iterable[tuple[datetime.date, datetime.date]] = (),
    calendar: WorkCalendar | None = None,
) -> Compliance:
    return Compliance(
        start=start,
        end=period_end(start, expectation),
        today=today,
        expectation=expectation,
        weeks=week_grid(
            start=start,
            today=today,
            expectation=expectation,
            held_on=held_on,
            absences=absences,
            calendar=calendar,
        ),
    )


def quiet_fortnight(
    *,
    start: datetime.date,
    today: datetime.date,
    expectation: Expectation,
    last_held: datetime.date | None,
    absences: Iterable[tuple[datetime.date, datetime.date]] = (),
    calendar: WorkCalendar | None = None,
) -> bool:
    """The plan list's flag "no supervision in two weeks": the newcomer started at least
    14 days ago, is inside the period of regular 1:1s, no supervision session was held
    in the 14 days up to today (a session exactly two weeks ago still counts), and
    absences and days off (the calendar's holidays and closed days) together do not
    cover MIN_WORKING_DAYS or more of the weekdays in those 14 days (the same amount
    that excuses a week)."""
    window_start = today - 14 * DAY
    if start > window_start or not in_period(start, today, expectation):
        return False
    if last_held is not None and last_held >= window_start:
        return False
    days = working_days(window_start, today + DAY)
    off = calendar.days_off(window_start, today + DAY) if calendar else {}
    at_work = [d for d in days if d not in off]
    return absent_days(at_work, absences) + len(off) < MIN_WORKING_DAYS
