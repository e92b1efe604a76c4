"""Bad answers from the identity provider give a clear Swedish page, never a 500."""

import pytest
from django.urls import reverse

from lms.accounts.models import User

from .conftest import (
    LOGIN_URL,
    authorize,
    provider_settings,
    sign_in,
    signed_in_user_id,
    start_sign_in,
)

pytestmark = pytest.mark.django_db

FAILED = "Inloggningen med kommunens konto misslyckades"
UNREACHABLE = "Kommunens inloggning svarar inte"


def test_an_unreachable_issuer_gets_a_clear_page(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = provider_settings("http://127.0.0.1:9")
    response = client.post(LOGIN_URL)
    assert response.status_code == 502
    assert UNREACHABLE in response.content.decode()


def test_a_wrong_issuer_address_gets_a_clear_page(client, settings, oidc_server):
    settings.SOCIALACCOUNT_PROVIDERS = provider_settings(f"{oidc_server.url}/fel")
    response = client.post(LOGIN_URL)
    assert response.status_code == 502
    assert UNREACHABLE in response.content.decode()


@pytest.mark.parametrize(
    "bad",
    [{"aud": "en-annan-tjanst"}, {"iss": "https://falsk.example"}, {"exp": 1_000_000}],
    ids=["audience", "issuer", "expired"],
)
def test_an_id_token_that_fails_validation_is_refused(client, provider, bad):
    claims = {"oid": "oid-1", "email": "lisa@kommun.test", **bad}
    response = sign_in(client, provider, "sub-bad", claims)
    assert response.status_code == 401
    assert FAILED in response.content.decode()
    assert signed_in_user_id(client) is None
    assert not User.objects.exists()


def test_a_replayed_state_is_refused(client, provider):
    provider.set_user("sub-1", {"oid": "oid-1", "email": "lisa@kommun.test"})
    callback = authorize(start_sign_in(client), "sub-1")
    client.get(callback)
    client.post(reverse("account_logout"))
    response = client.get(callback)
    assert FAILED in response.content.decode()
    assert signed_in_user_id(client) is None


def test_a_callback_without_a_state_is_refused(client, provider):
    response = client.get(f"{LOGIN_URL}callback/?code=abc&state=nonsense")
    assert response.status_code == 401
    assert FAILED in response.content.decode()
