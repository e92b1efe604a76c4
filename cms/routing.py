"""Where each address of the site leads, remembered under the "cms" version (the values
"cms-route" and "cms-site" of lms.core.caching.VALUES).

Wagtail finds a page by walking the tree: the site, the language's home page, then two
queries for every level (the child by its slug, then its specific row), five to seven
queries before the page is even read. Addresses change only when something is
published, moved or deleted, which bumps the "cms" version; so the page's type and id
are kept per host, path and language, and a known address costs one query
for the page itself (with its locale and the rows its template always shows).

Nothing is written on the request for Wagtail: a remembered route is served through
Wagtail's public hooks (`serve`), and Wagtail finds the site itself where a template
needs it. The page is read again on every request, never kept: a page that is no longer live
(another process may not have seen the bump yet, with the local-memory cache) is
routed through the tree as usual.
"""

from __future__ import annotations

from django.apps import apps
from django.http import HttpRequest, HttpResponse
from wagtail import hooks
from wagtail.models import Page, Site
from wagtail.url_routing import RouteResult

from lms.core.caching import cached_value, store_value, stored_value

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


def _route(request: HttpRequest, path: str) -> tuple[str, str, str]:
    """What tells two routes apart: the host, the path and the language routed in."""
    return (request.get_host(), path, request.LANGUAGE_CODE)


def current_site(request: HttpRequest) -> Site | None:
    """The request's site, remembered per host under the "cms" version: Wagtail looks it
    up with a query wherever a template writes a page's address."""

    def build() -> Site | None:
        site = Site.find_for_request(request)
        if site is None:
            return None  # not kept: asked again next time
        # A bare copy: whatever the site has read (its root page) stays out of the cache.
        return Site(
            pk=site.pk,
            hostname=site.hostname,
            port=site.port,
            site_name=site.site_name,
            root_page_id=site.root_page_id,
            is_default_site=site.is_default_site,
        )

    return cached_value("cms-site", request.get_host(), build=build)


def restore(request: HttpRequest, path: str) -> RouteResult | None:
    """The route of a known address, read in one query, or None to let Wagtail route."""
    entry = stored_value("cms-route", *_route(request, path))
    if entry is None:
        return None
    label, pk = entry
    model = apps.get_model(label)
    page = (
        model.objects.select_related("locale", *RELATED.get(label, ()))
        .prefetch_related(*PREFETCH.get(label, ()))
        .filter(pk=pk, live=True)
        .first()
    )
    return None if page is None else RouteResult(page)


def serve(request: HttpRequest, route: RouteResult) -> HttpResponse:
    """Serve a page already routed, as `wagtail.views.serve` does once it has routed:
    through the `on_serve_page` and `before_serve_page` hooks (view restrictions among
    them), then the page's own `serve`."""
    page, args, kwargs = route

    def chain(page, request, args, kwargs):
        return page.serve(request, *args, **kwargs)

    for wrap in reversed(hooks.get_hooks("on_serve_page")):
        chain = wrap(chain)
    for hook in hooks.get_hooks("before_serve_page"):
        result = hook(page, request, args, kwargs)
        if isinstance(result, HttpResponse):
            return result
    return chain(page, request, args, kwargs)


def remember(request: HttpRequest, path: str, response: HttpResponse) -> None:
    """Keep where this address led, if it led to a live page at its own address (a
    RoutablePage's sub-address is left to Wagtail)."""
    page = (getattr(response, "context_data", None) or {}).get("page")
    if not isinstance(page, Page) or not page.live:
        return
    if page.get_url(request) != request.path:
        return
    store_value("cms-route", *_route(request, path), value=(page._meta.label, page.pk))
