"""Reads for the site's pages. Every list is of live, public pages of one language.

Lists that every visitor of a page sees alike (the home page's sections and news, the
knowledge bank's topics and areas) are cached under the "cms" version (the areas also
under "people"), which anything that changes them bumps: a page type's list costs one
query per page type otherwise. Each is a value of lms.core.caching.VALUES.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from django.conf import settings
from django.db.models import Q, QuerySet
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Locale, Page

from lms.core.caching import cached_value
from lms.organisation.models import Area

from .models import (
    ArticleTag,
    Contact,
    ContactPage,
    GlossaryTerm,
    HomePage,
    KnowledgeArticlePage,
    ModulePage,
    NewsPage,
    ProgrammePage,
    StandardPage,
)

LATEST_NEWS = 3


def children(page: Page, model: type[Page]) -> QuerySet:
    return model.objects.child_of(page).live().public()


def sections(home: HomePage) -> list[Page]:
    """The home page's sections, as the menu shows them."""
    return cached_value(
        "home-sections",
        home.pk,
        build=lambda: list(home.get_children().live().public().in_menu().specific()),
    )


def latest_news(home: HomePage) -> list[NewsPage]:
    return cached_value(
        "latest-news",
        home.pk,
        build=lambda: list(
            NewsPage.objects.descendant_of(home)
            .live()
            .public()
            .order_by("-date", "-pk")[:LATEST_NEWS]
        ),
    )


@dataclass(frozen=True)
class PartGroup:
    number: int | None
    title: str
    description: str
    pages: list[ModulePage]


def programme_parts(programme: ProgrammePage) -> list[PartGroup]:
    """The module pages grouped by their module's part, in programme order; pages whose
    module is gone come last, so an editor sees them and can mend them.

    Parts are grouped by number: a page still naming an older programme version's module
    sits under the same part as the current version's pages, with the current title."""
    pages = list(
        children(programme, ModulePage)
        .select_related("module__part__programme")
        .order_by("module__part__number", "module__position", "title")
    )

    def part_number(page: ModulePage) -> int:
        return page.module.part.number if page.module else 10**6

    groups = []
    for number, members in groupby(sorted(pages, key=part_number), key=part_number):
        members = list(members)
        parts = [page.module.part for page in members if page.module]
        part = next((p for p in parts if p.programme.is_current), parts[0] if parts else None)
        groups.append(
            PartGroup(
                number=number if part else None,
                title=part.title if part else "",
                description=part.description if part else "",
                pages=members,
            )
        )
    return groups


@dataclass(frozen=True)
class ArticleListing:
    articles: QuerySet[KnowledgeArticlePage]
    tags: list[Tag]
    areas: list[Area]
    tag: Tag | None
    area: Area | None


def article_listing(index, *, tag: str | None, area: str | None) -> ArticleListing:
    """The articles under the index, filtered by a topic and an area of work; unknown
    filter values are ignored rather than giving an empty page."""
    articles = (
        children(index, KnowledgeArticlePage)
        .select_related("area")
        .prefetch_related("tags")
        .order_by("title")
    )
    tags, areas = cached_value("article-filters", index.pk, build=lambda: _filters(articles))
    chosen_tag = next((t for t in tags if t.slug == tag), None)
    chosen_area = next((a for a in areas if a.code == area), None)
    if chosen_tag:
        articles = articles.filter(tagged_items__tag=chosen_tag)
    if chosen_area:
        # An article for every area applies to this one too.
        articles = articles.filter(Q(area=chosen_area) | Q(area__isnull=True))
    return ArticleListing(articles, tags, areas, chosen_tag, chosen_area)


def _filters(articles: QuerySet[KnowledgeArticlePage]) -> tuple[list[Tag], list[Area]]:
    """The topics and areas the articles have, for the filter's choices."""
    article_ids = articles.values("pk")
    tags = list(
        Tag.objects.filter(
            pk__in=ArticleTag.objects.filter(content_object__in=article_ids).values("tag")
        ).order_by("name")
    )
    areas = list(
        Area.objects.filter(
            pk__in=KnowledgeArticlePage.objects.filter(pk__in=article_ids).values("area")
        )
    )
    return tags, areas


def glossary(locale: Locale) -> QuerySet[GlossaryTerm]:
    return GlossaryTerm.objects.filter(locale=locale).order_by("term")


