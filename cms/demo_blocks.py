"""Short ways to write StreamField content for the demo texts.

Each function returns one block in the form Wagtail stores it ({"type", "value"}), so
the texts in demo_pages, demo_modules and demo_articles read like the pages they make.
Paragraph text is plain: `p()` escapes it and wraps it; `**bold**` is the one markup.
"""

from __future__ import annotations

import re
from html import escape

_BOLD = re.compile(r"\*\*(.+?)\*\*")


def _inline(text: str) -> str:
    return _BOLD.sub(r"<b>\1</b>", escape(text, quote=False))


def html(*paragraphs: str) -> str:
    return "".join(f"<p>{_inline(text)}</p>" for text in paragraphs)


def bullets(*items: str, ordered: bool = False) -> str:
    tag = "ol" if ordered else "ul"
    return f"<{tag}>" + "".join(f"<li>{_inline(item)}</li>" for item in items) + f"</{tag}>"


def h(text: str) -> dict:
    return {"type": "heading", "value": text}


def p(*paragraphs: str) -> dict:
    return {"type": "text", "value": html(*paragraphs)}


def ul(*items: str, intro: str = "", ordered: bool = False) -> dict:
    lead = html(intro) if intro else ""
    return {"type": "text", "value": lead + bullets(*items, ordered=ordered)}


def rich(value: str) -> dict:
    """Rich text already written as HTML (paragraphs and lists mixed)."""
    return {"type": "text", "value": value}


def callout(heading: str, value: str) -> dict:
    return {"type": "callout", "value": {"heading": heading, "text": value}}


def figure(image, alt: str, caption: str = "") -> dict:
    return {
        "type": "figure",
        "value": {
            "image": {"image": image.pk, "decorative": False, "alt_text": alt},
            "caption": caption,
        },
    }


def goals(heading: str, *items: str) -> dict:
    return {"type": "goals", "value": {"heading": heading, "goals": list(items)}}


def preparation(heading: str, value: str) -> dict:
    return {"type": "preparation", "value": {"heading": heading, "text": value}}


def practise(heading: str, value: str) -> dict:
    return {"type": "practise", "value": {"heading": heading, "text": value}}


def faq(heading: str, *pairs: tuple[str, str]) -> dict:
    return {
        "type": "faq",
        "value": {
            "heading": heading,
            "questions": [{"question": q, "answer": html(a)} for q, a in pairs],
        },
    }


def downloads(heading: str, *files: tuple[object, str]) -> dict:
    return {
        "type": "downloads",
        "value": {
            "heading": heading,
            "files": [{"document": doc.pk, "title": title} for doc, title in files],
        },
    }
