"""HR's counts per unit (/supervision/figures/): counts only, small units hidden."""

import pytest
from django.urls import reverse

from lms.accounts.models import Role
from lms.core import versions
from lms.supervision.dashboard.selectors import unit_figures
from lms.supervision.models import SessionKind
from tests.factories import UnitFactory, UserFactory

from .dash import DAY, PRIVATE, SUMMARY, WEEK, held, plan_for
from .factories import AbsenceFactory

pytestmark = pytest.mark.django_db
URL = "/supervision/figures/"


def _newcomers(unit, supervisor, mentor, count, weeks=(0, 1, 3)):
    people = []
    for _ in range(count):
        person = UserFactory(unit=unit, roles=[Role.NEWCOMER])
        plan = plan_for(person, supervisor=supervisor, mentor=mentor)
        for week in weeks:
            held(supervisor, person, plan.start_date + week * WEEK + DAY)
        held(mentor, person, plan.start_date + 2 * WEEK, kind=SessionKind.MENTOR_TALK)
        people.append(person)
    return people


@pytest.fixture
def city(unit, other_unit, supervisor, mentor):
    big = _newcomers(unit, supervisor, mentor, 5)
    small = _newcomers(other_unit, supervisor, mentor, 2)
    return big, small


def test_hr_sees_counts_per_unit(client, city, hr, unit):
    client.force_login(hr)
    response = client.get(URL)
    assert response.status_code == 200
    rows = {r.unit: r for r in response.context["figures"].rows}
    big = rows[unit.name]
    # five newcomers, three 1:1s each in five weeks (weeks 3 and 5 without one)
    assert (big.newcomers, big.one_to_ones, big.met, big.due, big.share, big.mentor_talks) == (
        5,
        15,
        15,
        25,
        60,
        5,
    )
    html = response.content.decode()
    assert "60 %" in html and ">15<" in html


def test_a_unit_with_fewer_than_five_newcomers_shows_no_figures(client, city, hr, other_unit):
    client.force_login(hr)
    html = client.get(URL).content.decode()
    row = html.split(other_unit.name, 1)[1].split("</tr>", 1)[0]
    assert "färre än 5" in row and ">2<" not in row and ">6<" not in row
    assert "så att ingen enskild person kan pekas ut" in html


def test_no_names_and_no_contents_on_the_page(client, city, hr, supervisor, mentor):
    big, small = city
    client.force_login(hr)
    html = client.get(URL).content.decode()
    for person in [*big, *small, supervisor, mentor]:
        assert person.last_name not in html
    assert PRIVATE not in html and SUMMARY not in html


def test_absences_are_left_out_of_the_share(client, city, hr, unit):
    big, _small = city
    for person in big:
        plan = person.introduction_plans.get()
        week = plan.start_date + 2 * WEEK
        AbsenceFactory(newcomer=person, starts_on=week, ends_on=week + 4 * DAY)
    rows = {r.unit: r for r in unit_figures().rows}
    assert (rows[unit.name].met, rows[unit.name].due, rows[unit.name].share) == (15, 20, 75)


def test_who_is_counted(supervisor, mentor, unit):
    _newcomers(unit, supervisor, mentor, 4)
    closed = plan_for(UserFactory(unit=unit), supervisor=supervisor)
    closed.status = closed.Status.CLOSED
    closed.save()
    plan_for(UserFactory(unit=unit), weeks_ago=-2)  # not started
    plan_for(UserFactory(unit=unit), weeks_ago=60)  # the year of regular 1:1s is over
    (row,) = unit_figures().rows
    assert row.newcomers == 4 and row.hidden


@pytest.mark.parametrize("who", ["manager", "supervisor", "mentor", "newcomer", "coordinator"])
def test_everyone_but_hr_and_administrators_is_refused(client, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(URL).status_code == 403


def test_administrators_see_the_counts(client, admin_user):
    client.force_login(admin_user)
    response = client.get(URL)
    assert response.status_code == 200
    assert "Ingen nyanställd är inne i perioden" in response.content.decode()


def test_login_is_needed(client):
    assert client.get(URL).status_code == 302


@pytest.mark.parametrize("units", [1, 3])
def test_the_counts_cost_the_same_for_few_and_many_units(
    client, hr, supervisor, mentor, units, django_assert_num_queries
):
    for _ in range(units):
        _newcomers(UnitFactory(), supervisor, mentor, 2)
    client.force_login(hr)
    client.get(URL)
    versions.bump("supervision")  # built afresh:
    # session, user, plans, 1:1s, absences, session counts
    with django_assert_num_queries(7):  # + 1: the version counters, read once per request
        response = client.get(URL)
    assert len(response.context["figures"].rows) == units
    with django_assert_num_queries(3):  # session, user, versions: the table comes from the cache
        client.get(URL)


def test_the_cached_counts_follow_a_held_1_1(client, city, hr, unit, supervisor):
    client.force_login(hr)
    rows = {r.unit: r for r in client.get(URL).context["figures"].rows}
    before = rows[unit.name].one_to_ones
    newcomer = city[0][0]
    held(supervisor, newcomer, newcomer.introduction_plans.get().start_date + 4 * WEEK)
    response = client.get(URL)
    rows = {r.unit: r for r in response.context["figures"].rows}
    assert rows[unit.name].one_to_ones == before + 1
    assert f'<td class="num">{before + 1}</td>' in response.content.decode()


def test_hr_reaches_the_counts_from_the_start_page(client, hr):
    client.force_login(hr)
    html = client.get(reverse("core:start")).content.decode()
    assert reverse("supervision:figures") in html and "Handledning per enhet" in html
