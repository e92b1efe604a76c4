"""Search over the site's live, public pages, in the visitor's language, on SQLite (FTS5)
and PostgreSQL (Swedish full text search) alike."""

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from wagtail.models import Locale, PageViewRestriction

from cms import search as site_search
from cms.models import GlossaryTerm, KnowledgeArticlePage, StandardPage

from .conftest import publish

URL = reverse("search")


def hits(response) -> list[str]:
    return [hit.page.title for hit in response.context["results"].page_obj]


def article(knowledge, title: str, *, intro: str = "", text: str = "", live: bool = True):
    page = KnowledgeArticlePage(
        title=title,
        slug=title.lower().replace(" ", "-"),
        intro=intro,
        body=[("text", f"<p>{text}</p>")] if text else [],
    )
    if live:
        return publish(knowledge, page)
    page.live = False
    knowledge.add_child(instance=page)
    page.save_revision()
    return page


def in_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


# -- finding pages ---------------------------------------------------------------------------


def test_search_finds_a_page_by_its_title_intro_or_body(client, knowledge):
    article(knowledge, "Barnavårdsutredning steg för steg")
    article(knowledge, "Att skriva", intro="Hur journalanteckningar ska formuleras.")
    article(knowledge, "Möten", text="Tolken bokas i god tid före mötet.")

    assert hits(client.get(URL, {"q": "barnavårdsutredning"})) == [
        "Barnavårdsutredning steg för steg"
    ]
    assert hits(client.get(URL, {"q": "journalanteckningar"})) == ["Att skriva"]
    assert hits(client.get(URL, {"q": "tolken"})) == ["Möten"]


def test_each_result_shows_its_title_link_section_intro_and_type(client, knowledge):
    page = article(knowledge, "Sekretess", intro="Vad du får säga och till vem.")

    response = client.get(URL, {"q": "sekretess"})

    html = response.content.decode()
    assert f'href="{page.url}"' in html
    assert "Vad du får säga och till vem." in html
    assert "Kunskapsbank" in html  # the section: the article's parent
    assert "Kunskapsartikel" in html  # the page type


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("samtal", "Inför samtalen med familjen läser du akten."),
        ("utredning", "Utredningar ska vara klara inom fyra månader."),
        ("barn", "Barnens röst ska höras i utredningen."),
        ("dokumentation", "Dokumentationskraven finns i lagen."),
    ],
)
def test_swedish_inflections_and_compounds_match(client, knowledge, query, text):
    article(knowledge, "Sidan", text=text)
    article(knowledge, "En annan sida", text="Ingenting om det.")

    assert hits(client.get(URL, {"q": query})) == ["Sidan"]


def test_a_search_for_several_words_finds_pages_with_all_of_them(client, knowledge):
    article(knowledge, "Båda", text="Handledning och dokumentation.")
    article(knowledge, "Ett", text="Bara handledning.")

    response = client.get(URL, {"q": "handledning dokumentation"})

    assert hits(response) == ["Båda"]
    assert not response.context["results"].any_word


def test_when_no_page_has_every_word_pages_with_any_of_them_are_shown(client, knowledge):
    article(knowledge, "Handledning", text="Om handledning.")
    article(knowledge, "Tolk", text="Om tolkar.")

    response = client.get(URL, {"q": "handledning tolk flygplan"})

    assert sorted(hits(response)) == ["Handledning", "Tolk"]
    assert response.context["results"].any_word
    assert "Ingen sida innehöll alla orden" in response.content.decode()


def test_words_that_say_nothing_are_not_required(client, knowledge):
    article(knowledge, "Bokning", text="Så bokar du en kurs i programmet.")

    assert hits(client.get(URL, {"q": "hur bokar jag kurs"})) == ["Bokning"]


# -- what is never shown ----------------------------------------------------------------------


def test_drafts_unpublished_and_private_pages_are_never_found(client, home, knowledge):
    article(knowledge, "Publicerad sekretess")
    article(knowledge, "Utkast om sekretess", live=False)
    article(knowledge, "Tillbakadragen sekretess").unpublish()
    private = publish(home, StandardPage(title="Intern sekretess", slug="intern"))
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    secret_child = article(knowledge, "Lösenord sekretess")
    PageViewRestriction.objects.create(
        page=secret_child, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )

    assert hits(client.get(URL, {"q": "sekretess"})) == ["Publicerad sekretess"]


def test_the_trees_root_is_never_a_result(client, home):
    assert client.get(URL, {"q": "root"}).context["results"].count == 0


