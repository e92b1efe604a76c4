from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers

SUPPORTED = {code for code, _name in settings.LANGUAGES}


def language_for(request) -> str:
    """Swedish unless the person chose otherwise: profile first, then this browser's cookie.

    The browser's Accept-Language is ignored on purpose: the product is Swedish first,
    and a visitor switches to English with the language button.
    """
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.preferred_language in SUPPORTED:
        return user.preferred_language
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if cookie in SUPPORTED:
        return cookie
    return settings.LANGUAGE_CODE


class UserLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz":
            return self.get_response(request)
        language = language_for(request)
        request.LANGUAGE_CODE = language
        # override, not activate: the language is the request's and leaves with it, so a
        # thread that serves an English page next serves nothing else in English.
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response


#: Browser features no page of the product uses: a page (or a script injected into one)
#: cannot ask for them.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)


class PrivacyHeadersMiddleware:
    """A page shown to a signed-in person holds personal data: no shared cache and no
    browser cache may keep it (`private, no-store`). A response that states its own
    caching keeps it: the calendar feeds' ETag and max-age contract, and the public
    site's page cache, which only serves visitors who are not signed in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response:
            patch_cache_control(response, private=True, no_store=True)
        return response
