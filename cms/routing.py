"""Where each address of the site leads, remembered under the "cms" version.

Wagtail finds a page by walking the tree: the site, the language's home page, then two
queries for every level (the child by its slug, then its specific row), five to seven
queries before the page is even read. Addresses change only when something is
published, moved or deleted, which bumps the "cms" version; so the site and the page's
type and id are kept per host, path and language, and a known address costs one query
for the page itself (with its locale and the rows its template always shows).

The page is read again on every request, never kept: a page that is no longer live
(another process may not have seen the bump yet, with the local-memory cache) is
routed through the tree as usual.
"""

from __future__ import annotations

import hashlib

from django.apps import apps
from django.core.cache import cache
from django.http import HttpRequest
from wagtail.models import Site
from wagtail.url_routing import RouteResult

from lms.core import versions

from .caching import CMS

TIMEOUT = 600

#: Rows each page type's template shows, read with the page in the same query.
RELATED = {
    "cms.ModulePage": ("module__part", "contact"),
    "cms.KnowledgeArticlePage": ("area",),
}
#: Lists each page type's template shows, read in one query each.
PREFETCH = {
    "cms.ContactPage": ("contacts__contact",),
    "cms.KnowledgeArticlePage": ("tags",),
}


def _key(request: HttpRequest, path: str) -> str:
    parts = (request.get_host(), path, request.LANGUAGE_CODE)
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"cms-route:{digest}:v{versions.current(CMS)}"


def restore(request: HttpRequest, path: str) -> bool:
    """Give Wagtail the site and the page of a known address, so it need not route."""
    entry = cache.get(_key(request, path))
    if entry is None:
        return False
    site, label, pk = entry
    model = apps.get_model(label)
    page = (
        model.objects.select_related("locale", *RELATED.get(label, ()))
        .prefetch_related(*PREFETCH.get(label, ()))
        .filter(pk=pk, live=True)
        .first()
    )
    if page is None:
        return False
    request._wagtail_site = site
    request._wagtail_route_for_request = RouteResult(page)
    return True


def remember(request: HttpRequest, path: str) -> None:
    """Keep where this address led, if it led to a live page of its own (a page with
    a route of its own, such as a RoutablePage's sub-address, is left to Wagtail)."""
    route = getattr(request, "_wagtail_route_for_request", None)
    site = getattr(request, "_wagtail_site", None)
    if route is None or site is None:
        return
    page, args, kwargs = route
    if args or kwargs or not page.live:
        return
    # A bare copy of the site: whatever it has read (its root page) stays out of the cache.
    bare = Site(
        pk=site.pk,
        hostname=site.hostname,
        port=site.port,
        site_name=site.site_name,
        root_page_id=site.root_page_id,
        is_default_site=site.is_default_site,
    )
    cache.set(_key(request, path), (bare, page._meta.label, page.pk), TIMEOUT)
