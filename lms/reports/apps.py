from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "lms.reports"
    verbose_name = _("Uppföljning")

    def ready(self) -> None:
        from . import rules  # noqa: F401