# -- the visitor's language -----------------------------------------------------------------


def test_an_english_visitor_finds_english_pages_and_untranslated_swedish_ones(
    client, home, knowledge, english
):
    translated = article(knowledge, "Handledning på svenska", intro="Om handledning.")
    knowledge_en = knowledge.copy_for_translation(english)
    knowledge_en.save_revision().publish()
    translation = translated.copy_for_translation(english)
    translation.title = "Supervision in English"
    translation.intro = "About handledning, the Swedish word."
    translation.save_revision().publish()
    article(knowledge, "Handledare", intro="Bara på svenska om handledning.")

    response = in_english(client).get(URL, {"q": "handledning"})

    assert sorted(hits(response)) == ["Handledare", "Supervision in English"]
    html = response.content.decode()
    assert 'lang="sv"' in html  # the Swedish result is marked as Swedish
    assert "in Swedish" in html or "på svenska" in html


def test_a_swedish_visitor_never_sees_english_pages(client, home, knowledge, english):
    page = article(knowledge, "Handledning", intro="Om handledning.")
    knowledge.copy_for_translation(english).save_revision().publish()
    translation = page.copy_for_translation(english)
    translation.title = "Handledning in English"
    translation.save_revision().publish()

    assert hits(client.get(URL, {"q": "handledning"})) == ["Handledning"]


def test_a_draft_translation_leaves_the_swedish_page_in_english_results(
    client, home, knowledge, english
):
    page = article(knowledge, "Handledning", intro="Om handledning.")
    knowledge.copy_for_translation(english).save_revision().publish()
    page.copy_for_translation(english).save_revision()  # a draft, not live

    assert hits(in_english(client).get(URL, {"q": "handledning"})) == ["Handledning"]


# -- the glossary -----------------------------------------------------------------------------


def test_matching_glossary_terms_are_shown_on_top(client, home, knowledge):
    locale = Locale.get_default()
    GlossaryTerm.objects.create(
        locale=locale, term="Barnavårdsutredning", definition="En utredning enligt 11 kap."
    )
    GlossaryTerm.objects.create(locale=locale, term="Bistånd", definition="Hjälp enligt SoL.")
    article(knowledge, "Utredningar", text="Om barnavårdsutredningen.")

    response = client.get(URL, {"q": "barnavårdsutredning"})

    assert [term.term for term in response.context["results"].glossary] == ["Barnavårdsutredning"]
    html = response.content.decode()
    assert html.index("Ordlistan") < html.index("Utredningar")


def test_glossary_terms_are_shown_even_when_no_page_matches(client, home):
    GlossaryTerm.objects.create(
        locale=Locale.get_default(), term="Orosanmälan", definition="En anmälan om oro."
    )

    response = client.get(URL, {"q": "orosanmälan"})

    assert response.context["results"].count == 0
    assert "Orosanmälan" in response.content.decode()


# -- bad input --------------------------------------------------------------------------------


def test_the_search_page_without_a_query_shows_the_form_and_searches_nothing(
    client, home, django_assert_max_num_queries
):
    with django_assert_max_num_queries(1):
        response = client.get(URL)

    assert response.status_code == 200
    assert response.context["results"] is None
    assert 'name="q"' in response.content.decode()
    assert "Skriv ett eller flera ord" not in response.content.decode()


@pytest.mark.parametrize("query", ["", "   ", "\t\n  "])
def test_an_empty_query_asks_for_words_and_searches_nothing(client, home, query):
    response = client.get(URL, {"q": query})

    assert response.status_code == 200
    assert response.context["results"] is None
    assert "Skriv ett eller flera ord i sökrutan" in response.content.decode()


@pytest.mark.parametrize("query", ["***", "🙂🙂", '"" -- ""', "\x00"])
def test_a_query_without_words_says_so(client, home, query):
    response = client.get(URL, {"q": query})

    assert response.status_code == 200
    assert response.context["results"] is None
    assert "inga ord att söka på" in response.content.decode() or (
        "Skriv ett eller flera ord i sökrutan" in response.content.decode()
    )


def test_a_query_of_5000_characters_is_cut_with_a_note(client, knowledge):
    article(knowledge, "Handledning", text="Om handledning.")

    response = client.get(URL, {"q": "handledning " * 450})  # 5,400 characters

    assert response.status_code == 200
    query = response.context["query"]
    assert query.truncated
    assert len(query.text) <= site_search.MAX_QUERY_LENGTH
    assert query.terms == ("handledning",)
    assert "längre än 200 tecken" in response.content.decode()
    assert hits(response) == ["Handledning"]


