"""How the site's pages and blocks render: one h1 and breadcrumbs on every page type,
images with width, height and the editor's alt text, titled video frames, the module's
dates beside its text, the glossary A to Ö, and lists whose pictures cost no query each."""

import datetime
import io
import re
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.embeds.exceptions import EmbedNotFoundException
from wagtail.images import get_image_model
from wagtail.models import Locale

from cms.models import (
    Contact,
    ContactPageContact,
    GlossaryPage,
    GlossaryTerm,
    KnowledgeArticlePage,
    NewsPage,
    StandardPage,
)
from cms.templatetags import cms_site
from lms.core import bounds

from .conftest import publish


def make_image(title: str = "Samtal", size=(1200, 800)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (40, 90, 140)).save(buffer, "PNG")
    return get_image_model().objects.create(
        title=title, file=ImageFile(buffer, name=f"{title.lower()}.png")
    )


def figure(image, alt: str = "", decorative: bool = False, caption: str = ""):
    return (
        "figure",
        {"image": {"image": image, "decorative": decorative, "alt_text": alt}, "caption": caption},
    )


def img_tags(html: str) -> list[str]:
    return re.findall(r"<img\b[^>]*>", html)


def main_of(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


# -- every page type ---------------------------------------------------------------------


@pytest.fixture
def every_page(home, module_page, article, guide, news_item, contact_page):
    glossary = publish(article.get_parent(), GlossaryPage(title="Ordlista", slug="ordlista"))
    about = publish(home, StandardPage(title="Om webbplatsen", slug="om"))
    return [
        home,
        module_page.get_parent(),
        module_page,
        article.get_parent(),
        article,
        glossary,
        guide.get_parent(),
        guide,
        news_item.get_parent(),
        news_item,
        contact_page,
        about,
    ]


def test_every_page_type_has_one_h1_its_breadcrumbs_and_the_landmarks(client, every_page):
    for page in every_page:
        html = client.get(page.url).content.decode()
        assert html.count("<h1") == 1, page.url
        assert '<main id="main"' in html and "<header" in html and "<footer" in html
        assert '<a class="skip-link" href="#main">' in html
        if page.depth > 2:
            crumbs = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S).group(0)
            assert '<a href="/">Startsida</a>' in crumbs
            assert f'<span aria-current="page">{page.title}</span>' in crumbs


def test_the_home_page_has_no_breadcrumbs(client, home):
    assert 'class="breadcrumbs"' not in client.get("/").content.decode()


def test_a_page_with_an_empty_body_shows_its_heading_and_nothing_broken(client, home):
    publish(home, StandardPage(title="Tom sida", slug="tom", body=[]))
    response = client.get("/tom/")
    assert response.status_code == 200
    assert "<h1>Tom sida</h1>" in response.content.decode()


def test_a_page_read_in_another_language_than_its_own_says_so(client, programme_page):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/programmet/").content.decode()
    assert '<html lang="en">' in html
    assert '<div class="cms-content" lang="sv">' in html


def test_the_home_page_has_a_hero_leading_to_the_programme_and_cards_for_sections(
    client, programme_page, knowledge, news_item
):
    html = main_of(client.get("/").content.decode())
    hero = re.search(r'<header class="hero">.*?</header>', html, re.S).group(0)
    assert '<a class="button" href="/programmet/">Läs om programmet</a>' in hero
    assert 'href="/accounts/login/"' in hero
    assert '<h2 class="card-title"><a href="/kunskap/">Kunskapsbank</a></h2>' in html
    assert '<time class="muted" datetime="' in html  # the latest news with their dates


# -- the module page ---------------------------------------------------------------------


def test_the_module_page_shows_the_next_dates_and_the_subscribe_link_first(
    client, module_page, make_session
):
    for weeks in range(1, 7):
        make_session(in_days=7 * weeks, deadline_in=7 * weeks - 3)
    html = main_of(client.get(module_page.url).content.decode())
    dates = html.index('id="dates-heading"')
    assert dates < html.index("Kommunen styrs av politiskt valda nämnder.")
    assert html.count('<li class="session">') == 6
    assert "Visa 3 datum till" in html  # three at once, the rest a click away
    assert "Sista anmälningsdag" in html
    assert 'href="webcal://' in html


def test_a_module_page_without_dates_says_so_and_still_offers_the_calendar(client, module_page):
    html = client.get(module_page.url).content.decode()
    assert "Inga kursdatum är publicerade just nu." in html
    assert 'href="webcal://' in html


