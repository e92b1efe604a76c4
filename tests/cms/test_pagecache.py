"""The whole-page cache of the public site (cms/pagecache.py): pages stored once per
audience and language, with each visitor's own parts and CSRF token filled in."""

import re

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import PageViewRestriction

from cms import pagecache
from cms.models import StandardPage
from lms.accounts.models import User

from .conftest import publish

pytestmark = pytest.mark.dates  # shows what comes and what is due: moment-dependent

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def queries(client, url, **extra) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **extra)
    return len(captured), response


# -- hits ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fixture", ["home", "programme_page", "module_page", "knowledge", "article", "news_item"]
)
def test_a_second_anonymous_visit_is_served_with_one_query(db, client, request, fixture):
    page = request.getfixturevalue(fixture)
    first = client.get(page.url)
    assert first.status_code == 200

    count, second = queries(client, page.url)

    assert count == 1  # the version counters, read once per request
    assert second.status_code == 200
    assert second.content == first.content or TOKEN.sub("", second.content.decode()) == TOKEN.sub(
        "", first.content.decode()
    )


def test_a_hit_keeps_the_language_and_vary_headers(client, module_page):
    client.get(module_page.url)

    response = client.get(module_page.url)

    assert response["Content-Language"] == "sv"
    assert "Cookie" in response["Vary"]
    assert response["Content-Type"].startswith("text/html")


def test_a_head_request_is_served_from_the_cache_too(client, module_page):
    client.get(module_page.url)

    with CaptureQueriesContext(connection) as captured:
        response = client.head(module_page.url)

    assert response.status_code == 200
    assert len(captured) == 1  # the version counters, read once per request


# -- what makes a page stale ----------------------------------------------------------------


def test_publishing_a_change_shows_it_at_once(client, article):
    client.get(article.url)

    article.title = "Att dokumentera väl"
    article.save_revision().publish()

    assert "Att dokumentera väl" in client.get(article.url).content.decode()


def test_a_draft_does_not_change_the_cached_page(client, article):
    client.get(article.url)

    article.title = "Ett utkast"
    article.save_revision()

    count, response = queries(client, article.url)
    assert count == 1  # the version counters, read once per request
    assert "Ett utkast" not in response.content.decode()


def test_a_new_course_date_shows_on_the_module_page_at_once(client, module_page, make_session):
    client.get(module_page.url)

    session = make_session(in_days=40)

    first_day = session.days.order_by("date").first().date.isoformat()
    assert first_day in client.get(module_page.url).content.decode()


def test_a_new_day_makes_the_page_afresh(client, module_page, settings, monkeypatch):
    import datetime

    from django.utils import timezone

    client.get(module_page.url)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args: tomorrow)

    count, _response = queries(client, module_page.url)

    assert count > 0


# -- what is cached apart --------------------------------------------------------------------


def test_english_and_swedish_are_cached_apart(client, home, english):
    swedish = client.get(home.url)
    english_client = Client()
    english_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    in_english = english_client.get("/")
    again_swedish = client.get("/")

    assert "Introduction for new social workers" in in_english.content.decode()
    assert in_english["Content-Language"] == "en"
    assert home.title in again_swedish.content.decode()
    assert "Introduction for new social workers" not in again_swedish.content.decode()
    assert again_swedish["Content-Language"] == swedish["Content-Language"] == "sv"


def test_index_pages_are_cached_per_page_and_filter(client, knowledge, article):
    count_first, _ = queries(client, knowledge.url, data={"tag": "dokumentation"})
    count_again, response = queries(client, knowledge.url, data={"tag": "dokumentation"})
    count_other, _ = queries(client, knowledge.url, data={"tag": "annat"})

    assert count_first > 0
    assert count_again == 1  # the version counters, read once per request
    assert count_other > 0  # another filter is another page
    assert article.title in response.content.decode()


def test_other_query_parameters_are_not_cached(client, article):
    client.get(article.url, {"utm_source": "nyhetsbrev"})

    count, response = queries(client, article.url, data={"utm_source": "nyhetsbrev"})

    assert response.status_code == 200
    assert count > 0


# -- who never gets a cached page --------------------------------------------------------------


def test_a_logged_in_visitor_never_gets_the_anonymous_page(client, module_page, newcomer):
    client.get(module_page.url)  # cached for anonymous visitors

    client.force_login(newcomer)
    count, response = queries(client, module_page.url)

    assert count > 0
    html = response.content.decode()
    assert "Logga ut" in html
    assert "Din status" in html


def test_a_logged_in_visitors_page_is_never_given_to_anonymous_visitors(
    client, module_page, newcomer
):
    client.force_login(newcomer)
    client.get(module_page.url)

    anonymous = Client()
    html = anonymous.get(module_page.url).content.decode()

    assert "Logga ut" not in html
    assert "Din status" not in html
    assert newcomer.email not in html


