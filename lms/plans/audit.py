"""The templates go into the audit log, like the organisation: who changed a template
that every new plan is made from, and when.

Plans and their items go in too: their own history (PlanEvent) is shown to the people
of the plan and tells what happened in the plan's words, while the audit log is where
every change by an administrator, or anyone else, is found with its actor (see
lms.accounts.rules). The newcomer's reflection is left out: it is their own words.

Copies made for a new version, and items made with a new plan, are written in bulk and
so are not logged one by one; the new version or plan itself is, and so is the change
that made it.
"""

from auditlog.registry import auditlog

#: The newcomer's own words: never copied into an audit entry.
PRIVATE_ITEM_FIELDS = ["reflection"]


def register_audited_models() -> None:
    from .models import IntroductionPlan, PlanItem, PlanTemplate, TemplateItem

    auditlog.register(PlanTemplate, exclude_fields=["updated_at"])
    auditlog.register(TemplateItem)
    auditlog.register(IntroductionPlan, exclude_fields=["updated_at"])
    auditlog.register(PlanItem, exclude_fields=[*PRIVATE_ITEM_FIELDS, "updated_at"])
