"""The demo's content files: the loader builds the blocks the demo's pages had when their
texts were Python strings, reads the Markdown subset the content README describes, and
says which file is wrong when one is."""

import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest

from cms import demo
from cms import demo_content as content
from cms.demo_media import PICTURES, alt_text
from cms.models import StandardPage

PICTURE_PKS = {picture.key: SimpleNamespace(pk=n) for n, picture in enumerate(PICTURES, 1)}
DOCUMENTS = {
    handout.key: SimpleNamespace(pk=100 + n, title=handout.title)
    for n, handout in enumerate(content.handouts())
}


def _context(**kwargs) -> content.Context:
    return content.Context(pictures=PICTURE_PKS, documents=DOCUMENTS, **kwargs)


def _text(markdown: str, **meta) -> content.Text:
    return content.Text(Path("test.md"), meta, markdown)


def _blocks(markdown: str, **kwargs) -> list[dict]:
    practise = kwargs.pop("practise", "")
    return content.blocks(_text(markdown), _context(**kwargs), practise=practise)


# -- the same blocks as before ------------------------------------------------------------


def test_a_guide_keeps_its_three_text_blocks_and_bold_words():
    blocks = content.blocks(content.text("pages/vagledning", "dina-forsta-veckor"), _context())
    assert blocks == [
        {
            "type": "text",
            "value": "<p>De första veckorna handlar om att landa. Du lär känna arbetsgruppen, "
            "går bredvid erfarna kollegor och får ditt första eget ärende först när du och "
            "din handledare tycker att det är dags.</p>",
        },
        {
            "type": "text",
            "value": "<p>Tre personer finns där särskilt för dig:</p><ul><li><b>Din chef</b> "
            "har gjort en introduktionsplan för dig och går igenom den med dig första veckan."
            "</li><li><b>Din mentor</b> är en kollega i arbetsgruppen som du kan fråga om "
            "allt.</li><li><b>Din handledare</b> träffar du varje vecka och går igenom "
            "ärendena med.</li></ul>",
        },
        {
            "type": "text",
            "value": "<p>Logga in i Introduktion för att se din plan och anmäla dig till "
            "kurserna. Del 1 ska du ha gått inom fyra månader. Prenumerera gärna på "
            "kursdatumen, så missar du inget.</p><p>Det är normalt att känna sig osäker i "
            "början. Fråga hellre en gång för mycket än en gång för lite.</p>",
        },
    ]


def test_a_module_page_has_its_goals_preparation_practise_questions_and_downloads():
    source = content.text("modules", "regler-dokumentation")
    practise = "Skriv en journalanteckning i ett av dina ärenden."
    blocks = content.blocks(source, _context(), practise=practise)
    assert [block["type"] for block in blocks] == [
        "goals",
        "preparation",
        "heading",
        "text",
        "callout",
        "practise",
        "faq",
        "downloads",
    ]
    goals, preparation, _, _, callout, practised, faq, downloads = blocks
    assert goals["value"] == {
        "heading": "Efter modulen kan du",
        "goals": [
            "skilja på lag, föreskrift, allmänt råd och kommunala riktlinjer",
            "skriva en journalanteckning som är saklig, kortfattad och begriplig",
            "hålla isär fakta, egna iakttagelser och bedömningar i en text",
            "förklara den enskildes rätt att ta del av och lämna synpunkter på det som "
            "dokumenteras",
        ],
    }
    assert preparation["value"] == {
        "heading": "Förbered dig",
        "text": "<p>Läs två journalanteckningar i ett ärende tillsammans med din handledare "
        "innan kursen. Fundera på en fråga: skulle personen själv känna igen sig i texten?</p>",
    }
    assert callout["value"]["heading"] == "En tumregel"
    # The module's own practise text (the course catalogue's) comes before the file's.
    assert practised["value"] == {
        "heading": "Öva efteråt med din handledare",
        "text": f"<p>{practise}</p>",
    }
    assert faq["value"]["questions"][0] == {
        "question": "Får den enskilde läsa allt jag skriver?",
        "answer": "<p>Huvudregeln är att den som ärendet gäller har rätt att ta del av "
        "uppgifterna i sin akt. Det finns undantag, till exempel när uppgifter om någon annan "
        "omfattas av sekretess. Stäm av med din handledare eller chef innan du lämnar ut en "
        "akt.</p>",
    }
    journal, checklist = DOCUMENTS["journalanteckning"], DOCUMENTS["forberedelse-del-1"]
    assert downloads["value"] == {
        "heading": "Material att ladda ner",
        "files": [
            {"document": journal.pk, "title": "Lathund: en tydlig journalanteckning"},
            {"document": checklist.pk, "title": "Checklista: förbered dig inför del 1"},
        ],
    }


