import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.core.cache import cache
from django.urls import reverse

from lms.accounts.models import Role, RolePolicy
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def _code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def _login(client, email):
    return client.post(reverse("account_login"), {"login": email, "password": PASSWORD})


def _open_activation(client) -> None:
    """allauth asks for the password again before two-factor can be turned on."""
    response = client.get(reverse("mfa_activate_totp"))
    if response.status_code == 302 and reverse("account_reauthenticate") in response["Location"]:
        client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
        response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200


def _activate_totp(client) -> str:
    _open_activation(client)
    secret = client.session[SECRET_SESSION_KEY]
    response = client.post(reverse("mfa_activate_totp"), {"code": _code(secret)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return secret


def test_a_user_turns_on_totp_and_gets_recovery_codes(client, newcomer):
    _login(client, "ny@example.test")
    _activate_totp(client)
    types = set(Authenticator.objects.filter(user=newcomer).values_list("type", flat=True))
    assert types == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}


def test_login_asks_for_the_code_once_totp_is_on(client, newcomer):
    _login(client, "ny@example.test")
    secret = _activate_totp(client)
    client.post(reverse("account_logout"))
    response = _login(client, "ny@example.test")
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": _code(secret)})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_a_wrong_code_is_refused(client, newcomer):
    _login(client, "ny@example.test")
    _open_activation(client)
    response = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert response.status_code == 200
    assert not Authenticator.objects.filter(user=newcomer).exists()


def test_role_that_requires_mfa_is_sent_to_set_it_up(client, hr):
    RolePolicy.objects.create(role=Role.HR, require_mfa=True)
    client.force_login(hr)
    response = client.get(reverse("core:start"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    # Two-factor pages and logout stay reachable.
    assert client.get(reverse("mfa_index")).status_code == 200


def test_required_mfa_lets_the_person_in_once_it_is_on(client, hr):
    RolePolicy.objects.create(role=Role.HR, require_mfa=True)
    _login(client, "hr@example.test")
    _activate_totp(client)
    assert client.get(reverse("core:start")).status_code == 200


def test_policy_for_another_role_does_not_affect_others(client, newcomer):
    RolePolicy.objects.create(role=Role.HR, require_mfa=True)
    client.force_login(newcomer)
    assert client.get(reverse("core:start")).status_code == 200


def test_admins_can_be_required_to_use_mfa(client, admin_user):
    RolePolicy.objects.create(role=Role.ADMIN, require_mfa=True)
    client.force_login(admin_user)
    assert client.get(reverse("core:start"))["Location"] == reverse("mfa_activate_totp")


@pytest.mark.parametrize("path", ["/django-admin/login/", "/admin/login/"])
def test_admin_login_forms_go_through_allauth_so_two_factor_is_not_skipped(client, path):
    response = client.get(path + "?next=/django-admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    response = client.post(path, {"username": "admin@example.test", "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_superuser_with_totp_must_give_the_code_before_reaching_admin(client, admin_user):
    _login(client, "admin@example.test")
    _activate_totp(client)
    client.post(reverse("account_logout"))
    _login(client, "admin@example.test")
    assert client.get("/django-admin/").status_code == 302
    assert client.get("/admin/").status_code == 302
