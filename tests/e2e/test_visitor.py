"""A visitor who is not logged in: the public site from its home page (the Wagtail home
at /), a module's dates and calendar, the knowledge bank, English, a phone; the login
page and a wrong password; and a newcomer who finds the site from their start page.

The demo's site may grow (articles, translations): the journeys go by page types,
headings and the menu, and make what else they need themselves.
"""

import io
import re

import pytest
from playwright.sync_api import expect

from .helpers import ROLES, log_in, open_login, path_is, submit_login

pytestmark = pytest.mark.e2e

HOME_HEADING = "Introduktion för nya socialsekreterare"
PHONE = {"width": 375, "height": 812}
SMALLEST = {"width": 320, "height": 640}  # WCAG 1.4.10: no sideways scrolling at 320 px


def sections(page):
    # By its class, not its name: the name is translated on the English pages.
    return page.locator("nav.section-nav")


def programme_title() -> str:
    from cms.models import ProgrammePage

    return ProgrammePage.objects.get(locale__language_code="sv").title


def no_sideways_scrolling(page, width: int) -> None:
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} is {scroll_width}px wide"


# -- making what a journey needs -----------------------------------------------------------


def _png(colour) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (960, 540), colour).save(buffer, "PNG")
    return buffer.getvalue()


def knowledge_bank_with_two_topics() -> dict:
    """A knowledge bank (the demo's, if it has one) with an article on each of two new
    topics, the first with a picture."""
    from django.core.files.images import ImageFile
    from wagtail.images import get_image_model

    from cms.models import HomePage, KnowledgeArticlePage, KnowledgeIndexPage

    home = HomePage.objects.get(locale__language_code="sv")
    index = KnowledgeIndexPage.objects.child_of(home).first()
    if index is None:
        index = KnowledgeIndexPage(title="Kunskapsbank", slug="kunskapsbank", show_in_menus=True)
        home.add_child(instance=index)
        index.save_revision().publish()
    image = get_image_model().objects.create(
        title="Samtal", file=ImageFile(io.BytesIO(_png((40, 90, 140))), name="samtal.png")
    )
    articles = {}
    for slug, title, tag, body in (
        (
            "e2e-samtal-med-barn",
            "Att samtala med barn om svåra saker",
            "e2e-samtal",
            [
                (
                    "figure",
                    {
                        "image": {
                            "image": image,
                            "decorative": False,
                            "alt_text": "En socialsekreterare och ett barn ritar tillsammans",
                        },
                        "caption": "Att rita tillsammans gör samtalet lättare.",
                    },
                ),
                ("text", "<p>Barnet har rätt att komma till tals i frågor som rör det.</p>"),
            ],
        ),
        (
            "e2e-journalen",
            "Att skriva i journalen",
            "e2e-dokumentation",
            [("text", "<p>Journalen ska vara saklig, begriplig och skriven i tid.</p>")],
        ),
    ):
        article = KnowledgeArticlePage(
            title=title, slug=slug, intro="En artikel för resan i webbläsaren.", body=body
        )
        article.tags.add(tag)
        index.add_child(instance=article)
        article.save_revision().publish()
        articles[tag] = article
    return {"index": index, "articles": articles}


def untranslated_section() -> str:
    """A section of the site with no English translation: its title."""
    from cms.models import HomePage, StandardPage

    home = HomePage.objects.get(locale__language_code="sv")
    page = StandardPage(title="Bara på svenska", slug="e2e-bara-svenska", show_in_menus=True)
    home.add_child(instance=page)
    page.save_revision().publish()
    return page.title


def english_home() -> str:
    """The home page's English translation (made if the demo has none): its title."""
    from wagtail.models import Locale

    from cms.models import HomePage

    home = HomePage.objects.get(locale__language_code="sv")
    english = Locale.objects.get_or_create(language_code="en")[0]
    translation = home.get_translation_or_none(english)
    if translation is None:
        translation = home.copy_for_translation(english)
        translation.title = "Introduction for new social workers"
    translation.save_revision().publish()
    return translation.title


