"""Login limits behind the TLS proxy: who is counted, and who is refused.

Every request reaches the web processes from the proxy's address. The limits must count
the client the proxy names in X-Forwarded-For, count wrong passwords per account and
client, and leave a Monday morning of many staff behind one municipal address alone.
"""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

WRONG = "fel-losenord-123"
REFUSED = "För många misslyckade inloggningsförsök"
CLIENT_A = "203.0.113.10"
CLIENT_B = "198.51.100.20"


def _amount(action: str, per: str) -> int:
    """The number of attempts a limit in the settings allows, e.g. 30 in "30/m/ip"."""
    for rate in settings.ACCOUNT_RATE_LIMITS[action].split(","):
        amount, _window, rate_per = rate.strip().split("/")
        if rate_per == per:
            return int(amount)
    raise LookupError(f"{action} has no limit per {per}")


def per_address() -> int:
    return _amount("login_failed", "ip")


def per_account_and_client() -> int:
    return _amount("login_failed", "key")


def account_ceiling() -> int:
    return _amount("login_failed_account", "key")


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # allauth keeps its counters in the default cache; each test starts from none.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def behind_the_proxy(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


def attempt(email, password, *, forwarded_for=None, remote_addr="127.0.0.1"):
    """One login from a fresh browser; returns it and the response."""
    browser = Client()
    extra = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    response = browser.post(
        reverse("account_login"), {"login": email, "password": password}, **extra
    )
    return browser, response


def logs_in(email, password=PASSWORD, **where) -> bool:
    browser, response = attempt(email, password, **where)
    return response.status_code == 302 and "_auth_user_id" in browser.session


def refused(email, password=PASSWORD, **where) -> bool:
    """Turned away by a limit before the password was looked at."""
    browser, response = attempt(email, password, **where)
    return "_auth_user_id" not in browser.session and (
        response.status_code == 429 or REFUSED in response.content.decode()
    )


@pytest.fixture
def manager_m():
    return UserFactory(email="chef.m@example.test")


def test_one_clients_guessing_behind_the_proxy_leaves_another_clients_login_alone(
    behind_the_proxy, manager_m
):
    # Client A tries wrong passwords on many accounts until its address is refused.
    for n in range(per_address() + 2):
        attempt(f"gissning{n}@example.test", WRONG, forwarded_for=CLIENT_A)
    assert refused("chef.m@example.test", forwarded_for=CLIENT_A)
    assert logs_in("chef.m@example.test", forwarded_for=CLIENT_B)


def test_a_forged_forwarded_address_does_not_escape_the_clients_limit(behind_the_proxy, manager_m):
    # The client sends its own X-Forwarded-For; the proxy appends the real address.
    for n in range(per_address() + 2):
        attempt(f"gissning{n}@example.test", WRONG, forwarded_for=f"192.0.2.{n}, {CLIENT_A}")
    assert refused("chef.m@example.test", forwarded_for=f"192.0.2.250, {CLIENT_A}")
    assert logs_in("chef.m@example.test", forwarded_for=CLIENT_B)


def test_without_a_trusted_proxy_the_direct_address_counts_and_the_header_is_ignored(
    settings, manager_m
):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    for n in range(per_address() + 2):
        attempt(f"gissning{n}@example.test", WRONG, forwarded_for=CLIENT_A, remote_addr="192.0.2.1")
    # A different header from the same connection is the same client...
    assert refused("chef.m@example.test", forwarded_for=CLIENT_B, remote_addr="192.0.2.1")
    # ...and another connection is another client, whatever the header says.
    assert logs_in("chef.m@example.test", forwarded_for=CLIENT_A, remote_addr="192.0.2.2")


def test_wrong_passwords_for_a_manager_lock_out_only_the_client_that_sent_them(
    behind_the_proxy, manager_m
):
    for _ in range(per_account_and_client() + 1):
        attempt("chef.m@example.test", WRONG, forwarded_for=CLIENT_A)
    assert refused("chef.m@example.test", forwarded_for=CLIENT_A)
    assert logs_in("chef.m@example.test", forwarded_for=CLIENT_B)


def test_the_lock_per_client_does_not_depend_on_the_case_of_the_address(
    behind_the_proxy, manager_m
):
    for n in range(per_account_and_client()):
        email = "CHEF.M@example.test" if n % 2 else "chef.m@example.test"
        attempt(email, WRONG, forwarded_for=CLIENT_A)
    assert refused("Chef.M@Example.Test", forwarded_for=CLIENT_A)


def test_the_account_ceiling_stops_guessing_spread_over_many_addresses(behind_the_proxy, manager_m):
    guessers = [
        f"203.0.113.{100 + n}" for n in range(account_ceiling() // per_account_and_client())
    ]
    for address in guessers[:-1]:
        for _ in range(per_account_and_client() + 1):  # the last one is refused, not counted
            attempt("chef.m@example.test", WRONG, forwarded_for=address)
    # One address short of the ceiling the manager still gets in; the success gives
    # back what it counted.
    assert logs_in("chef.m@example.test", forwarded_for=CLIENT_B)
    for _ in range(per_account_and_client()):
        attempt("chef.m@example.test", WRONG, forwarded_for=guessers[-1])
    assert refused("chef.m@example.test", forwarded_for=CLIENT_B)
    # Other accounts are not touched by one account's ceiling.
    UserFactory(email="kollega@example.test")
    assert logs_in("kollega@example.test", forwarded_for=CLIENT_B)


def test_a_completed_password_reset_lifts_the_account_ceiling(behind_the_proxy, manager_m):
    guessers = [
        f"203.0.113.{100 + n}" for n in range(account_ceiling() // per_account_and_client())
    ]
    for address in guessers:
        for _ in range(per_account_and_client()):
            attempt("chef.m@example.test", WRONG, forwarded_for=address)
    assert refused("chef.m@example.test", forwarded_for=CLIENT_B)

    browser = Client(HTTP_X_FORWARDED_FOR=CLIENT_B)
    browser.post(reverse("account_reset_password"), {"email": "chef.m@example.test"})
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", mail.outbox[-1].body)
    response = browser.get(link.group(1), follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link.group(1)
    new_password = "Nytt-langt-losenord-42"
    response = browser.post(form_url, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302

    assert logs_in("chef.m@example.test", new_password, forwarded_for=CLIENT_B)
    # The guessers' own locks stay: the reset was not theirs.
    assert refused("chef.m@example.test", new_password, forwarded_for=guessers[0])


def test_a_monday_morning_of_staff_behind_one_municipal_address_is_not_refused(
    behind_the_proxy,
):
    staff = [UserFactory(email=f"medarbetare{n}@example.test") for n in range(80)]
    nat = "192.0.2.200"
    # One in ten mistypes first.
    for person in staff[::10]:
        attempt(person.email, WRONG, forwarded_for=nat)
    assert all(logs_in(person.email, forwarded_for=nat) for person in staff)
