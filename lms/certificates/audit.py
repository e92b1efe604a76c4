"""Certificates in the audit log: who issued or revoked which, and when. The snapshot is
left out: it repeats the name and module dates that the certificate itself holds."""

from auditlog.registry import auditlog


def register_audited_models() -> None:
    from .models import Certificate

    auditlog.register(Certificate, exclude_fields=["snapshot", "updated_at"])
