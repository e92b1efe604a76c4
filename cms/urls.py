"""The public site, mounted last at the root: Wagtail's page addresses, through the
site's own serve view (language fallback and the page cache), and the search page."""

from django.urls import path, re_path
from django.views.generic import RedirectView
from wagtail import views as wagtail_views
from wagtail.urls import serve_pattern

from . import views

urlpatterns = [
    path("search/", views.search, name="search"),
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        wagtail_views.authenticate_with_password,
        name="wagtailcore_authenticate_with_password",
    ),
    # Wagtail reverses this name when a login-restricted page is asked for, even though
    # WAGTAIL_FRONTEND_LOGIN_URL sends visitors to allauth; without it such a page is a 500.
    path(
        "_util/login/",
        RedirectView.as_view(pattern_name="account_login", query_string=True),
        name="wagtailcore_login",
    ),
    path("", views.serve, {"path": ""}, name="home"),
    # Wagtail builds page addresses by reversing this name.
    re_path(serve_pattern, views.serve, name="wagtail_serve"),
]
