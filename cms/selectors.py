"""Reads for the site's pages. Every list is of live, public pages of one language.

Lists that every visitor of a page sees alike (the home page's sections and news, the
knowledge bank's topics and areas) are cached under the "cms" version, which anything
that changes them bumps: a page type's list costs one query per page type otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from django.db.models import Q, QuerySet
from taggit.models import Tag
from wagtail.models import Locale, Page

from lms.core import versions
from lms.organisation.models import Area

from .caching import CMS
from .models import (
    ArticleTag,
    GlossaryTerm,
    HomePage,
    KnowledgeArticlePage,
    ModulePage,
    NewsPage,
    ProgrammePage,
)

LATEST_NEWS = 3


def children(page: Page, model: type[Page]) -> QuerySet:
    return model.objects.child_of(page).live().public()


def sections(home: HomePage) -> list[Page]:
    """The home page's sections, as the menu shows them."""
    return versions.cached(
        CMS,
        f"sections:{home.pk}",
        lambda: list(home.get_children().live().public().in_menu().specific()),
    )


def latest_news(home: HomePage) -> list[NewsPage]:
    return versions.cached(
        CMS,
        f"latest-news:{home.pk}",
        lambda: list(
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
    tags, areas = versions.cached(CMS, f"article-filters:{index.pk}", lambda: _filters(articles))
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
