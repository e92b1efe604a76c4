"""A plan item whose template offset lands on a day off is due on the next working day."""

import datetime

import pytest

from lms.organisation.models import ClosedDay
from lms.plans.models import ItemKind, Phase, Responsible, TemplateItem
from lms.plans.services.creation import plan_create

from .conftest import START

pytestmark = pytest.mark.django_db
D = datetime.date


def _add(template, title, offset):
    return TemplateItem.objects.create(
        template=template,
        title=title,
        phase=Phase.FIRST_YEAR,
        due_offset_days=offset,
        kind=ItemKind.TASK,
        responsible=Responsible.NEWCOMER,
    )


def _due(plan, title):
    return plan.items.get(title=title).due_date


def test_an_offset_on_a_holiday_moves_to_the_next_working_day(newcomer, manager, template):
    assert START + datetime.timedelta(days=74) == D(2027, 3, 26)  # Långfredagen
    _add(template, "Skriv din första utredning", 74)
    plan = plan_create(newcomer=newcomer, template=template, by=manager)
    # Annandag påsk and the weekend are passed over too.
    assert _due(plan, "Skriv din första utredning") == D(2027, 3, 30)


def test_an_offset_on_a_weekend_moves_to_monday(newcomer, manager, template):
    plan = plan_create(newcomer=newcomer, template=template, by=manager)
    # 20 days after Monday 2027-01-11 is a Sunday.
    assert _due(plan, "Gå bredvid på ett hembesök") == D(2027, 2, 1)


def test_an_offset_on_a_working_day_stays(newcomer, manager, template):
    plan = plan_create(newcomer=newcomer, template=template, by=manager)
    assert _due(plan, "Läs riktlinjen för barnutredningar") == D(2027, 1, 15)


def test_an_offset_on_the_municipalitys_closed_day_moves(newcomer, manager, template, unit):
    ClosedDay.objects.create(
        municipality=unit.administration.municipality, date=D(2027, 5, 7), name="Klämdag"
    )
    _add(template, "Reflektera över de första månaderna", 116)
    plan = plan_create(newcomer=newcomer, template=template, by=manager)
    assert _due(plan, "Reflektera över de första månaderna") == D(2027, 5, 10)


def test_another_municipalitys_closed_day_does_not_move_it(newcomer, manager, template):
    from tests.factories import MunicipalityFactory

    other = MunicipalityFactory(slug="annanstad", name="Annanstad")
    ClosedDay.objects.create(municipality=other, date=D(2027, 5, 7), name="Klämdag")
    _add(template, "Reflektera över de första månaderna", 116)
    plan = plan_create(newcomer=newcomer, template=template, by=manager)
    assert _due(plan, "Reflektera över de första månaderna") == D(2027, 5, 7)
