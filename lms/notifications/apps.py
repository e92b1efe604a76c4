from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "lms.notifications"
    label = "notifications"
    verbose_name = _("Påminnelser och notiser")

    def ready(self) -> None:
        from . import catalogue, receivers, rules  # noqa: F401  (kinds, other mail, perms)
        from .audit import register_audited_models

        register_audited_models()
