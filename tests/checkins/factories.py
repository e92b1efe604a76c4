"""Factories for check-in tests. A plan here is bare (no items); an answer is written
directly (as if given on `answered_at`), the service is tested on its own."""

import datetime

import factory
from django.utils import timezone

from lms.checkins.models import CheckIn
from lms.plans.models import IntroductionPlan
from tests.factories import UnitFactory, UserFactory


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IntroductionPlan

    newcomer = factory.SubFactory(UserFactory)
    unit = factory.LazyAttribute(lambda o: o.newcomer.unit or UnitFactory())
    start_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=45))


class CheckInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckIn

    plan = factory.SubFactory(PlanFactory)
    newcomer = factory.LazyAttribute(lambda o: o.plan.newcomer)
    unit = factory.LazyAttribute(lambda o: o.plan.unit)
    point = 1
    joy_rating = 4
    manager_rating = 3
    group_rating = 5
    contribution_rating = 2
    joy_text = "Glädjetext: hembesöken"
    manager_text = "Chefstext: veckomötena"
    group_text = "Grupptext: ärendedragningarna"
    contribution_text = "Bidragstext: BBIC-genomgången"
    message = ""
    shared = False
    answered_at = factory.LazyFunction(timezone.now)


#: Strings of the factory's answer that must never reach someone not allowed to read them.
SECRETS = (
    "Glädjetext",
    "Chefstext",
    "Grupptext",
    "Bidragstext",
)
