from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class AccountsConfig(AppConfig):
    # The module holds Wagtail's users config too; this is the one "lms.accounts" means.
    default = True
    name = "lms.accounts"
    label = "accounts"
    verbose_name = _("Konton och roller")

    def ready(self) -> None:
        from . import signals  # noqa: F401
        from .audit import register_audited_models

        register_audited_models()


class WagtailUsersConfig(WagtailUsersAppConfig):
    """Wagtail's user pages, with the granting rule (wagtail_users.py)."""

    user_viewset = "lms.accounts.wagtail_users.UserViewSet"
