"""Reading course dates from an uploaded calendar file (.ics), every limit checked first.

A calendar file is input that can describe anything: one event from year 1 to 9999, a
rule that repeats for ever, eighteen thousand events in a megabyte. Each limit is checked
on the raw values (the file's size, the number of its events, an event's first and last
day) before a single day is expanded or a session is made, so a mistaken or hostile file
costs no more than a small one. A file-wide problem refuses the file; an event-wide one
refuses that event, named, and the rest can still be imported.

The parsed events travel from the preview to the confirmation signed (django.core.signing)
for the coordinator who uploaded them, so the second request neither needs the file again
nor trusts anything the browser could have changed.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import zoneinfo
from dataclasses import dataclass
from typing import NamedTuple

import icalendar
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lms.core.bounds import COURSE, years_from

MAX_IMPORT_BYTES = 1_000_000
MAX_EVENTS = 500
MAX_EVENT_DAYS = 14
#: As far ahead as a course day may be entered by hand, and as far back.
YEARS_AROUND_TODAY = COURSE.years_ahead
ALL_DAY_START, ALL_DAY_END = datetime.time(9), datetime.time(16)
PREVIEW_MAX_AGE = 2 * 60 * 60  # seconds: a preview left over lunch still works
STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
MAX_UID = 255

# RFC 5545 folds long lines with CRLF + space; unfold before counting events.
_UNFOLD = re.compile(rb"\r?\n[ \t]")
_EVENT_BEGIN = re.compile(
    rb"^[ \t]*BEGIN[ \t]*:[ \t]*VEVENT[ \t]*\r?$", re.IGNORECASE | re.MULTILINE
)


class IcsDay(NamedTuple):
    date: datetime.date
    start: datetime.time
    end: datetime.time


@dataclass(frozen=True)
class IcsEvent:
    """One VEVENT as the preview shows it: its days if importable, else why not."""

    key: str  # the UID: stored on the session so the event is never imported twice
    title: str
    place: str = ""
    first: datetime.date | None = None
    last: datetime.date | None = None
    days: tuple[IcsDay, ...] = ()
    refusal: str = ""

    @property
    def importable(self) -> bool:
        return not self.refusal and bool(self.days)

    def as_data(self) -> list:
        days = [
            [d.date.isoformat(), d.start.strftime("%H:%M"), d.end.strftime("%H:%M")]
            for d in self.days
        ]
        return [
            self.key,
            self.title,
            self.place,
            self.first.isoformat() if self.first else None,
            self.last.isoformat() if self.last else None,
            days,
            self.refusal,
        ]

    @classmethod
    def from_data(cls, data: list) -> IcsEvent:
        key, title, place, first, last, days, refusal = data
        return cls(
            key=key,
            title=title,
            place=place,
            first=datetime.date.fromisoformat(first) if first else None,
            last=datetime.date.fromisoformat(last) if last else None,
            days=tuple(
                IcsDay(
                    datetime.date.fromisoformat(d),
                    datetime.time.fromisoformat(s),
                    datetime.time.fromisoformat(e),
                )
                for d, s, e in days
            ),
            refusal=refusal,
        )


class _Refused(Exception):
    """Why one event cannot be imported; the message is formatted with its title later."""

    def __init__(self, message: str, first=None, last=None, **params):
        super().__init__(message)
        self.message, self.first, self.last, self.params = message, first, last, params


def date_window(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The dates an import may use: ten years back and ten years ahead."""
    return years_from(today, -YEARS_AROUND_TODAY), years_from(today, YEARS_AROUND_TODAY)


def _not_a_calendar() -> ValidationError:
    return ValidationError(_("Filen är inte en iCalendar-fil (.ics)."), code="not_calendar")


def _parse(data: bytes) -> list:
    if len(data) > MAX_IMPORT_BYTES:
        raise ValidationError(_("Filen är för stor (högst 1 MB)."), code="too_big")
    if not data.strip():
        raise ValidationError(_("Filen är tom."), code="empty")
    # Counted on the raw text, before the parser spends a second on 18,000 events.
    count = len(_EVENT_BEGIN.findall(_UNFOLD.sub(b"", data)))
    if count > MAX_EVENTS:
        raise _too_many(count)
    try:
        calendar = icalendar.Calendar.from_ical(data)
        events = calendar.walk("VEVENT") if calendar.name == "VCALENDAR" else None
    except Exception as error:  # any parser failure on untrusted input means "not a calendar"
        raise _not_a_calendar() from error
    if events is None:
        raise _not_a_calendar()
    if len(events) > MAX_EVENTS:
        raise _too_many(len(events))
    if not events:
        raise ValidationError(_("Filen innehåller inga kursdatum."), code="no_events")
    return events


