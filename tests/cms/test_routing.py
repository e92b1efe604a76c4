"""The route cache (cms/routing.py): a known address costs one query for its page."""

from django.conf import settings
from django.test import Client
from wagtail.models import Locale, Page

from cms.models import StandardPage

from .conftest import publish


def test_a_known_address_is_served_from_its_remembered_route(client, newcomer, article):
    client.force_login(newcomer)
    client.get(article.url + "?x=1")  # a parameter the page cache does not keep: rendered

    article.refresh_from_db()
    response = client.get(article.url + "?x=2")

    assert response.status_code == 200
    assert response.context["page"] == article


def test_an_unpublished_page_is_gone_at_once(client, home):
    page = publish(home, StandardPage(title="Om", slug="om"))
    assert client.get("/om/?x=1").status_code == 200

    page.unpublish()

    assert client.get("/om/?x=2").status_code == 404


def test_a_remembered_route_to_a_page_no_longer_live_is_not_followed(client, home):
    page = publish(home, StandardPage(title="Om", slug="om"))
    assert client.get("/om/?x=1").status_code == 200

    # Another process unpublished it and this one has not seen the version change.
    Page.objects.filter(pk=page.pk).update(live=False)

    assert client.get("/om/?x=2").status_code == 404


def test_a_page_given_a_new_slug_answers_at_its_new_address(client, home):
    page = publish(home, StandardPage(title="Om", slug="om"))
    client.get("/om/?x=1")

    page.slug = "om-oss"
    page.save_revision().publish()

    assert client.get("/om-oss/?x=2").status_code == 200
    assert client.get("/om/?x=3").status_code == 404


def test_routes_are_remembered_per_language(client, home):
    locale = Locale.objects.create(language_code="en")
    page = publish(home, StandardPage(title="Om webbplatsen", slug="om"))
    home.copy_for_translation(locale).save_revision().publish()
    translation = page.copy_for_translation(locale)
    translation.title = "About the site"
    translation.save_revision().publish()
    client.get("/om/?x=1")

    english = Client()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    assert english.get("/om/?x=2").context["page"].title == "About the site"
    assert client.get("/om/?x=3").context["page"].title == "Om webbplatsen"
