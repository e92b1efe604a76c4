import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_landing_page_is_public_and_swedish(client):
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="sv">' in response.content.decode()
    assert "Logga in" in response.content.decode()


def test_pages_carry_a_content_security_policy_and_no_framing(client):
    response = client.get("/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_base_layout_has_skip_link_and_landmarks(client):
    html = client.get("/").content.decode()
    assert 'class="skip-link" href="#main"' in html
    assert "<header" in html and '<main id="main"' in html and "<footer" in html


def test_start_page_requires_login(client):
    response = client.get(reverse("core:start"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_unknown_url_gives_the_swedish_404_page(client):
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.content.decode()


def test_permission_denied_gives_the_swedish_403_page(client, newcomer):
    client.force_login(newcomer)
    response = client.get(reverse("accounts:person_list"))
    assert response.status_code == 403
    assert "Du saknar behörighet" in response.content.decode()


def test_csrf_failure_gives_a_friendly_page_and_saves_nothing(newcomer):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(newcomer)
    response = client.post(
        reverse("accounts:profile"),
        {"first_name": "Ändrat", "last_name": "Namn", "preferred_language": "sv"},
    )
    assert response.status_code == 403
    assert "Formuläret har gått ut" in response.content.decode()
    newcomer.refresh_from_db()
    assert newcomer.first_name != "Ändrat"


def test_server_error_page_renders_without_a_request_context(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Något gick fel" in response.content.decode()


@pytest.mark.parametrize("method", ["get", "post"])
def test_signup_is_closed(client, method):
    from lms.accounts.models import User

    response = getattr(client, method)(
        "/accounts/signup/",
        {
            "email": "ny@example.test",
            "password1": "x-Langt-losen-123",
            "password2": "x-Langt-losen-123",
        },
    )
    assert response.status_code == 200
    assert "Konton skapas av din arbetsgivare" in response.content.decode()
    assert not User.objects.filter(email="ny@example.test").exists()
