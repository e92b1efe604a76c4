from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "lms.supervision"
    label = "supervision"
    verbose_name = _("Handledning")

    def ready(self) -> None:
        from lms.plans.extensions import register_row_flags

        from . import caching, flags, panels
        from .audit import register_audited_models
        from .dashboard import rules, start  # noqa: F401

        caching.connect()
        panels.register()
        register_audited_models()
        # The plan list's flag (the dashboard's start sections register on import).
        register_row_flags(
            "supervision", add=flags.add_quiet_fortnight_flags, versions=("supervision",)
        )
