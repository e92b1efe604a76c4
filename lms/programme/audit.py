"""Module completions go into the audit log: one recorded, and one taken back by a
corrected attendance, with who did it and when. They decide certificates and follow-up
figures, and a person without a plan has no PlanEvent to carry that history."""

from auditlog.registry import auditlog


def register_audited_models() -> None:
    from .models import ModuleCompletion

    auditlog.register(ModuleCompletion)