# -- the journeys ------------------------------------------------------------------------


def test_visitor_goes_from_the_home_page_to_a_module_its_dates_and_calendar(page, a11y):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("heading", level=1, name=HOME_HEADING)).to_be_visible()
    expect(sections(page)).to_be_visible()
    a11y.check()

    page.get_by_role("main").get_by_role("link", name="Läs om programmet").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("navigation", name="Du är här")).to_contain_text("Startsida")
    expect(sections(page).locator("[aria-current='page']")).to_have_count(1)
    a11y.check()

    module_link = page.locator(".module-cards .card-title a").first
    title = module_link.inner_text()
    module_link.click()
    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()
    # The dates come first, seen without scrolling; the calendar right after them.
    expect(page.get_by_role("heading", level=2, name="Kommande kursdatum")).to_be_in_viewport()
    expect(page.locator(".course-dates time").first).to_be_in_viewport()
    subscribe = page.get_by_role("link", name=re.compile(r"^Prenumerera på .* i din kalender$"))
    expect(subscribe).to_have_attribute("href", re.compile(r"^webcal://.+\.ics$"))
    expect(subscribe).to_be_visible()
    expect(page.get_by_role("heading", name="Din status")).to_have_count(0)
    a11y.check()


def test_visitor_reads_an_article_and_filters_the_knowledge_bank_by_topic(page, a11y):
    made = knowledge_bank_with_two_topics()
    index_title = made["index"].title
    page.goto("/")
    a11y.check()

    sections(page).get_by_role("link", name=index_title).click()
    expect(page.get_by_role("heading", level=1, name=index_title)).to_be_visible()
    cards = page.locator(".article-cards .card")
    expect(cards.filter(has_text="Att skriva i journalen")).to_have_count(1)
    # A card's picture repeats its heading: decorative, with its size given.
    picture = cards.filter(has_text="Att samtala med barn").locator("img")
    expect(picture).to_have_attribute("alt", "")
    expect(picture).to_have_attribute("width", "640")
    a11y.check()

    page.get_by_label("Ämne", exact=True).select_option(label="e2e-samtal")
    page.get_by_role("button", name="Visa").click()
    expect(page).to_have_url(re.compile(r"\?tag=e2e-samtal"))
    expect(cards).to_have_count(1)
    expect(page.get_by_text("1 artikel matchar filtret.")).to_be_visible()
    a11y.check()

    page.get_by_role("link", name="Att samtala med barn om svåra saker").click()
    expect(
        page.get_by_role("heading", level=1, name="Att samtala med barn om svåra saker")
    ).to_be_visible()
    image = page.get_by_role("img", name="En socialsekreterare och ett barn ritar tillsammans")
    expect(image).to_have_attribute("width", re.compile(r"^\d+$"))
    expect(image).to_have_attribute("height", re.compile(r"^\d+$"))
    image.scroll_into_view_if_needed()
    expect(image).to_have_js_property("complete", True)
    assert image.evaluate("img => img.naturalWidth") > 0, "the picture did not load"
    a11y.check()

    # The topic under the article leads back to the bank, filtered.
    page.get_by_role("main").get_by_role("link", name="e2e-samtal").click()
    expect(page).to_have_url(re.compile(r"\?tag=e2e-samtal$"))
    expect(cards).to_have_count(1)
    a11y.check()


