"""Reads about people, already filtered for the viewer (twins of rules.py)."""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from .models import Role, RoleSource, User


def person_list(*, viewer: User, base: QuerySet[User] | None = None) -> QuerySet[User]:
    """People the viewer may open: everyone for admin and HR, own units for managers."""
    qs = base if base is not None else User.objects.select_related("unit")
    if viewer.has_role(Role.ADMIN) or viewer.has_role(Role.HR):
        return qs
    if viewer.managed_unit_ids:
        return qs.filter(unit_id__in=viewer.managed_unit_ids)
    return qs.filter(pk=viewer.pk)


def person_directory(*, viewer: User, search: str = "") -> QuerySet[User]:
    """The staff list: only the columns it shows, optionally narrowed by a search."""
    qs = person_list(
        viewer=viewer,
        base=User.objects.select_related("unit").only(
            "first_name", "last_name", "email", "title", "is_active", "start_date", "unit__name"
        ),
    )
    for word in search.split()[:5]:
        qs = qs.filter(Q(search_key__contains=word.casefold()) | Q(unit__name__icontains=word))
    return qs.order_by("last_name", "first_name", "pk")


def person_get(*, viewer: User, pk: int) -> User:
    from django.shortcuts import get_object_or_404

    base = User.objects.select_related("unit", "unit__administration", "unit__area")
    return get_object_or_404(person_list(viewer=viewer, base=base), pk=pk)


def hand_given_roles(*, person: User) -> list[str]:
    """The roles people gave by hand: what the person page's role boxes change."""
    rows = _role_rows(person)
    return sorted({role for role, _label, source in rows if source == RoleSource.PERSON})


#: How a role from outside reads beside the ones given by hand (the same role may be
#: held both ways, and the person pages change only the latter).
SOURCE_LABELS = {
    RoleSource.IMPORT: _("%(role)s, från HR-exporten"),
    RoleSource.DIRECTORY: _("%(role)s, från katalogen"),
}


def _source_label(assignment) -> str:
    template = SOURCE_LABELS.get(assignment.source)
    return str(assignment) if template is None else template % {"role": assignment}


def roles_from_sources(*, person: User) -> list[str]:
    """Labels of the roles the directory or the HR export gave: shown on the person's
    edit page, which cannot change them."""
    return [label for _role, label, source in _role_rows(person) if source != RoleSource.PERSON]


def _role_rows(person: User) -> list[tuple[str, str, str]]:
    from lms.core.caching import cached_value

    def build():
        rows = person.role_assignments.select_related("unit").order_by(
            "role", "unit__name", "source"
        )
        return [(a.role, _source_label(a), a.source) for a in rows]

    return cached_value("role-labels", viewer=person, build=build)


def roles_of(*, person: User) -> list[tuple[str, str]]:
    """Role labels for display, unit-scoped roles with their unit's name and roles from
    outside with their source."""
    labels = [(role, label) for role, label, _source in _role_rows(person)]
    if person.is_superuser:
        labels.append((Role.ADMIN, str(Role.ADMIN.label)))
    return labels
