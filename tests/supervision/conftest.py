import datetime

import pytest
from django.utils import timezone

from lms.accounts.models import Role
from lms.plans.models import ItemKind, Phase, PlanItem, Responsible
from lms.supervision import services
from lms.supervision.models import SessionKind
from tests.factories import UserFactory

from .factories import PlanFactory

NOTE = "Privat: verkar trött, fråga om arbetsbelastningen nästa gång."
SUMMARY = "Vi gick igenom din första utredning och hur du skriver bedömningen."


@pytest.fixture
def plan(newcomer, mentor, supervisor):
    return PlanFactory(newcomer=newcomer, mentor=mentor, supervisor=supervisor)


@pytest.fixture
def newcomer2(unit):
    return UserFactory(email="ny3@example.test", unit=unit, roles=[Role.NEWCOMER])


@pytest.fixture
def plan2(newcomer2, supervisor):
    return PlanFactory(newcomer=newcomer2, supervisor=supervisor)


@pytest.fixture
def stranger(db):
    return UserFactory(email="okand@example.test", roles=[Role.MENTOR])


@pytest.fixture
def item(plan):
    return PlanItem.objects.create(
        plan=plan,
        phase=Phase.FIRST_MONTH,
        title="Läs riktlinjen för barnutredningar",
        kind=ItemKind.READING,
        responsible=Responsible.NEWCOMER,
        due_date=plan.start_date + datetime.timedelta(days=10),
        status=PlanItem.Status.OPEN,
    )


def an_hour_ago() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(hours=1)


@pytest.fixture
def log(supervisor, newcomer, plan):
    """Log a session through the service: a held 1:1 an hour ago by the supervisor."""

    def log(**values):
        values.setdefault("by", supervisor)
        values.setdefault("kind", SessionKind.ONE_TO_ONE)
        values.setdefault("starts_at", an_hour_ago())
        values.setdefault("duration_minutes", 60)
        values.setdefault("newcomers", [newcomer])
        values.setdefault("shared_summary", SUMMARY)
        values.setdefault("private_note", NOTE)
        return services.session_log(**values)

    return log
