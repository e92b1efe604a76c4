"""ROOT_URLCONF for tests that follow the links to the session log (see dash.py)."""

from .dash import sessions_urlconf

urlpatterns = sessions_urlconf()
