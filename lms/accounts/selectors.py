"""Reads about people, already filtered for the viewer (twins of rules.py)."""

from django.db.models import QuerySet

from .models import Role, User


def person_list(*, viewer: User) -> QuerySet[User]:
    """People the viewer may open: everyone for admin and HR, own units for managers."""
    qs = User.objects.select_related("unit", "unit__administration", "unit__area")
    if viewer.has_role(Role.ADMIN) or viewer.has_role(Role.HR):
        return qs
    if viewer.managed_unit_ids:
        return qs.filter(unit_id__in=viewer.managed_unit_ids)
    return qs.filter(pk=viewer.pk)


def person_get(*, viewer: User, pk: int) -> User:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(person_list(viewer=viewer), pk=pk)


def roles_of(*, person: User) -> list[tuple[str, str]]:
    """Role labels for display, unit-scoped roles with their unit's name."""
    rows = person.role_assignments.select_related("unit").order_by("role", "unit__name")
    labels = [(a.role, str(a)) for a in rows]
    if person.is_superuser:
        labels.append((Role.ADMIN, str(Role.ADMIN.label)))
    return labels
