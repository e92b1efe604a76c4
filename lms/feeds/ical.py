"""iCalendar builders: plain functions from querysets to bytes (RFC 5545).

Kept apart from the views, which only handle tokens, caching and headers. One VEVENT
per session day, with a UID that never changes (`session-<id>-day-<id>@<host>`), the
session's SEQUENCE, and local times in Europe/Stockholm with a VTIMEZONE so every
client places them right across the daylight-saving changes. Cancelled sessions stay
with STATUS:CANCELLED, and their summary says so too, because Google ignores STATUS.
The public calendars carry no personal data: no participants and no trainers' names.

The personal calendar also carries plan due dates as all-day VEVENTs, not VTODOs:
Google Calendar and Outlook show no tasks from a subscribed calendar at all. They are
TRANSPARENT, so a due date never makes the day look busy. And it carries the supervision
and mentor sessions the person holds or is in: the kind and the other party's short name
(a group: how many newcomers), time and place, never what was said.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

from lms.accounts.models import User
from lms.plans.models import IntroductionPlan, PlanItem, Responsible
from lms.programme.models import CourseSession, Enrolment, SessionDay, booking_sequence
from lms.supervision.models import Session as SupervisionSession
from lms.supervision.models import SessionKind

from . import selectors

logger = logging.getLogger(__name__)

TZID = "Europe/Stockholm"
TZ = ZoneInfo(TZID)
#: How often clients should fetch again (REFRESH-INTERVAL and X-PUBLISHED-TTL).
REFRESH = datetime.timedelta(hours=4)
PRODID = "-//Introduktion//Kalender 1.0//SV"


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def event_uid(session: CourseSession, day: SessionDay) -> str:
    return day_uid(session.pk, day.pk)


def day_uid(session_id: int, day_id: int) -> str:
    return f"session-{session_id}-day-{day_id}@{_host()}"


def plan_item_uid(item_id: int) -> str:
    return f"plan-item-{item_id}@{_host()}"


def supervision_uid(session_id: int) -> str:
    return f"supervision-{session_id}@{_host()}"


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _vtimezone() -> Timezone:
    """Central European time as the EU has kept it since 1996: compact, with RRULEs."""
    timezone = Timezone()
    timezone.add("tzid", TZID)
    timezone.add("x-lic-location", TZID)
    daylight = TimezoneDaylight()
    daylight.add("tzname", "CEST")
    daylight.add("tzoffsetfrom", datetime.timedelta(hours=1))
    daylight.add("tzoffsetto", datetime.timedelta(hours=2))
    daylight.add("dtstart", datetime.datetime(1970, 3, 29, 2, 0, 0))
    daylight.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    standard = TimezoneStandard()
    standard.add("tzname", "CET")
    standard.add("tzoffsetfrom", datetime.timedelta(hours=2))
    standard.add("tzoffsetto", datetime.timedelta(hours=1))
    standard.add("dtstart", datetime.datetime(1970, 10, 25, 3, 0, 0))
    standard.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    timezone.add_component(daylight)
    timezone.add_component(standard)
    return timezone


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", TZID)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT4H")
    calendar.add_component(_vtimezone())
    return calendar


def _utc(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(datetime.UTC)


#: What a stored row can hold that no calendar can: a day after 9999-12-31 or a moment
#: before year 1 once moved to UTC (an overflow), a naive time beside an aware one.
UNRENDERABLE = (OverflowError, ValueError, TypeError)


def _rendered(row, build: Callable[..., Event], *args, **kwargs) -> Event | None:
    """The row's event, or None when its dates cannot be written: the row is left out
    and the rest of the calendar is served, so one bad row never breaks a feed that
    clients fetch every few hours. The log names the model and the id, nothing else."""
    try:
        return build(*args, **kwargs)
    except UNRENDERABLE as error:
        logger.warning(
            "Calendar event left out: %s %s cannot be rendered (%s)",
            row._meta.label,
            row.pk,
            type(error).__name__,
        )
        return None


def _event(
    session: CourseSession,
    day: SessionDay,
    *,
    number: int,
    of: int,
    changed: datetime.datetime,
    cancelled_booking: bool = False,
    booking: str = "",
    sequence: int | None = None,
) -> Event:
    event = Event()
    event.add("uid", event_uid(session, day))
    event.add("dtstamp", _utc(changed))
    event.add("last-modified", _utc(changed))
    event.add("sequence", session.sequence if sequence is None else sequence)
    event.add("dtstart", datetime.datetime.combine(day.date, day.start, tzinfo=TZ))
    event.add("dtend", datetime.datetime.combine(day.date, day.end, tzinfo=TZ))
    title = session.module.title
    if session.status == CourseSession.Status.CANCELLED:
        event.add("summary", _("INSTÄLLT: %(title)s") % {"title": title})
        event.add("status", "CANCELLED")
    elif cancelled_booking:
        event.add("summary", _("AVBOKAD: %(title)s") % {"title": title})
        event.add("status", "CANCELLED")
    else:
        event.add("summary", title)
        event.add("status", "CONFIRMED")
    if session.place:
        event.add("location", session.place)
    if session.online_url:
        event.add("url", session.online_url)
    lines = []
    if booking:
        lines.append(_("Din anmälan: %(status)s") % {"status": booking})
    if of > 1:
        lines.append(_("Dag %(number)s av %(of)s") % {"number": number, "of": of})
    if session.online_url:
        lines.append(_("Länk för distansdeltagande: %(url)s") % {"url": session.online_url})
    if session.notes:
        lines.append(session.notes)
    if lines:
        event.add("description", "\n\n".join(lines))
    event.add("transp", "TRANSPARENT" if event["status"] == "CANCELLED" else "OPAQUE")
    return event


def _session_events(session: CourseSession, **kwargs) -> list[Event]:
    """One event per day; a day that cannot be rendered is left out (and logged)."""
    days = sorted(session.days.all(), key=lambda d: (d.date, d.start))
    events = [
        _rendered(day, _event, session, day, number=number, of=len(days), **kwargs)
        for number, day in enumerate(days, start=1)
    ]
    return [event for event in events if event is not None]


def programme_calendar(sessions: Iterable[CourseSession], *, name: str) -> bytes:
    """A public calendar of sessions (programme or module feed): no personal data.

    Pass sessions with their module and days loaded (`selectors.with_days`).
    """
    calendar = _calendar(name)
    for session in sessions:
        for event in _session_events(session, changed=session.updated_at):
            calendar.add_component(event)
    return calendar.to_ical()


def short_name(person: User) -> str:
    """First name and the initial of the last name ("Anna A."): enough for a mentor or
    supervisor to know whose plan it is, and no more personal data than that."""
    first, last = person.first_name.strip(), person.last_name.strip()
    name = " ".join(part for part in (first, f"{last[:1]}." if last else "") if part)
    return name or str(Responsible.NEWCOMER.label)


def _plan_item_event(item: PlanItem, *, user: User) -> Event:
    """An all-day event on the item's due date. The newcomer's own items link to
    /plans/mine/; someone else's say whose plan it is by short name and link to the plan.
    Never the item's description or reflection."""
    plan = item.plan
    own = plan.newcomer_id == user.pk
    url = _absolute(
        reverse("plans:plan_mine") if own else reverse("plans:plan_detail", args=[plan.pk])
    )
    event = Event()
    event.add("uid", plan_item_uid(item.pk))
    event.add("dtstamp", _utc(item.updated_at))
    event.add("last-modified", _utc(item.updated_at))
    # Every change to an item raises its revision (from 1): a new item has SEQUENCE 0.
    event.add("sequence", max(item.revision - 1, 0))
    event.add("dtstart", item.due_date)
    event.add("dtend", item.due_date + datetime.timedelta(days=1))
    if own:
        event.add("summary", _("Klart senast: %(title)s") % {"title": item.title})
    else:
        event.add(
            "summary",
            _("Klart senast: %(title)s – %(name)s")
            % {"title": item.title, "name": short_name(plan.newcomer)},
        )
    lines = [
        _("Ansvarig: %(role)s") % {"role": item.get_responsible_display()},
        _("Öppna planen: %(url)s") % {"url": url},
    ]
    event.add("description", "\n\n".join(lines))
    event.add("url", url)
    event.add("categories", [capfirst(IntroductionPlan._meta.verbose_name)])
    # A due date is not an appointment: the day stays free (Outlook reads its own flag).
    event.add("transp", "TRANSPARENT")
    event.add("x-microsoft-cdo-busystatus", "FREE")
    return event


