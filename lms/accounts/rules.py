"""Who may do what with people's accounts: the single source for views and selectors.

Every predicate here has a queryset twin in selectors.py built from the same role
data (User._role_pairs), so a list never shows a person whose page would be refused.
"""

import rules

from .models import Role


def _has_role(role: str):
    @rules.predicate(name=f"has_role_{role}")
    def predicate(user) -> bool:
        return bool(user and user.is_authenticated and user.has_role(role))

    return predicate


is_newcomer = _has_role(Role.NEWCOMER)
is_mentor = _has_role(Role.MENTOR)
is_supervisor = _has_role(Role.SUPERVISOR)
is_manager = _has_role(Role.MANAGER)
is_coordinator = _has_role(Role.COORDINATOR)
is_hr = _has_role(Role.HR)
is_admin = _has_role(Role.ADMIN)


@rules.predicate
def is_self(user, person) -> bool:
    return person is not None and user.pk == person.pk


@rules.predicate
def manages_person(user, person) -> bool:
    """The person belongs to one of the units the user manages."""
    return person is not None and person.unit_id in user.managed_unit_ids


@rules.predicate
def manages_unit(user, unit) -> bool:
    return unit is not None and unit.pk in user.managed_unit_ids


# HR registers new hires, so it sees the staff directory (names, units, dates) but
# never plan contents or supervision logs; managers see their own units' staff.
can_administer_people = is_admin | is_hr

rules.add_perm("accounts.list_people", can_administer_people | is_manager)
rules.add_perm("accounts.register_person", can_administer_people | is_manager)
rules.add_perm("accounts.view_person", is_self | can_administer_people | manages_person)
rules.add_perm("accounts.change_person", can_administer_people | manages_person)
rules.add_perm("accounts.invite_person", can_administer_people | manages_person)
rules.add_perm("accounts.register_in_unit", can_administer_people | manages_unit)
rules.add_perm("accounts.assign_senior_roles", can_administer_people)
