app_name = "supervision"

urlpatterns: list = []

from .urls_dashboard import urlpatterns as dashboard_urlpatterns  # noqa: E402

urlpatterns += dashboard_urlpatterns
