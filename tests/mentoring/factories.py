"""Factories for mentoring. A mentor here is proficient (three years in the profession)
unless a test says otherwise."""

import datetime

import factory
from django.utils import timezone

from lms.accounts.models import Role, RoleAssignment
from lms.mentoring.models import MentorPairing, MentorProfile
from tests.factories import UserFactory


def years_ago(years: float) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=round(years * 365.25))


class MentorFactory(UserFactory):
    """A colleague with the mentor role and three years in the profession."""

    in_profession_since = factory.LazyFunction(lambda: years_ago(3))

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for item in extracted if extracted is not None else [Role.MENTOR]:
            role, unit = item if isinstance(item, tuple) else (item, None)
            RoleAssignment.objects.create(user=self, role=role, unit=unit)
        self.forget_roles()


class MentorProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentorProfile

    user = factory.SubFactory(MentorFactory)
    capacity = 2
    source = MentorProfile.Source.VOLUNTEERED


class PairingFactory(factory.django.DjangoModelFactory):
    """A running pairing that started a month ago (written directly, no e-mail)."""

    class Meta:
        model = MentorPairing

    newcomer = factory.SubFactory(UserFactory)
    mentor = factory.SubFactory(MentorFactory)
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    planned_ends_on = factory.LazyAttribute(lambda o: o.starts_on + datetime.timedelta(days=365))
