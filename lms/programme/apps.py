from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "lms.programme"
    label = "programme"
    verbose_name = _("Introduktionsprogrammet")

    def ready(self) -> None:
        # Replaces the foundation's "coordinator" section and adds the newcomer's courses;
        # this app comes after lms.organisation in INSTALLED_APPS, so it registers later.
        from . import caching, start_sections  # noqa: F401
        from .audit import register_audited_models

        caching.connect()
        register_audited_models()
