"""The demo site: the central programme's pages as a municipality would publish them.

Pages are found by their slug under their parent (translations by their Swedish page)
and updated, so `load_demo` can run again without making copies. A page whose live
version already has the demo's content is left alone; any other ends published with
one fresh revision. Pictures and PDFs are found by title, snippets by a natural key.

The texts live in demo_pages, demo_modules and demo_articles; the pictures and PDFs
are made in demo_media.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django.db.models import ForeignKey
from django.db.models.signals import post_save
from django.utils import timezone
from modelsearch import index as search_index
from modelsearch.backends import get_search_backends
from modelsearch.signal_handlers import post_save_signal_handler
from wagtail.fields import StreamField
from wagtail.log_actions import log
from wagtail.models import Locale, Page, ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.signals import page_published

from lms.organisation.models import Area
from lms.programme.public import module_choices

from . import demo_articles, demo_media, demo_modules, demo_pages
from .editorial import load_editorial_demo
from .models import (
    Contact,
    ContactPage,
    ContactPageContact,
    GlossaryPage,
    GlossaryTerm,
    GuidanceIndexPage,
    GuidancePage,
    HomePage,
    KnowledgeArticlePage,
    KnowledgeIndexPage,
    ModulePage,
    NewsIndexPage,
    NewsPage,
    ProgrammePage,
    StandardPage,
)

ORDER = 90

#: What was saved while indexing waits (see `_indexing_deferred`); None outside it.
_saved: list | None = None


# -- writing pages ------------------------------------------------------------------------


def upsert(parent: Page, model: type[Page], slug: str, **fields) -> Page:
    """The child page with this slug, created or updated, and published.

    `tags` (a list of names) and `contacts` (a list of Contact) set those relations."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is not None:
        return update(page, **fields)
    tags, contacts = fields.pop("tags", None), fields.pop("contacts", None)
    page = model(slug=slug, **fields)
    _relate(page, tags, contacts)
    _go_live(page)
    parent.add_child(instance=page)
    _first_revision(page)
    return page


def update(page: Page, *, tags=None, contacts=None, **fields) -> Page:
    """The page with these fields, published; left as it is if its live version has them,
    or if a change to it is waiting for review (a rerun must not throw that away)."""
    if page.workflow_in_progress or _unchanged(page, fields, tags, contacts):
        return page
    for name, value in fields.items():
        setattr(page, name, value)
    _relate(page, tags, contacts)
    page.save_revision(clean=False).publish()  # publishing validates the page in full
    _remember(page)
    return page


def translate(page: Page, locale: Locale, **fields) -> Page:
    """The page's translation into `locale` with these fields, published. A new one is
    Wagtail's copy for translation of the page, so it keeps the page's module, area and
    contacts; its parent must be translated first."""
    translation = page.get_translation_or_none(locale)
    if translation is not None:
        return update(translation.specific, **fields)
    translation = page.copy_for_translation(locale).specific
    tags, contacts = fields.pop("tags", None), fields.pop("contacts", None)
    for name, value in fields.items():
        setattr(translation, name, value)
    _relate(translation, tags, contacts)
    _go_live(translation)
    translation.save()
    _first_revision(translation)
    return translation


def _go_live(page: Page) -> None:
    now = timezone.now()
    page.live, page.has_unpublished_changes = True, False
    page.first_published_at = page.first_published_at or now
    page.last_published_at = now


def _first_revision(page: Page) -> None:
    """Publish a page first saved live: its first revision becomes the live one.

    What `save_revision().publish()` ends with, in a third of the queries: a new page
    has no earlier revision, schedule, workflow, comments or aliases to see to. The
    page was validated in full when it was saved live."""
    revision = page.save_revision(clean=False, changed=False)
    page.live_revision = revision
    page.save(update_fields=["live_revision"], clean=False)
    log(instance=page, action="wagtail.publish", revision=revision, content_changed=True)
    page_published.send(sender=page.specific_class, instance=page, revision=revision)
    _remember(page)


def _relate(page: Page, tags, contacts) -> None:
    if tags is not None:
        page.tags.set(tags)
    if contacts is not None:
        page.contacts = [
            ContactPageContact(contact=contact, sort_order=n) for n, contact in enumerate(contacts)
        ]


def _unchanged(page: Page, fields: dict, tags, contacts) -> bool:
    if not page.live or page.has_unpublished_changes:
        return False
    for name, value in fields.items():
        field = page._meta.get_field(name)
        if isinstance(field, ForeignKey):
            if getattr(page, field.attname) != (value.pk if value is not None else None):
                return False
        elif isinstance(field, StreamField):
            if not _same_stream(getattr(page, name), value):
                return False
        elif getattr(page, name) != value:
            return False
    if tags is not None and sorted(page.tags.names()) != sorted(tags):
        return False
    if contacts is not None:
        current = list(page.contacts.order_by("sort_order").values_list("contact_id", flat=True))
        if current != [contact.pk for contact in contacts]:
            return False
    return True


