from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

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


@login_required
def start(request):
    return render(request, "core/start.html", {"sections": sections_for(request.user)})


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)
