"""Who may follow up what: the single source for the views and for the scopes offered.

HR, the steering group and administrators see figures for every unit, never names.
A manager sees figures for the units they manage and, for those units only, the
newcomers by name. The scopes a person may choose (selectors.scopes_for) are built from
the same two questions, so a scope that is not offered cannot be asked for by URL.
"""

import rules

from lms.accounts.rules import is_admin, is_hr, is_manager


def sees_every_unit(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and (is_hr(user) or is_admin(user))


@rules.predicate
def may_follow_every_unit(user) -> bool:
    return sees_every_unit(user)


@rules.predicate
def manages_unit(user, unit_id) -> bool:
    return unit_id is not None and unit_id in user.managed_unit_ids


rules.add_perm("reports.view_figures", may_follow_every_unit | is_manager)
# obj = a unit id: names of that unit's newcomers, for its managers only.
rules.add_perm("reports.view_names", manages_unit)
