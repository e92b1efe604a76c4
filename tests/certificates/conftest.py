import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from lms.accounts.models import Role
from lms.programme.models import Module, ModuleCompletion, Part, Programme
from tests.factories import UserFactory

START = datetime.date(2027, 1, 11)


@pytest.fixture(autouse=True)
def _swedish():
    """The language middleware activates a viewer's language and never resets it: pin
    Swedish so texts compared below do not depend on the order tests run in."""
    with translation.override("sv"):
        yield


@pytest.fixture
def newcomer(newcomer, unit):
    newcomer.first_name, newcomer.last_name = "Åsa", "Öberg"
    newcomer.start_date = START
    newcomer.save()
    municipality = unit.administration.municipality
    municipality.name = "Älvstads kommun"
    municipality.save()
    return newcomer


@pytest.fixture
def programme(db):
    programme = Programme.objects.create(
        name="Introduktionsprogrammet", version=1, valid_from=START, is_current=True
    )
    part1 = Part.objects.create(
        programme=programme, number=1, title="Del 1: Grundläggande introduktion", deadline_months=4
    )
    part2 = Part.objects.create(
        programme=programme, number=2, title="Del 2: Handläggningsprocessen", deadline_months=24
    )
    for position, (part, title, slug) in enumerate(
        [
            (part1, "Att arbeta i en politiskt styrd organisation", "politiskt-styrd"),
            (part1, "Bemötande, samtal och relationer", "bemotande"),
            (part2, "Utredning och bedömning", "utredning"),
        ]
    ):
        Module.objects.create(
            part=part, title=title, slug=slug, length_days=Decimal("1"), position=position
        )
    return programme


def complete(person, programme, *, part: int | None = None, on=datetime.date(2027, 3, 9)):
    """Completions of every module of one part (or the whole programme), on one day."""
    modules = Module.objects.filter(part__programme=programme)
    if part is not None:
        modules = modules.filter(part__number=part)
    for module in modules:
        ModuleCompletion.objects.get_or_create(
            person=person, module=module, defaults={"completed_on": on}
        )


@pytest.fixture
def other_manager(other_unit):
    return UserFactory(
        email="chef2@example.test",
        unit=other_unit,
        roles=[(Role.MANAGER, other_unit)],
        mfa_exempt=True,
    )
