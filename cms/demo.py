"""The demo site: the central programme's pages as a municipality would publish them.

Pages are found by their slug under their parent (translations by their Swedish page)
and updated, so `load_demo` can run again without making copies. A page whose live
version already has the demo's content is left alone; any other ends published with
one fresh revision. Pictures and PDFs are found by title, snippets by a natural key.

The texts live in Markdown files in cms/content/ (its README.md describes them), read by
demo_content; the pictures and PDFs are made in demo_media.
"""

from __future__ import annotations

import datetime
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

from . import demo_content as content
from . import demo_media
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
    for text in content.contacts():
        contact = _snippet(
            Contact,
            sv,
            {"email": text["email"]},
            name=text["name"],
            role=text["role"],
            responsibility=text["responsibility"],
            phone=text["phone"],
        )
        _snippet_translation(
            contact,
            en,
            name=text["name_en"],
            role=text["role_en"],
            responsibility=text["responsibility_en"],
            email=text["email"],
            phone=text["phone"],
        )
        found[text["key"]] = contact
    return found


def _glossary(sv: Locale, en: Locale) -> int:
    terms = content.glossary()
    for text in terms:
        swedish = _snippet(GlossaryTerm, sv, {"term": text["term"]}, definition=text["definition"])
        _snippet_translation(swedish, en, term=text["term_en"], definition=text["definition_en"])
    return len(terms)


# -- the trees ----------------------------------------------------------------------------


def home() -> HomePage:
    page = HomePage.objects.filter(locale__language_code="sv").first()
    if page is None:  # the migration makes it; a database from before it does not have it
        root = Page.get_first_root_node()
        page = root.add_child(instance=HomePage(title="Introduktion", slug="home"))
    return page


class _Texts:
    """Page fields from the content files (demo_content), with what they point at: the
    pictures and PDFs by key, the Swedish pages by their path under the home page.

    A Swedish page that links to a page not made yet is made with the link's words only
    and given its links once every Swedish page exists (`link_later`)."""

    def __init__(self, demo, media, documents, start: Page):
        self.demo, self.media, self.documents = demo, media, documents
        self.start = start
        self.later: list[tuple[Page, content.Text, str]] = []
        self.missing: list[str] = []

    def page_id(self, path: str) -> int | None:
        if not path:
            return self.start.pk
        found = Page.objects.filter(url_path=f"{self.start.url_path}{path}/")
        return found.values_list("pk", flat=True).first()

    def fields(self, text: content.Text, model: type[Page], *, practise: str = "", **extra):
        """title, intro and body (for a page type that has one) from the file, and
        `extra` (fields the caller decides). The body's missing links, if any, are in
        `self.missing`."""
        self.missing = []
        fields = {key: text[key] for key in ("title", "intro") if key in text.meta}
        if any(field.name == "body" for field in model._meta.get_fields()):
            fields["body"] = self.body(text, practise=practise)
        return {**fields, **extra}

    def body(self, text: content.Text, *, practise: str = "") -> list[dict]:
        context = content.Context(
            language="en" if text.path.name.endswith(".en.md") else "sv",
            pictures=self.media,
            documents=self.documents,
            page_id=self.page_id,
            today=self.demo.today,
        )
        blocks = content.blocks(text, context, practise=practise)
        self.missing = context.missing
        return blocks

    def upsert(self, parent: Page, model: type[Page], slug: str, text, **extra) -> Page:
        practise = extra.pop("practise", "")
        page = upsert(parent, model, slug, **self.fields(text, model, practise=practise, **extra))
        self.link_later_if_missing(page, text, practise)
        return page

    def link_later_if_missing(self, page: Page, text: content.Text, practise: str = ""):
        if self.missing:
            self.later.append((page, text, practise))

    def link_later(self) -> None:
        for page, text, practise in self.later:
            update(page, body=self.checked_body(text, practise=practise))

    def checked_body(self, text: content.Text, *, practise: str = "") -> list[dict]:
        blocks = self.body(text, practise=practise)
        if self.missing:
            raise content.ContentError(f"{text.path}: no page at {', '.join(self.missing)}")
        return blocks


def _text(folder: str, name: str, language: str = "sv") -> content.Text:
    found = content.text(folder, name, language)
    if found is None:
        raise content.ContentError(f"no {folder}/{name} in {language}")
    return found


def _swedish(texts: _Texts, contacts) -> dict[str, Page]:
    pages: dict[str, Page] = {}
    start = texts.start
    text = _text("pages", "start")
    pages["home"] = update(start, **texts.fields(text, HomePage))
    texts.link_later_if_missing(pages["home"], text)
    page = texts.upsert
    _programme_pages(texts, contacts, pages)
    _knowledge_pages(texts, pages)
    guidance = pages["guidance"] = page(
        start, GuidanceIndexPage, "vagledning", _text("pages", "vagledning"), show_in_menus=True
    )
    for text in content.texts("pages/vagledning"):
        pages[f"guide:{text.slug}"] = page(
            guidance, GuidancePage, text.slug, text, audience=text["audience"]
        )
    news = page(start, NewsIndexPage, "nyheter", _text("pages", "nyheter"), show_in_menus=True)
    for text in content.texts("pages/nyheter"):
        date = texts.demo.today - datetime.timedelta(days=text["days_ago"])
        page(news, NewsPage, text.slug, text, date=date)
    text = _text("pages", "kontakt")
    pages["contact"] = page(
        start,
        ContactPage,
        "kontakt",
        text,
        show_in_menus=True,
        contacts=[contacts[key] for key in text.get("contacts", [])],
    )
    for key, slug in (("about", "om-webbplatsen"), ("accessibility", "tillganglighet")):
        pages[key] = page(start, StandardPage, slug, _text("pages", slug))
    texts.link_later()
    return pages


