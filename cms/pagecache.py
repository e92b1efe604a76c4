"""The whole-page cache of the public site, for every visitor.

A page is the same for every visitor of one language on one day, but for a few personal
parts, until an editor publishes or a course date changes. So it is stored once per
audience (anonymous or signed in), under the key of the "site-page" entry of
`lms.core.fragments` (the "cms" and "programme" kinds, the language and the day) and:

- the scheme, the host, the path and the index pages' own parameters (`page`, `tag`, `area`);
  any other query string is not cached at all, so made-up parameters cannot fill the
  cache with copies;
- the audience: the brand link and the home page's button differ for the signed in.

The personal parts (the header's tools with the bell, the menu, a newcomer's status on a
module page) are `{% part %}`s: the stored page holds a marker for each, and every answer
gets them rendered for its visitor, each cached per viewer under the kinds it declares
(`lms.core.fragments.fill_parts`). Forms keep a CSRF slot, filled with the visitor's own
token (`fill_csrf`, the fragments' own code), which also sets their CSRF cookie as usual.

Never cached: anything but GET and HEAD, answers other than 200, pages under a view
restriction (Wagtail marks those `Cache-Control: private, no-cache`), responses that set
cookies, and a visitor with messages waiting to be shown.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.template.response import SimpleTemplateResponse

from lms.core import fragments
from lms.core.fragments import CSRF_SLOT, SHARED_PAGE, fill_csrf, fill_parts

#: Seconds a stored page is kept. A bump of a version makes every process's copy stale at
#: once (the numbers are shared, see docs/architecture.md, "Versioned caches"): this only
#: bounds how long an unused page takes room. A hit reads the numbers: one query without
#: Redis, none with it.
TIMEOUT = getattr(settings, "CMS_PAGE_CACHE_TIMEOUT", fragments.get("site-page").ttl)
#: Query parameters the index pages read; a request with any other is not cached.
PARAMS = frozenset({"page", "tag", "area"})
MAX_PARAM_LENGTH = 64


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
    if _has_messages(request):
        return None
    # The language, the day and the kinds of data are added by the registry's entry.
    vary = (
        "signed-in" if request.user.is_authenticated else "anonymous",
        request.scheme,
        request.get_host(),
        request.path,
        urlencode(sorted(params)),
    )
    return fragments.key("site-page", vary=vary)


def _for_visitor(request: HttpRequest, html: str) -> str:
    """The shared page made this visitor's: their parts, then their CSRF token."""
    return fill_csrf(fill_parts(html, request), request)


def cached_response(request: HttpRequest, key: str) -> HttpResponse | None:
    entry = cache.get(key)
    if entry is None:
        return None
    html, content_type = entry
    return HttpResponse(_for_visitor(request, html), content_type=content_type)


def _storable(response: HttpResponse) -> bool:
    cache_control = response.get("Cache-Control", "").lower()
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in cache_control for word in ("private", "no-cache", "no-store"))
    )


def store(request: HttpRequest, key: str | None, response: HttpResponse) -> HttpResponse:
    """Render the page with CSRF slots and the markers of its personal parts, keep a copy
    if it may be kept, and answer with this visitor's parts and token filled in."""
    if key is None or not isinstance(response, SimpleTemplateResponse):
        return response
    if response.is_rendered:
        return response
    response.context_data = {
        **(response.context_data or {}),
        "csrf_token": CSRF_SLOT,
        SHARED_PAGE: True,
    }
    response.render()
    html = response.content.decode(response.charset)
    if _storable(response):
        cache.set(key, (html, response["Content-Type"]), TIMEOUT)
    response.content = _for_visitor(request, html)
    return response
