from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    label = "cms"
    verbose_name = _("Webbplatsen")

    def ready(self) -> None:
        from . import caching, editorial, start_sections

        caching.connect()
        editorial.connect()
        start_sections.register()
