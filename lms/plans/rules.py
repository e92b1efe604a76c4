"""Who may see and change a plan: the single source for views and selectors.

Each predicate has a queryset twin in selectors.plan_list, so a list never shows a plan
whose page would be refused. HR sees figures only (lms.reports), never a plan.
"""

import rules

from lms.accounts.rules import is_admin, is_manager, manages_person

from .models import Responsible


@rules.predicate
def is_plan_newcomer(user, plan) -> bool:
    return plan is not None and plan.newcomer_id == user.pk


@rules.predicate
def is_plan_mentor(user, plan) -> bool:
    return plan is not None and plan.mentor_id == user.pk


@rules.predicate
def is_plan_supervisor(user, plan) -> bool:
    return plan is not None and plan.supervisor_id == user.pk


@rules.predicate
def manages_plan(user, plan) -> bool:
    return plan is not None and plan.unit_id in user.managed_unit_ids


def _on_plan(predicate):
    """The same predicate asked of an item's plan."""

    @rules.predicate(name=f"item_{predicate.name}")
    def on_item(user, item) -> bool:
        return item is not None and predicate.test(user, item.plan)

    return on_item


@rules.predicate
def is_responsible_for_item(user, item) -> bool:
    """The newcomer for their own items, the plan's mentor and supervisor for theirs."""
    if item is None:
        return False
    plan = item.plan
    return (
        (item.responsible == Responsible.NEWCOMER and plan.newcomer_id == user.pk)
        or (item.responsible == Responsible.MENTOR and plan.mentor_id == user.pk)
        or (item.responsible == Responsible.SUPERVISOR and plan.supervisor_id == user.pk)
    )


owns_plan = manages_plan | is_admin
signs_off = _on_plan(manages_plan) | _on_plan(is_plan_supervisor) | is_admin

rules.add_perm(
    "plans.view_plan",
    is_plan_newcomer | is_plan_mentor | is_plan_supervisor | manages_plan | is_admin,
)
# obj = the newcomer the plan is for
rules.add_perm("plans.create_plan", manages_person | is_admin)
rules.add_perm("plans.change_plan", owns_plan)
# Approving the whole plan is the manager's: the unit owns the introduction.
rules.add_perm("plans.signoff_plan", owns_plan)
# obj = the item
rules.add_perm("plans.complete_item", is_responsible_for_item | _on_plan(owns_plan))
rules.add_perm("plans.request_signoff", is_responsible_for_item)
rules.add_perm("plans.signoff_item", signs_off)
rules.add_perm("plans.reflect_on_item", _on_plan(is_plan_newcomer))
rules.add_perm("plans.manage_templates", is_manager | is_admin)
