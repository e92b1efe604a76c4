"""The templates go into the audit log, like the organisation: who changed a template
that every new plan is made from, and when. Plans and their items keep their own
history (PlanEvent), shown to the people of the plan.

Copies made for a new version are written in bulk and so are not logged one by one;
the new version itself is, and so is the change that made it.
"""

from auditlog.registry import auditlog


def register_audited_models() -> None:
    from .models import PlanTemplate, TemplateItem

    auditlog.register(PlanTemplate, exclude_fields=["updated_at"])
    auditlog.register(TemplateItem)
