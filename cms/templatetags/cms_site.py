"""Template tags for the public site's pages: the menu and footer, the language switch's
target, pictures on cards, the glossary's letters, titled video embeds and a newcomer's
standing with a module.

Only the site's own templates load this library: base.html belongs to lms, which does
not depend on cms, so the site fills base.html's blocks instead (cms/base_page.html).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django import template
from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from wagtail.embeds import embeds
from wagtail.embeds.exceptions import EmbedException

from cms import routing, selectors
from lms.accounts.models import Role
from lms.programme import public

register = template.Library()


@dataclass(frozen=True)
class NavItem:
    link: selectors.SiteLink
    #: aria-current: "page" on the section's own page, "true" inside it, "" elsewhere.
    current: str


def _language() -> str:
    return get_language() or settings.LANGUAGE_CODE


@register.simple_tag(takes_context=True)
def site_sections(context) -> list[NavItem]:
    """The menu's sections, the one the page shown is in marked as current."""
    page = context.get("page")
    path = getattr(page, "url_path", None) or ""

    def current(link: selectors.SiteLink) -> str:
        if path == link.path:
            return "page"
        return "true" if path.startswith(link.path) else ""

    return [NavItem(link, current(link)) for link in selectors.site_sections(_language())]


@register.simple_tag(takes_context=True)
def site_url(context, page) -> str:
    """`{% pageurl %}` with the site from the route cache (cms/routing.py): Wagtail's
    reads the site with a query on every request that writes a page's address."""
    request = context.get("request")
    if request is None:
        return page.get_url()
    return page.get_url(request=request, current_site=routing.current_site(request)) or ""


@register.simple_tag(takes_context=True)
def module_status(context, module_id) -> public.ModuleStatus | None:
    """The visitor's own standing with a module, for a signed-in newcomer; else None."""
    user = getattr(context.get("request"), "user", None)
    if not module_id or user is None or not user.is_authenticated:
        return None
    if not user.has_role(Role.NEWCOMER):
        return None
    return public.module_status_by_id(person=user, module_id=module_id)


@register.simple_tag
def footer_links() -> list[selectors.SiteLink]:
    return selectors.footer_links(_language())


@register.simple_tag
def translation_url(page) -> str:
    """Where the language switch leads from this page: its translation in the other
    language, or "" to stay at the same address (the page is not translated)."""
    current = _language()
    other = next((code for code, _name in settings.LANGUAGES if code != current), current)
    return selectors.translation_url(page, other)


@register.simple_tag
def card_images(pages) -> list:
    return selectors.with_card_images(pages)


@register.simple_tag
def page_of_type(pages, model_name: str):
    """The first of the (specific) pages that is of this type, say "programmepage"."""
    return next((page for page in pages if page._meta.model_name == model_name), None)


# -- the glossary -----------------------------------------------------------------------

#: The Swedish alphabet, in its order: Å, Ä and Ö come after Z.
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖ"
OTHER = "#"
# Letters sorted as another letter in Swedish (Ü as Y, Æ as Ä, Ø as Ö).
_SORTS_AS = str.maketrans({"Ü": "Y", "Æ": "Ä", "Ø": "Ö"})
_ORDER = {letter: index for index, letter in enumerate(ALPHABET)}


def _letter(char: str) -> str:
    char = char.upper().translate(_SORTS_AS)
    if char in _ORDER:
        return char
    # É → E and the like; Å, Ä and Ö are letters of their own and were kept above.
    base = unicodedata.normalize("NFD", char)[:1]
    return base if base in _ORDER else OTHER


def swedish_key(text: str) -> tuple:
    """A sort key that puts words in Swedish dictionary order (…, Z, Å, Ä, Ö)."""
    return tuple(_ORDER.get(_letter(char), len(ALPHABET) + ord(char)) for char in text.strip())


#: Fragment names for the letters: plain ASCII, so any address bar keeps them.
_ANCHORS = {"Å": "aa", "Ä": "ae", "Ö": "oe", OTHER: "other"}


@dataclass(frozen=True)
class Letter:
    letter: str
    terms: list

    @property
    def anchor(self) -> str:
        return "letter-" + _ANCHORS.get(self.letter, self.letter.lower())


@register.simple_tag
def glossary_letters(terms) -> dict:
    """The terms grouped under their first letter, A to Ö (then anything else), and
    the jump list: every letter of the alphabet, with its terms (none: no link)."""
    groups: dict[str, list] = {}
    for term in sorted(terms, key=lambda term: swedish_key(term.term)):
        groups.setdefault(_letter(term.term.strip()[:1] or OTHER), []).append(term)
    letters = [Letter(letter, groups[letter]) for letter in [*ALPHABET, OTHER] if letter in groups]
    jump = [Letter(letter, groups.get(letter, [])) for letter in ALPHABET]
    if OTHER in groups:
        jump.append(Letter(OTHER, groups[OTHER]))
    return {"letters": letters, "jump": jump}


# -- video --------------------------------------------------------------------------------

_IFRAME = re.compile(r"<iframe\b[^>]*>", re.IGNORECASE)
# An attribute that we set ourselves (title, lazy loading) or that CSP would refuse (style).
_OWN_ATTRIBUTE = re.compile(
    r"""\s(?:title|style|loading)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)""", re.IGNORECASE
)


#: YouTube's player without tracking cookies until the visitor plays the video; the
#: site's Content-Security-Policy allows frames from it (and Vimeo's player) only.
_YOUTUBE = re.compile(r"https://(?:www\.)?youtube\.com/embed/")
YOUTUBE_NOCOOKIE = "https://www.youtube-nocookie.com/embed/"


def titled_iframe(html: str, title: str) -> str:
    """The embed's HTML with the block's title on its iframe (a screen reader announces
    the frame by it; providers' HTML does not always carry one), loaded lazily and
    without inline styles, which the site's Content-Security-Policy would refuse."""

    def retitle(match: re.Match) -> str:
        tag = _OWN_ATTRIBUTE.sub("", match.group(0))
        tag = _YOUTUBE.sub(YOUTUBE_NOCOOKIE, tag)
        return f'{tag[:-1].rstrip()} title="{escape(title)}" loading="lazy">'

    return _IFRAME.sub(retitle, html, count=1)


@register.simple_tag
def video_embed(value, max_width: int = 800) -> str:
    """The video block's player, or "" when the provider cannot be reached (the
    template then links to the video instead)."""
    if not value or not value.get("video"):
        return ""
    try:
        embed = embeds.get_embed(value["video"].url, max_width=max_width)
    except EmbedException:
        return ""
    if "<iframe" not in (embed.html or ""):
        return ""
    # The provider's HTML, as Wagtail's own {% embed %} tag trusts it; only the iframe's
    # own attributes are changed, and the title is escaped.
    return mark_safe(titled_iframe(embed.html, value["title"]))  # noqa: S308
