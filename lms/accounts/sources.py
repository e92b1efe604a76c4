"""Roles that come from outside: the directory at sign-in and the HR export.

Each source keeps its own grants (`RoleAssignment.source`) and `role_sync` changes only
those, so a role a manager gave by hand survives whatever the directory says next, and
the directory taking a role away leaves the same role held by hand. The sources may give
only what HR may give by hand (`SOURCED_ROLES`, the hardening rule of
lms.accounts.granting); unit-scoped roles (manager, supervisor) are for the person's own
unit, which the staff data decides, never the claim.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models.functions import Lower

from .audit import acting_as
from .models import (
    SOURCED_ROLES,
    UNIT_SCOPED_ROLES,
    DirectoryRole,
    RoleAssignment,
    RoleSource,
    User,
)


@dataclass
class RoleChanges:
    added: list[tuple[str, int | None]] = field(default_factory=list)
    removed: list[tuple[str, int | None]] = field(default_factory=list)
    #: Roles asked for but not given: outside the sources' limits, or unit-scoped for a
    #: person without a unit.
    refused: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed)


def roles_for_values(values: Iterable[str]) -> set[str]:
    """The product roles that the directory's values stand for (DirectoryRole rows,
    matched without regard to case); unknown values give nothing."""
    wanted = {str(value).strip().casefold() for value in values if str(value).strip()}
    if not wanted:
        return set()
    rows = DirectoryRole.objects.annotate(folded=Lower("value")).filter(folded__in=wanted)
    return set(rows.values_list("role", flat=True))


def _wanted(person: User, roles: Iterable[str], changes: RoleChanges) -> set:
    wanted = set()
    for role in sorted({str(role) for role in roles}):
        if role not in SOURCED_ROLES:
            changes.refused.append(role)
        elif role in UNIT_SCOPED_ROLES:
            if person.unit_id is None:
                changes.refused.append(role)
            else:
                wanted.add((role, person.unit_id))
        else:
            wanted.add((role, None))
    return wanted


def _order(grant: tuple[str, int | None]) -> tuple[str, int]:
    return grant[0], grant[1] or 0


@transaction.atomic
def role_sync(*, person: User, source: str, roles: Iterable[str], actor=None) -> RoleChanges:
    """Make the person's grants from `source` exactly `roles` (within the limits).

    Audited like every role change; `actor` is whoever set the source going (the HR
    officer who committed an import), or nobody for the directory at sign-in, where the
    entry's source says where the change came from.
    """
    if source == RoleSource.PERSON:
        raise ValueError("Roles given by a person go through lms.accounts.granting")
    changes = RoleChanges()
    wanted = _wanted(person, roles, changes)
    current = {
        (a.role, a.unit_id): a
        for a in RoleAssignment.objects.filter(user=person, source=source).select_for_update()
    }
    with acting_as(actor):
        for key in sorted(current.keys() - wanted, key=_order):
            current[key].delete()
            changes.removed.append(key)
        for role, unit_id in sorted(wanted - current.keys(), key=_order):
            RoleAssignment.objects.create(user=person, role=role, unit_id=unit_id, source=source)
            changes.added.append((role, unit_id))
    person.forget_roles()
    return changes
