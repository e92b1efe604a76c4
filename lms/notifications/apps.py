from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "lms.notifications"
    label = "notifications"
    verbose_name = _("Påminnelser och notiser")

    def ready(self) -> None:
        from . import catalogue, receivers  # noqa: F401  (kinds, the log of other mail)
