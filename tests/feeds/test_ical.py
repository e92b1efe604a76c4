import datetime
from zoneinfo import ZoneInfo

import pytest

from lms.feeds import ical, selectors
from lms.programme import services as programme_services
from lms.programme.models import CourseSession, Enrolment

from .helpers import UTC, by_uid, events, parse

pytestmark = pytest.mark.django_db

T = datetime.time


def _programme_body() -> bytes:
    sessions = selectors.with_days(selectors.programme_sessions())
    return ical.programme_calendar(sessions, name="Introduktionsprogrammet")


def test_calendar_properties_and_timezone(module, make_session):
    make_session(module)
    body = _programme_body()
    text = body.decode()
    assert "\r\n" in text
    calendar, second = parse(body)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == ical.PRODID
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["X-WR-CALNAME"]) == "Introduktionsprogrammet"
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Stockholm"
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT4H" in text
    assert "X-PUBLISHED-TTL:PT4H" in text
    timezones = calendar.walk("VTIMEZONE")
    assert [str(tz["TZID"]) for tz in timezones] == ["Europe/Stockholm"]
    assert "DTSTART;TZID=Europe/Stockholm:20260330T090000" in text
    assert "DTEND;TZID=Europe/Stockholm:20260330T160000" in text
    assert len(second.events) == 1
    assert second.timezones[0].tz_id == "Europe/Stockholm"


@pytest.mark.parametrize(
    ("day", "utc_hour"),
    [
        (datetime.date(2026, 3, 27), 8),  # winter time, UTC+1
        (datetime.date(2026, 3, 30), 7),  # after the spring change (29 March), UTC+2
        (datetime.date(2026, 10, 26), 8),  # after the autumn change (25 October), UTC+1
    ],
)
def test_local_times_are_the_right_instants(module, make_session, day, utc_hour):
    make_session(module, (day, T(9), T(12)))
    body = _programme_body()
    calendar, second = parse(body)
    (event,) = calendar.walk("VEVENT")
    expected = datetime.datetime.combine(day, T(utc_hour), tzinfo=UTC)
    assert event.decoded("DTSTART").astimezone(UTC) == expected
    assert event["DTSTART"].params["TZID"] == "Europe/Stockholm"
    assert second.events[0].dtstart.astimezone(UTC) == expected
    assert second.events[0].dtend.astimezone(UTC) == expected + datetime.timedelta(hours=3)
    # The hand-written VTIMEZONE itself gives the same offset as the tz database.
    vtimezone = calendar.walk("VTIMEZONE")[0].to_tz()
    local = datetime.datetime.combine(day, T(9))
    assert vtimezone.utcoffset(local) == ZoneInfo("Europe/Stockholm").utcoffset(local)


def test_one_event_per_day_with_stable_uids(module, make_session, settings):
    settings.SITE_URL = "https://introduktion.example.se"
    session = make_session(
        module,
        (datetime.date(2026, 4, 14), T(9), T(16)),
        (datetime.date(2026, 4, 15), T(8, 30), T(12)),
    )
    day1, day2 = session.days.order_by("date")
    first = by_uid(_programme_body())
    assert set(first) == {
        f"session-{session.pk}-day-{day1.pk}@introduktion.example.se",
        f"session-{session.pk}-day-{day2.pk}@introduktion.example.se",
    }
    assert set(by_uid(_programme_body())) == set(first)
    for event in first.values():
        assert str(event["SUMMARY"]) == "Utredning enligt BBIC"
        assert str(event["STATUS"]) == "CONFIRMED"
        assert str(event["LOCATION"]) == "Stadshuset, sal 3"
        assert "Ta med dator." in str(event["DESCRIPTION"])
        assert "DTEND" in event
        assert "DTSTAMP" in event
        assert event.decoded("DTSTAMP").utcoffset() == datetime.timedelta(0)
        assert int(event["SEQUENCE"]) == 0


def test_drafts_are_left_out_and_other_programmes_too(module, make_session, part):
    published = make_session(module)
    make_session(module, status=CourseSession.Status.DRAFT)
    old = part.programme
    old.is_current = False
    old.save()
    assert events(_programme_body()) == []
    old.is_current = True
    old.save()
    uids = list(by_uid(_programme_body()))
    assert len(uids) == 1
    assert uids[0].startswith(f"session-{published.pk}-")


def test_cancelled_session_stays_marked_and_sequence_bumps(module, make_session, coordinator):
    session = make_session(module, online_url="https://meet.example.se/abc")
    (before,) = events(_programme_body())
    assert int(before["SEQUENCE"]) == 0
    assert str(before["URL"]) == "https://meet.example.se/abc"
    programme_services.session_cancel(session=session, by=coordinator)
    body = _programme_body()
    calendar, second = parse(body)
    (after,) = calendar.walk("VEVENT")
    assert str(after["UID"]) == str(before["UID"])
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1
    assert str(after["STATUS"]) == "CANCELLED"
    assert str(after["SUMMARY"]) == "INSTÄLLT: Utredning enligt BBIC"
    assert second.events[0].status.value == "CANCELLED"
    assert second.events[0].sequence == 1


def test_public_feed_has_no_personal_data(module, make_session, book, newcomer):
    session = make_session(module)
    book(session, newcomer)
    text = _programme_body().decode()
    for private in (newcomer.first_name, newcomer.last_name, newcomer.email, "Karin Utbildare"):
        assert private not in text
    assert "ATTENDEE" not in text
    assert "ORGANIZER" not in text


def test_personal_calendar_shows_own_bookings_only(
    module, other_module, make_session, book, newcomer, other_newcomer
):
    admitted = make_session(module)
    waitlisted = make_session(other_module, (datetime.date(2026, 5, 4), T(9), T(12)))
    dropped = make_session(other_module, (datetime.date(2026, 6, 1), T(9), T(12)))
    someone_elses = make_session(module, (datetime.date(2026, 9, 7), T(9), T(12)))
    book(admitted, newcomer)
    book(admitted, other_newcomer)
    book(waitlisted, newcomer, Enrolment.Status.WAITLISTED)
    book(dropped, newcomer, Enrolment.Status.CANCELLED)
    book(someone_elses, other_newcomer)

    body = ical.personal_calendar(newcomer)
    calendar, second = parse(body)
    found = {str(e["UID"]).split("-day-")[0]: e for e in calendar.walk("VEVENT")}
    assert set(found) == {f"session-{s.pk}" for s in (admitted, waitlisted, dropped)}
    assert "Antagen" in str(found[f"session-{admitted.pk}"]["DESCRIPTION"])
    assert "Reserv" in str(found[f"session-{waitlisted.pk}"]["DESCRIPTION"])
    cancelled = found[f"session-{dropped.pk}"]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert str(cancelled["SUMMARY"]).startswith("AVBOKAD: ")
    assert len(second.events) == 3
    text = body.decode()
    for name in (other_newcomer.first_name, other_newcomer.last_name, other_newcomer.email):
        assert name not in text
    assert "Karin Utbildare" not in text


def test_personal_calendar_prefers_the_live_booking(module, make_session, book, newcomer):
    session = make_session(module)
    book(session, newcomer, Enrolment.Status.CANCELLED)
    book(session, newcomer, Enrolment.Status.ADMITTED)
    (event,) = events(ical.personal_calendar(newcomer))
    assert str(event["STATUS"]) == "CONFIRMED"
    assert "Antagen" in str(event["DESCRIPTION"])


def test_personal_calendar_leaves_out_drafts(module, make_session, book, newcomer):
    book(make_session(module, status=CourseSession.Status.DRAFT), newcomer)
    assert events(ical.personal_calendar(newcomer)) == []
