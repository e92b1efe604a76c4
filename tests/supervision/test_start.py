"""The start-page sections of the supervision follow-up."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lms.accounts.models import Role
from tests.factories import UserFactory

from .dash import DAY, PRIVATE, SUMMARY, WEEK, held, late_follow_up, plan_for, planned
from .factories import SessionFactory

pytestmark = pytest.mark.django_db


def _start(client, person) -> str:
    client.force_login(person)
    return client.get(reverse("core:start")).content.decode()


@pytest.fixture
def plan(newcomer, supervisor, mentor):
    plan = plan_for(newcomer, supervisor=supervisor, mentor=mentor)
    for week in (0, 1, 3):
        held(supervisor, newcomer, plan.start_date + week * WEEK + DAY)
    return plan


def test_the_supervisor_sees_each_newcomers_sessions_and_missed_weeks(
    client, settings, plan, newcomer, supervisor
):
    session = held(supervisor, newcomer, plan.start_date + 3 * WEEK + 2 * DAY)
    late_follow_up(session, newcomer)
    coming = planned(supervisor, newcomer)
    html = _start(client, supervisor)
    assert "Mina nyanställda" in html and str(newcomer) in html
    assert "handledare" in html
    assert f"Senast: {timezone.localtime(session.starts_at):%Y-%m-%d}" in html
    assert f"Nästa: {timezone.localtime(coming.starts_at):%Y-%m-%d %H:%M}" in html
    assert "1 försenad överenskommelse" in html
    missed = [(plan.start_date + n * WEEK).isocalendar()[1] for n in (2, 4)]
    assert "Utan 1:1: " + ", ".join(f"v. {n}" for n in missed) in html
    assert f"/supervision/sessions/new/?newcomer={newcomer.pk}" in html
    assert reverse("supervision:dashboard") in html
    # The placeholder of the foundation is gone: the section above shows the newcomers.
    assert "Nyanställda jag handleder" not in html
    assert PRIVATE not in html and SUMMARY not in html


def test_the_mentor_sees_own_talks_and_no_weekly_count(client, plan, newcomer, mentor):
    html = _start(client, mentor)
    assert str(newcomer) in html and "mentor" in html
    assert "Senast: inget samtal ännu" in html
    assert "Utan 1:1" not in html


def test_the_plans_progress_and_sign_offs_stay(client, plan, supervisor):
    html = _start(client, supervisor)
    assert "0 av 0 klara" in html


def test_a_supervisor_of_no_plan_sees_what_will_come(client, supervisor):
    html = _start(client, supervisor)
    assert "Nyanställda jag handleder" in html
    assert "Du är inte handledare för någon nyanställd" in html
    assert "Mina nyanställda" not in html


def test_a_logged_session_shows_at_once(client, plan, newcomer, supervisor):
    before = _start(client, supervisor)
    assert "Senast: " + (plan.start_date + 3 * WEEK + DAY).isoformat() in before
    # A minute ago has started at every moment: 10:00 today had not, on a Monday morning.
    just_now = timezone.now() - datetime.timedelta(minutes=1)
    SessionFactory(author=supervisor, newcomers=[newcomer], starts_at=just_now)
    after = _start(client, supervisor)
    assert "Senast: " + timezone.localdate(just_now).isoformat() in after


def test_the_section_is_cached_until_something_changes(
    client, plan, supervisor, django_assert_max_num_queries
):
    _start(client, supervisor)
    with django_assert_max_num_queries(3):  # session, user, whether named on plans: cached
        client.get(reverse("core:start"))


def test_the_manager_is_led_to_the_units_supervision(client, plan, manager):
    html = _start(client, manager)
    assert "Handledning i mina enheter" in html and reverse("supervision:dashboard") in html


@pytest.mark.moment("monday-morning")  # a fortnight without holidays (see test_flags)
def test_the_managers_attention_list_follows_a_logged_session(
    client, newcomer, manager, supervisor
):
    from .factories import PlanFactory

    PlanFactory(
        newcomer=newcomer, supervisor=supervisor, start_date=timezone.localdate() - 30 * DAY
    )
    assert "Ingen handledning på två veckor" in _start(client, manager)
    held(supervisor, newcomer, timezone.localdate() - DAY)
    assert "Ingen handledning på två veckor" not in _start(client, manager)


def test_the_supervisors_start_page_costs_the_same_for_few_and_many_newcomers(
    client, unit, supervisor, mentor, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lms.core import versions

    def make(n):
        for _ in range(n):
            person = UserFactory(unit=unit, roles=[Role.NEWCOMER])
            plan = plan_for(person, supervisor=supervisor, mentor=mentor)
            session = held(supervisor, person, plan.start_date + DAY)
            late_follow_up(session, person)
            planned(supervisor, person)

    make(1)
    client.force_login(supervisor)
    client.get(reverse("core:start"))
    versions.bump("supervision")
    versions.bump("plans")
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("core:start"))
    few_count = len(few.captured_queries)
    make(5)
    client.get(reverse("core:start"))
    versions.bump("supervision")
    versions.bump("plans")
    with django_assert_num_queries(few_count):
        html = client.get(reverse("core:start")).content.decode()
    assert html.count("1 försenad överenskommelse") == 6