def _too_many(count: int) -> ValidationError:
    return ValidationError(
        _(
            "Filen har %(count)s händelser; högst %(max)s går att importera från en fil. "
            "Dela upp den i flera filer."
        )
        % {"count": count, "max": MAX_EVENTS},
        code="too_many",
    )


def ics_events(data: bytes, *, today: datetime.date) -> list[IcsEvent]:
    """Every event of the file, importable or refused with its reason, in file order.

    Raises ValidationError (Swedish) when the file as a whole cannot be used: too big,
    empty, not a calendar, without events, or with more than MAX_EVENTS events.
    """
    window = date_window(today)
    seen: set[str] = set()
    found = []
    for component in _parse(data):
        event = _event(component, window)
        if event.key in seen and not event.refusal:
            event = _with_refusal(
                event, _("Händelsen ”%(title)s” finns två gånger i filen (samma UID).")
            )
        seen.add(event.key)
        found.append(event)
    return found


def _with_refusal(event: IcsEvent, message: str, **params) -> IcsEvent:
    return IcsEvent(
        key=event.key,
        title=event.title,
        place=event.place,
        first=event.first,
        last=event.last,
        refusal=message % {"title": event.title, **params},
    )


def _text(value) -> str:
    return " ".join(str(value or "").split())


def _raw(component, name: str) -> str:
    value = component.get(name)
    try:
        return value.to_ical().decode() if value is not None else ""
    except Exception:  # a broken value still has a text form
        return str(value)


def _key(component) -> str:
    uid = _text(component.get("UID"))
    if not uid:
        # No UID (against RFC 5545): the event's own description still identifies it.
        raw = "|".join(_raw(component, name) for name in ("DTSTART", "DTEND", "SUMMARY"))
        return "ics-" + hashlib.sha256(raw.encode()).hexdigest()
    if len(uid) > MAX_UID:
        return "sha256-" + hashlib.sha256(uid.encode()).hexdigest()
    return uid


def _event(component, window) -> IcsEvent:
    title = _text(component.get("SUMMARY"))[:120] or _("(utan rubrik)")
    event = IcsEvent(key=_key(component), title=title, place=_text(component.get("LOCATION"))[:200])
    try:
        first, last, days = _days(component, window)
    except _Refused as refused:
        event = IcsEvent(
            key=event.key, title=title, place=event.place, first=refused.first, last=refused.last
        )
        return _with_refusal(event, refused.message, **refused.params)
    return IcsEvent(
        key=event.key, title=title, place=event.place, first=first, last=last, days=days
    )


def _value(component, name: str):
    """DTSTART/DTEND as a date or datetime, None when absent, refused when unreadable."""
    if name not in component:
        return None
    try:
        value = component.decoded(name)
    except Exception as error:  # the parser's many ways of saying "broken value"
        raise _Refused(_unreadable()) from error
    if not isinstance(value, datetime.date):
        raise _Refused(_unreadable())
    return value


def _unreadable() -> str:
    return _("Händelsen ”%(title)s” har ett datum eller en tid som inte går att läsa.")


def _day_of(value) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def _days(component, window):
    """(first, last, days) of one event, after every bound is checked on its raw ends."""
    start = _value(component, "DTSTART")
    first = _day_of(start) if start is not None else None  # shown even when refused
    if str(component.get("STATUS", "")).upper() == "CANCELLED":
        raise _Refused(_("Händelsen ”%(title)s” är inställd i kalendern."), first)
    if any(name in component for name in ("RRULE", "RDATE", "RECURRENCE-ID")):
        raise _Refused(
            _(
                "Händelsen ”%(title)s” upprepas. Återkommande händelser går inte att "
                "importera; lägg in varje kurstillfälle som en egen händelse."
            ),
            first,
        )
    if start is None:
        raise _Refused(_("Händelsen ”%(title)s” saknar startdatum."))
    timed = isinstance(start, datetime.datetime)
    # Before any arithmetic (year 1 minus a day overflows). A time is checked with a
    # day's slack here and exactly once it is in Stockholm time.
    slack = 1 if timed else 0
    _check_window(first, first, window, slack)
    end = _end(component, start)
    if timed:
        _check_window(first, _day_of(end) if end is not None else first, window, slack)
        return _timed_day(start, end, window)
    last = first
    if end is not None and end < first:
        raise _Refused(_ends_before_start(), first, end)
    if end is not None and end > first:
        last = end - datetime.timedelta(days=1)  # an all-day DTEND is exclusive
    _check_window(first, last, window)
    _check_length(first, last)
    days = tuple(
        IcsDay(first + datetime.timedelta(days=i), ALL_DAY_START, ALL_DAY_END)
        for i in range((last - first).days + 1)
        if (first + datetime.timedelta(days=i)).weekday() < 5
    )
    if not days:
        raise _Refused(_("Händelsen ”%(title)s” ligger bara på en helg."), first, last)
    return first, last, days