def test_a_page_behind_a_login_restriction_is_never_cached(client, home):
    page = publish(home, StandardPage(title="Intern", slug="intern"))
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)

    first = client.get(page.url)
    assert first.status_code == 302
    assert first["Location"].startswith(settings.WAGTAIL_FRONTEND_LOGIN_URL)
    count, response = queries(client, page.url)

    assert response.status_code == 302
    assert count > 0


def test_a_password_page_is_never_cached(client, home):
    page = publish(home, StandardPage(title="Intern", slug="intern", intro="Hemligt."))
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="hemligt"
    )
    client.get(page.url)

    count, response = queries(client, page.url)

    assert count > 0
    assert "Hemligt." not in response.content.decode()


def test_a_page_made_private_after_it_was_cached_is_not_served_from_the_cache(client, home):
    page = publish(home, StandardPage(title="Snart intern", slug="intern", intro="Hemligt."))
    assert "Hemligt." in client.get(page.url).content.decode()

    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)

    assert client.get(page.url).status_code == 302


def test_a_missing_page_is_not_cached(client, home):
    assert client.get("/finns-inte/").status_code == 404
    count, response = queries(client, "/finns-inte/")
    assert response.status_code == 404
    assert count > 0


def test_a_visitor_with_a_message_waiting_sees_it(client, home, newcomer):
    client.get(home.url)  # cached without a message
    client.force_login(newcomer)
    client.post(reverse("account_logout"))

    html = client.get(home.url).content.decode()

    assert 'class="messages"' in html
    assert 'class="messages"' not in client.get(home.url).content.decode()  # shown once


# -- signed-in visitors: one shared page, their own parts -------------------------------------


def test_a_signed_in_visitor_gets_the_shared_page_with_their_own_header(
    client, module_page, newcomer, manager
):
    client.force_login(newcomer)
    first = client.get(module_page.url).content.decode()

    count, response = queries(client, module_page.url)
    html = response.content.decode()

    assert count <= 3  # the session, the user, the version counters
    assert html == first or TOKEN.sub("", html) == TOKEN.sub("", first)
    assert "Logga ut" in html and "Min introduktion" in html and "Din status" in html

    other = Client()
    other.force_login(manager)
    theirs = other.get(module_page.url).content.decode()
    assert "Logga ut" in theirs and "Planer" in theirs
    assert "Din status" not in theirs and "Min introduktion" not in theirs


def test_the_bell_counts_what_came_after_the_page_was_stored(client, home, newcomer):
    client.force_login(newcomer)
    assert 'class="badge"' not in client.get(home.url).content.decode()

    User.objects.filter(pk=newcomer.pk).update(unread_notifications=3)

    assert 'class="badge">3<' in client.get(home.url).content.decode()


def test_the_stored_page_holds_markers_not_anyones_parts(client, home, newcomer, monkeypatch):
    stored = []
    keep = pagecache.cache.set

    def spy(key, value, timeout=None, **kwargs):
        if key.startswith("fragment:site-page:"):
            stored.append(value[0])
        return keep(key, value, timeout, **kwargs)

    monkeypatch.setattr(pagecache.cache, "set", spy)
    client.force_login(newcomer)
    client.get(home.url)

    assert stored
    for html in stored:
        assert "<!--part:site-header-tools:" in html
        assert "Logga ut" not in html and newcomer.email not in html


# -- CSRF tokens --------------------------------------------------------------------------------


def test_every_visitor_gets_their_own_csrf_token_from_a_cached_page(home):
    first = Client(enforce_csrf_checks=True)
    second = Client(enforce_csrf_checks=True)

    page_one = first.get(home.url).content.decode()
    count, response = queries(second, home.url)
    page_two = response.content.decode()

    assert count == 1  # the version counters, read once per request
    token_one, token_two = TOKEN.search(page_one)[1], TOKEN.search(page_two)[1]
    assert token_one != token_two
    assert settings.CSRF_COOKIE_NAME in response.cookies  # the cookie is set as usual
    assert "csrf-slot" not in page_two

    for client, token in ((first, token_one), (second, token_two)):
        switched = client.post(
            reverse("accounts:set_language"),
            {"language": "en", "next": "/", "csrfmiddlewaretoken": token},
        )
        assert switched.status_code == 302
        assert switched.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_a_token_from_another_visitors_cached_page_is_refused(home):
    first = Client(enforce_csrf_checks=True)
    second = Client(enforce_csrf_checks=True)
    token_one = TOKEN.search(first.get(home.url).content.decode())[1]
    second.get(home.url)

    response = second.post(
        reverse("accounts:set_language"),
        {"language": "en", "next": "/", "csrfmiddlewaretoken": token_one},
    )

    assert response.status_code == 403