def _same_stream(current, raw: list[dict]) -> bool:
    """Whether a stored StreamField value holds these blocks, block ids aside."""
    block = current.stream_block
    return _normal(block, raw) == _normal(block, block.get_prep_value(current))


def _normal(block, raw: list[dict]):
    # Every item is converted, so each block writes its data in today's format (a list
    # block stored years ago and one written now compare equal).
    value = block.to_python(raw)
    list(value)
    return _without_ids(block.get_prep_value(value))


def _without_ids(data):
    if isinstance(data, dict):
        return {key: _without_ids(value) for key, value in data.items() if key != "id"}
    if isinstance(data, list):
        return [_without_ids(value) for value in data]
    return data


# -- indexing once ------------------------------------------------------------------------


def _remember(obj) -> None:
    if _saved is not None:
        _saved.append(obj)


@contextmanager
def _indexing_deferred() -> Iterator[None]:
    """Search index and reference index each object once, at the end.

    Creating and publishing a page saves it three times, and each save would index it
    again; doing it once keeps `load_demo`, which many tests run, quick."""
    global _saved
    paused = [
        model
        for model in search_index.get_indexed_models()
        if post_save.disconnect(post_save_signal_handler, sender=model)
    ]
    _saved = []
    try:
        with disable_reference_index_auto_update():
            yield
        saved = _saved
    finally:
        for model in paused:
            post_save.connect(post_save_signal_handler, sender=model)
        _saved = None
    by_model: dict[type, dict] = {}
    for obj in saved:
        by_model.setdefault(type(obj), {})[obj.pk] = obj
    for model, objs in by_model.items():
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(model, list(objs.values()))
        if issubclass(model, Page):
            for page in objs.values():
                ReferenceIndex.create_or_update_for_object(page)


# -- snippets -----------------------------------------------------------------------------


def _snippet(model, locale: Locale, lookup: dict, **fields):
    obj = model.objects.filter(locale=locale, **lookup).first()
    if obj is None:
        obj = model(locale=locale, **lookup, **fields)
    elif all(getattr(obj, name) == value for name, value in fields.items()):
        return obj
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.save()
    _remember(obj)
    return obj


def _snippet_translation(obj, locale: Locale, **fields):
    translation = obj.get_translation_or_none(locale)
    if translation is None:
        translation = obj.copy_for_translation(locale)  # unsaved
    elif all(getattr(translation, name) == value for name, value in fields.items()):
        return translation
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save()
    _remember(translation)
    return translation


def _contacts(sv: Locale, en: Locale) -> dict[str, Contact]:
    found = {}
    for text in demo_pages.CONTACTS:
        contact = _snippet(
            Contact,
            sv,
            {"email": text.email},
            name=text.name,
            role=text.role,
            responsibility=text.responsibility,
            phone=text.phone,
        )
        _snippet_translation(
            contact,
            en,
            name=text.name_en,
            role=text.role_en,
            responsibility=text.responsibility_en,
            email=text.email,
            phone=text.phone,
        )
        found[text.key] = contact
    return found


def _glossary(sv: Locale, en: Locale) -> int:
    for term, definition, term_en, definition_en in demo_articles.GLOSSARY:
        swedish = _snippet(GlossaryTerm, sv, {"term": term}, definition=definition)
        _snippet_translation(swedish, en, term=term_en, definition=definition_en)
    return len(demo_articles.GLOSSARY)


# -- the trees ----------------------------------------------------------------------------


def home() -> HomePage:
    page = HomePage.objects.filter(locale__language_code="sv").first()
    if page is None:  # the migration makes it; a database from before it does not have it
        root = Page.get_first_root_node()
        page = root.add_child(instance=HomePage(title="Introduktion", slug="home"))
    return page


def _fields(text: dict) -> dict:
    return {key: value for key, value in text.items() if key not in ("en", "slug")}


