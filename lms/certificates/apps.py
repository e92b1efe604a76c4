from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "lms.certificates"
    label = "certificates"
    verbose_name = _("Intyg")

    def ready(self) -> None:
        from . import caching, panels, receivers, start_sections  # noqa: F401
        from .audit import register_audited_models

        caching.connect()
        panels.register()
        register_audited_models()
