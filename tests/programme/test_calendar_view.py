"""The coordinators' month calendar: whole ISO weeks, week numbers, fill rates, drafts
marked, a fixed number of queries, and a clear message for a month it cannot read."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lms.accounts.models import Role
from lms.core import versions
from lms.programme import selectors, services
from lms.programme.caching import PROGRAMME
from tests.factories import UserFactory

from .conftest import days_from

pytestmark = pytest.mark.django_db
URL = reverse("programme:session_calendar")


@pytest.fixture
def march_session(coordinator, module):
    # Over the change to summer time (2027-03-28) and into April: both months show it.
    return services.session_create(
        by=coordinator,
        module=module,
        days=days_from(datetime.date(2027, 3, 31), 2),
        capacity=10,
        place="Stadshuset",
        publish=True,
    )


def test_the_grid_is_whole_weeks_from_monday_with_iso_week_numbers(coordinator, march_session):
    weeks = selectors.month_calendar(viewer=coordinator, year=2027, month=3)
    assert weeks[0].days[0].date == datetime.date(2027, 3, 1)  # a Monday
    assert weeks[-1].days[-1].date == datetime.date(2027, 4, 4)
    assert [w.number for w in weeks] == [9, 10, 11, 12, 13]
    entries = {d.date: d.entries for w in weeks for d in w.days if d.entries}
    assert set(entries) == {datetime.date(2027, 3, 31), datetime.date(2027, 4, 1)}
    assert not weeks[-1].days[-1].in_month


def test_coordinator_sees_sessions_with_fill_rate_and_drafts_marked(
    client, coordinator, manager, unit, march_session, module
):
    services.enrolment_nominate(
        session=march_session, person=UserFactory(unit=unit, roles=[Role.NEWCOMER]), by=manager
    )
    services.session_create(
        by=coordinator, module=module, days=days_from(datetime.date(2027, 3, 10), 1), capacity=5
    )
    client.force_login(coordinator)
    html = client.get(URL, {"month": "2027-03"}).content.decode()
    assert "Kalender mars 2027" in html
    assert "(1/10)" in html
    assert "Utkast" in html
    assert reverse("programme:session_detail", args=[march_session.pk]) in html
    assert "?month=2027-02" in html and "?month=2027-04" in html


def test_the_calendar_costs_the_same_for_few_and_many_sessions(
    client, coordinator, module, django_assert_num_queries
):
    client.force_login(coordinator)
    services.session_create(
        by=coordinator, module=module, days=days_from(datetime.date(2027, 5, 3), 1), capacity=5
    )
    client.get(URL, {"month": "2027-05"})
    versions.bump(PROGRAMME)  # built afresh, not from the fragment cache
    with CaptureQueriesContext(connection) as few:
        client.get(URL, {"month": "2027-05"})
    for day in range(4, 28):
        services.session_create(
            by=coordinator,
            module=module,
            days=days_from(datetime.date(2027, 5, day), 2),
            capacity=5,
        )
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(URL, {"month": "2027-05"})
    assert response.context["has_sessions"]
    assert (
        len(few.captured_queries) <= 5
    )  # session, user, sessions with counts, days; + the version counters, read once per request
    # session, user, versions: the month is cached until a change
    with django_assert_num_queries(3):
        client.get(URL, {"month": "2027-05"})


def test_the_month_field_is_a_plain_month_input_with_its_format_in_the_label(client, coordinator):
    # `pattern` is not allowed on type="month"; the server checks the value (below).
    client.force_login(coordinator)
    html = client.get(URL, {"month": "2027-03"}).content.decode()
    field = re.search(r"<input[^>]*type=\"month\"[^>]*>", html).group(0)
    assert 'value="2027-03"' in field
    assert "pattern=" not in field
    assert "Gå till månad (ÅÅÅÅ-MM)" in html


@pytest.mark.parametrize("value", ["mars", "2027-13", "1700-01", "2027-3-1"])
def test_a_month_it_cannot_read_shows_this_month_with_a_swedish_message(client, coordinator, value):
    client.force_login(coordinator)
    response = client.get(URL, {"month": value})
    assert response.status_code == 200
    assert "Månaden ska skrivas som ÅÅÅÅ-MM" in response.content.decode()
    assert response.context["month"].day == 1


@pytest.mark.parametrize("who", ["newcomer", "manager"])
def test_others_are_refused(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(URL).status_code == 403
