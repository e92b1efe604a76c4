from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "lms.core"
    label = "core"
    verbose_name = _("Grund")

    def ready(self) -> None:
        from . import start_sections  # noqa: F401  (registers the foundation's sections)
