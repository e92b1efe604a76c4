"""The printed introduction plan: what a manager hands the newcomer on the first day.

`render(document)` takes a prepared `PlanDocument` and returns the PDF as bytes; it knows
nothing of models or requests (lms.plans builds the document), so tests read the text
back from the bytes. A4 portrait: the people and dates first, a short guide, one table
per phase (its name and column headings repeat on every page), and a signature block for the
newcomer and the manager at the end. Every page names the municipality and the plan, and
says when it was printed and "Sida 1 av 3": a printout goes out of date, and a loose
page must still say whose plan it belongs to.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from . import fonts
from .pages import GREY, a4_document, captioned_grid, escape, numbered_canvas, text_width

LATE = colors.HexColor("#a4161a")


@dataclass(frozen=True)
class ItemRow:
    """One line of the plan, with every text already in the reader's language."""

    title: str
    kind: str
    responsible: str  # the role, e.g. "Handledare"
    due_date: datetime.date
    status: str
    people: list[str] = field(default_factory=list)  # who holds that role in this plan
    description: str = ""
    needs_signoff: bool = False
    done: bool = False
    done_on: datetime.date | None = None
    overdue: bool = False


@dataclass(frozen=True)
class PhaseSection:
    title: str
    items: list[ItemRow] = field(default_factory=list)


@dataclass(frozen=True)
class PlanDocument:
    municipality: str
    unit: str
    newcomer: str
    start_date: datetime.date
    status: str
    printed_on: datetime.date
    administration: str = ""
    managers: list[str] = field(default_factory=list)
    mentor: str = ""
    supervisor: str = ""
    template: str = ""
    phases: list[PhaseSection] = field(default_factory=list)

    @property
    def title(self) -> str:
        return _("Introduktionsplan för %(name)s") % {"name": self.newcomer}

    @property
    def total(self) -> int:
        return sum(len(phase.items) for phase in self.phases)

    @property
    def done(self) -> int:
        return sum(1 for phase in self.phases for item in phase.items if item.done)


def _week(day: datetime.date) -> str:
    return _("v. %(week)s") % {"week": day.isocalendar()[1]}


def _day(day: datetime.date) -> str:
    """2027-01-11 (v. 2): ISO dates, and the week number Swedes plan by."""
    return f"{day.isoformat()} ({_week(day)})"


class _Styles:
    def __init__(self):
        regular, bold = fonts.register()
        self.small = ParagraphStyle("small", fontName=regular, fontSize=9, leading=11.5)
        self.heading = ParagraphStyle(
            "heading", fontName=bold, fontSize=16, leading=20, spaceBefore=2, spaceAfter=4
        )
        self.section = ParagraphStyle(
            "section",
            fontName=bold,
            fontSize=12,
            leading=15,
            spaceBefore=7 * mm,
            spaceAfter=2 * mm,
        )
        self.phase = ParagraphStyle("phase", fontName=bold, fontSize=12, leading=15)
        self.body = ParagraphStyle("body", fontName=regular, fontSize=9.5, leading=13)
        self.label = ParagraphStyle("label", fontName=bold, fontSize=9.5, leading=12.5)
        self.cell = ParagraphStyle("cell", fontName=regular, fontSize=9, leading=11.5)
        self.cell_bold = ParagraphStyle("cell_bold", fontName=bold, fontSize=9, leading=11.5)
        self.note = ParagraphStyle(
            "note", fontName=regular, fontSize=8, leading=10, textColor=GREY, spaceBefore=1
        )
        self.late = ParagraphStyle(
            "late", fontName=bold, fontSize=8, leading=10, textColor=LATE, spaceBefore=1
        )


def render(document: PlanDocument) -> bytes:
    styles = _Styles()
    buffer = io.BytesIO()
    title = document.title
    doc = a4_document(
        buffer, title=title, author=document.municipality, subject=_("Introduktionsplan")
    )
    width = text_width(doc)
    story = [
        Paragraph(escape(document.municipality), styles.small),
        Paragraph(escape(title), styles.heading),
        _facts(document, styles, width),
        *_how_to_use(styles),
    ]
    if not document.phases:
        story.append(Spacer(1, 6 * mm))
        story.append(Paragraph(escape(_("Planen har inga punkter ännu.")), styles.body))
    for phase in document.phases:
        # A phase heading never ends a page alone: start a new page when fewer than a
        # heading, the table header and a couple of rows would fit.
        story.append(CondPageBreak(40 * mm))
        story.append(Spacer(1, 5 * mm))
        story.append(_items_table(phase, styles, width))
    story.append(_signatures(document, styles, width))
    doc.build(
        story,
        canvasmaker=numbered_canvas(
            header_left=document.municipality,
            header_right=title,
            footer_left=_("Utskriven %(date)s") % {"date": document.printed_on.isoformat()},
        ),
    )
    return buffer.getvalue()