def _supervision_event(session: SupervisionSession, *, user: User) -> Event:
    """A session the person holds or is in. The summary names the kind and the other
    party by short name: the author sees the newcomer (a group: how many newcomers),
    a newcomer sees who holds it. Never the shared summary or the private note (the
    selector does not even load them)."""
    event = Event()
    event.add("uid", supervision_uid(session.pk))
    event.add("dtstamp", _utc(session.updated_at))
    event.add("last-modified", _utc(session.updated_at))
    event.add("sequence", session.sequence)
    start = session.starts_at.astimezone(TZ)
    event.add("dtstart", start)
    event.add("dtend", start + datetime.timedelta(minutes=session.duration_minutes))
    newcomers = [a.newcomer for a in session.attendees.all()]
    if session.author_id != user.pk:
        other = short_name(session.author)
    elif session.kind == SessionKind.GROUP or len(newcomers) > 1:
        other = ngettext("%(n)s nyanställd", "%(n)s nyanställda", len(newcomers)) % {
            "n": len(newcomers)
        }
    else:
        other = short_name(newcomers[0]) if newcomers else ""
    title = session.get_kind_display()
    if other:
        title = _("%(kind)s – %(other)s") % {"kind": title, "other": other}
    if session.status == SupervisionSession.Status.CANCELLED:
        event.add("summary", _("INSTÄLLT: %(title)s") % {"title": title})
        event.add("status", "CANCELLED")
        event.add("transp", "TRANSPARENT")
    else:
        event.add("summary", title)
        event.add("status", "CONFIRMED")
        event.add("transp", "OPAQUE")
    if session.place:
        event.add("location", session.place)
    url = _absolute(reverse("supervision:session_detail", args=[session.pk]))
    event.add("description", _("Öppna tillfället: %(url)s") % {"url": url})
    event.add("url", url)
    event.add("categories", [capfirst(str(_("Handledning")))])
    return event


