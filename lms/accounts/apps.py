from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "lms.accounts"
    label = "accounts"
    verbose_name = _("Konton och roller")

    def ready(self) -> None:
        from . import signals  # noqa: F401
        from .audit import register_audited_models

        register_audited_models()
