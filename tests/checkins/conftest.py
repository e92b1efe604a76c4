import datetime

import pytest
from django.utils import timezone

from lms.accounts.models import Role
from tests.factories import UserFactory

from .factories import PlanFactory

DAY = datetime.timedelta(days=1)


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def plan(newcomer, unit, today):
    """Started 45 days ago: the one-month check-in is open, until month four."""
    return PlanFactory(newcomer=newcomer, unit=unit, start_date=today - 45 * DAY)


@pytest.fixture
def other_manager(other_unit):
    return UserFactory(
        email="chef2@example.test",
        unit=other_unit,
        roles=[(Role.MANAGER, other_unit)],
        mfa_exempt=True,
    )


@pytest.fixture
def ratings():
    return {"joy": 4, "manager": 3, "group": 5, "contribution": 2}
