import datetime
from decimal import Decimal

import pytest

from lms.plans.models import ItemKind, Phase, PlanTemplate, Responsible, TemplateItem
from lms.plans.services.creation import plan_create
from lms.plans.services.lifecycle import plan_mentor_set
from lms.programme.models import Module, Part, Programme

START = datetime.date(2027, 1, 11)  # a Monday, week 2


@pytest.fixture
def newcomer(newcomer):
    newcomer.start_date = START
    newcomer.save()
    return newcomer


@pytest.fixture
def programme(db):
    programme = Programme.objects.create(
        name="Introduktionsprogrammet", version=1, valid_from=START, is_current=True
    )
    part1 = Part.objects.create(programme=programme, number=1, title="Del 1", deadline_months=4)
    part2 = Part.objects.create(programme=programme, number=2, title="Del 2", deadline_months=24)
    Module.objects.create(
        part=part1,
        title="Bemötande och samtal",
        slug="samtal",
        length_days=Decimal("1"),
        practise_text="Håll ett samtal med din handledare som observatör.",
    )
    Module.objects.create(part=part2, title="Utredning", slug="utredning", length_days=2)
    return programme


@pytest.fixture
def template(db):
    template = PlanTemplate.objects.create(family="bou", name="Barn och unga, nyutexaminerad")

    def item(title, phase, offset, responsible=Responsible.NEWCOMER, **extra):
        return TemplateItem.objects.create(
            template=template,
            title=title,
            phase=phase,
            due_offset_days=offset,
            kind=extra.pop("kind", ItemKind.TASK),
            responsible=responsible,
            **extra,
        )

    item("Dator, telefon och nycklar klara", Phase.BEFORE_START, -3, Responsible.MANAGER)
    read = item("Läs riktlinjen för barnutredningar", Phase.FIRST_WEEK, 4, kind=ItemKind.READING)
    item(
        "Gå bredvid på ett hembesök",
        Phase.FIRST_MONTH,
        20,
        Responsible.SUPERVISOR,
        kind=ItemKind.SHADOWING,
        waits_for=read,
    )
    return template


def make_plan(*, newcomer, template, by, mentor=None, supervisor=None):
    """A plan as the product makes it: created by the manager, the mentor copied in by
    mentoring's pairing (plan_mentor_set), as lms.mentoring does."""
    plan = plan_create(newcomer=newcomer, template=template, by=by, supervisor=supervisor)
    if mentor is not None:
        plan_mentor_set(plan=plan, mentor=mentor, by=by)
        plan.refresh_from_db()
    return plan
