from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentoringConfig(AppConfig):
    name = "lms.mentoring"
    label = "mentoring"
    verbose_name = _("Mentorskap")

    def ready(self) -> None:
        from . import caching, panels, receivers, start_sections  # noqa: F401
        from .audit import register_audited_models

        caching.connect()
        register_audited_models()
