"""Who may grant and remove which role: the one rule every route asks.

The product's pages (services.person_register / person_update), the Django admin and
the imports and sign-in still to come all call this module, so a role can only be
taken the way this table says.

Two rules hold everywhere:

* Nobody changes their own roles, neither adding nor removing. Adding would let a
  person widen their own access (HR making itself a unit manager would read plans it
  must never see). Removing is harmless in itself, but it could leave the municipality
  without its last administrator, and with the rule every role change has two people
  in the audit log: the one who made it and the one it concerns.
* The roles that open the most (HR, the administrator) are granted by an
  administrator only. Access to the Django admin (staff status, groups and single
  permissions) follows the administrator role: whoever may grant that may grant these.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from .audit import acting_as
from .models import FLAG_ROLES, UNIT_SCOPED_ROLES, Role, RoleAssignment, RoleSource, User

_ADMINISTRATORS = frozenset({Role.ADMIN})
_STAFF_GRANTERS = frozenset({Role.ADMIN, Role.HR, Role.MANAGER})
_SENIOR_GRANTERS = frozenset({Role.ADMIN, Role.HR})

#: Role → the roles whose holders may grant it (and remove it). A role missing here is
#: granted by administrators only, so a new role is closed until it is listed.
GRANTED_BY: dict[str, frozenset[str]] = {
    Role.NEWCOMER: _STAFF_GRANTERS,
    Role.MENTOR: _STAFF_GRANTERS,
    Role.SUPERVISOR: _STAFF_GRANTERS,
    Role.MANAGER: _SENIOR_GRANTERS,
    Role.COORDINATOR: _SENIOR_GRANTERS,
    Role.HR: _ADMINISTRATORS,
    Role.ADMIN: _ADMINISTRATORS,
}

#: Granters whose power ends at the units they manage: both the person and, for a
#: unit-scoped role, the role's unit must be theirs.
UNIT_BOUND_GRANTERS = frozenset({Role.MANAGER})


def granters_of(role: str) -> frozenset[str]:
    return GRANTED_BY.get(role, _ADMINISTRATORS)


def _is_self(by: User, person: User) -> bool:
    return person.pk is not None and person.pk == by.pk


def _has_authority(by: User, role: str, person: User, unit_id: int | None) -> bool:
    if by is None or not by.is_authenticated or not by.is_active:
        return False
    for granter in by.roles & granters_of(role):
        if granter not in UNIT_BOUND_GRANTERS:
            return True
        units = by.unit_ids_for(granter)
        if person.unit_id in units and (unit_id is None or unit_id in units):
            return True
    return False


def may_grant(by: User, role: str, *, person: User, unit_id: int | None = None) -> bool:
    """May `by` give `person` the role (for that unit, when the role is unit-scoped)?"""
    return not _is_self(by, person) and _has_authority(by, role, person, unit_id)


def may_remove(by: User, role: str, *, person: User, unit_id: int | None = None) -> bool:
    """Removing takes the same authority as granting, and is never done on oneself."""
    return may_grant(by, role, person=person, unit_id=unit_id)


def may_change_admin_access(by: User, *, person: User) -> bool:
    """Staff status, groups and single permissions for the Django admin."""
    return may_grant(by, Role.ADMIN, person=person)


def grantable_roles(*, by: User, among=None) -> list[Role]:
    """The roles `by` may grant to someone else, in the table's order.

    `among` narrows to the roles a route deals in (the product's pages leave HR and the
    administrator to the Django admin). Unit limits are checked per person on saving.
    """
    roles = [role for role in Role if role not in FLAG_ROLES]
    if among is not None:
        roles = [role for role in roles if role in among]
    return [role for role in roles if by.roles & granters_of(role)]


def _refusal(by: User, person: User, role: str, *, removing: bool) -> PermissionDenied:
    if _is_self(by, person):
        return PermissionDenied(
            _("Du kan inte ändra dina egna roller. Be någon som får ge rollen att göra det.")
        )
    label = Role(role).label if role in Role.values else role
    if removing:
        return PermissionDenied(_("Du får inte ta bort rollen %(role)s.") % {"role": label})
    return PermissionDenied(_("Du får inte ge rollen %(role)s.") % {"role": label})


def check_grant(by: User, role: str, *, person: User, unit_id: int | None = None) -> None:
    if not may_grant(by, role, person=person, unit_id=unit_id):
        raise _refusal(by, person, role, removing=False)


def check_remove(by: User, role: str, *, person: User, unit_id: int | None = None) -> None:
    if not may_remove(by, role, person=person, unit_id=unit_id):
        raise _refusal(by, person, role, removing=True)


def check_admin_access(by: User, *, person: User) -> None:
    if not may_change_admin_access(by, person=person):
        raise _refusal(by, person, Role.ADMIN, removing=False)


@transaction.atomic
def role_grant(*, by: User, person: User, role: str, unit_id: int | None = None):
    """Give the role, checked and logged with `by` as the actor wherever it is called."""
    check_grant(by, role, person=person, unit_id=unit_id)
    if role in FLAG_ROLES:
        raise ValueError("The administrator role is the superuser flag, not an assignment")
    if (role in UNIT_SCOPED_ROLES) != (unit_id is not None):
        raise ValueError("A unit goes with the unit-scoped roles and with them only")
    with acting_as(by):
        assignment, _created = RoleAssignment.objects.get_or_create(
            user=person, role=role, unit_id=unit_id, source=RoleSource.PERSON
        )
    person.forget_roles()
    return assignment


@transaction.atomic
def role_remove(*, by: User, assignment: RoleAssignment) -> None:
    person = assignment.user
    check_remove(by, assignment.role, person=person, unit_id=assignment.unit_id)
    with acting_as(by):
        assignment.delete()
    person.forget_roles()
