"""A hand-built city for the follow-up: every fact of every newcomer is chosen, so every
figure has a known answer."""

import datetime

import pytest

from lms.accounts.models import Role
from lms.mentoring.models import MentorPairing
from lms.plans.models import ItemKind, Phase, PlanItem, Responsible
from lms.programme.models import Module, ModuleCompletion, Part, Programme
from tests.checkins.factories import PlanFactory
from tests.factories import AdministrationFactory, UnitFactory, UserFactory, give_role

TODAY = datetime.date(2026, 12, 1)
START = datetime.date(2025, 3, 3)  # a Monday in the first half of 2025


def days(n, since=START):
    return since + datetime.timedelta(days=n)


@pytest.fixture
def programme(db):
    programme = Programme.objects.create(
        name="Introduktionsprogrammet", valid_from=days(-400), is_current=True
    )
    part1 = Part.objects.create(programme=programme, number=1, title="Del 1", deadline_months=4)
    part2 = Part.objects.create(programme=programme, number=2, title="Del 2", deadline_months=24)
    return {
        "m1": Module.objects.create(part=part1, title="Samtal", slug="samtal", length_days=1),
        "m2a": Module.objects.create(part=part2, title="Utredning", slug="utr", length_days=2),
        "m2b": Module.objects.create(part=part2, title="Dokumentation", slug="dok", length_days=1),
    }


@pytest.fixture
def city(db):
    administration = AdministrationFactory(name="Stadsdelsförvaltning Norr")
    return {
        "administration": administration,
        "a": UnitFactory(administration=administration, name="Barn och unga"),
        "b": UnitFactory(administration=administration, name="Vuxen"),
        "c": UnitFactory(administration=administration, name="Äldre"),
    }


@pytest.fixture
def newcomer(programme):
    """newcomer(unit, start, mentor_on=..., done={"m1": day}, end_date=..., ...)"""

    def make(unit, start=START, *, mentor_on=None, done=None, end_date=None, gender="", kind=""):
        person = UserFactory(
            unit=unit, start_date=start, end_date=end_date, gender=gender, newcomer_kind=kind
        )
        plan = PlanFactory(newcomer=person, unit=unit, start_date=start)
        for code, due in (
            ("m1", days(120, start)),
            ("m2a", days(730, start)),
            ("m2b", days(730, start)),
        ):
            PlanItem.objects.create(
                plan=plan,
                phase=Phase.FIRST_MONTH,
                title=programme[code].title,
                kind=ItemKind.MODULE,
                module=programme[code],
                responsible=Responsible.NEWCOMER,
                due_date=due,
            )
        for code, day in (done or {}).items():
            ModuleCompletion.objects.create(person=person, module=programme[code], completed_on=day)
        if mentor_on is not None:
            MentorPairing.objects.create(
                newcomer=person,
                mentor=UserFactory(),
                plan=plan,
                starts_on=mentor_on,
                planned_ends_on=days(365, mentor_on),
            )
        return plan

    return make


@pytest.fixture
def hr(db):
    return UserFactory(roles=[Role.HR], mfa_exempt=True)


@pytest.fixture
def manager_of(db):
    def make(unit):
        return give_role(UserFactory(mfa_exempt=True), Role.MANAGER, unit)

    return make
