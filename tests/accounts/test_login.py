import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def login(client, email, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_login_with_email_lands_on_the_start_page(client, newcomer):
    response = login(client, "ny@example.test")
    assert response.status_code == 302
    assert response["Location"] == reverse("core:start")


def test_login_ignores_the_case_of_the_email(client, newcomer):
    assert login(client, "NY@Example.Test").status_code == 302


def test_wrong_password_gives_a_swedish_message_that_does_not_reveal_the_account(client, newcomer):
    known = login(client, "ny@example.test", "fel-losenord").content.decode()
    unknown = login(client, "finns.inte@example.test", "fel-losenord").content.decode()
    message = "E-postadressen och/eller lösenordet är felaktigt."
    assert message in known
    assert message in unknown
    assert "Epost" not in known


def test_the_login_and_reset_pages_spell_e_postadress_the_swedish_way(client):
    for name in ("account_login", "account_reset_password"):
        html = client.get(reverse(name)).content.decode()
        assert 'placeholder="E-postadress"' in html, name
        assert "Epost" not in html, name


def test_the_english_login_page_asks_for_the_e_mail_address(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("account_login")).content.decode()
    assert 'placeholder="E-mail address"' in html


def test_repeated_failed_logins_are_rate_limited(client, newcomer):
    for _ in range(5):
        login(client, "ny@example.test", "fel-losenord")
    response = login(client, "ny@example.test", PASSWORD)
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session


def test_inactive_account_cannot_log_in(client):
    UserFactory(email="slutat@example.test", is_active=False)
    response = login(client, "slutat@example.test")
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 302)


def test_logout_requires_post_and_ends_the_session(client, newcomer):
    client.force_login(newcomer)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_working_link_once(client, newcomer):
    client.post(reverse("account_reset_password"), {"email": "ny@example.test"})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    response = client.get(link.group(1), follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link.group(1)
    new_password = "Nytt-langt-losenord-42"
    response = client.post(form_url, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.check_password(new_password)
    # The same link again: a clear message and a way on.
    client.logout()
    response = client.get(link.group(1), follow=True)
    html = response.content.decode()
    assert "Länken gäller inte längre" in html
    assert reverse("account_reset_password") in html


def test_password_reset_for_an_unknown_address_sends_no_account_details(client):
    response = client.post(reverse("account_reset_password"), {"email": "okand@example.test"})
    assert response.status_code == 302
    assert all("okand@example.test" not in m.body or "konto" in m.body.lower() for m in mail.outbox)
