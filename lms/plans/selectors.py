"""Reads for plans, already filtered for the viewer (twins of rules.py)."""

from __future__ import annotations

from django.db.models import F, Q, QuerySet
from django.shortcuts import get_object_or_404

from lms.accounts.models import User
from lms.accounts.rules import is_admin

from .models import IntroductionPlan, PlanTemplate


def plan_list(*, viewer: User) -> QuerySet[IntroductionPlan]:
    """Plans the viewer may open: own, as mentor or supervisor, own units', or all for
    administrators. HR gets none: HR follows figures, not people's plans."""
    qs = IntroductionPlan.objects.select_related(
        "newcomer", "unit", "mentor", "supervisor", "template"
    )
    if is_admin.test(viewer):
        return qs
    return qs.filter(
        Q(newcomer=viewer)
        | Q(mentor=viewer)
        | Q(supervisor=viewer)
        | Q(unit_id__in=viewer.managed_unit_ids)
    )


def plan_get(*, viewer: User, pk: int) -> IntroductionPlan:
    return get_object_or_404(plan_list(viewer=viewer), pk=pk)


def templates_for(*, newcomer: User) -> QuerySet[PlanTemplate]:
    """Current templates that fit the newcomer's area and kind, the best fit first."""
    area_id = newcomer.unit.area_id if newcomer.unit_id else None
    return (
        PlanTemplate.objects.filter(is_current=True)
        .filter(Q(area__isnull=True) | Q(area_id=area_id))
        .filter(Q(newcomer_kind="") | Q(newcomer_kind=newcomer.newcomer_kind))
        .order_by(F("area_id").desc(nulls_last=True), "-newcomer_kind", "name")
    )
