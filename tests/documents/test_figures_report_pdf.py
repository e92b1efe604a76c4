import datetime
import io

from django.utils import translation
from pypdf import PdfReader

from lms.documents import figures_report
from lms.documents.figures_report import (
    Chart,
    ChartBar,
    FiguresReportDocument,
    Note,
    ReportSection,
    ReportTable,
    render,
)

D = datetime.date
HIDDEN = "färre än 5"
COLUMNS = [
    "Mentor utsedd senast första dagen",
    "Del 1 klar i tid",
    "Del 2, andel moduler klara",
    "Del 2 klar i tid",
    "Veckor med 1:1-handledning första året",
    "Kvar efter ett år",
    "Kvar efter två år",
]


def _reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in _reader(pdf).pages)


def _flat(pdf: bytes) -> str:
    """The text with line breaks as spaces: a heading may wrap inside its cell."""
    return " ".join(_text(pdf).split())


def newcomers(n_rows: int = 2) -> ReportSection:
    rows = [
        [
            "Barn och unga (Stadsdelsförvaltning Norr)",
            "12",
            "83 %",
            "50 %",
            "25 %",
            "–",
            "0 %",
            "92 %",
            "–",
        ],
        ["Äldre (Stadsdelsförvaltning Norr)", *[HIDDEN] * 8],
        *(
            [f"Enhet nr {i} (Stadsdelsförvaltning Söder)", "7"] + ["71 %"] * 7
            for i in range(n_rows - 2)
        ),
    ]
    return ReportSection(
        title="Nyanställda och introduktionen",
        chart=Chart(
            "Andelar för alla nyanställda i perioden",
            [
                ChartBar("Mentor utsedd senast första dagen", 88, "88 %"),
                ChartBar("Del 1 klar i tid", None, HIDDEN),
                ChartBar("Kvar efter två år", None, "–"),
            ],
        ),
        table=ReportTable(
            caption="Nyanställda: Enhet",
            headers=["Enhet", "Nyanställda", *COLUMNS],
            rows=rows,
            footer=["Totalt", "16", "88 %", "63 %", "25 %", "–", "0 %", "94 %", "–"],
        ),
        notes_title="Så räknas måtten",
        notes=[Note("Del 1 klar i tid", "Andel som gjort alla moduler i del 1 i tid.")],
    )


def staff() -> ReportSection:
    return ReportSection(
        title="Kompetensnivåer bland medarbetarna",
        intro=["Alla medarbetare i enheterna 2025-06-30, efter år i yrket (Göteborgsmodellen)."],
        chart=Chart(
            "Andel av medarbetarna per kompetensnivå",
            [ChartBar("Nybörjare", 40, "40 %"), ChartBar("Specialist", None, HIDDEN)],
        ),
        table=ReportTable(
            caption="Kompetensnivåer",
            headers=["Kompetensnivå", "Medarbetare"],
            rows=[["Nybörjare", "8"], ["Kunnig", "9"], ["Specialist", HIDDEN]],
            footer=["Totalt", "20"],
        ),
    )


def document(**extra) -> FiguresReportDocument:
    data = {
        "scope": "Stadsdelsförvaltning Norr",
        "municipality": "Älvstads kommun",
        "start": D(2025, 1, 1),
        "end": D(2025, 6, 30),
        "generated_on": D(2026, 12, 1),
        "breakdown": "Enhet",
        "notes": ["Beräknat 2026-12-01. Andelarna räknar bara dem som har kommit så långt."],
        "sections": [
            newcomers(),
            ReportSection(
                title="Avstämningar",
                empty="Inga avstämningar besvarade i perioden.",
            ),
            staff(),
        ],
    }
    data.update(extra)
    return FiguresReportDocument(**data)


def test_the_title_page_says_what_for_whom_which_period_and_when():
    pdf = render(document())
    assert pdf.startswith(b"%PDF")
    first = _reader(pdf).pages[0].extract_text()
    for expected in (
        "Introduktion",
        "Uppföljning av introduktionen",
        "Stadsdelsförvaltning Norr",
        "Älvstads kommun",
        "Period",
        "2025-01-01 – 2025-06-30",
        "Uppdelat på",
        "Skapad",
        "2026-12-01",
        "Beräknat 2026-12-01.",
    ):
        assert expected in first, expected
    # The small-cell rule, and a list of what follows.
    flat = " ".join(first.split())
    assert "En grupp med färre än 5 personer visas som ”färre än 5”." in flat
    assert "Innehåll" in flat and "Kompetensnivåer bland medarbetarna" in flat
    # The figures start on a page of their own.
    assert "Mentor utsedd senast första dagen" not in first


def test_every_table_cell_heading_and_total_is_printed():
    text = _flat(render(document()))
    for expected in (
        "Nyanställda: Enhet",
        "Barn och unga (Stadsdelsförvaltning Norr)",
        "1:1-handledning",  # a heading's longest word is never broken
        "83 %",
        "92 %",
        "Totalt",
        "94 %",
        "Kompetensnivå",
        "Nybörjare",
        "Kunnig",
        "Så räknas måtten",
        "Andel som gjort alla moduler i del 1 i tid.",
        "Inga avstämningar besvarade i perioden.",
        "Alla medarbetare i enheterna 2025-06-30",
    ):
        assert expected in text, expected


