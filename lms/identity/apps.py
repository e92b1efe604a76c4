from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentityConfig(AppConfig):
    """Sign-in with the municipality's identity provider (OpenID Connect today; SAML and
    SCIM provisioning will live here too)."""

    name = "lms.identity"
    verbose_name = _("Inloggning med kommunens konto")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from lms.accounts.models import DirectoryRole

        # A mapping decides who gets which role at the next sign-in: audited like a grant.
        auditlog.register(DirectoryRole, exclude_fields=["updated_at"])
