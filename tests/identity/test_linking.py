"""A first sign-in links to the existing person by the strongest key, never by an
address the provider does not vouch for; people who have left cannot sign in at all."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lms.accounts.models import User
from tests.factories import PASSWORD, UserFactory

from .conftest import sign_in, signed_in_user_id

pytestmark = pytest.mark.django_db


def claims(**extra):
    return {"oid": "oid-1", "email": "lisa@kommun.test", "given_name": "Lisa", **extra}


def test_a_person_already_holding_the_directory_id_is_signed_in(client, provider):
    person = UserFactory(email="annan.adress@kommun.test", directory_id="oid-1")
    sign_in(client, provider, "sub-1", claims())
    assert signed_in_user_id(client) == str(person.pk)
    assert User.objects.count() == 1


def test_the_employee_number_links_the_hr_exports_person_and_keeps_the_directory_id(
    client, provider
):
    person = UserFactory(email="lisa.gammal@kommun.test", employee_number="E123")
    sign_in(client, provider, "sub-1", claims(employeeid="E123"))
    assert signed_in_user_id(client) == str(person.pk)
    person.refresh_from_db()
    assert person.directory_id == "oid-1"


def test_a_verified_address_links_the_existing_person(client, provider):
    person = UserFactory(email="lisa@kommun.test")
    sign_in(client, provider, "sub-1", claims(email_verified=True))
    assert signed_in_user_id(client) == str(person.pk)
    person.refresh_from_db()
    assert person.directory_id == "oid-1"


def test_an_unverified_address_of_an_existing_person_is_refused_not_linked_or_duplicated(
    client, provider
):
    person = UserFactory(email="lisa@kommun.test")
    response = sign_in(client, provider, "sub-1", claims(email_verified=False))
    assert response.status_code == 403
    assert "intygar inte att adressen är din" in response.content.decode()
    assert signed_in_user_id(client) is None
    assert list(User.objects.all()) == [person]
    person.refresh_from_db()
    assert person.directory_id is None


def test_an_unverified_address_nobody_has_creates_the_person(client, provider):
    sign_in(client, provider, "sub-1", claims())
    assert User.objects.get().email == "lisa@kommun.test"


def test_an_employee_number_held_by_somebody_linked_elsewhere_is_refused(client, provider):
    UserFactory(employee_number="E123", directory_id="oid-other")
    response = sign_in(client, provider, "sub-1", claims(employeeid="E123"))
    assert response.status_code == 403
    assert "stämmer inte" in response.content.decode()
    assert User.objects.count() == 1


def test_the_address_may_come_from_upn_when_email_is_empty(client, provider):
    sign_in(client, provider, "sub-1", {"oid": "oid-1", "upn": "Lisa.Upn@Kommun.test"})
    assert User.objects.get().email == "lisa.upn@kommun.test"


def test_a_claim_set_without_any_address_gets_a_clear_refusal(client, provider):
    response = sign_in(client, provider, "sub-1", {"oid": "oid-1", "given_name": "Lisa"})
    assert response.status_code == 403
    assert "ingen e-postadress" in response.content.decode()
    assert not User.objects.exists()


def test_a_deactivated_person_cannot_sign_in_through_the_directory(client, provider):
    UserFactory(directory_id="oid-1", is_active=False)
    sign_in(client, provider, "sub-1", claims())
    assert signed_in_user_id(client) is None


def test_a_person_whose_end_date_has_passed_cannot_sign_in_through_the_directory(client, provider):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    UserFactory(directory_id="oid-1", end_date=yesterday)
    response = sign_in(client, provider, "sub-1", claims())
    assert signed_in_user_id(client) is None
    assert response.redirect_chain[-1][0] == reverse("account_inactive")


def test_a_person_whose_end_date_has_passed_cannot_sign_in_with_a_password(client):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    person = UserFactory(end_date=yesterday)
    client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    assert signed_in_user_id(client) is None
