"""The printed plan: turns what the plan page shows into lms.documents.plan's data.

The renderer knows nothing of models, so this is where labels are translated (in the
language active for the request), names are chosen and the municipality is looked up.
It reads through selectors.plan_view, so the PDF lists exactly the items the page does:
removed items are left out, and the people responsible are the same.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.text import slugify

from lms.accounts.models import User
from lms.documents.plan import ItemRow, PhaseSection, PlanDocument
from lms.organisation.models import Unit

from . import selectors
from .models import IntroductionPlan, PlanItem


def plan_document(
    *, plan: IntroductionPlan, viewer: User, today: datetime.date | None = None
) -> PlanDocument:
    """The plan as it stands today, in a fixed number of queries (plan_view's, plus one
    for the unit's administration and municipality)."""
    today = today or timezone.localdate()
    view = selectors.plan_view(plan=plan, viewer=viewer, today=today, with_history=False)
    unit = Unit.objects.select_related("administration__municipality").get(pk=plan.unit_id)
    status = plan.get_status_display()
    if plan.status == IntroductionPlan.Status.CLOSED and plan.closed_reason:
        status = f"{status}: {plan.closed_reason}"
    return PlanDocument(
        municipality=unit.administration.municipality.name,
        administration=unit.administration.name,
        unit=unit.name,
        newcomer=str(plan.newcomer),
        start_date=plan.start_date,
        status=status,
        printed_on=today,
        managers=[str(person) for person in view.managers],
        mentor=str(plan.mentor) if plan.mentor else "",
        supervisor=str(plan.supervisor) if plan.supervisor else "",
        template=plan.template.name if plan.template else "",
        phases=[
            PhaseSection(title=str(phase.label), items=[_row(item) for item in phase.items])
            for phase in view.phases
        ],
    )


def _row(item: PlanItem) -> ItemRow:
    done = item.status == PlanItem.Status.DONE
    return ItemRow(
        title=item.title,
        kind=item.get_kind_display(),
        responsible=item.get_responsible_display(),
        people=[str(person) for person in item.responsible_people],
        due_date=item.due_date,
        status=item.get_status_display(),
        description=item.description,
        needs_signoff=item.needs_signoff,
        done=done,
        done_on=timezone.localdate(item.done_at) if done and item.done_at else None,
        overdue=item.is_overdue,
    )


def pdf_filename(*, plan: IntroductionPlan, printed_on: datetime.date) -> str:
    """introduktionsplan-oberg-2027-01-08.pdf: ASCII only, so every browser and mail
    client keeps it; the print date tells two printouts apart."""
    who = slugify(plan.newcomer.last_name) or slugify(plan.newcomer.get_full_name())
    return f"introduktionsplan-{who or plan.pk}-{printed_on.isoformat()}.pdf"
