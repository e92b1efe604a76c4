import datetime

import pytest
from django.utils import timezone

from lms.accounts.models import Role
from lms.mentoring.models import MentorProfile
from tests.factories import AdministrationFactory, UnitFactory, UserFactory

from .factories import MentorProfileFactory, years_ago

DAY = datetime.timedelta(days=1)


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def newcomer(newcomer, today):
    """Starts in ten days."""
    newcomer.start_date = today + 10 * DAY
    newcomer.save()
    return newcomer


@pytest.fixture
def mentor(mentor):
    """The shared fixture's mentor, proficient and in the pool."""
    mentor.in_profession_since = years_ago(3)
    mentor.save()
    MentorProfileFactory(user=mentor)
    return mentor


@pytest.fixture
def profile(mentor):
    return MentorProfile.objects.get(user=mentor)


@pytest.fixture
def in_pool():
    """in_pool(unit=…, years=…, **profile fields) → a user in the pool."""

    def make(unit, years=3, roles=(Role.MENTOR,), **fields):
        person = UserFactory(unit=unit, in_profession_since=years_ago(years), roles=list(roles))
        MentorProfileFactory(user=person, **fields)
        return person

    return make


@pytest.fixture
def neighbour_unit(unit):
    """Another unit in the same administration and area as `unit`."""
    return UnitFactory(
        administration=unit.administration, area=unit.area, name="Barn och unga Väst"
    )


@pytest.fixture
def far_unit(unit):
    """Same area, another administration."""
    return UnitFactory(
        administration=AdministrationFactory(), area=unit.area, name="Barn och unga Söder"
    )
