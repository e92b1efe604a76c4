from lms.supervision.models import SessionParticipant
from tests.factories import UserFactory

from .factories import PlanFactory, SessionFactory


def test_a_session_factory_adds_newcomers_with_their_active_plan(db):
    plan = PlanFactory()
    session = SessionFactory(newcomers=[plan.newcomer, UserFactory()])
    rows = SessionParticipant.objects.filter(session=session).order_by("pk")
    assert (rows[0].newcomer, rows[0].plan) == (plan.newcomer, plan)
    assert rows[1].plan is None
