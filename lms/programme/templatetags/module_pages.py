"""Links from lms to the site's module pages, without lms importing the site.

    {% load module_pages %}{% module_page_url session.module as about_url %}
    {% if about_url %}<a href="{{ about_url }}">…</a>{% endif %}

The map comes from `public.module_page_urls()` (the resolvers the site registers), read
once per request and language and kept on the request, so a list of a hundred rows
costs one lookup and no queries. A module without a page gives "": no link.

A fragment with such links must name the "cms" kind of data too (its entry in
`lms.core.fragments.FRAGMENTS`), so a newly published page shows up.
"""

from django import template
from django.utils import translation

from lms.programme import public

register = template.Library()


def _urls(context) -> dict[str, str]:
    request = context.get("request")
    if request is None:  # an e-mail or a document: no request to keep the map on
        return public.module_page_urls()
    memo = request.__dict__.setdefault("_module_page_urls", {})
    language = translation.get_language()
    if language not in memo:
        memo[language] = public.module_page_urls()
    return memo[language]


@register.simple_tag(takes_context=True)
def module_page_url(context, module) -> str:
    """The address of the module's page in the reader's language, or "" when it has
    none. `module` is a Module or a module slug; None gives ""."""
    slug = getattr(module, "slug", module)
    if not slug:
        return ""
    return _urls(context).get(slug, "")
