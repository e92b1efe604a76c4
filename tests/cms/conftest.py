"""A small published site: home (made by the migration), programme, one module page,
the knowledge bank with an article, guidance, news and contact pages."""

import pytest
from wagtail.models import Locale, Page

from cms.models import (
    ContactPage,
    GuidanceIndexPage,
    GuidancePage,
    HomePage,
    KnowledgeArticlePage,
    KnowledgeIndexPage,
    ModulePage,
    NewsIndexPage,
    NewsPage,
    ProgrammePage,
)
from tests.programme.conftest import days_from, make_session, module, part1, programme  # noqa: F401


def publish(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def home(db) -> HomePage:
    return HomePage.objects.get(locale=Locale.get_default())


@pytest.fixture
def programme_page(home) -> ProgrammePage:
    return publish(home, ProgrammePage(title="Programmet", slug="programmet", show_in_menus=True))


@pytest.fixture
def module_page(programme_page, module) -> ModulePage:  # noqa: F811
    return publish(
        programme_page,
        ModulePage(
            title=module.title,
            slug=module.slug,
            module=module,
            intro="Om nämnden, förvaltningen och din roll.",
            body=[("text", "<p>Kommunen styrs av politiskt valda nämnder.</p>")],
        ),
    )


@pytest.fixture
def knowledge(home) -> KnowledgeIndexPage:
    return publish(
        home, KnowledgeIndexPage(title="Kunskapsbank", slug="kunskap", show_in_menus=True)
    )


@pytest.fixture
def article(knowledge) -> KnowledgeArticlePage:
    page = KnowledgeArticlePage(
        title="Att dokumentera i akten",
        slug="dokumentation",
        intro="Vad som ska stå i journalen och varför.",
        body=[("text", "<p>Dokumentationen ska vara saklig och begriplig. " * 60 + "</p>")],
    )
    page.tags.add("dokumentation")
    return publish(knowledge, page)


@pytest.fixture
def guidance(home) -> GuidanceIndexPage:
    return publish(
        home, GuidanceIndexPage(title="Vägledning", slug="vagledning", show_in_menus=True)
    )


@pytest.fixture
def guide(guidance) -> GuidancePage:
    return publish(
        guidance, GuidancePage(title="Att vara mentor", slug="mentor", audience="mentors")
    )


@pytest.fixture
def news_index(home) -> NewsIndexPage:
    return publish(home, NewsIndexPage(title="Nyheter", slug="nyheter", show_in_menus=True))


@pytest.fixture
def news_item(news_index) -> NewsPage:
    return publish(news_index, NewsPage(title="Nya kursdatum för våren", slug="kursdatum-varen"))


@pytest.fixture
def contact_page(home) -> ContactPage:
    return publish(home, ContactPage(title="Kontakt och hjälp", slug="kontakt", show_in_menus=True))


@pytest.fixture
def english(home) -> Locale:
    """The English tree: an English locale and the home page translated into it."""
    locale = Locale.objects.create(language_code="en")
    home_en = home.copy_for_translation(locale)
    home_en.title = "Introduction for new social workers"
    home_en.save_revision().publish()
    return locale
