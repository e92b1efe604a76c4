"""Account e-mails sent by allauth appear in the notification log, without their link."""

import pytest
from django.core import mail
from django.urls import reverse

from lms.notifications.models import EmailStatus, Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_password_reset_is_logged_as_account_security(client, newcomer, admin_user):
    response = client.post(reverse("account_reset_password"), {"email": newcomer.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    row = Notification.objects.get(recipient=newcomer)
    assert row.kind == "account_security"
    assert row.key.startswith("account_security:")
    assert row.email_status == EmailStatus.SENT and row.sent_at and row.attempts == 1
    assert not row.in_inbox
    assert row.params == {"subject": mail.outbox[0].subject}
    assert row.title == mail.outbox[0].subject
    # The reset link and its token stay in the e-mail only.
    assert "http" not in str(row.params) and "/password/reset/key/" not in str(row.params)
    newcomer.refresh_from_db()
    assert newcomer.unread_notifications == 0

    client.force_login(admin_user)
    html = client.get(reverse("notifications:log"), {"kind": "account_security"}).content.decode()
    assert "Kontosäkerhet" in html and mail.outbox[0].subject in html


def test_an_unknown_address_writes_no_line(client, db):
    client.post(reverse("account_reset_password"), {"email": "nobody@example.test"})
    assert not Notification.objects.exists()


def test_coordinators_do_not_see_account_mails(client, newcomer, coordinator):
    client.post(reverse("account_reset_password"), {"email": newcomer.email})
    client.force_login(coordinator)
    html = client.get(reverse("notifications:log")).content.decode()
    assert "Kontosäkerhet" not in html and "0 meddelanden." in html


def test_an_invitation_is_logged_as_account_security(
    manager, unit, django_capture_on_commit_callbacks
):
    from lms.accounts import services as people

    person = UserFactory(unit=unit, preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        people.person_invite(person=person, by=manager)
    assert len(mail.outbox) == 1
    row = Notification.objects.get(recipient=person)
    assert row.kind == "account_security" and row.email_status == EmailStatus.SENT
    assert row.params == {"subject": mail.outbox[0].subject}
    assert "Welcome" in row.params["subject"]