@pytest.mark.parametrize(
    "query",
    [
        '"handledning',
        "handledning*",
        "-handledning",
        "handledning OR tolk",
        "handledning AND NOT tolk",
        "NEAR(handledning tolk)",
        "title:handledning",
        "{title body} : handledning",
        "'; DROP TABLE wagtailcore_page; --",
        "handledning\x00tolk",
        "handledning 🙂",
        "(((handledning",
        "handledning ^ 2",
        "a" * 300,
        "å ä ö",
        "handledning's",
        "\\",
        "%_%",
    ],
)
def test_odd_characters_never_give_an_error(client, knowledge, query):
    article(knowledge, "Handledning", text="Om handledning och tolk.")

    response = client.get(URL, {"q": query})

    assert response.status_code == 200


def test_quotes_minus_and_or_are_plain_words(client, knowledge):
    article(knowledge, "Handledning", text="Om handledning.")

    for query in ('"handledning"', "-handledning", "handledning*", "handledning OR"):
        assert hits(client.get(URL, {"q": query})) == ["Handledning"], query


def test_nothing_found_gives_a_clear_message_with_tips(client, knowledge):
    article(knowledge, "Handledning", text="Om handledning.")

    response = client.get(URL, {"q": "flygplan"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Ingen sida matchar ”flygplan”" in html
    assert "Kontrollera stavningen" in html


# -- pagination ---------------------------------------------------------------------------------


@pytest.fixture
def twelve(knowledge):
    return [article(knowledge, f"Handledning {n:02}", text="Om handledning.") for n in range(12)]


def test_results_come_ten_to_a_page(client, twelve):
    first = client.get(URL, {"q": "handledning"})
    second = client.get(URL, {"q": "handledning", "page": 2})

    assert first.context["results"].count == 12
    assert len(hits(first)) == 10
    assert len(hits(second)) == 2
    assert set(hits(first)).isdisjoint(hits(second))
    assert "q=handledning&amp;page=2" in first.content.decode()


@pytest.mark.parametrize(
    ("page", "expected"), [("abc", 1), ("-1", 2), ("0", 2), ("999", 2), ("1.5", 1), ("", 1)]
)
def test_a_bad_page_number_gives_the_first_or_last_page(client, twelve, page, expected):
    response = client.get(URL, {"q": "handledning", "page": page})

    assert response.status_code == 200
    assert response.context["results"].page_obj.number == expected


# -- speed ------------------------------------------------------------------------------------


def test_a_search_reads_a_fixed_number_of_queries(
    client, home, knowledge, guidance, twelve, django_assert_max_num_queries
):
    from cms.models import GuidancePage

    publish(guidance, GuidancePage(title="Handledning som mentor", slug="h", audience="mentors"))
    client.get(URL, {"q": "mentor"})  # content types and the site's root paths, cached

    # The view restrictions, the count, the pages and their specific rows (two types),
    # the sections, the glossary and the site for the links; + 1: the version counters,
    # read once per request (PostgreSQL's search reaches the bound, SQLite stays under).
    with django_assert_max_num_queries(9):
        response = client.get(URL, {"q": "handledning"})
    assert response.context["results"].count == 13


def test_a_repeated_search_is_served_from_the_cache(client, twelve, django_assert_num_queries):
    client.get(URL, {"q": "handledning"})

    with django_assert_num_queries(1):  # + 1: the version counters, read once per request
        response = client.get(URL, {"q": "handledning"})
    assert "12 sidor matchar" in response.content.decode()


def test_publishing_a_page_shows_it_in_the_next_search(client, knowledge):
    article(knowledge, "Handledning", text="Om handledning.")
    client.get(URL, {"q": "handledning"})

    article(knowledge, "Handledning igen", text="Mer om handledning.")

    assert len(hits(client.get(URL, {"q": "handledning"}))) == 2


def test_the_postgresql_backend_uses_the_swedish_dictionary(knowledge):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('swedish', 'samtalen utredningar')::text")
        assert cursor.fetchone()[0] == "'samtal':1 'utredning':2"
    backend = site_search.search_backend()
    assert backend.config == "swedish"


def test_on_postgresql_an_inflected_query_finds_the_base_form(client, knowledge):
    """Stemming at query time as well as at index time: a prefix alone would not find
    "utredning" for "utredningarna"."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite has no stemmer")
    article(knowledge, "Sidan", text="En utredning tar tid.")

    assert hits(client.get(URL, {"q": "utredningarna"})) == ["Sidan"]
