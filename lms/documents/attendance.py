"""The attendance list (närvarolista) printed for a course session: one signature per day.

`render(sheet)` takes a prepared `AttendanceSheet` and returns the PDF as bytes; it
knows nothing of models or requests, so tests read the text back from the bytes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from . import fonts
from .pages import escape, numbered_canvas


@dataclass(frozen=True)
class Participant:
    name: str
    unit: str = ""


@dataclass(frozen=True)
class AttendanceSheet:
    municipality: str
    module: str
    days: list[str]
    place: str = ""
    trainers: str = ""
    participants: list[Participant] = field(default_factory=list)


def render(sheet: AttendanceSheet) -> bytes:
    regular, bold = fonts.register()
    buffer = io.BytesIO()
    title = _("Närvarolista: %(module)s") % {"module": sheet.module}
    doc = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=18 * mm,
        title=title,
        author=sheet.municipality,
        lang="sv",
    )
    heading = ParagraphStyle("heading", fontName=bold, fontSize=15, leading=19, spaceAfter=4)
    small = ParagraphStyle("small", fontName=regular, fontSize=9.5, leading=12)
    story = [
        Paragraph(escape(sheet.municipality), small),
        Paragraph(escape(title), heading),
        Paragraph(escape(_("Datum: %(days)s") % {"days": ", ".join(sheet.days)}), small),
    ]
    if sheet.place:
        story.append(Paragraph(escape(_("Plats: %(place)s") % {"place": sheet.place}), small))
    if sheet.trainers:
        story.append(
            Paragraph(escape(_("Utbildare: %(names)s") % {"names": sheet.trainers}), small)
        )
    story.append(Spacer(1, 6 * mm))
    story.append(_signature_table(sheet, doc.width, regular, bold))
    doc.build(story, canvasmaker=numbered_canvas(footer_left=f"{sheet.municipality} – {title}"))
    return buffer.getvalue()


def _signature_table(sheet: AttendanceSheet, usable: float, regular: str, bold: str) -> Table:
    """A row per participant with an empty box to sign for each day."""
    cell = ParagraphStyle("cell", fontName=regular, fontSize=9.5, leading=12)
    head_cell = ParagraphStyle("head", fontName=bold, fontSize=9.5, leading=12)
    header = [
        Paragraph(escape(_("Namn")), head_cell),
        Paragraph(escape(_("Enhet")), head_cell),
        *[
            Paragraph(escape(_("Underskrift %(day)s") % {"day": day}), head_cell)
            for day in sheet.days
        ],
    ]
    rows = [
        [
            Paragraph(escape(p.name), cell),
            Paragraph(escape(p.unit), cell),
            *["" for _day in sheet.days],
        ]
        for p in sheet.participants
    ]
    if not rows:
        rows = [
            [Paragraph(escape(_("Inga antagna deltagare.")), cell), "", *["" for _d in sheet.days]]
        ]
    name_w, unit_w = 60 * mm, 55 * mm
    day_w = (usable - name_w - unit_w) / max(1, len(sheet.days))
    table = Table(
        [header, *rows],
        colWidths=[name_w, unit_w, *[day_w] * len(sheet.days)],
        repeatRows=1,
        rowHeights=[None] + [11 * mm] * len(rows),
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#8a9099")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6eaf0")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return table