def test_a_module_page_whose_module_was_removed_says_so(client, module_page, module):
    module.delete()
    response = client.get(module_page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Den här modulen finns inte längre i programmet" in html
    assert "webcal://" not in html


def test_the_module_page_shows_its_contact(client, module_page):
    contact = Contact.objects.create(
        name="Introduktionssamordnaren",
        role="Samordnare",
        email="intro@example.test",
        phone="010-123 45 67",
        locale=Locale.get_default(),
    )
    module_page.contact = contact
    module_page.save_revision().publish()
    html = client.get(module_page.url).content.decode()
    assert '<a href="mailto:intro@example.test">' in html
    assert '<a href="tel:0101234567">010-123 45 67</a>' in html


# -- blocks ------------------------------------------------------------------------------


def article_with(knowledge, *blocks, slug="med-block"):
    return publish(knowledge, KnowledgeArticlePage(title="Med block", slug=slug, body=list(blocks)))


def test_a_figure_has_width_height_and_the_alt_text_from_its_block(client, knowledge):
    page = article_with(knowledge, figure(make_image(), alt="Två kollegor vid ett bord"))
    (img,) = img_tags(main_of(client.get(page.url).content.decode()))
    assert 'alt="Två kollegor vid ett bord"' in img
    assert re.search(r'width="\d+"', img) and re.search(r'height="\d+"', img)
    assert 'loading="lazy"' in img


def test_a_decorative_figure_has_an_empty_alt(client, knowledge):
    page = article_with(knowledge, figure(make_image(), decorative=True, caption="Kontoret"))
    html = main_of(client.get(page.url).content.decode())
    (img,) = img_tags(html)
    assert 'alt=""' in img
    assert "<figcaption>Kontoret</figcaption>" in html


def video(**value):
    return (
        "video",
        {"video": "https://www.youtube.com/watch?v=abc", "title": "Så dokumenterar du", **value},
    )


def test_a_video_frame_carries_the_block_title_and_no_inline_style(client, knowledge, monkeypatch):
    html = (
        '<iframe width="480" height="270" src="https://www.youtube.com/embed/abc" '
        'style="border: 0" title="YouTube video player" allowfullscreen></iframe>'
    )
    monkeypatch.setattr(cms_site.embeds, "get_embed", lambda url, **kw: SimpleNamespace(html=html))
    page = article_with(knowledge, video())
    body = main_of(client.get(page.url).content.decode())
    iframe = re.search(r"<iframe\b[^>]*>", body).group(0)
    assert 'title="Så dokumenterar du"' in iframe
    assert "YouTube video player" not in iframe and "style=" not in iframe
    # The cookie-free player, the only YouTube frame the Content-Security-Policy allows.
    assert 'src="https://www.youtube-nocookie.com/embed/abc"' in iframe
    assert '<div class="video-frame">' in body


def test_a_video_whose_provider_cannot_be_reached_is_a_link(client, knowledge, monkeypatch):
    def unreachable(url, **kwargs):
        raise EmbedNotFoundException

    monkeypatch.setattr(cms_site.embeds, "get_embed", unreachable)
    page = article_with(knowledge, video(transcript="<p>Filmen i text.</p>"))
    html = main_of(client.get(page.url).content.decode())
    assert '<a href="https://www.youtube.com/watch?v=abc">Se videon: Så dokumenterar du</a>' in html
    assert "<summary>Textversion av videon</summary>" in html


def test_titled_iframe_escapes_the_title_and_keeps_the_rest():
    html = cms_site.titled_iframe('<iframe src="x" allowfullscreen></iframe>', 'A "quoted" <b>')
    assert html == (
        '<iframe src="x" allowfullscreen title="A &quot;quoted&quot; &lt;b&gt;" loading="lazy">'
        "</iframe>"
    )


def test_the_content_security_policy_allows_the_video_players_frames(client, home):
    policy = client.get("/")["Content-Security-Policy"]
    assert "frame-src https://www.youtube-nocookie.com https://player.vimeo.com" in policy


def test_downloads_say_the_file_type_and_size(client, knowledge):
    document = get_document_model()(title="Checklista")
    document.file.save("checklista.pdf", ContentFile(b"%PDF-1.4\n" + b"x" * 2040), save=False)
    document.file_size = document.file.size
    document.save()
    page = article_with(
        knowledge,
        ("downloads", {"heading": "Material", "files": [{"document": document, "title": ""}]}),
    )
    html = main_of(client.get(page.url).content.decode())
    assert 'Checklista <span class="file-meta">(PDF, 2,0\xa0kB)</span></a>' in html


def test_questions_are_details_and_a_fact_box_is_a_note(client, knowledge):
    page = article_with(
        knowledge,
        ("callout", {"heading": "Bra att veta", "text": "<p>Fråga handledaren.</p>"}),
        (
            "faq",
            {
                "heading": "Vanliga frågor",
                "questions": [{"question": "Måste jag?", "answer": "<p>Ja.</p>"}],
            },
        ),
    )
    html = main_of(client.get(page.url).content.decode())
    assert re.search(r'<div class="callout" role="note" aria-labelledby="callout-[\w-]+">', html)
    assert '<details class="faq-item">\n    <summary>Måste jag?</summary>' in html


def test_practising_with_the_supervisor_is_a_box_of_its_own(client, module_page):
    module_page.body = [
        (
            "practise",
            {"heading": "Öva efteråt med din handledare", "text": "<p>Gå igenom ett ärende.</p>"},
        )
    ]
    module_page.save_revision().publish()
    html = main_of(client.get(module_page.url).content.decode())
    assert '<div class="practise">' in html
    assert "<h2>Öva efteråt med din handledare</h2>" in html


# -- lists -------------------------------------------------------------------------------


def test_the_knowledge_bank_lists_cards_and_filters_by_topic(client, article, knowledge):
    other = KnowledgeArticlePage(title="Samtal med barn", slug="samtal")
    other.tags.add("samtal")
    publish(knowledge, other)
    html = main_of(client.get(knowledge.url + "?tag=samtal").content.decode())
    assert "Samtal med barn" in html and "Att dokumentera i akten" not in html
    assert "1 artikel matchar filtret." in html
    assert f'<a href="{knowledge.url}">Visa alla artiklar</a>' in html


def test_cards_with_pictures_cost_the_same_queries_however_many(client, knowledge):
    def add(n, start):
        for i in range(start, start + n):
            article_with(knowledge, figure(make_image(f"bild{i}"), alt="Bild"), slug=f"a{i}")

    def queries() -> int:
        client.get(knowledge.url)  # warm: renditions made, the menu cached
        with CaptureQueriesContext(connection) as captured:
            response = client.get(knowledge.url)
        assert response.status_code == 200
        return len(captured)

    add(2, 0)
    two = queries()
    add(4, 2)
    six = queries()
    html = main_of(client.get(knowledge.url).content.decode())
    assert html.count('class="card-image"') == 6
    assert six == two


def test_a_card_picture_is_decorative_with_width_and_height(client, knowledge):
    article_with(knowledge, figure(make_image(), alt="Två kollegor"))
    html = main_of(client.get(knowledge.url).content.decode())
    (img,) = img_tags(html)
    assert 'alt=""' in img and 'loading="lazy"' in img
    assert 'width="640"' in img and 'height="360"' in img


def test_the_news_list_shows_dates_and_pages(client, news_index):
    for day in range(1, 15):
        publish(
            news_index,
            NewsPage(title=f"Nyhet {day}", slug=f"nyhet-{day}", date=f"2026-03-{day:02d}"),
        )
    html = main_of(client.get(news_index.url).content.decode())
    assert '<time datetime="2026-03-14">2026-03-14</time>' in html
    assert "Sida 1 av 2" in html
    assert 'href="?page=2" rel="next"' in html


def test_the_contact_page_shows_a_card_per_contact(client, contact_page):
    for name in ("Anna Berg", "Introduktionssamordnaren"):
        contact = Contact.objects.create(name=name, role="Utbildare", locale=Locale.get_default())
        ContactPageContact.objects.create(page=contact_page, contact=contact)
    html = main_of(client.get(contact_page.url).content.decode())
    assert html.count('<div class="contact-card">') == 2


# -- the glossary ------------------------------------------------------------------------


@pytest.fixture
def glossary(knowledge):
    return publish(knowledge, GlossaryPage(title="Ordlista", slug="ordlista"))


def test_the_glossary_runs_a_to_o_with_a_jump_list(client, glossary):
    for term in ("Öppenvård", "Ärende", "Åtgärd", "zon", "Aktualisering", "Biståndsbeslut"):
        GlossaryTerm.objects.create(term=term, definition="…", locale=Locale.get_default())
    html = main_of(client.get(glossary.url).content.decode())
    assert re.findall(r'<dt id="term-\d+">([^<]+)</dt>', html) == [
        "Aktualisering",
        "Biståndsbeslut",
        "zon",
        "Åtgärd",
        "Ärende",
        "Öppenvård",
    ]
    jump = re.search(r'<nav class="jump-list".*?</nav>', html, re.S).group(0)
    assert '<a href="#letter-aa">Å</a>' in jump and '<a href="#letter-z">Z</a>' in jump
    assert '<span class="jump-empty">C</span>' in jump
    assert '<h2 id="letter-oe" class="glossary-letter">Ö</h2>' in html


def test_an_empty_glossary_says_so(client, glossary):
    html = client.get(glossary.url).content.decode()
    assert "Ordlistan är tom." in html
    assert "<dl" not in main_of(html)


def test_the_swedish_sort_key_puts_the_swedish_letters_last():
    words = ["ögon", "ärende", "åtgärd", "zon", "ände", "éclair", "ubåt"]
    assert sorted(words, key=cms_site.swedish_key) == [
        "éclair",
        "ubåt",
        "zon",
        "åtgärd",
        "ände",
        "ärende",
        "ögon",
    ]


def test_a_news_date_outside_its_window_is_refused(news_item):
    """The editor's form runs the page's validation: a news item dated in year 9999 or
    before the product's records is refused in Swedish, on the date field."""
    for day in (datetime.date(9999, 12, 31), datetime.date(1999, 12, 31)):
        news_item.date = day
        with pytest.raises(ValidationError) as error:
            news_item.full_clean()
        assert error.value.message_dict["date"] == [bounds.NEWS.message()]
    news_item.date = timezone.localdate()
    news_item.full_clean()
