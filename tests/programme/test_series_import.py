import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lms.programme import services
from lms.programme.models import CourseSession

pytestmark = pytest.mark.django_db


def rule(**extra):
    data = {
        "first_month": datetime.date(2027, 1, 1),
        "last_month": datetime.date(2027, 12, 1),
        "weekday": 1,  # Tuesday
        "nth": 2,
    }
    data.update(extra)
    return services.SeriesRule(**data)


def test_second_tuesday_monthly_except_july():
    dates = [days[0] for days in services.series_dates(rule())]
    assert len(dates) == 11
    assert dates[0] == datetime.date(2027, 1, 12)
    assert all(d.weekday() == 1 and 8 <= d.day <= 14 for d in dates)
    assert 7 not in {d.month for d in dates}


def test_multi_day_series_skips_weekends():
    [days] = services.series_dates(
        rule(
            first_month=datetime.date(2027, 1, 1),
            last_month=datetime.date(2027, 1, 1),
            weekday=4,
            nth=-1,
            n_days=2,
        )
    )
    assert days == [datetime.date(2027, 1, 29), datetime.date(2027, 2, 1)]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            {"first_month": datetime.date(2027, 7, 1), "last_month": datetime.date(2027, 7, 1)},
            "Serien ger inga datum",
        ),
        ({"last_month": datetime.date(2026, 1, 1)}, "sista månad kan inte vara före"),
        (
            {
                "nth": 5,
                "first_month": datetime.date(2027, 2, 1),
                "last_month": datetime.date(2027, 2, 1),
            },
            "Serien ger inga datum",
        ),
    ],
)
def test_a_series_without_dates_is_refused(extra, message):
    with pytest.raises(ValidationError, match=message):
        services.series_dates(rule(**extra))


def test_series_creates_every_session_with_deadlines(coordinator, module):
    sessions = services.session_series_create(
        by=coordinator,
        module=module,
        rule=rule(),
        capacity=20,
        deadline_days_before=14,
        place="Sal Älven",
        publish=True,
    )
    assert len(sessions) == 11
    first = sessions[0]
    assert first.booking_deadline == datetime.date(2026, 12, 29)
    assert first.status == CourseSession.Status.PUBLISHED


def test_series_is_for_coordinators(manager, module):
    with pytest.raises(PermissionDenied):
        services.session_series_create(by=manager, module=module, rule=rule(), capacity=5)
    assert not CourseSession.objects.exists()


ICS = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Test//EN
BEGIN:VEVENT
UID:a@test
DTSTART;TZID=Europe/Stockholm:20270330T090000
DTEND;TZID=Europe/Stockholm:20270330T160000
LOCATION:Sal Älven
SUMMARY:Del 1
END:VEVENT
BEGIN:VEVENT
UID:b@test
DTSTART:20271102T080000Z
DTEND:20271102T150000Z
SUMMARY:Del 1
END:VEVENT
BEGIN:VEVENT
UID:c@test
DTSTART;VALUE=DATE:20271111
DTEND;VALUE=DATE:20271113
SUMMARY:Del 1 heldag
END:VEVENT
BEGIN:VEVENT
UID:d@test
STATUS:CANCELLED
DTSTART;VALUE=DATE:20271201
SUMMARY:Inställt
END:VEVENT
END:VCALENDAR
""".encode()


def test_import_reads_times_in_stockholm_time_and_all_day_events(coordinator, module):
    sessions = services.sessions_import_ics(by=coordinator, module=module, data=ICS, capacity=20)
    assert len(sessions) == 3
    first, second, third = ([(d.date, d.start, d.end) for d in s.days.all()] for s in sessions)
    assert first == [(datetime.date(2027, 3, 30), datetime.time(9), datetime.time(16))]
    assert sessions[0].place == "Sal Älven"
    # 08:00Z on 2 November is 09:00 in Stockholm: summer time ended on 31 October.
    assert second == [(datetime.date(2027, 11, 2), datetime.time(9), datetime.time(16))]
    assert [d for d, _s, _e in third] == [datetime.date(2027, 11, 11), datetime.date(2027, 11, 12)]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"hello, this is not a calendar", "inte en iCalendar-fil"),
        (b"BEGIN:VCALENDAR\nVERSION:2.0\nEND:VCALENDAR\n", "inga kursdatum"),
        (b"\xff\xfe\x00garbage", "inte en iCalendar-fil"),
        (b"x" * 1_000_001, "för stor"),
    ],
)
def test_bad_files_are_refused_in_swedish_and_nothing_is_saved(coordinator, module, data, message):
    with pytest.raises(ValidationError, match=message):
        services.sessions_import_ics(by=coordinator, module=module, data=data, capacity=20)
    assert not CourseSession.objects.exists()


def test_an_event_ending_before_it_starts_saves_nothing(coordinator, module):
    bad = ICS.replace(b"DTEND:20271102T150000Z", b"DTEND:20271102T070000Z")
    with pytest.raises(ValidationError, match="sluttiden måste vara efter starttiden"):
        services.sessions_import_ics(by=coordinator, module=module, data=bad, capacity=20)
    assert not CourseSession.objects.exists()
