"""Searching the site: what a visitor typed, made safe, and the pages that match it.

The configured Wagtail search backend does the matching (the database backend: FTS5 on
SQLite, full text search with the Swedish dictionary on PostgreSQL). Two things are
added for Swedish:

- every word of three letters or more also matches as the start of a word, so
  "utredning" finds "utredningar" and "introduktion" finds "introduktionsprogrammet"
  (Swedish inflects by endings and builds compounds; SQLite has no stemmer at all, and
  PostgreSQL's stemmer does not split compounds);
- when no page has every word, the pages with any of them are shown, and the visitor
  is told so.

The visitor's text never reaches the search engine's own query language: only the
words in it do, each quoted by the backend, so quotes, stars, minus signs, "OR" and the
like are plain text and cannot make a query the engine refuses.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, reduce

from django.conf import settings
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Q, QuerySet
from modelsearch.backends import get_search_backend
from modelsearch.query import PlainText
from wagtail.models import Locale, Page

from .models import GlossaryTerm

#: Longer input is cut here: no real question needs more, and a huge query is work
#: for the database that nobody asked for.
MAX_QUERY_LENGTH = 200
#: Words after these are ignored (a pasted paragraph is not a search).
MAX_TERMS = 12
#: Words this long or longer also match as the start of a longer word.
MIN_PREFIX = 3
PAGE_SIZE = 10
GLOSSARY_HITS = 5

#: Words that say nothing about what is searched for. PostgreSQL's Swedish dictionary
#: drops these by itself; SQLite would demand them on every page found.
_STOP_WORDS = """
    och att det som en på är av för med till den har de inte om ett han men var jag sig
    från vi så kan man när år säger hon under också efter eller nu sin där vid mot ska
    skulle kommer hur vad vilka vilken vem får måste mitt min mina du dig din dina
    the a an of to in and or is how what
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Query:
    """What the visitor typed, cleaned: `text` goes back into the search box."""

    text: str = ""
    terms: tuple[str, ...] = ()
    truncated: bool = False


def clean_query(raw: str | None) -> Query:
    """The visitor's text without control characters (a NUL byte is refused by
    PostgreSQL), with runs of white space made one space, cut to MAX_QUERY_LENGTH."""
    text = unicodedata.normalize("NFC", raw or "")
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    text = " ".join(text.split())
    truncated = len(text) > MAX_QUERY_LENGTH
    if truncated:
        cut = text[:MAX_QUERY_LENGTH]
        # End at a word's end rather than in the middle of one, if that loses little.
        space = cut.rfind(" ")
        text = cut[:space] if space > MAX_QUERY_LENGTH // 2 else cut
    words: list[str] = []
    for word in _WORD.findall(text.casefold()):
        word = word.strip("_")
        if word and word not in words:
            words.append(word)
    meaningful = [word for word in words if word not in STOP_WORDS]
    terms = tuple((meaningful or words)[:MAX_TERMS])
    return Query(text=text, terms=terms, truncated=truncated)


# -- the backend, with prefix matching for Swedish -----------------------------------------


def _lexemes(terms: list[str], lexeme, operator: str, **kwargs):
    lexemes = [lexeme(term, prefix=len(term) >= MIN_PREFIX, **kwargs) for term in terms]
    if operator == "and":
        return reduce(lambda a, b: a & b, lexemes)
    return reduce(lambda a, b: a | b, lexemes)


@cache
def _sqlite_compiler():
    from modelsearch.backends.database.sqlite.query import Lexeme, SearchQueryExpression
    from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchQueryCompiler

    class SwedishSQLiteCompiler(SQLiteSearchQueryCompiler):
        """Every word may be the start of a longer one (FTS5 `"word"*`)."""

        def build_search_query_content(self, query, config=None):
            if isinstance(query, PlainText) and query.query_string.split():
                lexemes = _lexemes(query.query_string.split(), Lexeme, query.operator)
                return SearchQueryExpression(lexemes, config=config)
            return super().build_search_query_content(query, config=config)

    return SQLiteSearchQueryCompiler, SwedishSQLiteCompiler


@cache
def _postgres_compiler():
    from django.contrib.postgres.search import SearchQuery
    from modelsearch.backends.database.postgres.postgres import PostgresSearchQueryCompiler
    from modelsearch.backends.database.postgres.query import Lexeme

    class SwedishPostgresCompiler(PostgresSearchQueryCompiler):
        """Every word, stemmed by the Swedish dictionary, may be the start of a longer
        one (tsquery `'word':*`), which finds the compounds the stemmer leaves whole."""

        def build_tsquery_content(self, query, config=None, invert=False):
            if isinstance(query, PlainText) and query.query_string.split():
                lexemes = _lexemes(
                    query.query_string.split(), Lexeme, query.operator, invert=invert
                )
                return SearchQuery(lexemes, search_type="raw", config=config)
            return super().build_tsquery_content(query, config=config, invert=invert)

    return PostgresSearchQueryCompiler, SwedishPostgresCompiler


