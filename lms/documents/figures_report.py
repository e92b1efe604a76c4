"""The figures report: the figures a steering group reads twice a year, on paper.

`render(document)` takes a prepared `FiguresReportDocument` and returns the PDF as
bytes; it knows nothing of models, requests or the small-cell rule (lms.reports builds
the document from the same figures and texts as the figures page, so a hidden figure
arrives here already saying "färre än 5", and a hidden bar arrives without a length).

A4: a title page (what, which units, which period, when it was made, and how small
groups are hidden), then one section per table, each with its bar chart, its table and
what the measures mean. A table too wide for a portrait page (the newcomers' nine
columns) gets landscape pages of its own. Column headings repeat on every page a table
runs over, and every page names the report, the period and "Sida 1 av 3", so a loose
page still says what it is. Charts are reportlab graphics with their labels as text,
so everything stays selectable and searchable. Fixed texts go through gettext at render
time; the data's labels already come in the reader's language.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from . import fonts
from .pages import (
    BOTTOM,
    FRAME_PADDING,
    GREY,
    HEAD_BACKGROUND,
    LINE,
    MARGIN,
    PRODUCT,
    TOP,
    a4_document,
    escape,
    numbered_canvas,
)

FOOT_BACKGROUND = colors.HexColor("#f3f5f8")
TRACK = colors.HexColor("#e6ebf1")  # as the page's charts (site.css .chart-track)
BAR = colors.HexColor("#14406e")  # .chart-bar
HEAD_SIZE = 7.5
CELL_PADDING = 4  # points, left and right
CHART_WIDTH = 150 * mm
#: More columns than this do not fit a portrait page with readable headings.
PORTRAIT_COLUMNS = 5


@dataclass(frozen=True)
class ChartBar:
    """One bar: its length in per cent (None: nothing to draw) and the text beside it."""

    label: str
    percent: int | None
    text: str


@dataclass(frozen=True)
class Chart:
    title: str
    bars: list[ChartBar] = field(default_factory=list)


@dataclass(frozen=True)
class ReportTable:
    """Every cell already a text; `footer` is the total row, printed bold."""

    caption: str
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)
    footer: list[str] = field(default_factory=list)
    sub_rows: frozenset[int] = frozenset()  # indented under the row before (a module's sessions)
    text_columns: int = 1  # the first columns hold words; the rest figures, set right


@dataclass(frozen=True)
class Note:
    """What a measure means: "Del 1 klar i tid" and how it is counted."""

    term: str
    text: str


@dataclass(frozen=True)
class ReportSection:
    title: str
    intro: list[str] = field(default_factory=list)
    chart: Chart | None = None
    table: ReportTable | None = None
    empty: str = ""  # said instead of a table when there is nothing to show
    notes_title: str = ""
    notes: list[Note] = field(default_factory=list)


@dataclass(frozen=True)
class FiguresReportDocument:
    scope: str  # "Stadsdelsförvaltning Norr", "Alla mina enheter"
    start: datetime.date
    end: datetime.date
    generated_on: datetime.date
    municipality: str = ""
    breakdown: str = ""  # what the newcomers are grouped by, if anything
    notes: list[str] = field(default_factory=list)  # for the title page
    sections: list[ReportSection] = field(default_factory=list)

    @property
    def period(self) -> str:
        return f"{self.start.isoformat()} – {self.end.isoformat()}"


class _Styles:
    def __init__(self):
        regular, bold = fonts.register()
        self.small = ParagraphStyle("small", fontName=regular, fontSize=9, leading=11.5)
        self.product = ParagraphStyle(
            "product", fontName=bold, fontSize=12, leading=15, textColor=GREY, spaceBefore=30 * mm
        )
        self.title = ParagraphStyle(
            "title", fontName=bold, fontSize=24, leading=29, spaceBefore=2, spaceAfter=3 * mm
        )
        self.scope = ParagraphStyle(
            "scope", fontName=bold, fontSize=16, leading=20, spaceAfter=8 * mm
        )
        self.heading = ParagraphStyle(
            "heading", fontName=bold, fontSize=15, leading=19, spaceAfter=3 * mm
        )
        self.subheading = ParagraphStyle(
            "subheading", fontName=bold, fontSize=10.5, leading=13, spaceBefore=4 * mm, spaceAfter=2
        )
        self.body = ParagraphStyle(
            "body", fontName=regular, fontSize=10, leading=14, spaceAfter=2 * mm
        )
        self.label = ParagraphStyle("label", fontName=bold, fontSize=10, leading=14)
        self.value = ParagraphStyle("value", fontName=regular, fontSize=10, leading=14)
        self.contents = ParagraphStyle(
            "contents", fontName=regular, fontSize=10, leading=14, leftIndent=4 * mm
        )
        self.cell = ParagraphStyle("cell", fontName=regular, fontSize=8.5, leading=10.5)
        self.cell_sub = ParagraphStyle(
            "cell_sub", parent=self.cell, leftIndent=4 * mm, textColor=GREY
        )
        self.cell_bold = ParagraphStyle("cell_bold", fontName=bold, fontSize=8.5, leading=10.5)
        self.number = ParagraphStyle("number", parent=self.cell, alignment=TA_RIGHT)
        self.number_bold = ParagraphStyle("number_bold", parent=self.cell_bold, alignment=TA_RIGHT)
        # Headings a little smaller: "1:1-handledning" must fit a figure's column whole.
        self.head = ParagraphStyle("head", fontName=bold, fontSize=HEAD_SIZE, leading=9.5)
        self.head_number = ParagraphStyle("head_number", parent=self.head, alignment=TA_RIGHT)
        self.caption = ParagraphStyle("caption", fontName=bold, fontSize=10, leading=13)
        self.note_term = ParagraphStyle("note_term", fontName=bold, fontSize=8.5, leading=11)
        self.note = ParagraphStyle(
            "note", fontName=regular, fontSize=8.5, leading=11, textColor=GREY, spaceAfter=1.5 * mm
        )
        self.empty = ParagraphStyle(
            "empty", fontName=regular, fontSize=10, leading=14, textColor=GREY
        )


def title(document: FiguresReportDocument) -> str:
    return f"{_('Uppföljning av introduktionen')}: {document.scope}"


def render(document: FiguresReportDocument) -> bytes:
    styles = _Styles()
    buffer = io.BytesIO()
    doc = a4_document(
        buffer,
        title=title(document),
        author=document.municipality or PRODUCT,
        subject=_("Uppföljning av introduktionen"),
        template=BaseDocTemplate,
    )
    doc.addPageTemplates([_page("portrait", A4), _page("landscape", landscape(A4))])
    story = _title_page(document, styles)
    orientation = ""  # the title page has a page of its own
    for section in document.sections:
        wanted = "landscape" if _is_wide(section) else "portrait"
        if wanted != orientation:
            story += [NextPageTemplate(wanted), PageBreak()]
            orientation = wanted
        else:
            # A heading never ends a page alone: a new page when a heading, a chart's
            # first bars or a table's header and first rows would not fit.
            story.append(CondPageBreak(60 * mm))
        story += _section(section, styles, _frame_width(wanted))
        story.append(Spacer(1, 8 * mm))
    doc.build(
        story,
        canvasmaker=numbered_canvas(
            header_left=document.municipality or PRODUCT,
            header_right=title(document),
            footer_left=_("Period %(period)s · Skapad %(date)s")
            % {"period": document.period, "date": document.generated_on.isoformat()},
        ),
    )
    return buffer.getvalue()


def _page(name: str, size: tuple[float, float]) -> PageTemplate:
    width, height = size
    frame = Frame(
        MARGIN - FRAME_PADDING,
        BOTTOM,
        width - 2 * (MARGIN - FRAME_PADDING),
        height - TOP - BOTTOM,
        id=name,
    )
    return PageTemplate(id=name, frames=[frame], pagesize=size)


def _frame_width(orientation: str) -> float:
    width = (landscape(A4) if orientation == "landscape" else A4)[0]
    return width - 2 * MARGIN


def _is_wide(section: ReportSection) -> bool:
    return section.table is not None and len(section.table.headers) > PORTRAIT_COLUMNS


def _title_page(document: FiguresReportDocument, styles: _Styles) -> list:
    story = []
    if document.municipality:
        story.append(Paragraph(escape(document.municipality), styles.small))
    story += [
        Paragraph(escape(PRODUCT), styles.product),
        Paragraph(escape(_("Uppföljning av introduktionen")), styles.title),
        Paragraph(escape(document.scope), styles.scope),
    ]
    facts = [(_("Period"), document.period)]
    if document.breakdown:
        facts.append((_("Uppdelat på"), document.breakdown))
    facts.append((_("Skapad"), document.generated_on.isoformat()))
    table = Table(
        [
            [Paragraph(escape(k), styles.label), Paragraph(escape(v), styles.value)]
            for k, v in facts
        ],
        colWidths=[40 * mm, None],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),  # empty cells: no Helvetica
                ("LEFTPADDING", (0, 0), (0, -1), 0),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story += [table, Spacer(1, 8 * mm)]
    story.append(
        Paragraph(
            escape(
                # The page's own sentence, so the paper and the screen explain it alike.
                _(
                    "En grupp med färre än 5 personer visas som ”färre än 5”. Räcker det inte "
                    "för att skydda den, döljs också en annan grupp, så att ingen siffra kan "
                    "räknas ut ur totalen."
                )
            ),
            styles.body,
        )
    )
    story += [Paragraph(escape(note), styles.body) for note in document.notes]
    if document.sections:
        story.append(Paragraph(escape(_("Innehåll")), styles.subheading))
        story += [
            Paragraph(escape(section.title), styles.contents) for section in document.sections
        ]
    return story


def _section(section: ReportSection, styles: _Styles, width: float) -> list:
    head = [Paragraph(escape(section.title), styles.heading)]
    head += [Paragraph(escape(text), styles.body) for text in section.intro]
    if section.table is None:
        if section.empty:
            head.append(Paragraph(escape(section.empty), styles.empty))
        return [KeepTogether(head)]
    chart = section.chart if section.chart is not None and section.chart.bars else None
    notes = _notes(section, styles) if section.notes else []
    story = []
    if chart and notes and width > CHART_WIDTH + 60 * mm:
        # A landscape page: the measures' meanings beside the chart of them, so the
        # chart, the notes and the start of the table share one page.
        gap = 8 * mm
        beside = Table(
            [[_charted(chart, styles, CHART_WIDTH), notes]],
            colWidths=[CHART_WIDTH + gap, width - CHART_WIDTH - gap],
            hAlign="LEFT",
        )
        beside.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),  # no Helvetica
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        story += [KeepTogether([*head, beside, Spacer(1, 4 * mm)])]
        notes = []
    elif chart:
        # The heading stays with its chart, the chart's title with its bars.
        story += [KeepTogether([*head, *_charted(chart, styles, min(width, CHART_WIDTH))])]
        story.append(Spacer(1, 4 * mm))
    else:
        story += head
    story.append(_table(section.table, styles, width))
    story += notes
    return story


def _charted(chart: Chart, styles: _Styles, width: float) -> list:
    return [Paragraph(escape(chart.title), styles.subheading), _chart(chart, width)]


def _notes(section: ReportSection, styles: _Styles) -> list:
    """What each measure means: its name, and how it is counted below it."""
    out = []
    if section.notes_title:
        out.append(Paragraph(escape(section.notes_title), styles.subheading))
    for note in section.notes:
        out.append(Paragraph(escape(note.term), styles.note_term))
        out.append(Paragraph(escape(note.text), styles.note))
    return out


def _chart(chart: Chart, width: float) -> Drawing:
    """Bars as on the page: the label above, a grey track of the whole scale, the bar,
    and the figure's text after the track. A bar without a length (a hidden group, or
    no one to count) draws only its track and its text ("färre än 5", "–")."""
    regular, _bold = fonts.register()
    row, size = 25, 8.5
    track = width * 0.7
    drawing = Drawing(width, row * len(chart.bars))
    # Else the renderer sets Helvetica first, a font the PDF would not embed.
    drawing.initialFontName = regular
    for i, bar in enumerate(chart.bars):
        top = row * (len(chart.bars) - i)
        drawing.add(
            String(
                0, top - 10, _fit(bar.label, regular, size, width), fontName=regular, fontSize=size
            )
        )
        drawing.add(Rect(0, top - 22, track, 9, fillColor=TRACK, strokeColor=None))
        if bar.percent is not None:
            length = track * max(0, min(bar.percent, 100)) / 100
            drawing.add(Rect(0, top - 22, length, 9, fillColor=BAR, strokeColor=None))
        drawing.add(
            String(track + 6, top - 20.5, bar.text, fontName=regular, fontSize=size, fillColor=GREY)
        )
    return drawing


def _fit(text: str, font: str, size: float, width: float) -> str:
    """A label longer than the chart is cut with "…"; the table beside it has it whole."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _table(table: ReportTable, styles: _Styles, width: float) -> Table:
    """The caption and the column headings repeat on every page the table runs over."""
    columns = len(table.headers)
    words = table.text_columns

    def cells(values: list[str], *, bold: bool = False, sub: bool = False) -> list:
        out = []
        for i, value in enumerate(values):
            if i < words:
                style = (
                    styles.cell_bold if bold else styles.cell_sub if sub and i == 0 else styles.cell
                )
            else:
                style = styles.number_bold if bold else styles.number
            out.append(Paragraph(escape(value), style))
        return out

    headings = [
        Paragraph(escape(text), styles.head if i < words else styles.head_number)
        for i, text in enumerate(table.headers)
    ]
    caption = [Paragraph(escape(table.caption), styles.caption)] + [""] * (columns - 1)
    rows = [caption, headings]
    rows += [cells(row, sub=i in table.sub_rows) for i, row in enumerate(table.rows)]
    if table.footer:
        rows.append(cells(table.footer, bold=True))
    result = Table(rows, colWidths=_widths(table, width), repeatRows=2, hAlign="LEFT")
    style = [
        ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),  # empty cells: no Helvetica
        ("SPAN", (0, 0), (-1, 0)),
        ("LEFTPADDING", (0, 1), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 1), (-1, -1), CELL_PADDING),
        ("LEFTPADDING", (0, 0), (0, 0), 0),
        ("BOTTOMPADDING", (0, 0), (-1, 0), 4),
        ("GRID", (0, 1), (-1, -1), 0.5, LINE),
        ("BACKGROUND", (0, 1), (-1, 1), HEAD_BACKGROUND),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 1), (-1, 1), "BOTTOM"),
        ("TOPPADDING", (0, 1), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 1), (-1, -1), 3.5),
    ]
    if table.footer:
        style.append(("BACKGROUND", (0, -1), (-1, -1), FOOT_BACKGROUND))
        style.append(("LINEABOVE", (0, -1), (-1, -1), 1, LINE))
    result.setStyle(TableStyle(style))
    return result


def _widths(table: ReportTable, width: float) -> list[float]:
    """The first column takes what is left; the others share one width, wide enough
    for the longest word of any heading (a word broken in two reads badly) and never
    so wide that the first column gets less than 45 mm."""
    columns = len(table.headers)
    if columns == 1:
        return [width]
    _regular, bold = fonts.register()
    longest = max(
        (stringWidth(word, bold, HEAD_SIZE) for text in table.headers[1:] for word in text.split()),
        default=0,
    )
    other = max(min(35 * mm, (width - 60 * mm) / (columns - 1)), longest + 2 * CELL_PADDING + 1)
    other = min(other, (width - 45 * mm) / (columns - 1))
    return [width - other * (columns - 1)] + [other] * (columns - 1)
