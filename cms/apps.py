from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    label = "cms"
    verbose_name = _("Webbplatsen")

    def ready(self) -> None:
        from lms.programme import public

        from . import caching, editorial, links, start_sections

        caching.connect()
        editorial.connect()
        start_sections.register()
        # lms links plan items, course lists and sessions to the module pages through
        # this, without importing cms.
        public.register_module_pages(links.module_page_urls)
