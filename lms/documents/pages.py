"""What every printed page carries: a header line, a footer line and "Sida 1 av 3".

reportlab draws a page before it knows how many follow, so the canvas keeps each page's
state and writes the header, footer and page count when the document is saved.
"""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import BaseDocTemplate, SimpleDocTemplate, TableStyle

from . import fonts

GREY = colors.HexColor("#4a4f55")
MARGIN = 15 * mm
FRAME_PADDING = 6  # points: reportlab's Frame default on every side
TOP = 18 * mm  # page edge to frame: the header line sits in between
BOTTOM = 18 * mm  # and the footer line here
PRODUCT = "Introduktion"


def a4_document(
    buffer,
    *,
    title: str,
    author: str,
    subject: str,
    template: type[BaseDocTemplate] = SimpleDocTemplate,
) -> BaseDocTemplate:
    """An A4 document whose text lines up with the page header (`numbered_canvas`), in
    the embedded font and tagged with the reader's language."""
    regular, _bold = fonts.register()
    return template(
        buffer,
        pagesize=A4,
        # The frame pads 6 pt inside the margins: the text then lines up with the header.
        leftMargin=MARGIN - FRAME_PADDING,
        rightMargin=MARGIN - FRAME_PADDING,
        topMargin=TOP,
        bottomMargin=BOTTOM,
        title=title,
        author=author,
        subject=subject,
        creator=PRODUCT,
        # Else the canvas starts every page in Helvetica, a font the PDF does not embed.
        initialFontName=regular,
        lang=get_language() or "sv",
    )


def text_width(doc: BaseDocTemplate) -> float:
    """The frame's inner width: what a table may fill without poking past the header."""
    return doc.width - 2 * FRAME_PADDING


def numbered_canvas(*, footer_left: str = "", header_left: str = "", header_right: str = ""):
    """A canvas class that knows the page count, for `doc.build(..., canvasmaker=...)`."""

    class NumberedCanvas(pdfcanvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                regular, _bold = fonts.register()
                self.setFont(regular, 8)
                self.setFillColor(GREY)
                width, height = self._pagesize
                if header_left:
                    self.drawString(MARGIN, height - 9 * mm, header_left)
                if header_right:
                    self.drawRightString(width - MARGIN, height - 9 * mm, header_right)
                if footer_left:
                    self.drawString(MARGIN, 8 * mm, footer_left)
                self.drawRightString(
                    width - MARGIN,
                    8 * mm,
                    _("Sida %(page)s av %(total)s") % {"page": self._pageNumber, "total": total},
                )
                super().showPage()
            super().save()

    return NumberedCanvas


def escape(text: str) -> str:
    """Paragraph reads a little markup; names like "Ali & Co" must stay text."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


#: Table rules and the header row's shade, the same on every document.
LINE = colors.HexColor("#8a9099")
HEAD_BACKGROUND = colors.HexColor("#e6eaf0")


def captioned_grid(*extra: tuple) -> TableStyle:
    """A table whose first row is its caption (spanning, unruled) and whose second row
    is its shaded header, ruled throughout below the caption."""
    return TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),  # empty cells: no Helvetica
            ("SPAN", (0, 0), (-1, 0)),
            ("LEFTPADDING", (0, 0), (0, 0), 0),
            ("GRID", (0, 1), (-1, -1), 0.5, LINE),
            ("BACKGROUND", (0, 1), (-1, 1), HEAD_BACKGROUND),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 1), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 1), (-1, -1), 4),
            *extra,
        ]
    )
