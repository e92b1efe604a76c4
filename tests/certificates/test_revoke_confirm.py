"""Revoking a certificate asks first and asks why: the reason stays with the
certificate and in the audit log, and the public page for the code never shows it."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from lms.certificates.models import Scope
from lms.certificates.services import certificate_issue

from .conftest import complete

pytestmark = pytest.mark.django_db
REASON = "Närvaron på en kursdag var felregistrerad; modulen är inte genomförd."


@pytest.fixture
def certificate(newcomer, programme, manager):
    complete(newcomer, programme, part=1)
    return certificate_issue(person=newcomer, scope=Scope.PART_1, by=manager)


def _url(certificate):
    return reverse("certificates:revoke", args=[certificate.pk])


def test_the_persons_page_links_to_the_confirmation(client, newcomer, certificate, coordinator):
    client.force_login(coordinator)
    html = client.get(reverse("certificates:person", args=[newcomer.pk])).content.decode()
    assert f'href="{_url(certificate)}"' in html
    assert f'action="{_url(certificate)}"' not in html


def test_the_confirmation_says_what_revoking_does_and_changes_nothing(
    client, certificate, coordinator
):
    client.force_login(coordinator)
    html = client.get(_url(certificate)).content.decode()
    assert "Återkalla intyget ”Introduktionsprogrammet, del 1 genomförd” för Åsa Öberg?" in html
    assert certificate.display_code in html
    assert "får veta att intyget är återkallat och inte längre gäller, men inte varför" in html
    assert 'name="reason"' in html
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_revoking_without_a_reason_is_refused_in_swedish(client, certificate, coordinator):
    client.force_login(coordinator)
    response = client.post(_url(certificate), {"reason": ""})
    assert response.status_code == 200
    assert "Skriv varför." in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_the_reason_is_kept_and_logged_but_never_on_the_public_page(
    client, certificate, coordinator
):
    client.force_login(coordinator)
    response = client.post(_url(certificate), {"reason": REASON})
    assert response["Location"] == reverse("certificates:person", args=[certificate.person_id])
    certificate.refresh_from_db()
    first = certificate.revoked_at
    assert first and certificate.revoke_reason == REASON
    entry = LogEntry.objects.get_for_object(certificate).latest("timestamp")
    assert entry.changes_dict["revoke_reason"] == ["", REASON]
    again = client.post(_url(certificate), {"reason": "Något annat"}, follow=True)
    assert "Intyget är redan återkallat." in [str(m) for m in again.context["messages"]]
    certificate.refresh_from_db()
    assert (certificate.revoked_at, certificate.revoke_reason) == (first, REASON)
    assert LogEntry.objects.get_for_object(certificate).count() == 2  # created, revoked
    client.logout()
    page = client.get(reverse("certificates:verify_code", args=[certificate.display_code]))
    html = page.content.decode()
    assert "Intyget är återkallat" in html
    assert REASON not in html and "felregistrerad" not in html


def test_a_reason_over_the_limit_is_refused(client, certificate, coordinator):
    client.force_login(coordinator)
    response = client.post(_url(certificate), {"reason": "x" * 1001})
    assert "Anledningen får vara högst 1000 tecken." in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


@pytest.mark.parametrize(("who", "status"), [("manager", 403), ("newcomer", 403), ("hr", 404)])
def test_those_who_may_not_revoke_are_refused_the_page_and_the_post(
    client, request, certificate, who, status
):
    client.force_login(request.getfixturevalue(who))
    assert client.get(_url(certificate)).status_code == status
    assert client.post(_url(certificate), {"reason": REASON}).status_code == status
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
