from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "lms.supervision"
    label = "supervision"
    verbose_name = _("Handledning")

    def ready(self) -> None:
        from . import caching

        caching.connect()
        self._ready_dashboard()

    def _ready_dashboard(self) -> None:
        """The follow-up: its permissions, the plan list's flag and the start sections."""
        from lms.plans.extensions import register_row_flags

        from . import flags, rules_dashboard, start_dashboard  # noqa: F401 (registers)

        register_row_flags(
            "supervision", add=flags.add_quiet_fortnight_flags, versions=("supervision",)
        )
