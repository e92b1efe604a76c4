"""The whole-page cache of the public site, for visitors who are not logged in.

A page is the same for every anonymous visitor of one language on one day, until an
editor publishes or a course date changes. So it is stored once, under a key of:

- the scheme, the host, the path and the index pages' own parameters (`page`, `tag`, `area`);
  any other query string is not cached at all, so made-up parameters cannot fill the
  cache with copies;
- the visitor's language (the cookie picks it, the address does not show it);
- the "cms" version (publishing, moving, deleting, snippets, images, documents, view
  restrictions, sites) and the "programme" version (module pages show course dates and
  the programme page the modules' parts and lengths, read live from lms);
- today's date (only dates from today on are shown).

Never cached: logged-in visitors (their header is personal, and a newcomer sees their
own status on module pages), anything but GET and HEAD, answers other than 200, pages
under a view restriction (Wagtail marks those `Cache-Control: private, no-cache`),
responses that set cookies, and a visitor with messages waiting to be shown.

The header's language switch is a form with a CSRF token. A stored page holds a slot
where each token goes (`lms.core.fragments.CSRF_SLOT`, the fragments' own slot), and every
answer gets the token of the visitor it is for, which also sets their CSRF cookie as
usual.
"""

from __future__ import annotations

import hashlib
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.template.response import SimpleTemplateResponse
from django.utils import timezone

from lms.core import versions
from lms.core.fragments import CSRF_SLOT, fill_csrf
from lms.programme.caching import PROGRAMME

from .caching import CMS

#: Seconds a stored page is kept. A bump of a version makes every process's copy stale at
#: once (the numbers are shared, see docs/architecture.md, "Versioned caches"): this only
#: bounds how long an unused page takes room. A hit reads the numbers: one query without
#: Redis, none with it.
TIMEOUT = getattr(settings, "CMS_PAGE_CACHE_TIMEOUT", 300)
#: Query parameters the index pages read; a request with any other is not cached.
PARAMS = frozenset({"page", "tag", "area"})
MAX_PARAM_LENGTH = 64
PREFIX = "cms-page"


def _has_messages(request: HttpRequest) -> bool:
    """Messages waiting for this visitor (after logging out, say) belong in their page
    only. Reading them here does not mark them as shown."""
    if not (
        settings.SESSION_COOKIE_NAME in request.COOKIES
        or "messages" in request.COOKIES  # the cookie storage's default name
    ):
        return False
    storage = getattr(request, "_messages", None)
    return storage is not None and len(storage) > 0


def key_for(request: HttpRequest) -> str | None:
    """The cache key of this request's page, or None if it must not be cached."""
    if request.method not in ("GET", "HEAD"):
        return None
    params = []
    for name, values in request.GET.lists():
        if name not in PARAMS or len(values) != 1 or len(values[0]) > MAX_PARAM_LENGTH:
            return None
        params.append((name, values[0]))
    if request.user.is_authenticated or _has_messages(request):
        return None
    parts = (
        request.scheme,
        request.get_host(),
        request.path,
        urlencode(sorted(params)),
        request.LANGUAGE_CODE,
        versions.current(CMS),
        versions.current(PROGRAMME),
        timezone.localdate().isoformat(),
    )
    digest = hashlib.sha256("\n".join(map(str, parts)).encode()).hexdigest()
    return f"{PREFIX}:{digest}"


def cached_response(request: HttpRequest, key: str) -> HttpResponse | None:
    entry = cache.get(key)
    if entry is None:
        return None
    html, content_type = entry
    return HttpResponse(fill_csrf(html, request), content_type=content_type)


def _storable(response: HttpResponse) -> bool:
    cache_control = response.get("Cache-Control", "").lower()
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in cache_control for word in ("private", "no-cache", "no-store"))
    )


def store(request: HttpRequest, key: str | None, response: HttpResponse) -> HttpResponse:
    """Render the page with CSRF slots, keep a copy if it may be kept, and answer with
    this visitor's token in the slots."""
    if key is None or not isinstance(response, SimpleTemplateResponse):
        return response
    if response.is_rendered:
        return response
    response.context_data = {**(response.context_data or {}), "csrf_token": CSRF_SLOT}
    response.render()
    html = response.content.decode(response.charset)
    if _storable(response):
        cache.set(key, (html, response["Content-Type"]), TIMEOUT)
    response.content = fill_csrf(html, request)
    return response
