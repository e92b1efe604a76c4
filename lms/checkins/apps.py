from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CheckinsConfig(AppConfig):
    name = "lms.checkins"
    label = "checkins"
    verbose_name = _("Avstämningar om arbetssituationen")

    def ready(self) -> None:
        from . import caching, panels, start_sections  # noqa: F401
        from .audit import register_audited_models

        caching.connect()
        panels.register()
        register_audited_models()