def _programme_pages(texts: _Texts, contacts, pages: dict[str, Page]) -> None:
    """The programme page and a page per module of the current programme."""
    page = texts.upsert
    pages["programme"] = programme = page(
        texts.start, ProgrammePage, "programmet", _text("pages", "programmet"), show_in_menus=True
    )
    for module in module_choices():
        text = content.text("modules", module.slug)
        if text is None:  # a module a coordinator added: its own title and description
            pages[f"module:{module.slug}"] = upsert(
                programme,
                ModulePage,
                module.slug,
                title=module.title,
                intro=module.description[:600],
                module=module,
                body=_plain_body(module),
                contact=contacts["introduktion"],
            )
            continue
        pages[f"module:{module.slug}"] = page(
            programme,
            ModulePage,
            module.slug,
            text,
            title=module.title,
            module=module,
            practise=module.practise_text,
            contact=contacts[text.get("contact", "introduktion")],
        )


def _knowledge_pages(texts: _Texts, pages: dict[str, Page]) -> None:
    """The knowledge bank: its articles by area and the glossary."""
    page = texts.upsert
    knowledge = pages["knowledge"] = page(
        texts.start,
        KnowledgeIndexPage,
        "kunskapsbanken",
        _text("pages", "kunskapsbanken"),
        show_in_menus=True,
    )
    areas = {area.code: area for area in Area.objects.all()}
    for text in content.texts("articles"):
        pages[f"article:{text.slug}"] = page(
            knowledge,
            KnowledgeArticlePage,
            text.slug,
            text,
            area=areas.get(text.get("area", "")),
            tags=text.get("tags", []),
        )
    pages["glossary"] = page(knowledge, GlossaryPage, "ordlista", _text("pages", "ordlista"))


def _plain_body(module) -> list[dict]:
    """A module page the content files do not describe: the module's own texts."""
    blocks = []
    if module.description:
        blocks.append({"type": "text", "value": content.paragraph(module.description)})
    if module.practise_text:
        blocks.append(
            {
                "type": "practise",
                "value": {
                    "heading": "Öva efteråt med din handledare",
                    "text": content.paragraph(module.practise_text),
                },
            }
        )
    return blocks


#: The order pages are translated in (by the kind of their key in `_swedish`'s pages).
ENGLISH_ORDER = [
    "home",
    "programme",
    "module",
    "knowledge",
    "glossary",
    "article",
    "guidance",
    "guide",
    "news",
    "contact",
    "about",
    "accessibility",
]
FOLDERS = {"module": "modules", "article": "articles", "guide": "pages/vagledning"}

#: The pages translated into English, by their key in `_swedish`'s pages and their file.
ENGLISH = {
    "home": ("pages", "start"),
    "programme": ("pages", "programmet"),
    "knowledge": ("pages", "kunskapsbanken"),
    "glossary": ("pages", "ordlista"),
    "guidance": ("pages", "vagledning"),
    "contact": ("pages", "kontakt"),
    "about": ("pages", "om-webbplatsen"),
    "accessibility": ("pages", "tillganglighet"),
}


def _english(texts: _Texts, pages: dict[str, Page], en: Locale) -> int:
    """The pages that have an English file, parents before children. Returns how many."""
    count = 0
    for key in sorted(pages, key=lambda key: ENGLISH_ORDER.index(key.partition(":")[0])):
        kind, _, name = key.partition(":")
        folder, name = ENGLISH.get(key) or (FOLDERS[kind], name)
        text = content.text(folder, name, "en")
        if text is None:
            continue
        page = pages[key]
        fields = {field: text[field] for field in ("title", "intro", "tags") if field in text.meta}
        if any(field.name == "body" for field in page.specific_class._meta.get_fields()):
            fields["body"] = texts.checked_body(text)
        translate(page, en, **fields)
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
        documents = demo_media.documents(collection, content.handouts(), created=_remember)
        contacts = _contacts(sv, en)
        terms = _glossary(sv, en)
        texts = _Texts(demo, media, documents, home())
        pages = _swedish(texts, contacts)
        translated = _english(texts, pages, en)
    live = Page.objects.filter(depth__gt=1).live().count()
    demo.note(
        f"Site: {live} published pages ({translated} in English), {len(media)} pictures, "
        f"{len(documents)} PDFs, {terms} glossary terms."
    )
    load_editorial_demo(demo)
