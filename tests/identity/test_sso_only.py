"""Single sign-on only: passwords are off but for the break-glass administrators."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

from .conftest import signed_in_user_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def sso_only(provider, settings):
    settings.SSO_ONLY = True
    settings.SSO_BREAK_GLASS = ["reserv@kommun.test"]
    return provider


def password_login(client, email):
    return client.post(reverse("account_login"), {"login": email, "password": PASSWORD})


def test_the_login_page_leads_with_the_button_and_tucks_the_password_away(client, sso_only):
    html = client.get(reverse("account_login")).content.decode()
    assert html.index("Logga in med kommunens konto") < html.index("<details>")
    assert "Reservinloggning för administratörer" in html


def test_a_password_sign_in_is_refused_with_a_pointer_to_the_municipalitys_account(
    client, sso_only
):
    person = UserFactory()
    response = password_login(client, person.email)
    assert signed_in_user_id(client) is None
    assert "Logga in med kommunens konto." in response.content.decode()


def test_a_break_glass_administrator_still_signs_in_with_a_password(client, sso_only):
    person = UserFactory(email="reserv@kommun.test", is_superuser=True, is_staff=True)
    password_login(client, "Reserv@kommun.test")
    assert signed_in_user_id(client) == str(person.pk)


def test_password_reset_points_to_the_municipalitys_account_and_sends_nothing(client, sso_only):
    person = UserFactory()
    html = client.get(reverse("account_reset_password")).content.decode()
    assert "det går inte att byta här" in html
    client.post(reverse("account_reset_password"), {"email": person.email})
    assert mail.outbox == []


def test_without_sso_only_passwords_work_beside_the_button(client, provider):
    person = UserFactory()
    password_login(client, person.email)
    assert signed_in_user_id(client) == str(person.pk)
