"""Cancelling a session or someone's booking asks first, says who will be told, and
sends the reason given to the people told."""

import pytest
from django.core import mail
from django.urls import reverse

from lms.accounts.models import Role
from lms.notifications.models import Notification
from lms.programme import services
from lms.programme.models import CourseSession, Enrolment
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
S = Enrolment.Status
REASON = "Utbildaren är sjuk. Ett nytt datum kommer i april."


def url(name, *args):
    return reverse(f"programme:{name}", args=args)


def _booked(session, unit, manager, n):
    people = [UserFactory(unit=unit, roles=[Role.NEWCOMER]) for _ in range(n)]
    for person in people:
        services.enrolment_nominate(session=session, person=person, by=manager)
    return people


# -- a session ---------------------------------------------------------------------------


def test_the_session_page_links_to_the_confirmation_instead_of_cancelling(
    client, coordinator, make_session
):
    session = make_session()
    client.force_login(coordinator)
    html = client.get(url("session_detail", session.pk)).content.decode()
    assert f'href="{url("session_cancel", session.pk)}"' in html
    assert f'action="{url("session_cancel", session.pk)}"' not in html


def test_the_confirmation_says_how_many_are_told_and_changes_nothing(
    client, coordinator, manager, unit, make_session
):
    session = make_session(capacity=3)
    _booked(session, unit, manager, 3)
    client.force_login(coordinator)
    response = client.get(url("session_cancel", session.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert "3 deltagare får ett meddelande om att kurstillfället ställs in" in html
    assert 'name="reason"' in html and "csrfmiddlewaretoken" in html
    session.refresh_from_db()
    assert session.status == CourseSession.Status.PUBLISHED


def test_cancelling_without_a_reason_is_refused_in_swedish_when_people_are_told(
    client, coordinator, manager, unit, make_session, django_capture_on_commit_callbacks
):
    session = make_session()
    _booked(session, unit, manager, 1)
    mail.outbox.clear()
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("session_cancel", session.pk), {"reason": "   "})
    assert response.status_code == 200
    assert "Skriv varför." in response.content.decode()
    session.refresh_from_db()
    assert session.status == CourseSession.Status.PUBLISHED
    assert not Notification.objects.filter(params__change="session_cancelled").exists()


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("x" * 1001, "Anledningen får vara högst 1000 tecken."),
        ("Sjuk\x00utbildare", "Anledningen innehåller otillåtna tecken."),
    ],
)
def test_a_too_long_reason_or_one_with_nul_is_refused(
    client, coordinator, manager, unit, make_session, reason, message
):
    session = make_session()
    _booked(session, unit, manager, 1)
    client.force_login(coordinator)
    response = client.post(url("session_cancel", session.pk), {"reason": reason})
    assert message in response.content.decode()
    session.refresh_from_db()
    assert session.status == CourseSession.Status.PUBLISHED


def test_the_reason_reaches_every_participants_cancellation_mail(
    client, coordinator, manager, unit, make_session, django_capture_on_commit_callbacks
):
    session = make_session(capacity=2)
    people = _booked(session, unit, manager, 2)
    mail.outbox.clear()
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("session_cancel", session.pk), {"reason": REASON})
    assert response["Location"] == url("session_detail", session.pk)
    session.refresh_from_db()
    assert session.status == CourseSession.Status.CANCELLED
    assert session.cancel_reason == REASON
    cancelled = [m for m in mail.outbox if "Inställt" in m.subject]
    assert sorted(m.to[0] for m in cancelled) == sorted(p.email for p in people)
    assert all(f"Motivering: {REASON}" in m.body for m in cancelled)


def test_posting_twice_tells_the_participants_once(
    client, coordinator, manager, unit, make_session, django_capture_on_commit_callbacks
):
    session = make_session()
    _booked(session, unit, manager, 1)
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("session_cancel", session.pk), {"reason": REASON})
        response = client.post(url("session_cancel", session.pk), {"reason": "Igen"}, follow=True)
    assert "Kurstillfället är redan inställt." in [str(m) for m in response.context["messages"]]
    assert Notification.objects.filter(params__change="session_cancelled").count() == 1
    session.refresh_from_db()
    assert session.cancel_reason == REASON


