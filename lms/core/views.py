from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from lms.accounts.services import language_set

from .middleware import SUPPORTED
from .start import sections_for


@never_cache
@require_GET
def healthz(request):
    """Liveness and database check for load balancers; no login, no session."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def landing(request):
    return render(request, "core/landing.html")


@login_required
def start(request):
    return render(request, "core/start.html", {"sections": sections_for(request.user)})


@require_POST
def set_language(request):
    language = request.POST.get("language", "")
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if language in SUPPORTED:
        language_set(user=request.user, language=language)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=365 * 24 * 3600,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            httponly=True,
        )
    return response


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)
