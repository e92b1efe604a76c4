import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_swedish_is_the_default_even_for_english_browsers(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert '<html lang="sv">' in response.content.decode()


def test_visitor_switches_to_english_with_a_cookie(client):
    response = client.post(reverse("accounts:set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Log in" in html


def test_logged_in_switch_is_remembered_in_the_profile(client, newcomer):
    client.force_login(newcomer)
    client.post(reverse("accounts:set_language"), {"language": "en", "next": "/start/"})
    newcomer.refresh_from_db()
    assert newcomer.preferred_language == "en"
    client.cookies.clear()
    client.force_login(newcomer)
    assert "Start" in client.get("/start/").content.decode()
    assert client.get("/start/")["Content-Language"] == "en"


def test_unknown_language_is_ignored(client):
    client.post(reverse("accounts:set_language"), {"language": "xx", "next": "/"})
    assert '<html lang="sv">' in client.get("/").content.decode()


def test_language_switch_never_redirects_off_site(client):
    response = client.post(
        reverse("accounts:set_language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_dates_are_iso_in_both_languages(client, manager, newcomer):
    import datetime

    newcomer.start_date = datetime.date(2026, 3, 30)
    newcomer.save()
    client.force_login(manager)
    assert "2026-03-30" in client.get("/start/").content.decode()
    client.post(reverse("accounts:set_language"), {"language": "en", "next": "/"})
    assert "2026-03-30" in client.get("/start/").content.decode()
