"""The site's sections and footer on every page, the way into the site from the
logged-in pages, and the language switch that leads to a page's translation."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from wagtail.models import Locale

from cms import selectors
from cms.models import HomePage, StandardPage

from .conftest import publish


@pytest.fixture
def site(programme_page, knowledge, guidance, news_index, contact_page):
    """A home with the five sections in its menu."""
    return programme_page.get_parent().specific


@pytest.fixture
def english():
    return Locale.objects.get_or_create(language_code="en")[0]


def translate(page, locale, **fields):
    translation = page.copy_for_translation(locale, copy_parents=True)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    translation.refresh_from_db()
    return translation


def section_nav(html: str) -> str:
    match = re.search(r'<nav class="section-nav".*?</nav>', html, re.S)
    assert match, "the page has no section menu"
    return match.group(0)


def test_every_site_page_shows_the_sections_in_tree_order(client, site, article):
    for url in ("/", "/programmet/", "/kunskap/dokumentation/", "/kontakt/"):
        nav = section_nav(client.get(url).content.decode())
        titles = re.findall(r">([^<>]+)</a>", nav)
        assert titles == [
            "Programmet",
            "Kunskapsbank",
            "Vägledning",
            "Nyheter",
            "Kontakt och hjälp",
        ]


def test_the_section_of_the_page_shown_is_marked_current(client, site, article):
    nav = section_nav(client.get("/kunskap/").content.decode())
    assert '<a href="/kunskap/" aria-current="page">' in nav
    nav = section_nav(client.get("/kunskap/dokumentation/").content.decode())
    assert '<a href="/kunskap/" aria-current="true">' in nav
    assert nav.count("aria-current") == 1


def test_a_page_left_out_of_the_menu_is_not_in_it(client, site, home):
    publish(home, StandardPage(title="Om webbplatsen", slug="om", show_in_menus=False))
    assert "Om webbplatsen" not in section_nav(client.get("/").content.decode())


def test_the_menu_costs_no_query_once_cached(site, django_assert_num_queries):
    first = selectors.site_sections("sv")
    with django_assert_num_queries(1):  # + 1: the version counters, read once per request
        assert selectors.site_sections("sv") == first


def test_publishing_a_section_shows_it_in_the_menu_at_once(client, site, home):
    client.get("/")  # the menu is cached now
    publish(home, StandardPage(title="Nytt avsnitt", slug="nytt", show_in_menus=True))
    assert "Nytt avsnitt" in section_nav(client.get("/").content.decode())


def test_an_english_reader_gets_translated_sections_and_swedish_ones_marked(
    client, site, programme_page, english
):
    translate(site, english, title="Introduction")
    translate(programme_page, english, title="The programme", slug="programme")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    nav = section_nav(client.get("/").content.decode())
    assert '<a href="/programme/">The programme</a>' in nav
    # Not translated yet: the Swedish page, marked as Swedish for screen readers.
    assert '<a href="/kunskap/" lang="sv">Kunskapsbank</a>' in nav


def test_the_footer_links_to_contact_and_the_pages_about_the_site(client, site, home):
    publish(home, StandardPage(title="Tillgänglighetsredogörelse", slug="tillganglighet"))
    publish(home, StandardPage(title="Om webbplatsen", slug="om-webbplatsen"))
    html = client.get("/programmet/").content.decode()
    footer = html[html.index("<footer") :]
    assert '<a href="/kontakt/">Kontakt och hjälp</a>' in footer
    assert '<a href="/tillganglighet/">Tillgänglighetsredogörelse</a>' in footer
    assert '<a href="/om-webbplatsen/">Om webbplatsen</a>' in footer


def test_the_footer_links_cost_no_query_once_cached(site, django_assert_num_queries):
    first = selectors.footer_links("sv")
    with django_assert_num_queries(1):  # + 1: the version counters, read once per request
        assert selectors.footer_links("sv") == first


def test_every_page_has_a_search_field(client, site, newcomer):
    for response in (client.get("/"), client.get(reverse("account_login"))):
        html = response.content.decode()
        assert 'role="search"' in html
        assert f'action="{reverse("search")}"' in html
        assert 'name="q"' in html


def test_a_logged_in_newcomer_finds_the_site_from_the_menu(client, site, newcomer):
    client.force_login(newcomer)
    html = client.get(reverse("core:start")).content.decode()
    menu = re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)
    assert '<a href="/">Om programmet</a>' in menu


def test_a_logged_in_reader_of_a_site_page_sees_both_menus(client, site, newcomer):
    client.force_login(newcomer)
    html = client.get("/programmet/").content.decode()
    assert 'aria-label="Huvudmeny"' in html
    assert "Kunskapsbank" in section_nav(html)


def language_next(html: str) -> str:
    return re.search(r'name="next" value="([^"]*)"', html).group(1)


def test_the_language_switch_leads_to_the_translation_of_the_page(
    client, site, programme_page, english
):
    translate(site, english, title="Introduction")
    translate(programme_page, english, title="The programme", slug="programme")
    assert language_next(client.get("/programmet/").content.decode()) == "/programme/"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert language_next(client.get("/programme/").content.decode()) == "/programmet/"


def test_the_language_switch_stays_on_a_page_that_is_not_translated(client, site, english):
    assert language_next(client.get("/vagledning/").content.decode()) == "/vagledning/"


def test_the_language_switch_of_other_pages_keeps_their_address(client, site):
    html = client.get(reverse("account_login") + "?next=/start/").content.decode()
    assert language_next(html) == "/accounts/login/?next=/start/"


def test_a_translation_in_draft_is_not_where_the_switch_leads(
    client, site, programme_page, english
):
    translation = programme_page.copy_for_translation(english, copy_parents=True)
    translation.save_revision()  # a draft: nobody outside the admin sees it
    assert HomePage.objects.filter(locale=english).exists()
    assert language_next(client.get("/programmet/").content.decode()) == "/programmet/"
