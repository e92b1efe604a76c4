"""Queries per page type, pinned: anonymous visitors (from the page cache, and rendered
when the cache cannot serve them) and a logged-in newcomer (from the page cache, their
header and status filled in as parts).

The project's target is at most ten queries for a page. "Rendered" is measured on a
warm process (the address's route and the shared lists already cached, as they are
after the first visitor), with a query parameter the page cache does not keep.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from cms.models import Contact, ContactPageContact, GlossaryPage, GlossaryTerm, StandardPage

from .conftest import publish

TARGET = 10


@pytest.fixture
def glossary_page(knowledge):
    locale = Locale.get_default()
    for term in ("Barnavårdsutredning", "Bistånd", "Orosanmälan"):
        GlossaryTerm.objects.create(locale=locale, term=term, definition="En förklaring.")
    return publish(knowledge, GlossaryPage(title="Ordlista", slug="ordlista"))


@pytest.fixture
def standard_page(home):
    return publish(home, StandardPage(title="Om webbplatsen", slug="om"))


@pytest.fixture
def contacts_page(contact_page):
    """The contact page with three contacts."""
    locale = Locale.get_default()
    for n in range(3):
        contact = Contact.objects.create(locale=locale, name=f"Kontakt {n}", role="Samordnare")
        ContactPageContact.objects.create(page=contact_page, contact=contact)
    contact_page.save_revision().publish()
    return contact_page


@pytest.fixture
def module_page_with_dates(module_page, make_session):
    make_session(in_days=20)
    make_session(in_days=50, n_days=3)
    return module_page


#: page fixture: (anonymous rendered, logged-in newcomer). The anonymous page cache's
#: hit reads nothing for every one of them; the logged-in newcomer's second visit is a
#: hit too, reading only the session and the user (their header and status are parts).
PAGES = {
    "home": (4, 2),
    "programme_page": (6, 2),
    "module_page_with_dates": (4, 2),
    "knowledge": (8, 2),
    "article": (6, 2),
    "glossary_page": (5, 2),
    "guidance": (6, 2),
    "guide": (4, 2),
    "news_index": (7, 2),
    "news_item": (4, 2),
    "contacts_page": (9, 2),
    "standard_page": (4, 2),
}


def count(client, url) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return len(captured), response.status_code


@pytest.fixture
def site(request, home, guide, news_item, article, programme_page):
    """Every page type, so lists and menus have something in them."""
    return {name: request.getfixturevalue(name) for name in PAGES}


@pytest.mark.parametrize("name", PAGES)
def test_an_anonymous_visit_reads_nothing_from_the_cache_and_little_without(client, site, name):
    url = site[name].url
    client.get(url)  # the first visitor: routes and lists are cached, the page too
    client.get(url, {"utm_source": "x"})

    hit, status = count(client, url)
    rendered, _ = count(client, url + "?utm_source=y")

    assert status == 200
    assert hit == 1  # the version counters, read once per request
    assert rendered <= PAGES[name][0] + 1


@pytest.mark.parametrize("name", PAGES)
def test_a_logged_in_newcomer_reads_few_queries(client, site, newcomer, name):
    client.force_login(newcomer)
    url = site[name].url
    client.get(url)

    queries, status = count(client, url)

    assert status == 200
    assert queries <= PAGES[name][1] + 1  # + 1: the version counters, read once per request


def test_every_page_type_meets_the_target():
    over = {name for name, (anonymous, logged_in) in PAGES.items() if logged_in > TARGET}
    assert over == set()
