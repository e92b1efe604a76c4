"""Factories for the session log. A plan here is bare (no items) unless a test adds some."""

import datetime

import factory
from django.utils import timezone

from lms.plans.models import IntroductionPlan
from lms.supervision.models import Absence, FollowUp, Session, SessionKind, SessionParticipant
from tests.factories import UnitFactory, UserFactory


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IntroductionPlan

    newcomer = factory.SubFactory(UserFactory)
    unit = factory.LazyAttribute(lambda o: o.newcomer.unit or UnitFactory())
    start_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=60))


class SessionFactory(factory.django.DjangoModelFactory):
    """A held 1:1 a week ago. Pass `newcomers=[...]` to add participants (with their
    active plan, if any)."""

    class Meta:
        model = Session
        skip_postgeneration_save = True

    kind = SessionKind.ONE_TO_ONE
    status = Session.Status.HELD
    starts_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=7))
    duration_minutes = 60
    author = factory.SubFactory(UserFactory)
    shared_summary = "Vi gick igenom din första utredning."
    private_note = "Privat: verkar stressad."

    @factory.post_generation
    def newcomers(self, create, extracted, **kwargs):
        for person in extracted or ():
            plan = IntroductionPlan.objects.filter(
                newcomer=person, status=IntroductionPlan.Status.ACTIVE
            ).first()
            SessionParticipant.objects.create(session=self, newcomer=person, plan=plan)


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    session = factory.SubFactory(SessionFactory)
    newcomer = factory.SubFactory(UserFactory)
    text = "Läs delegationsordningen"
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))


class AbsenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Absence

    newcomer = factory.SubFactory(UserFactory)
    kind = Absence.Kind.HOLIDAY
    starts_on = factory.LazyFunction(timezone.localdate)
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=4))