def test_a_module_without_a_practise_text_of_its_own_uses_the_files_or_none():
    with_text = content.blocks(content.text("modules", "lagstiftning"), _context())
    assert with_text[-2]["value"]["text"].startswith("<p>Välj ett av dina ärenden")
    without = content.blocks(content.text("modules", "politiskt-styrd-organisation"), _context())
    assert "practise" not in [block["type"] for block in without]


def test_the_accessibility_statement_counts_its_dates_back_from_today():
    today = datetime.date(2026, 3, 1)
    blocks = content.blocks(content.text("pages", "tillganglighet"), _context(today=today))
    assert blocks[-1]["value"] == (
        "<p>Varje ändring i webbplatsens mallar testas automatiskt med verktyget axe-core. Vi "
        "granskar också sidorna manuellt med tangentbord, förstoring och skärmläsare. Den "
        "senaste manuella granskningen gjordes 2026-02-09.</p><p>Webbplatsen publicerades "
        "2025-12-30. Redogörelsen uppdaterades senast 2026-02-09.</p>"
    )
    assert blocks[-3]["value"].endswith(
        '<p><a href="https://www.digg.se/">Myndigheten för digital förvaltning, digg.se</a></p>'
    )


def test_a_picture_without_alt_text_gets_its_standard_one_in_the_pages_language():
    source = content.text("pages", "start", "en")
    figure = content.blocks(source, _context(language="en"))[0]
    assert figure == {
        "type": "figure",
        "value": {
            "image": {
                "image": PICTURE_PKS["alven"].pk,
                "decorative": False,
                "alt_text": alt_text("alven", "en"),
            },
            "caption": "",
        },
    }


def test_the_contacts_glossary_and_handouts_are_read():
    assert [contact["key"] for contact in content.contacts()] == [
        "introduktion",
        "support",
        "webb",
        "arbetsmiljo",
    ]
    assert content.glossary()[0] == {
        "term": "Aktualisering",
        "definition": "När socialtjänsten får kännedom om att någon kan behöva stöd eller "
        "skydd, genom ansökan, anmälan eller på annat sätt. Handläggningen börjar här.",
        "term_en": "Case initiation",
        "definition_en": "When social services learn that someone may need support or "
        "protection, through an application, a report or otherwise. Case handling starts "
        "here.",
    }
    handout = next(h for h in content.handouts() if h.key == "hot-och-vald")
    assert handout.title == "Checklista: inför ett möte där det kan finnas risk för hot"
    assert [title for title, _ in handout.sections] == ["Före mötet", "Efter mötet"]
    assert handout.sections[1][1][1] == (
        "Rapportera händelsen enligt enhetens rutin, också om den känns liten."
    )


def test_every_content_file_builds_and_every_translation_has_its_swedish_file():
    files = sorted(content.CONTENT.rglob("*.md"))
    assert len(files) > 80
    for path in files:
        if path.name == "README.md" or path.parent.name == "documents":
            continue
        source = content.read(path)
        language = "en" if path.name.endswith(".en.md") else "sv"
        context = _context(language=language, page_id=lambda path: 1, today=datetime.date.today())
        content.blocks(source, context)
        assert "title" in source.meta or path.parent.name == "modules", path
        if language == "en":
            assert path.with_name(f"{source.slug}.md").exists(), path


# -- the Markdown subset ------------------------------------------------------------------


def test_paragraphs_lists_and_inline_markup():
    html = content.rich_text(
        "A **bold** and *italic* word, 3 * 4 and a_b.\nSame paragraph.\n\n"
        "1. first\n   goes on\n2. second\n\n- one\n\n- two <tag> & more"
    )
    assert html == (
        "<p>A <b>bold</b> and <i>italic</i> word, 3 * 4 and a_b. Same paragraph.</p>"
        "<ol><li>first goes on</li><li>second</li></ol>"
        "<ul><li>one</li><li>two &lt;tag&gt; &amp; more</li></ul>"
    )


def test_links_to_the_web_a_page_and_a_pdf():
    context = _context(page_id={"kunskapsbanken/ordlista": 7}.get)
    html = content.rich_text(
        "[Digg](https://www.digg.se/?a=1&b=2), [ordlistan](page:/kunskapsbanken/ordlista/) "
        "and [the checklist](document:hot-och-vald).",
        context,
    )
    assert html == (
        '<p><a href="https://www.digg.se/?a=1&amp;b=2">Digg</a>, '
        '<a linktype="page" id="7">ordlistan</a> and '
        f'<a linktype="document" id="{DOCUMENTS["hot-och-vald"].pk}">the checklist</a>.</p>'
    )
    assert context.missing == []