def _end(component, start):
    """DTEND, or DTSTART + DURATION; a duration is bounded before it is added."""
    end = _value(component, "DTEND")
    if end is None and "DURATION" in component:
        try:
            duration = component.decoded("DURATION")
        except Exception as error:
            raise _Refused(_unreadable()) from error
        if not isinstance(duration, datetime.timedelta):
            raise _Refused(_unreadable())
        if abs(duration.days) > MAX_EVENT_DAYS:
            raise _too_long(abs(duration.days), _day_of(start))
        end = start + duration
    if end is not None and isinstance(end, datetime.datetime) != isinstance(
        start, datetime.datetime
    ):
        raise _Refused(_unreadable(), _day_of(start))
    return end


def _check_window(first, last, window, slack: int = 0) -> None:
    low, high = window
    margin = datetime.timedelta(days=slack)
    for day in (first, last):
        if not low - margin <= day <= high + margin:
            raise _Refused(
                _(
                    "Händelsen ”%(title)s” har datumet %(date)s; bara datum från %(low)s "
                    "till %(high)s går att importera."
                ),
                first,
                last,
                date=day.isoformat(),
                low=low.isoformat(),
                high=high.isoformat(),
            )


def _too_long(n_days: int, first=None, last=None) -> _Refused:
    return _Refused(
        _("Händelsen ”%(title)s” varar %(days)s dagar; högst %(max)s dagar går att importera."),
        first,
        last,
        days=n_days,
        max=MAX_EVENT_DAYS,
    )


def _check_length(first: datetime.date, last: datetime.date) -> None:
    n_days = (last - first).days + 1
    if n_days > MAX_EVENT_DAYS:
        raise _too_long(n_days, first, last)


def _ends_before_start() -> str:
    return _("Händelsen ”%(title)s” slutar innan den börjar.")


def _local(value: datetime.datetime) -> datetime.datetime:
    if value.tzinfo is None:  # "floating" time: read as the municipality's own
        value = value.replace(tzinfo=STOCKHOLM)
    return value.astimezone(STOCKHOLM)


def _timed_day(start: datetime.datetime, end: datetime.datetime | None, window):
    start = _local(start)
    end = _local(end) if end is not None else None
    first = start.date()
    last = end.date() if end is not None else first
    _check_window(first, last, window)
    if end is not None and end < start:
        raise _Refused(_ends_before_start(), first, last)
    _check_length(first, last)
    if last != first:
        raise _Refused(
            _(
                "Händelsen ”%(title)s” har klockslag men börjar och slutar olika dagar. "
                "Gör den till en heldagshändelse eller en händelse per dag."
            ),
            first,
            last,
        )
    start_time = start.time().replace(second=0, microsecond=0)
    end_time = end.time().replace(second=0, microsecond=0) if end is not None else ALL_DAY_END
    if end_time <= start_time:
        raise _Refused(
            _("Händelsen ”%(title)s”: sluttiden måste vara efter starttiden."), first, last
        )
    return first, last, (IcsDay(first, start_time, end_time),)


def check_importable(event: IcsEvent, *, today: datetime.date) -> None:
    """The bounds again, on an event about to become a session (defence in depth)."""
    low, high = date_window(today)
    ok = (
        event.importable
        and len(event.days) <= MAX_EVENT_DAYS
        and all(low <= d.date <= high and d.start < d.end for d in event.days)
        and len(event.key) <= MAX_UID
    )
    if not ok:
        raise ValidationError(
            _("Händelsen ”%(title)s” går inte att importera.") % {"title": event.title}
        )


# -- from the preview to the confirmation ---------------------------------------------


def _salt(user_id: int) -> str:
    return f"programme.ics_import:{user_id}"


def preview_dumps(*, module_id: int, events: list[IcsEvent], user_id: int) -> str:
    """The parsed events, signed for this coordinator, to carry in a hidden field."""
    payload = {"module": module_id, "events": [e.as_data() for e in events]}
    return signing.dumps(payload, salt=_salt(user_id), compress=True)


def preview_loads(token: str, *, user_id: int) -> tuple[int, list[IcsEvent]]:
    """Back from the hidden field; a changed, foreign or stale token is refused."""
    try:
        payload = signing.loads(token, salt=_salt(user_id), max_age=PREVIEW_MAX_AGE)
        events = [IcsEvent.from_data(row) for row in payload["events"]][:MAX_EVENTS]
        return int(payload["module"]), events
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise ValidationError(
            _("Förhandsgranskningen har gått ut eller är ändrad. Ladda upp filen igen.")
        ) from error
