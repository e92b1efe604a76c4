"""Upgrading: plans that named a mentor before mentoring existed get a running pairing."""

import datetime
import importlib

import pytest
from django.apps import apps

from lms.accounts.models import Role
from lms.mentoring.models import MentorPairing, MentorProfile
from lms.plans.models import IntroductionPlan
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
migration = importlib.import_module("lms.mentoring.migrations.0002_pairings_for_existing_plans")


def test_an_active_plan_with_a_mentor_gets_a_pairing_and_the_mentor_a_profile(unit):
    mentor = UserFactory(unit=unit, roles=[Role.MENTOR])
    start = datetime.date(2028, 2, 29)
    plans = [
        IntroductionPlan.objects.create(
            newcomer=UserFactory(unit=unit), unit=unit, start_date=start, mentor=mentor
        )
        for _ in range(3)
    ]
    closed = IntroductionPlan.objects.create(
        newcomer=UserFactory(unit=unit),
        unit=unit,
        start_date=start,
        mentor=mentor,
        status=IntroductionPlan.Status.CLOSED,
    )
    migration.pair_existing(apps, None)
    migration.pair_existing(apps, None)  # a second run changes nothing
    pairings = MentorPairing.objects.order_by("pk")
    assert [p.plan_id for p in pairings] == [p.pk for p in plans]
    assert closed.pk not in {p.plan_id for p in pairings}
    first = pairings[0]
    assert (first.starts_on, first.planned_ends_on) == (start, datetime.date(2029, 2, 28))
    profile = MentorProfile.objects.get(user=mentor)
    assert profile.capacity == 3 and profile.is_active