def test_a_link_to_a_page_not_found_keeps_its_words_and_is_listed():
    context = _context()
    assert content.rich_text("See [it](page:nowhere).", context) == "<p>See it.</p>"
    assert context.missing == ["nowhere"]


def test_headings_figures_fences_and_a_rule_between_text_blocks():
    blocks = _blocks(
        "Intro.\n\n---\n\nMore.\n\n## A heading\n\n"
        '![Own words](picture:alven "A caption")\n\n'
        "::: callout Note\n- a\n- b\n:::\n\n"
        "::: faq Questions\n\n### Why?\n\nBecause.\n\nTwice.\n\n### How?\n\nSo.\n:::\n\n"
        "::: downloads Files\n- document:journalanteckning\n"
        "- [Own title](document:hot-och-vald)\n:::\n\n"
        "::: practise Practise\n:::"
    )
    assert blocks == [
        {"type": "text", "value": "<p>Intro.</p>"},
        {"type": "text", "value": "<p>More.</p>"},
        {"type": "heading", "value": "A heading"},
        {
            "type": "figure",
            "value": {
                "image": {
                    "image": PICTURE_PKS["alven"].pk,
                    "decorative": False,
                    "alt_text": "Own words",
                },
                "caption": "A caption",
            },
        },
        {"type": "callout", "value": {"heading": "Note", "text": "<ul><li>a</li><li>b</li></ul>"}},
        {
            "type": "faq",
            "value": {
                "heading": "Questions",
                "questions": [
                    {"question": "Why?", "answer": "<p>Because.</p><p>Twice.</p>"},
                    {"question": "How?", "answer": "<p>So.</p>"},
                ],
            },
        },
        {
            "type": "downloads",
            "value": {
                "heading": "Files",
                "files": [
                    {
                        "document": DOCUMENTS["journalanteckning"].pk,
                        "title": DOCUMENTS["journalanteckning"].title,
                    },
                    {"document": DOCUMENTS["hot-och-vald"].pk, "title": "Own title"},
                ],
            },
        },
        # An empty practise fence, and no practise text of the module's own: no block.
    ]


@pytest.mark.parametrize(
    ("markdown", "message"),
    [
        ("::: warning Careful\nText\n:::", "unknown block '::: warning'"),
        ("::: callout Open\nText", "has no closing ':::'"),
        ("![](picture:nowhere)", "no picture 'nowhere'"),
        ("::: downloads Files\n- document:nowhere\n:::", "not a PDF of the demo"),
        ("See [it](document:nowhere).", "no PDF 'nowhere'"),
    ],
)
def test_a_mistake_in_a_file_names_the_file(markdown, message):
    with pytest.raises(content.ContentError, match="test.md.*" + message.replace("'", ".")):
        _blocks(markdown)


def test_front_matter_must_be_toml_between_two_lines(tmp_path):
    path = tmp_path / "page.md"
    path.write_text("+++\ntitle = 'Sida'\ntags = ['a']\n+++\nText.\n")
    assert content.read(path).meta == {"title": "Sida", "tags": ["a"]}
    path.write_text("---\ntitle: Sida\n---\nText.\n")
    with pytest.raises(content.ContentError, match="no front matter"):
        content.read(path)


# -- a link to a page made later ----------------------------------------------------------


@pytest.mark.django_db
def test_a_swedish_page_linking_to_a_page_made_after_it_gets_the_link_at_the_end():
    start = demo.home()
    texts = demo._Texts(SimpleNamespace(today=datetime.date.today()), {}, {}, start)
    source = content.Text(
        Path("om.md"), {"title": "Om", "intro": "Om oss."}, "Se [ordlistan](page:ord).\n"
    )
    page = texts.upsert(start, StandardPage, "om", source)
    assert page.body.raw_data[0]["value"] == "<p>Se ordlistan.</p>"
    later = demo.upsert(start, StandardPage, "ord", title="Ord", intro="Orden.")
    texts.link_later()
    page.refresh_from_db()
    assert page.body.raw_data[0]["value"] == (
        f'<p>Se <a linktype="page" id="{later.pk}">ordlistan</a>.</p>'
    )
    assert page.live and not page.has_unpublished_changes
    wrong = content.Text(Path("en.md"), {}, "See [it](page:nowhere).\n")
    with pytest.raises(content.ContentError, match=r"en\.md: no page at nowhere"):
        texts.checked_body(wrong)
