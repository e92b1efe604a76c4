import hashlib

import pytest
from django.test import Client

from lms.feeds import services
from lms.feeds.models import FeedToken
from lms.feeds.selectors import feed_token_owner

from ..factories import PASSWORD

pytestmark = pytest.mark.django_db

PROFILE = "/profile/"
ISSUE = "/profile/calendar/new/"
REVOKE = "/profile/calendar/revoke/"


def test_token_is_long_random_and_stored_hashed(newcomer):
    token = services.feed_token_issue(user=newcomer)
    assert len(token) >= 43  # 32 random bytes, URL-safe base64
    (row,) = FeedToken.objects.values_list("token_hash", flat=True)
    assert row == hashlib.sha256(token.encode()).hexdigest()
    stored = " ".join(str(v) for v in FeedToken.objects.values().get().values())
    assert token not in stored
    assert feed_token_owner(token) == newcomer


def test_reissue_revokes_the_old_token(newcomer, other_newcomer):
    old = services.feed_token_issue(user=newcomer)
    other = services.feed_token_issue(user=other_newcomer)
    new = services.feed_token_issue(user=newcomer)
    assert new != old
    assert feed_token_owner(old) is None
    assert feed_token_owner(new) == newcomer
    assert feed_token_owner(other) == other_newcomer
    assert FeedToken.objects.filter(user=newcomer, revoked_at__isnull=True).count() == 1
    assert services.feed_token_revoke(user=newcomer) == 1
    assert feed_token_owner(new) is None
    assert services.feed_token_revoke(user=newcomer) == 0


def test_profile_shows_the_calendar_section(client, newcomer):
    client.force_login(newcomer)
    page = client.get(PROFILE).content.decode()
    assert "Kalenderprenumeration" in page
    assert 'id="h-calendar"' in page
    assert "när punkterna i din introduktionsplan ska vara klara" in page
    assert "webcal://" in page  # the public programme feed
    assert "/calendar/programme.ics" in page
    assert "Du har ingen aktiv kalenderlänk." in page
    assert f'action="{ISSUE}"' in page
    assert f'action="{REVOKE}"' not in page


def test_issue_shows_the_link_once(client, newcomer, settings):
    settings.SITE_URL = "https://introduktion.example.se"
    client.force_login(newcomer)
    response = client.post(ISSUE)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    (row,) = FeedToken.objects.filter(user=newcomer)
    # Find the token in the page and check it is the one stored (hashed).
    marker = "https://introduktion.example.se/calendar/u/"
    token = page.split(marker, 1)[1].split(".ics", 1)[0]
    assert hashlib.sha256(token.encode()).hexdigest() == row.token_hash
    assert f"webcal://introduktion.example.se/calendar/u/{token}.ics" in page
    assert "Lägg till kalender → Från Internet" in page
    assert "Från webbadress" in page
    assert '<label for="feed-link">' in page
    # Never again: the profile page does not show it later.
    later = client.get(PROFILE).content.decode()
    assert token not in later
    assert "Du har en aktiv kalenderlänk" in later
    assert f'action="{REVOKE}"' in later
    assert client.get(f"/calendar/u/{token}.ics").status_code == 200


def test_reissue_from_the_profile_replaces_the_link(client, newcomer):
    old = services.feed_token_issue(user=newcomer)
    client.force_login(newcomer)
    assert client.post(ISSUE).status_code == 200
    assert feed_token_owner(old) is None
    assert FeedToken.objects.filter(user=newcomer, revoked_at__isnull=True).count() == 1


def test_revoke_from_the_profile(client, newcomer):
    token = services.feed_token_issue(user=newcomer)
    client.force_login(newcomer)
    response = client.post(REVOKE, follow=True)
    assert response.redirect_chain[-1][0] == PROFILE
    assert "Din kalenderlänk är borttagen" in response.content.decode()
    assert client.get(f"/calendar/u/{token}.ics").status_code == 404


def test_issue_and_revoke_are_post_only_and_need_login(client, newcomer):
    assert client.post(ISSUE).status_code == 302
    assert client.post(REVOKE).status_code == 302
    assert not FeedToken.objects.exists()
    client.force_login(newcomer)
    assert client.get(ISSUE).status_code == 405
    assert client.get(REVOKE).status_code == 405


def test_issue_needs_csrf_token(newcomer):
    client = Client(enforce_csrf_checks=True)
    assert client.login(email=newcomer.email, password=PASSWORD)
    assert client.post(ISSUE).status_code == 403
    assert not FeedToken.objects.exists()
