"""The plan list's flag "Ingen handledning på två veckor"."""

import pytest
from django.urls import reverse
from django.utils import timezone

from lms.accounts.models import Role
from lms.supervision.models import Session, SessionKind
from tests.factories import UserFactory

from .dash import DAY, held, plan_for, planned
from .factories import AbsenceFactory, PlanFactory

# The flag's own rules, on a fortnight without public holidays: days off excuse a
# fortnight like an absence (tests/supervision/test_compliance_holidays.py), so around
# Christmas or Easter no newcomer here would be flagged at all.
pytestmark = [pytest.mark.django_db, pytest.mark.moment("monday-morning")]
FLAG = "Ingen handledning på två veckor"


def _list(client, person) -> str:
    client.force_login(person)
    return client.get(reverse("plans:plan_list")).content.decode()


def _started(newcomer, days_ago, **extra):
    return PlanFactory(newcomer=newcomer, start_date=timezone.localdate() - days_ago * DAY, **extra)


def test_a_newcomer_without_supervision_for_two_weeks_is_flagged(client, newcomer, manager):
    _started(newcomer, 30)
    assert FLAG in _list(client, manager)


def test_a_supervision_session_in_the_last_two_weeks_clears_the_flag(
    client, newcomer, manager, supervisor
):
    _started(newcomer, 30, supervisor=supervisor)
    held(supervisor, newcomer, timezone.localdate() - 13 * DAY, kind=SessionKind.GROUP)
    assert FLAG not in _list(client, manager)


def test_a_mentor_talk_a_planned_or_an_old_session_does_not_count(
    client, newcomer, manager, supervisor, mentor
):
    _started(newcomer, 30, supervisor=supervisor, mentor=mentor)
    held(mentor, newcomer, timezone.localdate() - 2 * DAY, kind=SessionKind.MENTOR_TALK)
    held(supervisor, newcomer, timezone.localdate() - 15 * DAY)
    planned(supervisor, newcomer)
    held(supervisor, newcomer, timezone.localdate() - 3 * DAY, status=Session.Status.CANCELLED)
    assert FLAG in _list(client, manager)


def test_too_early_to_flag(client, newcomer, manager):
    _started(newcomer, 10)
    assert FLAG not in _list(client, manager)


def test_after_the_period_of_regular_1_1s_there_is_no_flag(client, newcomer, manager, unit):
    municipality = unit.administration.municipality
    municipality.one_to_one_months = 1
    municipality.save()
    _started(newcomer, 40)
    assert FLAG not in _list(client, manager)


def test_an_absence_over_three_working_days_in_the_fortnight_clears_the_flag(
    client, newcomer, manager
):
    _started(newcomer, 30)
    today = timezone.localdate()
    absence = AbsenceFactory(
        newcomer=newcomer, starts_on=today - 14 * DAY, ends_on=today - 14 * DAY
    )
    assert FLAG in _list(client, manager)
    absence.ends_on = today
    absence.save()
    assert FLAG not in _list(client, manager)


def test_closed_plans_are_not_flagged(client, newcomer, manager):
    plan = _started(newcomer, 30)
    plan.status = plan.Status.CLOSED
    plan.save()
    client.force_login(manager)
    html = client.get(reverse("plans:plan_list") + "?closed=1").content.decode()
    assert str(newcomer) in html and FLAG not in html


def test_the_cached_list_is_rebuilt_when_a_session_is_logged(
    client, newcomer, manager, supervisor, django_assert_max_num_queries
):
    _started(newcomer, 30, supervisor=supervisor)
    assert FLAG in _list(client, manager)
    # the table comes from the cache; and the version counters, read once per request
    with django_assert_max_num_queries(3):
        client.get(reverse("plans:plan_list"))
    held(supervisor, newcomer, timezone.localdate() - DAY)
    assert FLAG not in _list(client, manager)


def test_the_flags_cost_the_same_for_one_and_many_plans(
    client, unit, manager, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lms.core import versions

    def make(n):
        for _ in range(n):
            _started(UserFactory(unit=unit, roles=[Role.NEWCOMER]), 30)

    make(1)
    client.force_login(manager)
    client.get(reverse("plans:plan_list"))
    versions.bump("supervision")
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("plans:plan_list"))
    few_count = len(few.captured_queries)
    make(5)
    client.get(reverse("plans:plan_list"))  # the roles again: new people bumped their version
    versions.bump("supervision")
    with django_assert_num_queries(few_count):
        html = client.get(reverse("plans:plan_list")).content.decode()
    assert html.count(FLAG) == 6


def test_the_supervisor_sees_the_flag_on_their_own_list(client, newcomer, supervisor):
    plan_for(newcomer, supervisor=supervisor, weeks_ago=4)
    assert FLAG in _list(client, supervisor)