def _how_to_use(styles: _Styles) -> list[Paragraph]:
    return [
        Paragraph(escape(_("Så använder du planen")), styles.section),
        Paragraph(
            escape(
                _(
                    "Planen visar vad som ska hända under din introduktion, vem som ansvarar "
                    "för varje punkt och när den ska vara klar. Gå igenom den med din chef "
                    "den första dagen och ta med den till era avstämningar. Du markerar "
                    "punkterna som klara i Introduktion. En punkt som kräver godkännande är "
                    "klar först när chefen eller handledaren har godkänt den. Utskriften "
                    "visar planen som den såg ut när den skrevs ut; den aktuella planen finns "
                    "alltid i Introduktion."
                )
            ),
            styles.body,
        ),
    ]


def _facts(document: PlanDocument, styles: _Styles, width: float) -> Table:
    not_named = _("Inte utsedd ännu")
    unit = document.unit
    if document.administration:
        unit = f"{unit}, {document.administration}"
    rows = [
        (_("Nyanställd"), document.newcomer),
        (_("Enhet"), unit),
        (_("Första dagen"), _day(document.start_date)),
        (_("Chef"), ", ".join(document.managers) or "–"),
        (_("Mentor"), document.mentor or not_named),
        (_("Handledare"), document.supervisor or not_named),
        (_("Status"), document.status),
    ]
    if document.template:
        rows.append((_("Mall"), document.template))
    rows.append(
        (
            _("Framsteg"),
            _("%(done)s av %(total)s punkter klara")
            % {"done": document.done, "total": document.total},
        )
    )
    table = Table(
        [[Paragraph(escape(k), styles.label), Paragraph(escape(v), styles.body)] for k, v in rows],
        colWidths=[38 * mm, width - 38 * mm],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),  # empty cells: no Helvetica
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    return table


def _items_table(phase: PhaseSection, styles: _Styles, width: float) -> Table:
    """The phase's title and the column headings repeat on every page the table runs
    over, so a loose page still says which phase it belongs to."""
    headings = [
        Paragraph(escape(text), styles.cell_bold)
        for text in (_("Punkt"), _("Ansvarig"), _("Klart senast"), _("Status"))
    ]
    title = [Paragraph(escape(phase.title), styles.phase), "", "", ""]
    rows = [title, headings, *(_item_row(item, styles) for item in phase.items)]
    due_w, status_w, who_w = 26 * mm, 33 * mm, 42 * mm
    table = Table(
        rows,
        colWidths=[width - due_w - status_w - who_w, who_w, due_w, status_w],
        repeatRows=2,
    )
    table.setStyle(captioned_grid(("BOTTOMPADDING", (0, 0), (-1, 0), 5)))
    return table


def _item_row(item: ItemRow, styles: _Styles) -> list:
    what = [Paragraph(escape(item.title), styles.cell)]
    notes = [item.kind]
    if item.needs_signoff:
        notes.append(_("Kräver godkännande av chef eller handledare"))
    what.append(Paragraph(escape(" · ".join(n for n in notes if n)), styles.note))
    if item.description:
        what.append(Paragraph(escape(item.description), styles.note))

    who = [Paragraph(escape(item.responsible), styles.cell_bold)]
    who += [Paragraph(escape(name), styles.cell) for name in item.people]

    due = [
        Paragraph(escape(item.due_date.isoformat()), styles.cell),
        Paragraph(escape(_week(item.due_date)), styles.note),
    ]

    status = [Paragraph(escape(item.status), styles.cell)]
    if item.done and item.done_on:
        status.append(Paragraph(escape(item.done_on.isoformat()), styles.note))
    elif item.overdue:
        status.append(Paragraph(escape(_("Försenad")), styles.late))
    return [what, who, due, status]


def _signatures(document: PlanDocument, styles: _Styles, width: float) -> KeepTogether:
    """Signed on paper on the first day: the newcomer and the manager have read it."""
    gap = 12 * mm
    column = (width - gap) / 2
    sign_here = _("Datum och underskrift")
    table = Table(
        [
            [
                Paragraph(escape(_("Nyanställd")), styles.label),
                "",
                Paragraph(escape(_("Chef")), styles.label),
            ],
            [
                Paragraph(escape(document.newcomer), styles.body),
                "",
                Paragraph(escape(", ".join(document.managers)), styles.body),
            ],
            ["", "", ""],
            [
                Paragraph(escape(sign_here), styles.note),
                "",
                Paragraph(escape(sign_here), styles.note),
            ],
        ],
        colWidths=[column, gap, column],
        rowHeights=[None, None, 14 * mm, None],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),  # empty cells: no Helvetica
                ("LINEBELOW", (0, 2), (0, 2), 0.75, colors.black),
                ("LINEBELOW", (2, 2), (2, 2), 0.75, colors.black),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return KeepTogether(
        [
            Paragraph(escape(_("Vi har gått igenom planen tillsammans")), styles.section),
            table,
        ]
    )
