"""Who may see what of a check-in: the single source for views and selectors.

Layers, from widest to narrowest:
- that a check-in was answered, and when: the newcomer, and the managers of the unit the
  newcomer was in when answering;
- the message to the manager: the same people (the newcomer chose to write it);
- the ratings and texts: the newcomer, and those managers only if the newcomer shared.
HR and administrators see only figures per unit of five people or more (figures page);
mentors and supervisors see nothing of check-ins. Each predicate has a queryset twin in
selectors.py built from `managed_unit_ids` below.
"""

import rules

from lms.accounts.rules import is_admin, is_hr, is_manager


def managed_unit_ids(user) -> frozenset[int]:
    """The units whose check-ins the user follows as manager (role data, cached per
    request): the one definition both the predicates and the selectors use."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    return frozenset(user.managed_unit_ids)


@rules.predicate
def is_own_plan(user, plan) -> bool:
    return plan is not None and plan.newcomer_id == user.pk


@rules.predicate
def manages_plan_unit(user, plan) -> bool:
    return plan is not None and plan.unit_id in managed_unit_ids(user)


@rules.predicate
def is_own_checkin(user, checkin) -> bool:
    return checkin is not None and checkin.newcomer_id == user.pk


@rules.predicate
def manages_checkin_unit(user, checkin) -> bool:
    return checkin is not None and checkin.unit_id in managed_unit_ids(user)


@rules.predicate
def is_shared(user, checkin) -> bool:
    return checkin is not None and checkin.shared


# obj = the plan: only the newcomer answers, and only their own check-ins; no
# administrator answers in their name (lms.accounts.rules, point 2).
rules.add_perm("checkins.answer", is_own_plan)
# obj = the plan: the manager's page of one newcomer's check-ins, and the plan panel.
rules.add_perm("checkins.follow_plan", manages_plan_unit)
# obj = the check-in
rules.add_perm("checkins.view_answered", is_own_checkin | manages_checkin_unit)
rules.add_perm("checkins.view_message", is_own_checkin | manages_checkin_unit)
rules.add_perm("checkins.view_answers", is_own_checkin | (manages_checkin_unit & is_shared))
# no obj
rules.add_perm("checkins.view_overview", is_manager)
rules.add_perm("checkins.view_figures", is_hr | is_admin)
