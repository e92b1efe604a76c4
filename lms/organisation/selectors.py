"""Reads about the organisation, for pages and other apps."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from lms.accounts.models import Role, User
from lms.core.privacy import Cell, suppress, total_cell

from .models import Administration, Municipality, Unit


def managers_of_unit(*, unit_id: int | None) -> list[User]:
    if not unit_id:
        return []
    return list(
        User.objects.filter(
            role_assignments__role=Role.MANAGER, role_assignments__unit_id=unit_id, is_active=True
        ).order_by("last_name", "first_name")
    )


def municipality_for(*, person: User) -> int | None:
    """The id of the municipality of the person's unit; the only one there is when they
    have none (a coordinator at the education office, an administrator)."""
    if person.unit_id:
        found = (
            Municipality.objects.filter(administrations__units=person.unit_id)
            .values_list("pk", flat=True)
            .first()
        )
        if found:
            return found
    ids = list(Municipality.objects.values_list("pk", flat=True)[:2])
    return ids[0] if len(ids) == 1 else None


def unit_get(*, unit_id: int | None) -> Unit | None:
    if not unit_id:
        return None
    return Unit.objects.select_related("administration", "area").filter(pk=unit_id).first()


def units_managed_by(*, viewer: User) -> QuerySet[Unit]:
    return Unit.objects.filter(pk__in=viewer.managed_unit_ids).select_related(
        "administration", "area"
    )


def unit_choices_for(*, viewer: User) -> QuerySet[Unit]:
    """Units a person may register staff into: all for admin and HR, else their own."""
    qs = Unit.objects.select_related("administration", "area")
    if viewer.has_role(Role.ADMIN) or viewer.has_role(Role.HR):
        return qs
    return qs.filter(pk__in=viewer.managed_unit_ids)


@dataclass
class UnitOverview:
    unit: Unit
    staff_count: int
    newcomers: list[User] = field(default_factory=list)


def newcomers_in_units(*, unit_ids, since: datetime.date) -> QuerySet[User]:
    """Active newcomers of the units who started on or after `since` (or start later)."""
    return (
        User.objects.filter(
            unit_id__in=unit_ids,
            is_active=True,
            role_assignments__role=Role.NEWCOMER,
        )
        .filter(Q(start_date__gte=since) | Q(start_date__isnull=True))
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=timezone.localdate()))
        .order_by("start_date", "last_name")
        .distinct()
    )


def managed_units_overview(*, viewer: User) -> list[UnitOverview]:
    """Each managed unit with its staff count and its newcomers of the last two years."""
    units = list(
        units_managed_by(viewer=viewer)
        .annotate(staff_total=Count("staff", filter=Q(staff__is_active=True)))
        .order_by("name")
    )
    since = timezone.localdate() - datetime.timedelta(days=730)
    by_unit: dict[int, list[User]] = {u.pk: [] for u in units}
    for person in newcomers_in_units(unit_ids=list(by_unit), since=since):
        by_unit[person.unit_id].append(person)
    return [UnitOverview(unit=u, staff_count=u.staff_total, newcomers=by_unit[u.pk]) for u in units]


@dataclass
class AdministrationFigures:
    name: str
    staff: Cell
    newcomers: Cell


@dataclass
class StaffFigures:
    rows: list[AdministrationFigures]
    staff_total: Cell
    newcomers_total: Cell
    since: datetime.date


def staff_figures_by_administration() -> StaffFigures:
    """Staff and newcomers of the last 12 months per administration, small cells hidden."""
    since = timezone.localdate() - datetime.timedelta(days=365)
    today = timezone.localdate()
    active = Q(units__staff__is_active=True) & (
        Q(units__staff__end_date__isnull=True) | Q(units__staff__end_date__gt=today)
    )
    rows = list(
        Administration.objects.annotate(
            staff=Count("units__staff", filter=active, distinct=True),
            newcomers=Count(
                "units__staff",
                filter=active
                & Q(units__staff__start_date__gte=since, units__staff__start_date__lte=today)
                & Q(units__staff__role_assignments__role=Role.NEWCOMER),
                distinct=True,
            ),
        ).order_by("name")
    )
    staff = suppress([r.staff for r in rows])
    newcomers = suppress([r.newcomers for r in rows])
    return StaffFigures(
        rows=[
            AdministrationFigures(name=r.name, staff=s, newcomers=n)
            for r, s, n in zip(rows, staff, newcomers, strict=True)
        ],
        staff_total=total_cell([r.staff for r in rows]),
        newcomers_total=total_cell([r.newcomers for r in rows]),
        since=since,
    )