def personal_calendar(user: User) -> bytes:
    """The person's own bookings: requested, admitted, waitlisted, and cancelled ones
    (marked cancelled, so clients remove them). Then the due dates of plan items still to
    do: all of their own active plan's, and the mentor's or supervisor's items of the
    plans where they are mentor or supervisor. Done and removed items, and items of plans
    that are closed or done, are left out, so clients delete them. Last, the supervision
    sessions the person holds or is in: planned, held and cancelled (marked so)."""
    enrolments = (
        selectors.personal_enrolments(user=user)
        .select_related("session__module")
        .prefetch_related("session__days")
        .order_by("session__first_day_cache", "session_id", "created_at", "pk")
    )
    # One event per session day: a live booking wins over earlier cancelled ones.
    chosen: dict[int, Enrolment] = {}
    history: dict[int, list[Enrolment]] = {}
    for enrolment in enrolments:
        history.setdefault(enrolment.session_id, []).append(enrolment)
        previous = chosen.get(enrolment.session_id)
        if (
            previous is None
            or previous.status == Enrolment.Status.CANCELLED
            or enrolment.status != Enrolment.Status.CANCELLED
        ):
            chosen[enrolment.session_id] = enrolment
    calendar = _calendar(_("Introduktion – mina kurser och planpunkter"))
    for enrolment in chosen.values():
        session = enrolment.session
        for event in _session_events(
            session,
            changed=max(session.updated_at, enrolment.updated_at),
            cancelled_booking=enrolment.status == Enrolment.Status.CANCELLED,
            booking=str(enrolment.get_status_display()),
            sequence=booking_sequence(session, history[session.pk]),
        ):
            calendar.add_component(event)
    for item in selectors.personal_plan_items(user=user):
        event = _rendered(item, _plan_item_event, item, user=user)
        if event is not None:
            calendar.add_component(event)
    for session in selectors.personal_sessions(user=user):
        event = _rendered(session, _supervision_event, session, user=user)
        if event is not None:
            calendar.add_component(event)
    return calendar.to_ical()


def _itip(method: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add_component(_vtimezone())
    return calendar


def _people(event: Event, enrolment: Enrolment) -> None:
    event.add(
        "organizer",
        f"mailto:{settings.DEFAULT_FROM_EMAIL}",
        parameters={"CN": settings.WAGTAIL_SITE_NAME},
    )
    event.add(
        "attendee",
        f"mailto:{enrolment.person.email}",
        parameters={
            "CN": enrolment.person.get_full_name() or enrolment.person.email,
            "ROLE": "REQ-PARTICIPANT",
            "PARTSTAT": "ACCEPTED",
            "RSVP": "FALSE",
        },
    )


def removed_days_calendar(enrolment: Enrolment, removed: list[tuple[int, int]]) -> bytes:
    """METHOD CANCEL for days taken out of a session, by the UIDs they had."""
    session = enrolment.session
    calendar = _itip("CANCEL")
    bookings = Enrolment.objects.filter(session=session, person_id=enrolment.person_id)
    sequence = booking_sequence(session, bookings.only("sequence"))
    for session_id, day_id in removed:
        event = Event()
        event.add("uid", day_uid(session_id, day_id))
        event.add("dtstamp", _utc(session.updated_at))
        event.add("sequence", sequence)
        event.add("summary", _("INSTÄLLT: %(title)s") % {"title": session.module.title})
        event.add("status", "CANCELLED")
        _people(event, enrolment)
        calendar.add_component(event)
    return calendar.to_ical()


def invitation_calendar(enrolment: Enrolment, *, cancel: bool) -> bytes:
    """An iTIP message for one person's booking: METHOD REQUEST on admission or change,
    METHOD CANCEL when the booking or the session is cancelled. The UIDs are the feeds'
    own, so a client that also subscribes sees one event, not two."""
    session = enrolment.session
    calendar = _itip("CANCEL" if cancel else "REQUEST")
    bookings = Enrolment.objects.filter(session=session, person_id=enrolment.person_id)
    for event in _session_events(
        session,
        changed=max(session.updated_at, enrolment.updated_at),
        cancelled_booking=cancel,
        booking=enrolment.get_status_display(),
        sequence=booking_sequence(session, bookings.only("sequence")),
    ):
        _people(event, enrolment)
        if cancel:
            event["status"] = "CANCELLED"
        calendar.add_component(event)
    return calendar.to_ical()
