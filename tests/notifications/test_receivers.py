"""Mail other apps send themselves still lands in the notification log, and only as much
of it as the log may show: the subject, never a link with a token."""

import pytest

from lms.accounts import tasks as account_tasks
from lms.mentoring import tasks as mentoring_tasks
from lms.notifications.models import EmailStatus, Notification
from tests.factories import UserFactory
from tests.mentoring.factories import PairingFactory

pytestmark = pytest.mark.django_db


def test_an_invitation_is_logged_as_account_security_outside_the_bell():
    user = UserFactory(preferred_language="sv")
    assert account_tasks.invitation_send(user.pk, "Anna Chef") is True
    entry = Notification.objects.get(recipient=user)
    assert entry.kind == "account_security" and entry.email_status == EmailStatus.SENT
    assert not entry.in_inbox and entry.sent_at is not None
    assert entry.title == entry.params["subject"] and "Introduktion" in entry.title
    assert "key" not in str(entry.params) and "password" not in str(entry.params).lower()
    user.refresh_from_db()
    assert user.unread_notifications == 0


def test_a_pairing_mail_is_logged_and_shown_in_the_mentors_bell(newcomer, mentor, manager):
    pairing = PairingFactory(newcomer=newcomer, mentor=mentor, created_by=manager)
    assert mentoring_tasks.pairing_notify(pairing.pk, "started") is True
    entry = Notification.objects.get(recipient=mentor)
    assert entry.kind == "mentor_pairing" and entry.in_inbox
    assert entry.title == f"Du är mentor för {newcomer}"
    assert entry.url.startswith("/")
    mentor.refresh_from_db()
    assert mentor.unread_notifications == 1


def test_nothing_is_logged_when_nothing_was_sent():
    inactive = UserFactory(is_active=False)
    assert account_tasks.invitation_send(inactive.pk, "Anna Chef") is False
    assert not Notification.objects.exists()
