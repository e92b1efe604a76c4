"""Read feeds back with two independent parsers: icalendar and ical."""

import datetime

import icalendar
from ical.calendar_stream import IcsCalendarStream

UTC = datetime.UTC


def parse(body: bytes):
    """Parse with both libraries; return (icalendar.Calendar, ical.Calendar)."""
    first = icalendar.Calendar.from_ical(body)
    second = IcsCalendarStream.calendar_from_ics(body.decode())
    return first, second


def events(body: bytes) -> list:
    return icalendar.Calendar.from_ical(body).walk("VEVENT")


def by_uid(body: bytes) -> dict:
    return {str(e["UID"]): e for e in events(body)}
