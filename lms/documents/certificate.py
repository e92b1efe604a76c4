"""The certificate of completion: what a newcomer keeps, and shows a new employer.

`render(document)` takes a prepared `CertificateDocument` and returns the PDF as bytes;
it knows nothing of models or requests (lms.certificates builds the document from the
snapshot taken when the certificate was issued). One A4 page in the common case: the
title, who completed what, the modules with their dates, a signature block for the
manager and the course coordinator, and the verification code with the address where
anyone can check it. Fixed texts go through gettext at render time, so the PDF comes
out in the reader's language; dates are ISO in both.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from . import fonts
from .pages import GREY, a4_document, captioned_grid, escape, numbered_canvas, text_width


@dataclass(frozen=True)
class CertificateModule:
    title: str
    completed_on: datetime.date


@dataclass(frozen=True)
class CertificatePart:
    title: str
    modules: list[CertificateModule] = field(default_factory=list)


@dataclass(frozen=True)
class CertificateDocument:
    name: str
    municipality: str
    programme: str
    heading: str  # "Introduktionsprogrammet, del 1 genomförd", in the reader's language
    issued_on: datetime.date
    code: str  # as printed: ABCD-EFGH-JKMN
    verify_url: str  # the page where a code is typed
    code_url: str  # the same page with this code filled in
    parts: list[CertificatePart] = field(default_factory=list)


class _Styles:
    def __init__(self):
        regular, bold = fonts.register()
        self.small = ParagraphStyle("small", fontName=regular, fontSize=9, leading=11.5)
        self.title = ParagraphStyle(
            "title", fontName=bold, fontSize=26, leading=31, spaceBefore=10 * mm, spaceAfter=2
        )
        self.heading = ParagraphStyle(
            "heading", fontName=bold, fontSize=15, leading=19, spaceAfter=8 * mm
        )
        self.name = ParagraphStyle("name", fontName=bold, fontSize=18, leading=23, spaceAfter=3)
        self.section = ParagraphStyle(
            "section", fontName=bold, fontSize=12, leading=15, spaceBefore=7 * mm, spaceAfter=2 * mm
        )
        self.body = ParagraphStyle("body", fontName=regular, fontSize=10.5, leading=14.5)
        self.label = ParagraphStyle("label", fontName=bold, fontSize=9.5, leading=12.5)
        self.cell = ParagraphStyle("cell", fontName=regular, fontSize=9.5, leading=12)
        self.cell_bold = ParagraphStyle("cell_bold", fontName=bold, fontSize=9.5, leading=12)
        self.note = ParagraphStyle(
            "note", fontName=regular, fontSize=8, leading=10, textColor=GREY, spaceBefore=1
        )
        self.code = ParagraphStyle("code", fontName=bold, fontSize=14, leading=18)


def render(document: CertificateDocument) -> bytes:
    styles = _Styles()
    buffer = io.BytesIO()
    # "Intyg" is both one certificate and the list of them; English tells them apart.
    title = pgettext("ett enskilt intyg", "Intyg")
    doc = a4_document(
        buffer,
        title=f"{title}: {document.heading}, {document.name}",
        author=document.municipality,
        subject=document.heading,
    )
    width = text_width(doc)
    story = [
        Paragraph(escape(document.municipality), styles.small),
        Paragraph(escape(title), styles.title),
        Paragraph(escape(document.heading), styles.heading),
        Paragraph(escape(document.name), styles.name),
        Paragraph(
            escape(
                _(
                    "har genomfört följande moduler i %(programme)s, den gemensamma "
                    "introduktionen för nyanställda i socialtjänsten i %(municipality)s."
                )
                % {"programme": document.programme, "municipality": document.municipality}
            ),
            styles.body,
        ),
    ]
    for part in document.parts:
        story.append(Spacer(1, 6 * mm))
        story.append(_modules_table(part, styles, width))
    story.append(_signatures(styles, width))
    story.append(_verification(document, styles, width))
    doc.build(
        story,
        canvasmaker=numbered_canvas(
            header_left=document.municipality,
            header_right=f"{title}: {document.name}",
            footer_left=_("Utfärdat %(date)s · Kontrollkod %(code)s")
            % {"date": document.issued_on.isoformat(), "code": document.code},
        ),
    )
    return buffer.getvalue()


def _modules_table(part: CertificatePart, styles: _Styles, width: float) -> Table:
    """The part's name and the column headings repeat if a long part runs over a page."""
    date_w = 34 * mm
    rows = [
        [Paragraph(escape(part.title), styles.section), ""],
        [
            Paragraph(escape(_("Modul")), styles.cell_bold),
            Paragraph(escape(_("Genomförd")), styles.cell_bold),
        ],
        *(
            [
                Paragraph(escape(module.title), styles.cell),
                Paragraph(escape(module.completed_on.isoformat()), styles.cell),
            ]
            for module in part.modules
        ),
    ]
    table = Table(rows, colWidths=[width - date_w, date_w], repeatRows=2, hAlign="LEFT")
    table.setStyle(captioned_grid())
    return table


def _signatures(styles: _Styles, width: float) -> KeepTogether:
    """Signed on paper by the manager and the course coordinator: the PDF is made by
    whoever asks for it, and the organisation vouches for it with a signature."""
    gap = 12 * mm
    column = (width - gap) / 2
    place_and_date = _("Ort och datum")
    signature = _("Underskrift")
    clarification = _("Namnförtydligande")

    def line(label: str) -> list:
        return [
            Paragraph(escape(label), styles.note),
            "",
            Paragraph(escape(label), styles.note),
        ]

    blank = ["", "", ""]
    table = Table(
        [
            [
                Paragraph(escape(_("Chef")), styles.label),
                "",
                Paragraph(escape(_("Utbildningssamordnare")), styles.label),
            ],
            blank,
            line(place_and_date),
            blank,
            line(signature),
            blank,
            line(clarification),
        ],
        colWidths=[column, gap, column],
        rowHeights=[None, 10 * mm, None, 12 * mm, None, 10 * mm, None],
        hAlign="LEFT",
    )
    under = [
        ("LINEBELOW", (col, row), (col, row), 0.75, colors.black)
        for row in (1, 3, 5)
        for col in (0, 2)
    ]
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),  # empty cells: no Helvetica
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                *under,
            ]
        )
    )
    return KeepTogether([Paragraph(escape(_("Underskrifter")), styles.section), table])


def _verification(document: CertificateDocument, styles: _Styles, width: float) -> KeepTogether:
    """The code and where to check it: anyone can confirm the certificate is genuine
    and still valid without calling the municipality."""
    facts = Table(
        [
            [
                Paragraph(escape(_("Utfärdat")), styles.label),
                Paragraph(document.issued_on.isoformat(), styles.body),
            ],
            [
                Paragraph(escape(_("Kontrollkod")), styles.label),
                Paragraph(escape(document.code), styles.code),
            ],
        ],
        colWidths=[38 * mm, width - 38 * mm],
        hAlign="LEFT",
    )
    facts.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return KeepTogether(
        [
            Paragraph(escape(_("Kontrollera intyget")), styles.section),
            facts,
            Spacer(1, 2 * mm),
            Paragraph(
                escape(
                    _("Gå till %(url)s och skriv in kontrollkoden, eller öppna %(code_url)s.")
                    % {"url": document.verify_url, "code_url": document.code_url}
                ),
                styles.body,
            ),
        ]
    )