def _swedish(demo, media, documents, contacts) -> dict[str, Page]:
    pages: dict[str, Page] = {}
    start = pages["home"] = update(home(), **_fields(demo_pages.home(media)))

    programme = pages["programme"] = upsert(
        start,
        ProgrammePage,
        "programmet",
        show_in_menus=True,
        **_fields(demo_pages.programme(media, documents)),
    )
    for module in module_choices():
        text = demo_modules.MODULES.get(module.slug)
        pages[f"module:{module.slug}"] = upsert(
            programme,
            ModulePage,
            module.slug,
            title=module.title,
            intro=text.intro if text else module.description[:600],
            module=module,
            body=demo_modules.body(module, text, media, documents),
            contact=contacts[text.contact if text else "introduktion"],
        )

    knowledge = pages["knowledge"] = upsert(
        start,
        KnowledgeIndexPage,
        "kunskapsbanken",
        show_in_menus=True,
        **_fields(demo_pages.knowledge_index()),
    )
    areas = {area.code: area for area in Area.objects.all()}
    for article in demo_articles.articles(media, documents):
        pages[f"article:{article.slug}"] = upsert(
            knowledge,
            KnowledgeArticlePage,
            article.slug,
            title=article.title,
            intro=article.intro,
            body=article.body,
            area=areas.get(article.area),
            tags=article.tags,
        )
    pages["glossary"] = upsert(
        knowledge, GlossaryPage, "ordlista", **_fields(demo_pages.glossary())
    )

    guidance = pages["guidance"] = upsert(
        start,
        GuidanceIndexPage,
        "vagledning",
        show_in_menus=True,
        **_fields(demo_pages.guidance_index()),
    )
    for guide in demo_pages.guides(media):
        pages[f"guide:{guide['slug']}"] = upsert(
            guidance, GuidancePage, guide["slug"], **_fields(guide)
        )

    news = upsert(
        start, NewsIndexPage, "nyheter", show_in_menus=True, **_fields(demo_pages.news_index())
    )
    for item in demo_pages.news(demo.today, media):
        upsert(news, NewsPage, item["slug"], **_fields(item))

    pages["contact"] = upsert(
        start,
        ContactPage,
        "kontakt",
        show_in_menus=True,
        contacts=[contacts[key] for key in ("introduktion", "support", "webb", "arbetsmiljo")],
        **_fields(demo_pages.contact_page()),
    )
    for key, text in (
        ("about", demo_pages.about()),
        ("accessibility", demo_pages.accessibility(demo.today)),
    ):
        pages[key] = upsert(start, StandardPage, text["slug"], **_fields(text))
    return pages


def _english(demo, pages: dict[str, Page], media, documents, en: Locale) -> int:
    """The main pages in English, parents before children. Returns how many."""
    texts = {
        "home": demo_pages.home(media),
        "programme": demo_pages.programme(media, documents),
        "knowledge": demo_pages.knowledge_index(),
        "glossary": demo_pages.glossary(),
        "guidance": demo_pages.guidance_index(),
        "contact": demo_pages.contact_page(),
        "accessibility": demo_pages.accessibility(demo.today),
    }
    count = 0
    for key in ("home", "programme"):
        translate(pages[key], en, **texts[key]["en"])
        count += 1
    for key, page in pages.items():
        if not key.startswith("module:"):
            continue
        text = demo_modules.MODULES.get(page.module.slug) if page.module else None
        if text is None:
            continue
        translate(
            page,
            en,
            title=text.en.title,
            intro=text.en.intro,
            body=demo_modules.body_en(page.module, text, media),
        )
        count += 1
    for key in ("knowledge", "glossary"):
        translate(pages[key], en, **texts[key]["en"])
        count += 1
    for article in demo_articles.articles(media, documents):
        if article.en:
            translate(pages[f"article:{article.slug}"], en, **article.en)
            count += 1
    translate(pages["guidance"], en, **texts["guidance"]["en"])
    count += 1
    for guide in demo_pages.guides(media):
        if "en" in guide:
            translate(pages[f"guide:{guide['slug']}"], en, **guide["en"])
            count += 1
    for key in ("contact", "accessibility"):
        translate(pages[key], en, **texts[key]["en"])
        count += 1
    return count


@contextmanager
def _wagtail_quiet() -> Iterator[None]:
    """Wagtail logs a line or two for every page it creates, revises and publishes: a
    few hundred lines that would bury the demo's own summary (and cost time in tests)."""
    logger = logging.getLogger("wagtail")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


def load(demo) -> None:
    sv = Locale.get_default()
    en, _ = Locale.objects.get_or_create(language_code="en")
    with _wagtail_quiet(), _indexing_deferred():
        collection = demo_media.collection()
        media = demo_media.images(collection, created=_remember)
        documents = demo_media.documents(collection, demo_pages.HANDOUTS, created=_remember)
        contacts = _contacts(sv, en)
        terms = _glossary(sv, en)
        pages = _swedish(demo, media, documents, contacts)
        translated = _english(demo, pages, media, documents, en)
    live = Page.objects.filter(depth__gt=1).live().count()
    demo.note(
        f"Site: {live} published pages ({translated} in English), {len(media)} pictures, "
        f"{len(documents)} PDFs, {terms} glossary terms."
    )
    load_editorial_demo(demo)
