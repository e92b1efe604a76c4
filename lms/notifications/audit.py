"""A person's e-mail choices in the audit log: who changed which, and when."""

from auditlog.registry import auditlog


def register_audited_models() -> None:
    from .models import Preference

    auditlog.register(Preference, exclude_fields=["updated_at"])
