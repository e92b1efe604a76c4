"""The site's addresses plus its uploaded pictures, for the browser journeys.

In production the proxy serves /media/images/ and /media/original_images/ (see
docs/operations.md); the live server of the journeys has no proxy, and a picture that
does not load would fail the journey."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from lms.urls import urlpatterns as site_urlpatterns


def media(request, path):
    # Read at request time: each test has a MEDIA_ROOT of its own.
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [
    re_path(r"^media/(?P<path>(?:images|original_images)/.+)$", media),
    *site_urlpatterns,
]
