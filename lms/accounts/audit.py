"""Which models the audit log follows, and which fields it must never copy."""

from auditlog.registry import auditlog


def register_audited_models() -> None:
    from lms.organisation.models import Administration, Municipality, Unit, WorkGroup

    from .models import RoleAssignment, RolePolicy, User

    auditlog.register(
        User,
        exclude_fields=["password", "last_login", "updated_at"],
    )
    auditlog.register(RoleAssignment)
    auditlog.register(RolePolicy)
    for model in (Municipality, Administration, Unit, WorkGroup):
        auditlog.register(model, exclude_fields=["updated_at"])
