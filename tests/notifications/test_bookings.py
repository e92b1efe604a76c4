import datetime

import icalendar
import pytest
from django.core import mail
from django.utils import timezone

from lms.accounts.models import Role
from lms.programme import services
from lms.programme.models import CourseSession, Module, Part, Programme
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(coordinator):
    programme = Programme.objects.create(
        name="P", version=1, valid_from=datetime.date(2026, 1, 1), is_current=True
    )
    part = Part.objects.create(programme=programme, number=1, title="Del 1", deadline_months=4)
    module = Module.objects.create(
        part=part, title="Bemötande och samtal", slug="samtal", length_days=1
    )
    first = timezone.localdate() + datetime.timedelta(days=20)
    return services.session_create(
        by=coordinator,
        module=module,
        capacity=1,
        publish=True,
        place="Sal Älven",
        days=[services.DayInput(first, datetime.time(9), datetime.time(16))],
    )


def _calendar(message):
    [(_name, content, _mime)] = [a for a in message.attachments if a[0].endswith(".ics")]
    return icalendar.Calendar.from_ical(content)


def test_admission_sends_a_request_with_the_feed_uid(
    session, manager, newcomer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.enrolment_nominate(session=session, person=newcomer, by=manager)
    [message] = mail.outbox
    assert message.to == [newcomer.email]
    assert "Du har fått plats: Bemötande och samtal" in message.subject
    calendar = _calendar(message)
    assert calendar["METHOD"] == "REQUEST"
    [event] = calendar.walk("VEVENT")
    day = session.days.get()
    assert str(event["UID"]) == f"session-{session.pk}-day-{day.pk}@127.0.0.1"
    assert str(event["ATTENDEE"]) == f"mailto:{newcomer.email}"
    assert event["STATUS"] == "CONFIRMED"
    assert any("text/calendar; method=REQUEST" in alt[1] for alt in message.alternatives)


def test_cancellation_sends_a_cancel_and_the_promoted_person_a_request(
    session, manager, newcomer, unit, django_capture_on_commit_callbacks
):
    waiting = UserFactory(unit=unit, roles=[Role.NEWCOMER])
    with django_capture_on_commit_callbacks(execute=True):
        booking = services.enrolment_nominate(session=session, person=newcomer, by=manager)
        services.enrolment_nominate(session=session, person=waiting, by=manager)
    assert "reservlistan" in mail.outbox[1].subject
    assert not [a for a in mail.outbox[1].attachments if a[0].endswith(".ics")]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.enrolment_cancel(enrolment=booking, by=manager)
    cancel, promoted = mail.outbox
    assert cancel.to == [newcomer.email] and _calendar(cancel)["METHOD"] == "CANCEL"
    assert _calendar(cancel).walk("VEVENT")[0]["STATUS"] == "CANCELLED"
    assert promoted.to == [waiting.email] and _calendar(promoted)["METHOD"] == "REQUEST"


def test_a_cancelled_session_tells_everyone_booked(
    session, manager, coordinator, newcomer, django_capture_on_commit_callbacks
):
    services.enrolment_nominate(session=session, person=newcomer, by=manager)
    with django_capture_on_commit_callbacks(execute=True):
        services.session_cancel(session=session, by=coordinator)
    # The admission's own send never ran here (its commit callback was not executed):
    # the outbox still had it, so it leaves with the next run, before the cancellation.
    admitted, message = mail.outbox
    assert "Du har fått plats" in admitted.subject
    assert message.subject.startswith("[") is False and "Inställt" in message.subject
    event = _calendar(message).walk("VEVENT")[0]
    assert event["SEQUENCE"] == CourseSession.objects.get().sequence


def test_nothing_is_sent_when_the_booking_is_rolled_back(session, manager, newcomer):
    from django.core.exceptions import ValidationError
    from django.db import transaction

    with pytest.raises(ValidationError), transaction.atomic():
        services.enrolment_nominate(session=session, person=newcomer, by=manager)
        raise ValidationError("stop")
    assert mail.outbox == []


def test_the_mail_follows_the_persons_language(
    session, manager, newcomer, django_capture_on_commit_callbacks
):
    newcomer.preferred_language = "en"
    newcomer.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.enrolment_nominate(session=session, person=newcomer, by=manager)
    assert mail.outbox[0].subject.startswith("You have a place")


def test_sequence_grows_with_booking_changes_in_invitations_and_the_personal_feed(
    session, manager, newcomer, django_capture_on_commit_callbacks
):
    from lms.feeds import ical

    def personal_sequence():
        [event] = icalendar.Calendar.from_ical(ical.personal_calendar(newcomer)).walk("VEVENT")
        return event["SEQUENCE"]

    seen = []
    with django_capture_on_commit_callbacks(execute=True):
        booking = services.enrolment_nominate(session=session, person=newcomer, by=manager)
    seen.append(personal_sequence())
    with django_capture_on_commit_callbacks(execute=True):
        services.enrolment_cancel(enrolment=booking, by=manager)
    seen.append(personal_sequence())
    with django_capture_on_commit_callbacks(execute=True):
        services.enrolment_nominate(session=session, person=newcomer, by=manager)
    seen.append(personal_sequence())
    mailed = [_calendar(m).walk("VEVENT")[0]["SEQUENCE"] for m in mail.outbox]
    assert [_calendar(m)["METHOD"] for m in mail.outbox] == ["REQUEST", "CANCEL", "REQUEST"]
    assert seen == sorted(set(seen)), seen  # strictly growing, a rebooking included
    assert mailed == seen
