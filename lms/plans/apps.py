from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "lms.plans"
    label = "plans"
    verbose_name = _("Introduktionsplaner")

    def ready(self) -> None:
        from . import caching, receivers, start_sections  # noqa: F401
        from .audit import register_audited_models

        caching.connect()
        register_audited_models()
