"""A real OpenID Connect provider (oidc-provider-mock) on a free port for the session,
and the product pointed at it through its settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import requests
from django.core.cache import cache
from django.urls import reverse
from oidc_provider_mock import run_server_in_thread

CLIENT_ID = "introduktion-test"
PROVIDER_ID = "kommun"
LOGIN_URL = f"/accounts/oidc/{PROVIDER_ID}/login/"


@dataclass
class Provider:
    url: str

    def set_user(self, sub: str, claims: dict) -> None:
        response = requests.put(f"{self.url}/users/{sub}", json=claims, timeout=5)
        response.raise_for_status()


def _start(**options):
    return run_server_in_thread(**options)


@pytest.fixture(scope="session")
def oidc_server():
    with _start() as server:
        yield Provider(f"http://localhost:{server.server_port}")


def provider_settings(issuer: str, **app_settings) -> dict:
    return {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [
                {
                    "provider_id": PROVIDER_ID,
                    "name": "Logga in med kommunens konto",
                    "client_id": CLIENT_ID,
                    "secret": "hemligt",
                    "settings": {"server_url": issuer, "fetch_userinfo": False, **app_settings},
                }
            ],
        }
    }


@pytest.fixture
def provider(oidc_server, settings):
    settings.SOCIALACCOUNT_PROVIDERS = provider_settings(oidc_server.url)
    settings.SSO_ONLY = False
    settings.SSO_BREAK_GLASS = []
    cache.clear()
    return oidc_server


def start_sign_in(client) -> str:
    """Press the button: the product sends the browser to the provider."""
    response = client.post(LOGIN_URL)
    assert response.status_code == 302, response.content[:500]
    return response["Location"]


def authorize(authorize_url: str, sub: str) -> str:
    """The person signs in at the provider (its form posts the chosen subject); the
    provider sends the browser back with a code. Returns the callback's local path."""
    response = requests.post(authorize_url, data={"sub": sub}, allow_redirects=False, timeout=5)
    assert response.status_code == 302, response.text[:500]
    back = urlsplit(response.headers["Location"])
    return f"{back.path}?{back.query}"


def sign_in(client, provider: Provider, sub: str, claims: dict, *, follow: bool = True):
    provider.set_user(sub, claims)
    callback = authorize(start_sign_in(client), sub)
    return client.get(callback, follow=follow)


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


__all__ = ["reverse", "timedelta"]
