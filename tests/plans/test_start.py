"""The start page's plan sections: the newcomer's week, the manager's units and the
mentor's and supervisor's newcomers."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lms.accounts.models import Role
from lms.plans.models import PlanItem
from lms.plans.services.creation import plan_create
from lms.plans.services.items import (
    plan_item_add,
    plan_item_complete,
    plan_item_request_signoff,
    plan_item_update,
)
from tests.factories import UserFactory

from .conftest import make_plan

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def plan(programme, template, manager, newcomer, mentor, supervisor, today):
    # Started three weeks ago: the first week's reading is overdue.
    newcomer.start_date = today - 21 * DAY
    newcomer.save()
    return make_plan(
        newcomer=newcomer, template=template, by=manager, mentor=mentor, supervisor=supervisor
    )


def _start(client, person) -> str:
    client.force_login(person)
    return client.get(reverse("core:start")).content.decode()


def test_the_newcomer_sees_what_is_late_this_week_and_next(client, plan, newcomer, mentor, today):
    plan_item_add(
        plan=plan,
        by=plan.created_by,
        title="Skriv din första journalanteckning",
        due_date=today,
        responsible="newcomer",
    )
    html = _start(client, newcomer)
    assert "Försenat" in html and "Läs riktlinjen för barnutredningar" in html
    assert "Den här veckan" in html and "Skriv din första journalanteckning" in html
    assert str(mentor) in html
    assert reverse("plans:plan_mine") in html


def test_before_day_one_the_newcomer_is_welcomed_with_the_date(
    client, programme, template, manager, newcomer, mentor, today
):
    newcomer.start_date = today + 10 * DAY
    newcomer.save()
    make_plan(newcomer=newcomer, template=template, by=manager, mentor=mentor)
    html = _start(client, newcomer)
    assert "Välkommen" in html and (today + 10 * DAY).isoformat() in html
    assert str(mentor) in html


def test_a_newcomer_without_a_plan_is_told_so(client, newcomer):
    assert "Din chef har inte lagt in din introduktionsplan ännu." in _start(client, newcomer)


def test_the_manager_sees_plans_to_act_on(client, plan, manager, newcomer, today):
    item = plan.items.get(title="Läs riktlinjen för barnutredningar")
    item.needs_signoff = True
    item.save()
    plan_item_request_signoff(item=item, by=newcomer)
    meeting = plan.items.filter(kind="check_in").order_by("due_date").first()
    plan_item_update(item=meeting, by=manager, revision=meeting.revision, due_date=today + 3 * DAY)
    html = _start(client, manager)
    assert "Introduktionsplaner i mina enheter" in html
    assert "1 pågående plan." in html
    assert "Väntar på ditt godkännande" in html and item.title in html
    assert "Uppföljningssamtal efter 1 månad" in html
    assert str(newcomer) in html


def test_mentor_and_supervisor_see_their_newcomers(client, plan, mentor, supervisor, newcomer):
    for person in (mentor, supervisor):
        html = _start(client, person)
        assert "Mina nyanställda" in html and str(newcomer) in html
    other_mentor = UserFactory(roles=[Role.MENTOR])
    assert "Mina nyanställda" not in _start(client, other_mentor)


def test_a_tick_shows_on_the_start_page_at_once(client, plan, newcomer):
    item = plan.items.get(title="Läs riktlinjen för barnutredningar")
    assert item.title in _start(client, newcomer)
    plan_item_complete(item=item, by=newcomer)
    assert item.title not in _start(client, newcomer)


def test_the_newcomer_start_page_is_cached_until_the_plan_changes(
    client, plan, newcomer, django_assert_max_num_queries
):
    _start(client, newcomer)
    with django_assert_max_num_queries(3):  # session, user, and nothing for the plan
        client.get(reverse("core:start"))
    assert PlanItem.objects.filter(plan=plan).exists()


def test_the_supervisors_start_page_costs_the_same_for_few_and_many_newcomers(
    client, programme, template, manager, unit, supervisor, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lms.core import versions
    from lms.plans.caching import PLANS

    def make(n):
        for _ in range(n):
            person = UserFactory(unit=unit, roles=[Role.NEWCOMER], start_date=timezone.localdate())
            plan_create(newcomer=person, template=template, by=manager, supervisor=supervisor)

    make(1)
    client.force_login(supervisor)
    client.get(reverse("core:start"))
    versions.bump(PLANS)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("core:start"))
    few_count = len(few.captured_queries)  # read now: the query log is a bounded deque
    make(6)
    client.get(reverse("core:start"))
    versions.bump(PLANS)
    with django_assert_num_queries(few_count):
        html = client.get(reverse("core:start")).content.decode()
    assert html.count("/plans/") >= 7
