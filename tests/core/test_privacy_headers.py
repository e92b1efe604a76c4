"""Pages with personal data are never kept by a cache, no page may ask for the camera or
the like, and the server log never holds the links of a password reset."""

import io

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.urls import reverse

from lms.core.mail import EmailBackend
from lms.core.middleware import PERMISSIONS_POLICY
from lms.feeds.services import feed_token_issue

pytestmark = pytest.mark.django_db


def _cache_control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part}


def test_a_signed_in_page_is_private_and_not_stored(client, manager):
    client.force_login(manager)
    response = client.get(reverse("core:start"))
    assert response.status_code == 200
    assert {"private", "no-store"} <= _cache_control(response)
    assert response["Permissions-Policy"] == PERMISSIONS_POLICY


def test_a_visitor_is_left_to_the_public_site_s_own_caching(client, manager):
    visitor = client.get("/")
    client.force_login(manager)
    signed_in = client.get("/")
    assert visitor.status_code == signed_in.status_code == 200
    assert "no-store" not in _cache_control(visitor)
    assert {"private", "no-store"} <= _cache_control(signed_in)  # the header names them
    assert visitor["Permissions-Policy"] == PERMISSIONS_POLICY


def test_the_feed_keeps_its_own_caching_when_a_signed_in_browser_fetches_it(client, newcomer):
    url = f"/calendar/u/{feed_token_issue(user=newcomer)}.ics"
    anonymous = client.get(url)
    client.force_login(newcomer)
    signed_in = client.get(url)
    assert signed_in.status_code == anonymous.status_code == 200
    assert _cache_control(signed_in) == _cache_control(anonymous)
    assert "no-store" not in _cache_control(signed_in) and signed_in.has_header("ETag")


def _printed(settings, debug: bool) -> str:
    settings.DEBUG = debug
    stream = io.StringIO()
    message = EmailMessage(
        "Återställ ditt lösenord",
        "Öppna https://introduktion.example.test/accounts/password/reset/key/abc-123/",
        to=["anna@example.test"],
    )
    EmailBackend(stream=stream).send_messages([message])
    return stream.getvalue()


def test_with_debug_off_the_log_says_only_that_a_message_went_out(settings):
    printed = _printed(settings, debug=False)
    assert "1 recipient" in printed
    for secret in ("reset/key/abc-123", "anna@example.test", "Återställ"):
        assert secret not in printed


def test_with_debug_on_the_whole_message_is_printed_for_the_developer(settings):
    assert "reset/key/abc-123" in _printed(settings, debug=True)


def test_the_product_uses_its_own_console_backend_by_default():
    from lms import settings as production

    assert production.EMAIL_BACKEND == "lms.core.mail.EmailBackend"
    assert mail.outbox is not None  # the tests themselves keep mail in memory
