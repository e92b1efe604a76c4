"""One embedded TrueType font with Swedish letters, shipped inside reportlab itself.

Bitstream Vera comes with the reportlab wheel, so no system font package is needed;
the PDF's built-in Helvetica would not embed a font and may lose å, ä and ö on copy.
"""

from __future__ import annotations

import os
from functools import cache

import reportlab
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

REGULAR = "IntroSans"
BOLD = "IntroSans-Bold"

_FONT_DIR = os.path.join(os.path.dirname(reportlab.__file__), "fonts")


@cache
def register() -> tuple[str, str]:
    pdfmetrics.registerFont(TTFont(REGULAR, os.path.join(_FONT_DIR, "Vera.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, os.path.join(_FONT_DIR, "VeraBd.ttf")))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD)
    return REGULAR, BOLD
