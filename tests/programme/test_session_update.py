"""Changing a session after people booked it: days keep their calendar UIDs, SEQUENCE
moves, attendance is never lost, and those booked are told with an updated invitation."""

import datetime

import icalendar
import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lms.accounts.models import Role
from lms.programme import services
from lms.programme.models import Attendance, CourseSession, SessionDay
from tests.factories import UserFactory

from .conftest import days_from

pytestmark = pytest.mark.django_db


def _update(session, by, days, **details):
    values = {
        "booking_deadline": session.booking_deadline,
        "place": session.place,
        "online_url": session.online_url,
        "trainers": session.trainers,
        "notes": session.notes,
    }
    values.update(details)
    return services.session_update(session=session, by=by, days=days, **values)


def _ics(message, name):
    [content] = [a[1] for a in message.attachments if a[0] == name]
    return icalendar.Calendar.from_ical(content)


def test_moving_the_days_keeps_each_day_row_and_bumps_the_sequence(make_session, coordinator):
    session = make_session(n_days=2, place="Sal 1")
    before = list(session.days.values_list("pk", flat=True))
    sequence = CourseSession.objects.get(pk=session.pk).sequence
    new_first = session.first_day_cache + datetime.timedelta(days=7)
    _update(session, coordinator, days_from(new_first, 2), place="Sal 2")
    session.refresh_from_db()
    assert list(session.days.values_list("pk", flat=True)) == before
    assert [d.date for d in session.days.all()] == [
        new_first,
        new_first + datetime.timedelta(days=1),
    ]
    assert session.first_day_cache == new_first
    assert session.place == "Sal 2"
    assert session.sequence == sequence + 1


def test_swapping_two_dates_does_not_trip_the_unique_date_rule(make_session, coordinator):
    session = make_session(n_days=2)
    first, second = [d.date for d in session.days.all()]
    days = [
        services.DayInput(second, datetime.time(9), datetime.time(12)),
        services.DayInput(first, datetime.time(13), datetime.time(16)),
    ]
    _update(session, coordinator, days)
    assert [(d.date, d.start) for d in session.days.all()] == [
        (first, datetime.time(13)),
        (second, datetime.time(9)),
    ]


def test_adding_and_removing_days(make_session, coordinator):
    session = make_session(n_days=2)
    first = session.first_day_cache
    _update(session, coordinator, days_from(first, 3))
    assert session.days.count() == 3
    _update(session, coordinator, days_from(first, 1))
    assert session.days.count() == 1


def test_an_unchanged_form_changes_nothing(make_session, coordinator):
    session = make_session(n_days=2, place="Sal 1")
    sequence = CourseSession.objects.get(pk=session.pk).sequence
    days = [services.DayInput(d.date, d.start, d.end) for d in session.days.all()]
    _update(session, coordinator, days)
    assert CourseSession.objects.get(pk=session.pk).sequence == sequence


@pytest.mark.parametrize(
    "change, message",
    [
        ({"days": []}, "minst en dag"),
        ({"end_before_start": True}, "sluttiden måste vara efter starttiden"),
        ({"deadline_after": True}, "Sista anmälningsdag kan inte vara efter första kursdagen"),
    ],
)
def test_bad_changes_are_refused_in_swedish_and_nothing_changes(
    make_session, coordinator, change, message
):
    session = make_session(n_days=2, place="Sal 1")
    first = session.first_day_cache
    days = days_from(first + datetime.timedelta(days=3), 2)
    details = {"place": "Sal 9"}
    if "days" in change:
        days = change["days"]
    if change.get("end_before_start"):
        days = [services.DayInput(first, datetime.time(16), datetime.time(9))]
    if change.get("deadline_after"):
        details["booking_deadline"] = first + datetime.timedelta(days=10)
    with pytest.raises(ValidationError) as error:
        _update(session, coordinator, days, **details)
    assert message in " ".join(error.value.messages)
    session.refresh_from_db()
    assert session.place == "Sal 1"
    assert session.first_day_cache == first


def test_a_day_with_attendance_cannot_be_moved_or_dropped(
    make_session, coordinator, manager, newcomer
):
    session = make_session(in_days=-1, n_days=1, publish=True)
    # The booking opened before the session began; attendance now exists for day one.
    CourseSession.objects.filter(pk=session.pk).update(booking_deadline=None)
    session.refresh_from_db()
    day = session.days.get()
    enrolment = session.enrolments.create(person=newcomer, status="admitted")
    services.attendance_mark(enrolment=enrolment, day=day, status="present", by=coordinator)
    later = days_from(day.date + datetime.timedelta(days=7), 1)
    with pytest.raises(ValidationError, match="Närvaro är redan registrerad"):
        _update(session, coordinator, later)
    # Changing the times of a marked day, or adding a day after it, is fine.
    same_day = [services.DayInput(day.date, datetime.time(8), datetime.time(15))]
    _update(session, coordinator, same_day + later)
    assert Attendance.objects.filter(day=day).exists()
    assert session.days.count() == 2


def test_cancelled_sessions_and_other_roles_are_refused(make_session, coordinator, manager):
    session = make_session()
    days = days_from(session.first_day_cache, 1)
    with pytest.raises(PermissionDenied):
        _update(session, manager, days)
    services.session_cancel(session=session, by=coordinator)
    with pytest.raises(ValidationError, match="inställt"):
        _update(session, coordinator, days)


def test_booked_people_are_told_with_the_same_uids(
    make_session, coordinator, manager, unit, django_capture_on_commit_callbacks
):
    session = make_session(n_days=2, capacity=1, place="Sal 1")
    admitted, waiting = (UserFactory(unit=unit, roles=[Role.NEWCOMER]) for _ in range(2))
    services.enrolment_nominate(session=session, person=admitted, by=manager)
    services.enrolment_nominate(session=session, person=waiting, by=manager)
    kept, dropped = session.days.all()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _update(session, coordinator, days_from(kept.date, 1), place="Sal Älven")
    by_person = {m.to[0]: m for m in mail.outbox}
    assert set(by_person) == {admitted.email, waiting.email}

    update = by_person[admitted.email]
    assert "Ändrat" in update.subject
    calendar = _ics(update, "kurstillfalle.ics")
    assert calendar["METHOD"] == "REQUEST"
    [event] = calendar.walk("VEVENT")
    assert str(event["UID"]).startswith(f"session-{session.pk}-day-{kept.pk}@")
    assert event["SEQUENCE"] == CourseSession.objects.get(pk=session.pk).sequence
    assert str(event["LOCATION"]) == "Sal Älven"
    removed = _ics(update, "borttagna-dagar.ics")
    assert removed["METHOD"] == "CANCEL"
    [gone] = removed.walk("VEVENT")
    assert str(gone["UID"]).startswith(f"session-{session.pk}-day-{dropped.pk}@")
    assert not SessionDay.objects.filter(pk=dropped.pk).exists()

    note = by_person[waiting.email]
    assert not [a for a in note.attachments if a[0].endswith(".ics")]
    assert "Sal Älven" in note.body


def test_a_draft_change_sends_nothing(
    make_session, coordinator, django_capture_on_commit_callbacks
):
    session = make_session(publish=False)
    with django_capture_on_commit_callbacks(execute=True):
        _update(session, coordinator, days_from(timezone.localdate() + datetime.timedelta(3), 1))
    assert mail.outbox == []
