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
rules.add_perm("plans.signoff_item", signs_off)
# Person-only acts (lms.accounts.rules, point 2): no administrator in their name. The
# reflection is written when ticking the item (services.plan_item_complete asks).
rules.add_perm("plans.request_signoff", is_responsible_for_item)
rules.add_perm("plans.reflect_on_item", _on_plan(is_plan_newcomer))
# An item agreed in a session with the newcomer (lms.supervision): also the plan's helpers.
rules.add_perm("plans.add_agreed_item", owns_plan | is_plan_mentor | is_plan_supervisor)
rules.add_perm("plans.manage_templates", is_manager | is_admin)


# -- templates ----------------------------------------------------------------------------


def managed_area_ids(user) -> frozenset[int]:
    """The areas of work of the units the user manages. Kept on the user object for the
    request and cached under the people version, which any change to a unit bumps."""
    if not getattr(user, "is_authenticated", False) or not user.managed_unit_ids:
        return frozenset()
    if "_plans_area_ids" not in user.__dict__:
        from lms.core.caching import cached_value
        from lms.organisation.models import Unit

        unit_ids = sorted(user.managed_unit_ids)
        user.__dict__["_plans_area_ids"] = frozenset(
            cached_value(
                "managed-areas",
                unit_ids,
                viewer=user,
                build=lambda: list(
                    Unit.objects.filter(pk__in=unit_ids, area__isnull=False)
                    .order_by()
                    .values_list("area_id", flat=True)
                ),
            )
        )
    return user.__dict__["_plans_area_ids"]


@rules.predicate
def manages_template_area(user, template) -> bool:
    """A template for the area of one of the user's units. A general template (no area)
    concerns every unit, so only administrators change it."""
    return (
        template is not None
        and template.area_id is not None
        and template.area_id in managed_area_ids(user)
    )


@rules.predicate
def manages_area(user, area) -> bool:
    return area is not None and area.pk in managed_area_ids(user)


@rules.predicate
def manages_some_area(user) -> bool:
    return bool(managed_area_ids(user))


rules.add_perm("plans.change_template", manages_template_area | is_admin)
# obj = the area of the new template; None is a general template (administrators only)
rules.add_perm("plans.create_template", manages_area | is_admin)
# no obj: may the person make any template at all (the button, the page)
rules.add_perm("plans.add_template", manages_some_area | is_admin)
