"""Which models the audit log follows, and which fields it must never copy."""

from __future__ import annotations

import contextlib
from contextvars import ContextVar

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.db.models.signals import pre_save

#: Who is changing roles right now, for entries written outside a request.
_actor: ContextVar = ContextVar("accounts_audit_actor", default=None)


@contextlib.contextmanager
def acting_as(user):
    """Name `user` as the actor of the audit entries written inside the block.

    auditlog's middleware names the actor only during a request; role changes will also
    come from imports and sign-in, and every grant and removal must say who made it.
    (auditlog's own set_actor cannot nest inside the middleware's: leaving it would
    leave the rest of the request's entries without an actor.)
    """
    token = _actor.set(user)
    try:
        yield
    finally:
        _actor.reset(token)


def _name_the_actor(sender, instance, **kwargs):
    actor = _actor.get()
    if actor is not None and instance.actor_id is None:
        instance.actor = actor
        instance.actor_email = actor.email


def register_audited_models() -> None:
    from allauth.mfa.models import Authenticator

    from lms.organisation.models import (
        Administration,
        Area,
        ClosedDay,
        Municipality,
        Unit,
        WorkGroup,
    )

    from .models import MfaExemption, RoleAssignment, RolePolicy, User

    auditlog.register(
        User,
        exclude_fields=["password", "last_login", "updated_at"],
        # Groups and single permissions open the Django admin: granting them is granting.
        m2m_fields={"groups", "user_permissions"},
    )
    auditlog.register(RoleAssignment)
    auditlog.register(RolePolicy)
    auditlog.register(MfaExemption)
    # Who turned two-factor on and whose device was reset; `data` is the secret itself,
    # and a sign-in only moves `last_used_at`, which would fill the log.
    auditlog.register(Authenticator, exclude_fields=["data", "last_used_at"])
    for model in (Municipality, Administration, Area, Unit, WorkGroup, ClosedDay):
        auditlog.register(model, exclude_fields=["updated_at"])
    pre_save.connect(_name_the_actor, sender=LogEntry, dispatch_uid="accounts-audit-actor")
