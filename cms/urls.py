"""The public site, mounted last at the root: Wagtail's page addresses, through the
site's own serve view (language fallback and the page cache), and the search page."""

from django.urls import path, re_path
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
    path("", views.serve, {"path": ""}, name="home"),
    # Wagtail builds page addresses by reversing this name.
    re_path(serve_pattern, views.serve, name="wagtail_serve"),
]
