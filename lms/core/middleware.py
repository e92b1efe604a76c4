from allauth.account.adapter import get_adapter
from auditlog.middleware import AuditlogMiddleware
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
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


class AuditMiddleware(AuditlogMiddleware):
    """django-auditlog's middleware, recording the client address the rate limits use.

    auditlog takes the first X-Forwarded-For entry, which any client can write; the
    address the TLS proxy saw is the one DJANGO_TRUSTED_PROXY_COUNT points at, and
    without a trusted proxy the header is ignored. One answer, allauth's, for both.
    """

    @staticmethod
    def _get_remote_addr(request):
        if settings.AUDITLOG_DISABLE_REMOTE_ADDR:
            return None
        try:
            return get_adapter(request).get_client_ip(request)
        except (ImproperlyConfigured, PermissionDenied):
            # A header shorter than the trusted proxies (a request that bypassed the
            # proxy): the entry is still written, with the address that connected.
            return request.META.get("REMOTE_ADDR")
