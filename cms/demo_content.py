"""The demo site's texts, read from the Markdown files in cms/content/.

Each file is TOML front matter between two `+++` lines, then a Markdown body that
`blocks()` turns into StreamField blocks in the form Wagtail stores them
({"type", "value"}). The Markdown is a small subset, described for editors in
cms/content/README.md: paragraphs, lists, `**bold**`, `*italic*`, links (to the web, to a
page of the site, to a PDF), `## headings`, pictures, and `::: name` fences for the
site's own blocks. Wagtail stores rich text as HTML, so the subset is converted here
rather than by a Markdown library; an unknown fence, picture or PDF is an error that
names the file.

Swedish is `<name>.md`, English `<name>.en.md` beside it; the file's name is the page's
slug. What depends on today's date stays in code: a file gives a number of days before
today (`days_ago`, or `[dates]` for `{name}` in its text).
"""

from __future__ import annotations

import datetime
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from .demo_media import Handout, alt_text

CONTENT = Path(__file__).resolve().parent / "content"
FENCES = ("callout", "preparation", "practise", "goals", "faq", "downloads")


class ContentError(ValueError):
    """A content file that cannot be read as the README describes."""


@dataclass(frozen=True)
class Text:
    """One content file: its front matter and its Markdown body."""

    path: Path
    meta: dict
    markdown: str

    @property
    def slug(self) -> str:
        return self.path.name.split(".", 1)[0]

    def __getitem__(self, key: str):
        return self.meta[key]

    def get(self, key: str, default=None):
        return self.meta.get(key, default)


def read(path: Path) -> Text:
    source = path.read_text(encoding="utf-8")
    match = re.match(r"\+\+\+\n(.*?)\n\+\+\+\n?(.*)\Z", source, re.S)
    if match is None:
        raise ContentError(f"{path}: no front matter between two +++ lines")
    try:
        meta = tomllib.loads(match.group(1))
    except tomllib.TOMLDecodeError as error:
        raise ContentError(f"{path}: front matter: {error}") from error
    return Text(path, meta, match.group(2))


def text(folder: str, name: str, language: str = "sv") -> Text | None:
    """The file `folder/name.md` (Swedish) or `folder/name.<language>.md`; None if none."""
    suffix = ".md" if language == "sv" else f".{language}.md"
    path = CONTENT / folder / f"{name}{suffix}"
    return read(path) if path.exists() else None


def texts(folder: str) -> list[Text]:
    """The Swedish files of a folder, by their `order` and then by name."""
    found = [read(path) for path in (CONTENT / folder).glob("*.md") if path.name.count(".") == 1]
    return sorted(found, key=lambda t: (t.get("order", 1_000_000), t.slug))


def _toml(name: str) -> dict:
    return tomllib.loads((CONTENT / name).read_text(encoding="utf-8"))


def contacts() -> list[dict]:
    return _toml("contacts.toml")["contact"]


def glossary() -> list[dict]:
    return _toml("glossary.toml")["term"]


def handouts() -> list[Handout]:
    """The printable checklists: `## Section` headings, each with a list of points."""
    found = []
    for handout in texts("documents"):
        sections: list[tuple[str, list[str]]] = []
        for line in handout.markdown.splitlines():
            if line.startswith("## "):
                sections.append((line[3:].strip(), []))
            elif _ITEM.match(line) and sections:
                sections[-1][1].append(_ITEM.match(line).group(2))
            elif line.startswith(" ") and sections and sections[-1][1]:
                sections[-1][1][-1] += " " + line.strip()
            elif line.strip():
                raise ContentError(f"{handout.path}: not a ## heading or a - point: {line!r}")
        found.append(Handout(handout.slug, handout["title"], handout["lead"], sections))
    return found


# -- Markdown to StreamField ----------------------------------------------------------------


@dataclass
class Context:
    """What a body needs beyond its text: the language (for pictures' standard alt text),
    the pictures and PDFs by key, a page's id from its path under the home page, and today
    for `{name}` dates. Links to pages not found are listed in `missing`."""

    language: str = "sv"
    pictures: Mapping = field(default_factory=dict)
    documents: Mapping = field(default_factory=dict)
    page_id: Callable[[str], int | None] = lambda path: None
    today: datetime.date | None = None
    missing: list[str] = field(default_factory=list)


def blocks(source: Text, context: Context, *, practise: str = "") -> list[dict]:
    """The body's blocks. `practise`, when given, takes the place of the text of a
    `::: practise` fence (a module's own practise text); a practise fence left with no
    text is dropped."""
    markdown = _dated(source, context)
    out: list[dict] = []
    prose: list[str] = []

    def flush():
        if any(line.strip() for line in prose):
            out.append({"type": "text", "value": _rich(prose, source, context)})
        prose.clear()

    lines = markdown.splitlines()
    n = 0
    while n < len(lines):
        line = lines[n]
        n += 1
        if line.startswith("## "):
            flush()
            out.append({"type": "heading", "value": line[3:].strip()})
        elif line.strip() == "---":
            flush()
        elif _FIGURE.fullmatch(line.strip()):
            flush()
            out.append(_figure(_FIGURE.fullmatch(line.strip()), source, context))
        elif line.startswith(":::"):
            flush()
            name, _, heading = line[3:].strip().partition(" ")
            inner = []
            while n < len(lines) and lines[n].strip() != ":::":
                inner.append(lines[n])
                n += 1
            if n == len(lines):
                raise ContentError(f"{source.path}: '::: {name}' has no closing ':::'")
            n += 1
            block = _fence(name, heading.strip(), inner, source, context, practise)
            if block is not None:
                out.append(block)
        else:
            prose.append(line)
    flush()
    return out