def test_a_session_nobody_booked_is_cancelled_without_a_reason(client, coordinator, make_session):
    session = make_session()
    client.force_login(coordinator)
    assert "Ingen är anmäld" in client.get(url("session_cancel", session.pk)).content.decode()
    client.post(url("session_cancel", session.pk), {"reason": ""})
    session.refresh_from_db()
    assert session.status == CourseSession.Status.CANCELLED


@pytest.mark.parametrize("who", ["newcomer", "manager"])
def test_only_those_who_run_the_programme_see_or_use_the_confirmation(
    client, request, make_session, who
):
    session = make_session()
    client.force_login(request.getfixturevalue(who))
    assert client.get(url("session_cancel", session.pk)).status_code == 403
    assert client.post(url("session_cancel", session.pk), {"reason": REASON}).status_code == 403
    session.refresh_from_db()
    assert session.status == CourseSession.Status.PUBLISHED


# -- a booking ---------------------------------------------------------------------------


def test_the_participant_list_links_to_the_confirmation(client, manager, newcomer, make_session):
    session = make_session()
    enrolment = services.enrolment_nominate(session=session, person=newcomer, by=manager)
    client.force_login(manager)
    html = client.get(url("session_detail", session.pk)).content.decode()
    confirm = url("enrolment_cancel", enrolment.pk)
    assert f'href="{confirm}?next=' in html
    assert f'action="{confirm}"' not in html


def test_cancelling_someone_elses_booking_says_who_is_told_and_who_moves_up(
    client, manager, unit, make_session
):
    session = make_session(capacity=1)
    first, second = _booked(session, unit, manager, 2)
    enrolment = Enrolment.objects.get(person=first)
    client.force_login(manager)
    html = client.get(url("enrolment_cancel", enrolment.pk)).content.decode()
    assert f"{first} får ett meddelande om att anmälan är avbokad" in html
    assert f"den första på reservlistan, {second}" in html
    assert 'name="reason"' in html
    enrolment.refresh_from_db()
    assert enrolment.status == S.ADMITTED


def test_someone_elses_booking_needs_a_reason(client, manager, newcomer, make_session):
    enrolment = services.enrolment_nominate(session=make_session(), person=newcomer, by=manager)
    client.force_login(manager)
    response = client.post(url("enrolment_cancel", enrolment.pk), {"reason": ""})
    assert response.status_code == 200
    assert "Skriv varför." in response.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.status == S.ADMITTED


def test_the_reason_reaches_the_person_and_the_booking(
    client, manager, newcomer, make_session, django_capture_on_commit_callbacks
):
    enrolment = services.enrolment_nominate(session=make_session(), person=newcomer, by=manager)
    mail.outbox.clear()
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("enrolment_cancel", enrolment.pk), {"reason": REASON})
        client.post(url("enrolment_cancel", enrolment.pk), {"reason": REASON})  # twice
    enrolment.refresh_from_db()
    assert enrolment.status == S.CANCELLED and enrolment.cancel_reason == REASON
    [message] = [m for m in mail.outbox if "Avbokad" in m.subject]
    assert message.to == [newcomer.email]
    assert f"Motivering: {REASON}" in message.body


def test_own_booking_is_cancelled_without_a_reason_and_back_where_it_began(
    client, newcomer, manager, make_session
):
    enrolment = services.enrolment_nominate(session=make_session(), person=newcomer, by=manager)
    client.force_login(newcomer)
    page = client.get(url("enrolment_cancel", enrolment.pk), {"next": url("courses")})
    html = page.content.decode()
    assert "Du får en bekräftelse på avbokningen." in html
    assert 'name="reason"' not in html
    assert f'name="next" value="{url("courses")}"' in html
    response = client.post(url("enrolment_cancel", enrolment.pk), {"next": url("courses")})
    assert response["Location"] == url("courses")
    enrolment.refresh_from_db()
    assert enrolment.status == S.CANCELLED


def test_the_booking_confirmation_is_refused_as_the_cancel_was(
    client, coordinator, manager, newcomer, other_newcomer, make_session
):
    session = make_session()
    theirs = services.enrolment_nominate(session=session, person=other_newcomer, by=coordinator)
    for who in (newcomer, manager):  # another newcomer; the manager of another unit
        client.force_login(who)
        assert client.get(url("enrolment_cancel", theirs.pk)).status_code == 404
        response = client.post(url("enrolment_cancel", theirs.pk), {"reason": REASON})
        assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == S.ADMITTED