def test_hidden_cells_and_bars_say_fewer_than_five():
    text = _flat(render(document()))
    # Eight cells of the hidden unit, one in the staff table, one bar in each chart.
    assert text.count(HIDDEN) >= 8 + 1 + 2
    hidden_unit = text.split("Äldre (Stadsdelsförvaltning Norr)")[1].split("Totalt")[0]
    assert hidden_unit.split() == ["färre", "än", "5"] * 8


def test_charts_draw_a_bar_only_for_a_figure_with_a_length():
    """A hidden figure and one with no one to count draw their track and text only."""
    section = newcomers()
    drawing = figures_report._chart(section.chart, 170 * 2.8346)
    rects = [shape for shape in drawing.contents if shape.__class__.__name__ == "Rect"]
    texts = [shape.text for shape in drawing.contents if shape.__class__.__name__ == "String"]
    # Three tracks and one bar: the 88 % one, 70 % of the width long times 0.88.
    assert len(rects) == 4
    assert round(rects[1].width / rects[0].width, 2) == 0.88
    assert texts == [
        "Mentor utsedd senast första dagen",
        "88 %",
        "Del 1 klar i tid",
        HIDDEN,
        "Kvar efter två år",
        "–",
    ]


def test_chart_labels_are_text_in_the_pdf():
    text = _flat(render(document()))
    assert "Andelar för alla nyanställda i perioden" in text
    assert "Andel av medarbetarna per kompetensnivå" in text
    assert "88 %" in text and "40 %" in text


def test_every_page_carries_the_report_the_period_and_its_number():
    reader = _reader(render(document()))
    total = len(reader.pages)
    assert total >= 3
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert f"Sida {number} av {total}" in text
        assert "Period 2025-01-01 – 2025-06-30 · Skapad 2026-12-01" in text
        assert "Uppföljning av introduktionen: Stadsdelsförvaltning Norr" in text
        assert "Älvstads kommun" in text


def test_the_wide_newcomer_table_gets_landscape_pages_and_the_rest_portrait():
    reader = _reader(render(document()))
    sizes = [(round(p.mediabox.width), round(p.mediabox.height)) for p in reader.pages]
    portrait, landscape = (595, 842), (842, 595)
    assert sizes[0] == portrait
    assert sizes[1] == landscape and "Nyanställda: Enhet" in reader.pages[1].extract_text()
    assert sizes[-1] == portrait
    assert "Kompetensnivåer bland medarbetarna" in reader.pages[-1].extract_text()


def test_a_long_table_repeats_its_caption_and_headings_on_every_page():
    reader = _reader(render(document(sections=[newcomers(n_rows=90)])))
    pages = reader.pages[1:]
    assert len(pages) >= 3
    for page in pages:
        text = " ".join(page.extract_text().split())
        assert "Nyanställda: Enhet" in text
        assert "Kvar efter ett år" in text
    assert "Totalt" in pages[-1].extract_text()


def test_a_report_without_sections_is_still_a_title_page():
    text = _text(render(document(sections=[], breakdown="", municipality="")))
    assert "Uppföljning av introduktionen" in text
    assert "Uppdelat på" not in text and "Innehåll" not in text


def test_markup_and_swedish_letters_in_labels_are_printed_as_text():
    section = ReportSection(
        title="Kursutvärderingar",
        table=ReportTable(
            caption="Kursutvärderingar",
            headers=["Modul och kurstillfälle", "Svar", "Medelbetyg (1–5)"],
            rows=[["Samtal <b>& möten</b>", "6", "4,2"], ["Tillfälle 2025-03-10", "6", "4,2"]],
            sub_rows=frozenset({1}),
        ),
    )
    text = _text(render(document(sections=[section])))
    assert "Samtal <b>& möten</b>" in text
    assert "Tillfälle 2025-03-10" in text and "4,2" in text


def test_the_font_is_embedded_truetype_and_helvetica_is_never_used():
    pdf = render(document())
    for page in _reader(pdf).pages:
        fonts = [f.get_object() for f in page["/Resources"]["/Font"].values()]
        assert fonts
        assert {f["/Subtype"] for f in fonts} == {"/TrueType"}
        assert all("BitstreamVera" in f["/BaseFont"] for f in fonts)
    assert b"Helvetica" not in pdf


def test_metadata_names_the_report_and_the_municipality():
    meta = _reader(render(document())).metadata
    assert meta.title == "Uppföljning av introduktionen: Stadsdelsförvaltning Norr"
    assert meta.author == "Älvstads kommun"


def test_every_fixed_text_goes_through_gettext(monkeypatch):
    monkeypatch.setattr(figures_report, "_", lambda text: f"T:{text}")
    text = _flat(render(document()))
    for msgid in (
        "T:Uppföljning av introduktionen",
        "T:Period",
        "T:Uppdelat på",
        "T:Skapad",
        "T:En grupp med färre än 5",
        "T:Innehåll",
        "T:Period 2025-01-01 – 2025-06-30 · Skapad 2026-12-01",
    ):
        assert msgid in text, msgid


def test_the_pdf_comes_out_in_the_readers_language():
    # Only texts the English catalogue already had; the data's own texts follow.
    with translation.override("en"):
        reader = _reader(render(document()))
    text = " ".join("\n".join(page.extract_text() for page in reader.pages).split())
    assert "Follow-up of the introduction" in text
    assert "A group of fewer than 5 people is shown as “fewer than 5”." in text
    assert f"Page 1 of {len(reader.pages)}" in text
    assert "Uppföljning av introduktionen" not in text
