"""The public verification page: no login, valid / revoked / unknown, typed codes
normalised, nothing about the person beyond what the certificate states, never indexed."""

import pytest
from django.urls import reverse
from django.utils import timezone

from lms.certificates import codes
from lms.certificates.models import Scope
from lms.certificates.services import certificate_issue, certificate_revoke

from .conftest import complete

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(newcomer, programme, manager):
    complete(newcomer, programme, part=1)
    return certificate_issue(person=newcomer, scope=Scope.PART_1, by=manager)


def _page(client, code: str):
    return client.get(reverse("certificates:verify_code", args=[code]))


def test_a_valid_code_shows_what_was_certified_without_login(client, certificate):
    response = _page(client, certificate.display_code)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Intyget är giltigt" in html
    assert "Åsa Öberg" in html
    assert "Introduktionsprogrammet, del 1 genomförd" in html
    assert "Älvstads kommun" in html
    assert "Att arbeta i en politiskt styrd organisation" in html and "2027-03-09" in html
    assert timezone.localdate(certificate.issued_at).isoformat() in html


def test_nothing_else_about_the_person_is_shown(client, certificate, newcomer, manager):
    html = _page(client, certificate.code).content.decode()
    for private in (
        newcomer.email,
        newcomer.unit.name,
        newcomer.start_date.isoformat(),
        str(manager),
        manager.email,
        f"/people/{newcomer.pk}",
        reverse("certificates:person", args=[newcomer.pk]),
    ):
        assert private not in html


def test_the_page_is_never_indexed_nor_cached(client, certificate):
    response = _page(client, certificate.code)
    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
    form = client.get(reverse("certificates:verify"))
    assert '<meta name="robots" content="noindex, nofollow">' in form.content.decode()


@pytest.mark.parametrize("typed", ["lower", "spaces", "dashes", "mixed"])
def test_typed_codes_are_normalised(client, certificate, typed):
    code = certificate.code
    variant = {
        "lower": code.lower(),
        "spaces": f" {code[:4]} {code[4:8]} {code[8:]} ",
        "dashes": f"{code[:4]}-{code[4:8]}–{code[8:]}",
        "mixed": f"{code[:6].lower()} - {code[6:]}",
    }[typed]
    assert codes.normalise(variant) == code
    response = client.get(reverse("certificates:verify"), {"kod": variant})
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "certificates:verify_code", args=[certificate.display_code]
    )
    assert "Intyget är giltigt" in client.get(response["Location"]).content.decode()
    assert "Intyget är giltigt" in _page(client, code.lower()).content.decode()


def test_a_revoked_certificate_says_so_and_shows_no_name(client, certificate, coordinator):
    certificate_revoke(certificate=certificate, by=coordinator)
    response = _page(client, certificate.display_code)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Intyget är återkallat" in html
    assert "Intyget är giltigt" not in html
    assert "Åsa Öberg" not in html and "politiskt styrd" not in html


def test_an_unknown_code_says_only_that(client, certificate):
    other = "".join(reversed(certificate.code))
    if other == certificate.code:
        other = "2" * codes.LENGTH
    response = _page(client, other)
    assert response.status_code == 404
    html = response.content.decode()
    assert "Okänd kod" in html and "Åsa Öberg" not in html


def test_a_malformed_code_is_unknown_too_and_the_form_says_why(client, certificate):
    assert _page(client, "not-a-code").status_code == 404
    response = client.get(reverse("certificates:verify"), {"kod": "ABC"})
    assert response.status_code == 200
    assert "Koden ska ha tolv tecken" in response.content.decode()


def test_the_form_page_explains_and_asks_for_the_code(client):
    response = client.get(reverse("certificates:verify"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kontrollera ett intyg" in html and 'name="kod"' in html
    assert "aria-describedby" in html  # the help text is tied to the field


def test_many_lookups_from_one_address_are_slowed_down(client, certificate):
    unknown = "2" * codes.LENGTH
    statuses = [_page(client, unknown).status_code for _ in range(30)]
    assert set(statuses) == {404}
    response = _page(client, certificate.code)
    assert response.status_code == 429
    html = response.content.decode()
    assert "För många försök" in html and "Åsa Öberg" not in html


def test_a_logged_in_person_sees_the_same_page(client, certificate, other_newcomer):
    client.force_login(other_newcomer)
    html = _page(client, certificate.code).content.decode()
    assert "Intyget är giltigt" in html and "Åsa Öberg" in html
