"""Bounds on what people type: a window for each kind of date, the longest e-mail address,
and search text without NUL, so that whatever a form or a service accepts can be stored,
listed and put in a calendar.

Without them a plan item due 9999-12-31 was saved and the newcomer's calendar feed then
failed for good (the day after it does not exist), a supervision session could be dated
year 1, and a NUL in a search failed on PostgreSQL, which cannot hold one even in a query.

Every window starts on a fixed day, so an old record never falls out of its own window
and can always be edited, and ends some years after today, which only grows. The forms
check a date with `lms.core.forms.BoundedDateField`, the services with `DateWindow.check`:
the same window and the same Swedish message either way.
"""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

#: The first day of the product's own records: plans, sessions, courses, pairings.
RECORDS_FROM = datetime.date(2000, 1, 1)
#: The first day of a working life someone in the service may still have.
CAREERS_FROM = datetime.date(1950, 1, 1)
#: The longest address mail can be delivered to (RFC 5321), and what the column holds.
EMAIL_MAX = 254
#: Free text whose column has no limit (descriptions, information to participants):
#: the longest note the product keeps elsewhere, pages long.
LONG_TEXT_MAX = 8000
#: The longest search a list takes; the search boxes say so too (maxlength).
QUERY_MAX = 100


def years_from(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` later (or earlier); 29 February becomes the 28th."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class DateWindow:
    """The days one kind of date may take: from `earliest` to `years_ahead` years after
    today. Callable, so it serves as a form field's validator as it is."""

    earliest: datetime.date
    years_ahead: int

    def bounds(self, today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
        today = today or timezone.localdate()
        return self.earliest, years_from(today, self.years_ahead)

    def message(self, today: datetime.date | None = None) -> str:
        first, last = self.bounds(today)
        return _("Ange ett datum mellan %(first)s och %(last)s.") % {
            "first": first.isoformat(),
            "last": last.isoformat(),
        }

    def contains(self, value: datetime.date | datetime.datetime, today=None) -> bool:
        first, last = self.bounds(today)
        try:
            day = _local_day(value)
        except (OverflowError, ValueError):  # a moment at the very ends of the calendar
            return False
        return first <= day <= last

    def check(self, value, *, field: str | None = None, today=None) -> None:
        """A Swedish ValidationError (on `field` when named) for a date, or a moment's
        local day, outside the window; None is for the caller to judge."""
        if value is None or self.contains(value, today):
            return
        message = self.message(today)
        raise ValidationError({field: message} if field else message, code="date_window")

    def __call__(self, value) -> None:
        self.check(value)


def _local_day(value: datetime.date | datetime.datetime) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


#: When someone began working in the profession: never in the future.
PROFESSION = DateWindow(CAREERS_FROM, 0)
#: An employment's first and last day: registered before the first day, a fixed term's
#: end a few years ahead.
EMPLOYMENT = DateWindow(CAREERS_FROM, 5)
#: A plan's first day, and the day a closed plan's work goes on: a plan is written in
#: the months before someone starts.
PLAN = DateWindow(RECORDS_FROM, 2)
#: When something is to be done: a plan item, a follow-up agreed in a session. An item
#: is also held to its plan's first day by the plans services.
DUE = DateWindow(RECORDS_FROM, 10)
#: A supervision session: held, or planned for the near future.
SESSION = DateWindow(RECORDS_FROM, 1)
#: Days away, marked before or after.
ABSENCE = DateWindow(RECORDS_FROM, 2)
#: A mentor's availability and a pairing's start and planned end.
MENTORING = DateWindow(RECORDS_FROM, 5)
#: Course days, booking deadlines, programme versions, series: as far ahead as a
#: calendar file may be imported (`programme.ics_import`).
COURSE = DateWindow(RECORDS_FROM, 10)
#: The date a news item on the site is shown with.
NEWS = DateWindow(RECORDS_FROM, 1)
#: A day to narrow a list by.
FILTER = DateWindow(RECORDS_FROM, 10)


def whole_number(value, *, max_digits: int = 9) -> int | None:
    """A number sent in a query or a hidden field (an id, a page, a revision), or None.
    Only the digits 0-9: str.isdigit() also passes "²", which int() then refuses, and a
    few thousand digits are more than int() reads or a database column holds."""
    text = value if isinstance(value, str) else ""
    if not text or len(text) > max_digits or not text.isascii() or not text.isdigit():
        return None
    return int(text)


def has_forbidden_characters(text: str) -> bool:
    """NUL and the other control characters that are not white space: no one types
    them, PostgreSQL refuses NUL outright, and the rest only disturb a page."""
    return any(unicodedata.category(ch) == "Cc" and not ch.isspace() for ch in text)


def query_text(params: Mapping, name: str = "q", *, max_length: int = QUERY_MAX):
    """A search parameter as a list uses it: stripped and cut to `max_length`, and the
    message to show when it is refused (then the text is empty). A refused search is
    answered with the message, never with a server error."""
    raw = params.get(name, "")
    text = raw if isinstance(raw, str) else ""
    if has_forbidden_characters(text):
        return "", _("Sökningen innehåller tecken som inte går att söka på. Skriv bara text.")
    return text.strip()[:max_length], ""
