"""Where each module is described on the site, for lms to link to.

lms never imports cms: `lms.programme.public` keeps a registry of resolvers, and the
site registers `module_page_urls` in its app's `ready()`. lms asks for the whole map
at most once per request (the `module_page_url` template tag keeps it on the request),
and the map is cached per language under the "cms" data version, which publishing,
unpublishing, moving or deleting a page bumps.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant

from lms.core.caching import cached_value


def _content_language(code: str | None) -> str:
    try:
        return get_supported_content_language_variant(code or settings.LANGUAGE_CODE)
    except LookupError:
        return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def _build(language: str) -> dict[str, str]:
    from .models import ModulePage  # the models import lms; keep this module light

    default = _content_language(settings.LANGUAGE_CODE)
    pages = (
        ModulePage.objects.live()
        .public()
        .filter(module__isnull=False, locale__language_code__in={default, language})
        .select_related("locale", "module__part__programme")
        .order_by("pk")
    )

    # A later page wins: the visitor's language over the Swedish original, and a page
    # of the current programme's module over one of an older version with the slug.
    def rank(page: ModulePage) -> tuple[bool, bool]:
        return (page.locale.language_code == language, page.module.part.programme.is_current)

    urls: dict[str, str] = {}
    for page in sorted(pages, key=rank):
        url = page.get_url()
        if url:  # None: outside every site's tree, nobody can reach it
            urls[page.module.slug] = url
    return urls


def module_page_urls() -> dict[str, str]:
    """{module slug: address of its live, public page} in the active language, falling
    back to the Swedish page for a module whose page is not translated."""
    language = _content_language(translation.get_language())
    return cached_value("module-pages", language, build=lambda: _build(language))