def search_backend():
    """The configured backend; the database backends get the Swedish compilers above,
    any other backend (Elasticsearch, OpenSearch) is used as it is."""
    backend = get_search_backend()
    if connection.vendor == "sqlite":
        stock, swedish = _sqlite_compiler()
    elif connection.vendor == "postgresql":
        stock, swedish = _postgres_compiler()
    else:
        return backend
    if backend.query_compiler_class is stock:
        backend.query_compiler_class = swedish  # this instance only
    return backend


# -- what is searched --------------------------------------------------------------------


def _in_language(pages: QuerySet[Page], language: str) -> QuerySet[Page]:
    """Rows of the visitor's language, and the Swedish ones not translated into it: the
    site shows a Swedish page where the English one is missing, so search does too."""
    default = settings.LANGUAGE_CODE
    locales = Locale.objects.filter(language_code=language).values("pk")
    if language == default:
        return pages.filter(locale__in=locales)
    default_locale = Locale.objects.filter(language_code=default).values("pk")
    # A translation that is not live does not count: the Swedish page is served instead.
    translated = Page.objects.live().filter(locale__in=locales)
    return pages.filter(
        Q(locale__in=locales)
        | (
            Q(locale__in=default_locale)
            & ~Q(translation_key__in=translated.values("translation_key"))
        )
    )


def searchable_pages(language: str) -> QuerySet[Page]:
    """Live, public pages of the visitor's language (with the Swedish fallback), the
    tree's root left out."""
    pages = Page.objects.live().public().filter(depth__gt=1)
    return _in_language(pages, language).specific()


# -- results -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    page: Page
    section: str
    kind: str
    language: str


@dataclass(frozen=True)
class Results:
    page_obj: PaginatorPage  # of Hit
    any_word: bool  # no page had every word; these have some
    glossary: list[GlossaryTerm]

    @property
    def count(self) -> int:
        return self.page_obj.paginator.count


def _hits(pages: list[Page], language: str) -> list[Hit]:
    """Each page with its section (the parent's title, below the home page), its type
    and its language: one query for the parents of the whole result page, and one for
    the languages when the visitor does not read Swedish."""
    step = Page.steplen
    codes = {}
    if language != settings.LANGUAGE_CODE and pages:
        codes = dict(Locale.objects.values_list("pk", "language_code"))
    parent_paths = {page.path[:-step] for page in pages if page.depth > 3}
    titles = dict(Page.objects.filter(path__in=parent_paths).values_list("path", "title"))
    return [
        Hit(
            page=page,
            section=titles.get(page.path[:-step], "") if page.depth > 3 else "",
            kind=str(page.specific_class._meta.verbose_name) if page.specific_class else "",
            language=codes.get(page.locale_id, language),
        )
        for page in pages
    ]


def run(query: Query, *, language: str, page_number) -> Results:
    """The result page `page_number` (anything else than a page number gives the first,
    a number past the end the last) of pages matching every word, or any word if no
    page matches them all. Glossary terms matching are added on the first page."""
    backend = search_backend()
    pages = searchable_pages(language)
    text = " ".join(query.terms)
    found = backend.search(text, pages, operator="and")
    any_word = False
    if len(query.terms) > 1 and not found.count():
        found = backend.search(text, pages, operator="or")
        any_word = True
    page_obj = Paginator(found, PAGE_SIZE).get_page(page_number)
    page_obj.object_list = _hits(list(page_obj.object_list), language)
    glossary = _glossary(backend, text, language) if page_obj.number == 1 else []
    return Results(page_obj=page_obj, any_word=any_word, glossary=glossary)


def _glossary(backend, text: str, language: str) -> list[GlossaryTerm]:
    """Terms of the visitor's language, and Swedish ones not translated into it. The
    snippet's index can only filter by locale, so the translated ones are left out here."""
    languages = {language, settings.LANGUAGE_CODE}
    terms = GlossaryTerm.objects.filter(
        locale__in=Locale.objects.filter(language_code__in=languages).values("pk")
    ).select_related("locale")
    found = list(backend.search(text, terms, operator="or")[: GLOSSARY_HITS * 4])
    if language != settings.LANGUAGE_CODE and found:
        translated = set(
            GlossaryTerm.objects.filter(locale__language_code=language).values_list(
                "translation_key", flat=True
            )
        )
        found = [
            term
            for term in found
            if term.locale.language_code == language or term.translation_key not in translated
        ]
    return found[:GLOSSARY_HITS]
