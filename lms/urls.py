import os

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import include, path, reverse
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from lms.core import views as core_views
from lms.identity import urls as identity_urls

admin.site.site_header = "Introduktion"
admin.site.site_title = "Introduktion"


def login_through_allauth(request):
    """Both admin sites log in through allauth, so two-factor is never skipped.

    Somebody already logged in is here because an admin site refused them. The login
    page would send them straight back (allauth follows `next` for a logged-in person),
    round and round; the start page shows the admin's message instead.
    """
    if request.user.is_authenticated:
        return redirect("core:start")
    return redirect_to_login(request.GET.get("next") or "/", login_url=reverse("account_login"))


urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("", include("lms.core.urls")),
    path("", include("lms.accounts.urls")),
    path("", include("lms.identity.urls")),
    path("people/import/", include("lms.staff.urls", namespace="staff")),
    path("", include("lms.feeds.urls")),
    path("programme/", include("lms.programme.urls", namespace="programme")),
    path("plans/", include("lms.plans.urls", namespace="plans")),
    path("mentoring/", include("lms.mentoring.urls", namespace="mentoring")),
    path("supervision/", include("lms.supervision.urls", namespace="supervision")),
    path("check-ins/", include("lms.checkins.urls", namespace="checkins")),
    path("notifications/", include("lms.notifications.urls", namespace="notifications")),
    path("follow-up/", include("lms.reports.urls", namespace="reports")),
    # /certificates/… and the public /intyg/ (the address printed on certificates).
    path("", include("lms.certificates.urls")),
    *identity_urls.provider_urlpatterns,
    path("accounts/", include("allauth.urls")),
    path("django-admin/login/", login_through_allauth),
    path("django-admin/", admin.site.urls),
    path("admin/login/", login_through_allauth),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # The public site (Wagtail) comes last and catches the rest, the home page included.
    path("", include("cms.urls")),
]

if settings.DEBUG:
    # The demo and development serve the site's pictures themselves; in production the
    # proxy does (docs/operations.md, "Media"). Documents never: Wagtail's /documents/
    # view applies their access rules.
    urlpatterns[:0] = [
        pattern
        for folder in ("images", "original_images")
        for pattern in static(
            f"{settings.MEDIA_URL}{folder}/",
            document_root=os.path.join(str(settings.MEDIA_ROOT), folder),
        )
    ]