def rich_text(markdown: str, context: Context | None = None) -> str:
    """Paragraphs and lists in Markdown as Wagtail's rich text HTML."""
    return _rich(markdown.splitlines(), None, context or Context())


def _dated(source: Text, context: Context) -> str:
    markdown = source.markdown
    for name, days in source.get("dates", {}).items():
        if context.today is None:
            raise ContentError(f"{source.path}: has [dates] but no day to count from")
        day = context.today - datetime.timedelta(days=days)
        markdown = markdown.replace("{" + name + "}", day.isoformat())
    return markdown


_FIGURE = re.compile(r'!\[([^\]]*)\]\(picture:([\w-]+)(?:\s+"([^"]*)")?\)')
_ITEM = re.compile(r"(- |\d+\. )(.*)")
_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]+)\)")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*(?![\s*])(.+?)(?<![\s*])\*(?![*\w])")


def _figure(match, source: Text, context: Context) -> dict:
    alt, key, caption = match.groups()
    if key not in context.pictures:
        raise ContentError(f"{source.path}: no picture {key!r}")
    return {
        "type": "figure",
        "value": {
            "image": {
                "image": context.pictures[key].pk,
                "decorative": False,
                "alt_text": alt or alt_text(key, context.language),
            },
            "caption": caption or "",
        },
    }


def _fence(name, heading, inner, source, context, practise) -> dict | None:
    if name in ("callout", "preparation", "practise"):
        if name == "practise" and practise:
            inner = practise.splitlines()
        value = _rich(inner, source, context)
        if name == "practise" and not value:
            return None
        return {"type": name, "value": {"heading": heading, "text": value}}
    if name == "goals":
        return {"type": "goals", "value": {"heading": heading, "goals": _items(inner)}}
    if name == "faq":
        questions = []
        for line in inner:
            if line.startswith("### "):
                questions.append((line[4:].strip(), []))
            elif questions:
                questions[-1][1].append(line)
            elif line.strip():
                raise ContentError(f"{source.path}: a question starts with ###: {line!r}")
        return {
            "type": "faq",
            "value": {
                "heading": heading,
                "questions": [
                    {"question": q, "answer": _rich(a, source, context)} for q, a in questions
                ],
            },
        }
    if name == "downloads":
        files = []
        for item in _items(inner):
            link = _LINK.fullmatch(item)
            title, target = link.groups() if link else ("", item)
            key = target.removeprefix("document:")
            if not target.startswith("document:") or key not in context.documents:
                raise ContentError(f"{source.path}: not a PDF of the demo: {item!r}")
            document = context.documents[key]
            files.append({"document": document.pk, "title": title or document.title})
        return {"type": "downloads", "value": {"heading": heading, "files": files}}
    raise ContentError(f"{source.path}: unknown block '::: {name}' (one of {', '.join(FENCES)})")


def _items(lines: list[str]) -> list[str]:
    """A list's items as plain text, each item's lines joined."""
    items: list[str] = []
    for line in lines:
        item = _ITEM.match(line)
        if item:
            items.append(item.group(2).strip())
        elif line.strip() and items:
            items[-1] += " " + line.strip()
    return items


def _rich(lines: list[str], source: Text | None, context: Context) -> str:
    """Paragraphs (lines up to a blank line) and lists (`- ` or `1. `; an indented line
    goes on with the item) as HTML."""
    html: list[str] = []
    paragraph: list[str] = []
    kind = ""  # "ul" or "ol" while a list is open
    items: list[str] = []

    def end_paragraph():
        if paragraph:
            html.append(f"<p>{_inline(' '.join(paragraph), source, context)}</p>")
            paragraph.clear()

    def end_list():
        nonlocal kind
        if kind:
            html.append(
                f"<{kind}>"
                + "".join(f"<li>{_inline(item, source, context)}</li>" for item in items)
                + f"</{kind}>"
            )
            items.clear()
            kind = ""

    for line in lines:
        item = _ITEM.match(line)
        if item:
            end_paragraph()
            item_kind = "ul" if item.group(1) == "- " else "ol"
            if kind != item_kind:
                end_list()
                kind = item_kind
            items.append(item.group(2).strip())
        elif not line.strip():
            end_paragraph()
        elif kind and line.startswith(" "):
            items[-1] += " " + line.strip()
        else:
            end_list()
            paragraph.append(line.strip())
    end_paragraph()
    end_list()
    return "".join(html)


def _inline(text: str, source: Text | None, context: Context) -> str:
    def link(match) -> str:
        label, target = match.group(1), match.group(2)
        kind, _, key = target.partition(":")
        if kind == "page":
            page_id = context.page_id(key.strip("/"))
            if page_id is None:
                context.missing.append(key)
                return label
            return f'<a linktype="page" id="{page_id}">{label}</a>'
        if kind == "document":
            if key not in context.documents:
                where = f"{source.path}: " if source else ""
                raise ContentError(f"{where}no PDF {key!r}")
            return f'<a linktype="document" id="{context.documents[key].pk}">{label}</a>'
        return f'<a href="{target.replace(chr(34), "&quot;")}">{label}</a>'

    html = _LINK.sub(link, escape(text, quote=False))
    html = _BOLD.sub(r"<b>\1</b>", html)
    return _ITALIC.sub(r"<i>\1</i>", html)


def paragraph(text: str) -> str:
    """Plain text (a module's own description) as one paragraph, `**bold**` and links
    read as in the files."""
    return f"<p>{_inline(text, None, Context())}</p>"