def test_visitor_searches_from_the_header(page, a11y):
    page.goto("/")
    a11y.check()
    page.get_by_role("search", name="Sök på webbplatsen").get_by_role("searchbox").fill("modul")
    page.get_by_role("search", name="Sök på webbplatsen").get_by_role("button").click()
    expect(page).to_have_url(re.compile(r"/search/\?q=modul$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    a11y.check()


def test_visitor_switches_to_english_and_sees_the_english_home(page, a11y):
    title = english_home()
    swedish_only = untranslated_section()
    page.goto("/")
    expect(page.get_by_role("heading", level=1, name=HOME_HEADING)).to_be_visible()
    a11y.check()

    page.get_by_role("button", name="In English").click()
    expect(page).to_have_url(path_is("/"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()
    a11y.check()

    # A page not translated yet is shown in Swedish, and says so to screen readers.
    link = sections(page).get_by_role("link", name=swedish_only)
    expect(link).to_have_attribute("lang", "sv")
    link.click()
    expect(page.get_by_role("heading", level=1, name=swedish_only)).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".cms-content")).to_have_attribute("lang", "sv")
    a11y.check()

    page.get_by_role("button", name="På svenska").click()
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.locator(".cms-content")).not_to_have_attribute("lang", "sv")
    a11y.check()


@pytest.mark.parametrize(
    "context_options",
    [{"viewport": PHONE, "is_mobile": True}, {"viewport": SMALLEST, "is_mobile": True}],
    ids=["375px", "320px"],
)
def test_visitor_on_a_phone_uses_the_menu_and_reads_a_module(page, a11y, context_options):
    width = context_options["viewport"]["width"]
    page.goto("/")
    expect(page.get_by_role("heading", level=1, name=HOME_HEADING)).to_be_visible()
    expect(page.get_by_role("search", name="Sök på webbplatsen")).to_be_visible()
    no_sideways_scrolling(page, width)
    a11y.check()

    programme = sections(page).get_by_role("link", name=programme_title())
    expect(programme).to_be_visible()
    programme.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    no_sideways_scrolling(page, width)
    a11y.check()

    page.locator(".module-cards .card-title a").first.click()
    expect(page.get_by_role("heading", level=2, name="Kommande kursdatum")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(r"^Prenumerera på "))).to_be_visible()
    no_sideways_scrolling(page, width)
    a11y.check()


def test_visitor_finds_the_login_page_from_the_home_page(page, a11y):
    page.goto("/")
    a11y.check()
    page.get_by_role("main").get_by_role("link", name="Logga in").click()
    expect(page).to_have_url(path_is("/accounts/login/"))
    expect(page.get_by_role("heading", level=1, name="Logga in")).to_be_visible()
    a11y.check()


def test_newcomer_finds_the_site_from_the_start_page_and_sees_their_status(page, a11y):
    log_in(page, a11y, ROLES["newcomer"][0])
    page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Om programmet"
    ).click()
    expect(page.get_by_role("heading", level=1, name=HOME_HEADING)).to_be_visible()
    expect(sections(page)).to_be_visible()
    a11y.check()

    page.get_by_role("main").get_by_role("link", name="Läs om programmet").click()
    a11y.check()
    page.locator(".module-cards .card-title a").first.click()
    expect(page.get_by_role("heading", level=2, name="Din status")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Kommande kursdatum")).to_be_visible()
    a11y.check()


def test_wrong_password_gives_a_swedish_error_and_stays_on_the_login_page(page, a11y):
    open_login(page, a11y)
    submit_login(page, "nyanstalld@demo.test", "fel-lösenord")
    expect(page).to_have_url(path_is("/accounts/login/"))
    error = page.get_by_role("alert")
    expect(error).to_contain_text(re.compile(r"lösenord.*felaktig", re.IGNORECASE))
    expect(error).not_to_contain_text(re.compile(r"password", re.IGNORECASE))
    expect(page.locator("input[name='login']")).to_have_value("nyanstalld@demo.test")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("button", name="Logga ut")).to_have_count(0)
    a11y.check()


def test_visitor_switches_the_language_to_english_and_back(page, a11y):
    open_login(page, a11y)

    page.get_by_role("button", name="In English").click()
    expect(page).to_have_url(path_is("/accounts/login/"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1, name="Log in")).to_be_visible()
    expect(page.get_by_role("button", name="In English")).to_have_count(0)
    a11y.check()

    page.get_by_role("button", name="På svenska").click()
    expect(page).to_have_url(path_is("/accounts/login/"))
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("heading", level=1, name="Logga in")).to_be_visible()
    expect(page.get_by_role("button", name="In English")).to_be_visible()
    a11y.check()