# -- the site's navigation -----------------------------------------------------------------


@dataclass(frozen=True)
class SiteLink:
    """A page as the menu and footer link to it: plain data, so it can be cached."""

    title: str
    url: str
    #: The page's url_path: the visitor is in this section when their page's path starts with it.
    path: str
    #: The page's language: the visitor's own, unless the page is not translated yet.
    language: str


def _home() -> HomePage | None:
    return HomePage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).first()


def _links_in(pages: QuerySet[Page], language: str) -> list[SiteLink]:
    """The pages (of the default language) as links in `language`: each page's live
    translation where there is one, the original where not."""
    originals = list(pages.only("title", "url_path", "translation_key", "locale"))
    translated = {
        page.translation_key: page
        for page in Page.objects.live()
        .public()
        .filter(
            locale__language_code=language,
            translation_key__in=[page.translation_key for page in originals],
        )
        .only("title", "url_path", "translation_key")
    }
    links = []
    for original in originals:
        page = translated.get(original.translation_key, original)
        lang = language if page is not original else settings.LANGUAGE_CODE
        links.append(SiteLink(page.title, page.get_url(), page.url_path, lang))
    return links


def site_sections(language: str) -> list[SiteLink]:
    """The home page's sections in the menu, in the visitor's language. The same for
    everyone reading that language: cached under the "cms" version, no query when warm."""

    def build() -> list[SiteLink]:
        home = _home()
        if home is None:
            return []
        return _links_in(home.get_children().live().public().in_menu(), language)

    return cached_value("site-sections", language, build=build)


def footer_links(language: str) -> list[SiteLink]:
    """Contact and the pages about the site (the accessibility statement among them)."""

    def build() -> list[SiteLink]:
        home = _home()
        if home is None:
            return []
        pages = home.get_children().live().public().type(ContactPage, StandardPage)
        return _links_in(pages, language)

    return cached_value("footer-links", language, build=build)


def translation_url(page: Page, language: str) -> str:
    """Where the same page is in `language`: the address of its live translation, or ""
    when it has none (the site then shows the original at the same address)."""

    def build() -> str:
        if page.locale.language_code == language:
            return page.get_url() or ""
        translation = (
            Page.objects.live()
            .public()
            .filter(translation_key=page.translation_key, locale__language_code=language)
            .only("url_path")
            .first()
        )
        return (translation.get_url() or "") if translation else ""

    return cached_value("translation-url", page.pk, language, build=build)


# -- pictures on cards ---------------------------------------------------------------------

#: The rendition a card shows: one size, WebP; prefetched with the images.
CARD_RENDITION = "fill-640x360|format-webp"


def _first_figure_image_id(page) -> int | None:
    body = getattr(page, "body", None)
    if not body:
        return None
    for block in body.raw_data:
        if block.get("type") != "figure":
            continue
        image = (block.get("value") or {}).get("image")
        if isinstance(image, dict):  # an ImageBlock: the image with its alt text
            image = image.get("image")
        if isinstance(image, int):
            return image
    return None


def with_card_images(pages) -> list:
    """The pages, each with `card_image`: the first picture in its body, or None.

    Two queries for the whole list (the images and their card renditions), however
    long it is. The picture on a card repeats the card's heading, so cards show it as
    decorative (alt="")."""
    pages = list(pages)
    wanted = {page.pk: _first_figure_image_id(page) for page in pages}
    ids = {image_id for image_id in wanted.values() if image_id}
    images = {}
    if ids:
        images = {
            image.pk: image
            for image in get_image_model()
            .objects.filter(pk__in=ids)
            .prefetch_renditions(CARD_RENDITION)
        }
    for page in pages:
        page.card_image = images.get(wanted[page.pk])
    return pages


def localized_contacts(page) -> list:
    """The page's contacts, each in the reader's language where it has a translation:
    two queries for the lot, where Wagtail's `.localized` asks once per contact."""
    contacts = [row.contact for row in page.contacts.select_related("contact")]
    locale = Locale.get_active()
    keys = [contact.translation_key for contact in contacts if contact.locale_id != locale.pk]
    translated = (
        {
            contact.translation_key: contact
            for contact in Contact.objects.filter(locale=locale, translation_key__in=keys)
        }
        if keys
        else {}
    )
    return [translated.get(contact.translation_key, contact) for contact in contacts]
