"""Plan events: a new plan tells the newcomer, the mentor and the supervisor; a sign-off
request tells those who may sign off, never the one who asked; each once, found from the
plan's history so a worker that was down catches up, and dropped when already settled."""

import datetime

import pytest
from django.utils import timezone, translation

from lms.accounts.models import Role
from lms.notifications import kinds, tasks
from lms.notifications.models import Notification
from lms.plans.models import (
    IntroductionPlan,
    ItemKind,
    Phase,
    PlanEvent,
    PlanItem,
    PlanTemplate,
    Responsible,
    TemplateItem,
)
from lms.plans.services.creation import plan_create
from tests.checkins.factories import PlanFactory
from tests.factories import UnitFactory, UserFactory, give_role

pytestmark = pytest.mark.django_db


def found(code, now=None):
    return tasks.scan("often", now or timezone.now())[code]


def recipients(code):
    return sorted(Notification.objects.filter(kind=code).values_list("recipient_id", flat=True))


def event(plan, kind, at=None, **kw):
    e = PlanEvent.objects.create(plan=plan, kind=kind, **kw)
    if at is not None:  # `at` is set on creation; move it for the test
        PlanEvent.objects.filter(pk=e.pk).update(at=at)
    return e


@pytest.fixture
def plan():
    unit = UnitFactory()
    return PlanFactory(
        newcomer=UserFactory(unit=unit, first_name="Nora", last_name="Ny"),
        unit=unit,
        mentor=UserFactory(),
        supervisor=UserFactory(),
        start_date=datetime.date(2026, 3, 2),
    )


def test_a_new_plan_tells_newcomer_mentor_and_supervisor_once(plan):
    event(plan, PlanEvent.Kind.CREATED)
    assert found("plan_created") == 3
    assert found("plan_created") == 0
    assert recipients("plan_created") == sorted(
        [plan.newcomer_id, plan.mentor_id, plan.supervisor_id]
    )
    own = Notification.objects.get(kind="plan_created", recipient=plan.newcomer)
    theirs = Notification.objects.get(kind="plan_created", recipient=plan.mentor)
    assert own.key == f"plan_created:{plan.pk}:{plan.newcomer_id}"
    assert own.url == f"/plans/{plan.pk}/"
    with translation.override("en"):
        assert own.title == "Your introduction plan is ready"
        assert theirs.title == "New introduction plan for Nora Ny"
        assert own.lines == [
            "The first day is 2026-03-02. The plan shows what is to be done, when and by whom."
        ]
    assert own.title == "Din introduktionsplan är klar"


def test_a_plan_without_mentor_or_supervisor_tells_the_newcomer_only():
    bare = PlanFactory()
    event(bare, PlanEvent.Kind.CREATED)
    assert found("plan_created") == 1
    assert recipients("plan_created") == [bare.newcomer_id]


def test_old_events_and_closed_plans_are_not_announced(plan):
    event(plan, PlanEvent.Kind.CREATED, at=timezone.now() - datetime.timedelta(days=3))
    closed = PlanFactory(status=IntroductionPlan.Status.CLOSED)
    event(closed, PlanEvent.Kind.CREATED)
    assert found("plan_created") == 0


def test_a_worker_that_was_down_catches_up_within_two_days(plan):
    event(plan, PlanEvent.Kind.CREATED, at=timezone.now() - datetime.timedelta(hours=30))
    assert found("plan_created") == 3


def test_created_through_the_service_is_announced():
    unit = UnitFactory()
    manager = give_role(UserFactory(unit=unit), Role.MANAGER, unit)
    newcomer = UserFactory(unit=unit)
    supervisor = give_role(UserFactory(unit=unit), Role.SUPERVISOR, unit)
    template = PlanTemplate.objects.create(family="bou", name="Barn och unga")
    TemplateItem.objects.create(
        template=template,
        title="Läs rutinen",
        phase=Phase.FIRST_WEEK,
        due_offset_days=3,
        kind=ItemKind.READING,
        responsible=Responsible.NEWCOMER,
    )
    plan_create(
        newcomer=newcomer,
        template=template,
        by=manager,
        supervisor=supervisor,
        start_date=timezone.localdate(),
    )
    assert found("plan_created") == 2
    # The manager who made the plan is not told of it.
    assert recipients("plan_created") == sorted([newcomer.pk, supervisor.pk])


# --- sign-off requests ------------------------------------------------------------------


def waiting_item(plan):
    return PlanItem.objects.create(
        plan=plan,
        phase=Phase.FIRST_MONTH,
        title="Läs rutinen för orosanmälan",
        kind="task",
        responsible=Responsible.NEWCOMER,
        due_date=datetime.date(2026, 3, 20),
        status=PlanItem.Status.SIGNOFF_REQUESTED,
    )


def test_a_signoff_request_goes_to_managers_and_supervisor_not_the_asker(plan):
    managers = [give_role(UserFactory(), Role.MANAGER, plan.unit) for _ in range(2)]
    give_role(UserFactory(), Role.MANAGER, UnitFactory())  # another unit's manager
    item = waiting_item(plan)
    e = event(plan, PlanEvent.Kind.SIGNOFF_REQUESTED, item=item, actor=plan.newcomer)
    assert found("signoff_requested") == 3
    assert found("signoff_requested") == 0
    assert recipients("signoff_requested") == sorted(
        [*(m.pk for m in managers), plan.supervisor_id]
    )
    n = Notification.objects.filter(kind="signoff_requested").first()
    assert n.key.startswith(f"signoff_requested:{e.pk}:")
    assert n.url == f"/plans/{plan.pk}/#item-{item.pk}"
    with translation.override("en"):
        assert n.title == "To sign off: Läs rutinen för orosanmälan (Nora Ny)"


def test_the_supervisor_who_asks_is_not_told_of_their_own_request(plan):
    manager = give_role(UserFactory(), Role.MANAGER, plan.unit)
    item = waiting_item(plan)
    event(plan, PlanEvent.Kind.SIGNOFF_REQUESTED, item=item, actor=plan.supervisor)
    assert found("signoff_requested") == 1
    assert recipients("signoff_requested") == [manager.pk]


def test_a_request_already_signed_off_is_not_found_and_not_sent(plan):
    give_role(UserFactory(), Role.MANAGER, plan.unit)
    item = waiting_item(plan)
    event(plan, PlanEvent.Kind.SIGNOFF_REQUESTED, item=item, actor=plan.newcomer)
    assert found("signoff_requested") == 2
    # Signed off before the worker sent the e-mail: the notice is dropped with a reason.
    PlanItem.objects.filter(pk=item.pk).update(status=PlanItem.Status.DONE)
    rows = list(Notification.objects.filter(kind="signoff_requested"))
    reasons = kinds.get("signoff_requested").stale(rows)
    assert set(reasons) == {n.pk for n in rows}
    assert {str(r) for r in reasons.values()} == {"Punkten väntar inte längre på godkännande."}
    # A new scan finds nothing for an item no longer waiting.
    Notification.objects.all().delete()
    assert found("signoff_requested") == 0
