from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "lms.supervision"
    label = "supervision"
    verbose_name = _("Handledning")

    def ready(self) -> None:
        from . import caching, panels
        from .audit import register_audited_models

        caching.connect()
        panels.register()
        register_audited_models()
