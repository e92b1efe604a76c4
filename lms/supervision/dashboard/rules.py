"""Who may follow a newcomer's supervision: the dashboards, the week grid, absences and
HR's counts. Kept apart from the app's rules.py (the session log's) and loaded in
SupervisionConfig.ready; each permission has a queryset twin in the selectors.

- following a newcomer (the dashboard row, the newcomer page): the plan's mentor and
  supervisor, and the manager of the plan's unit. Not HR, not administrators: they see
  no person's supervision, only counts.
- marking and removing absences: the plan's supervisor and the unit's manager.
- the counts per unit: HR and administrators.
The object is the newcomer's active plan.
"""

import rules

from lms.accounts.rules import is_admin, is_hr
from lms.plans.rules import is_plan_mentor, is_plan_supervisor, manages_plan


@rules.predicate
def is_active_plan(user, plan) -> bool:
    return plan is not None and plan.status == plan.Status.ACTIVE


rules.add_perm(
    "supervision.follow_newcomer",
    is_active_plan & (is_plan_mentor | is_plan_supervisor | manages_plan),
)
rules.add_perm("supervision.mark_absence", is_active_plan & (is_plan_supervisor | manages_plan))
rules.add_perm("supervision.view_figures", is_hr | is_admin)
