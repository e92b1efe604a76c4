from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from wagtail import views as wagtail_views
from wagtail.models import Site

from . import pagecache, routing
from . import search as site_search


def _route_in_default_language(request, path: str):
    """The Swedish page at this address, for a visitor reading in a language the page
    has not been translated into yet: better the original than "not found"."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    components = [part for part in path.split("/") if part]
    try:
        return site.root_page.specific.route(request, components)
    except Http404:
        return None


def serve(request, path: str):
    """A Wagtail page: from the page cache for anonymous visitors when it is there."""
    key = pagecache.key_for(request)
    if key is not None:
        cached = pagecache.cached_response(request, key)
        if cached is not None:
            return cached
    return pagecache.store(request, key, _serve(request, path))


def _serve(request, path: str):
    route = routing.restore(request, path)
    if route is not None:
        return routing.serve(request, route)
    try:
        response = wagtail_views.serve(request, path)
    except Http404:
        if request.LANGUAGE_CODE == settings.LANGUAGE_CODE:
            raise
        route = _route_in_default_language(request, path)
        if route is None:
            raise
        response = routing.serve(request, route)
    routing.remember(request, path, response)
    return response


def search(request):
    """The search page. The results are read lazily: the template caches them as a
    fragment under the "cms" version, so a repeated search reads nothing."""
    query = site_search.clean_query(request.GET.get("q"))
    results = None
    if query.terms:
        language, page = request.LANGUAGE_CODE, request.GET.get("page")
        results = SimpleLazyObject(
            lambda: site_search.run(query, language=language, page_number=page)
        )
    context = {"query": query, "asked": "q" in request.GET, "results": results}
    return render(request, "cms/search.html", context)
