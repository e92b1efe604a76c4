"""Check-ins in the audit log: that an answer was given, changed, shared or unshared, by
whom and when, for the unit and point. Never the ratings, the texts or the message:
those belong to the newcomer and, if shared, their manager; not to whoever reads the log.
"""

from auditlog.registry import auditlog


def register_audited_models() -> None:
    from .models import PRIVATE_FIELDS, CheckIn

    auditlog.register(CheckIn, exclude_fields=[*PRIVATE_FIELDS, "updated_at"])
