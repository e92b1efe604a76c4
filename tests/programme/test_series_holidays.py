"""A series passes over holidays and the municipality's closed days, and says which."""

import datetime

import pytest
from django.urls import reverse

from lms.organisation.models import ClosedDay
from lms.organisation.workdays import WorkCalendar
from lms.programme import services
from lms.programme.models import CourseSession
from tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def rule(**extra):
    data = {
        "first_month": D(2027, 3, 1),
        "last_month": D(2027, 3, 1),
        "weekday": 0,  # Monday
        "nth": -1,
    }
    data.update(extra)
    return services.SeriesRule(**data)


def test_a_session_on_easter_monday_starts_the_next_day_and_says_why():
    plan = services.series_plan(rule(), calendar=WorkCalendar())
    assert plan.sessions == [[D(2027, 3, 30)]]
    assert plan.skipped == [(D(2027, 3, 29), "Annandag påsk")]


def test_a_course_of_several_days_goes_on_after_the_holidays():
    plan = services.series_plan(rule(weekday=3, n_days=3), calendar=WorkCalendar())
    assert plan.sessions == [[D(2027, 3, 25), D(2027, 3, 30), D(2027, 3, 31)]]
    # The weekend is not reported: nobody would plan a course then.
    assert [day for day, _name in plan.skipped] == [D(2027, 3, 26), D(2027, 3, 29)]


def test_a_series_without_days_off_skips_nothing():
    plan = services.series_plan(
        rule(first_month=D(2027, 1, 1), last_month=D(2027, 2, 1), weekday=1, nth=2),
        calendar=WorkCalendar(),
    )
    assert plan.sessions == [[D(2027, 1, 12)], [D(2027, 2, 9)]]
    assert plan.skipped == []


def test_the_coordinators_municipality_closed_days_are_passed_over(coordinator, module, unit):
    coordinator.unit = unit
    coordinator.save()
    municipality = unit.administration.municipality
    ClosedDay.objects.create(municipality=municipality, date=D(2027, 5, 31), name="Personaldag")
    sessions = services.session_series_create(
        by=coordinator,
        module=module,
        rule=rule(first_month=D(2027, 5, 1), last_month=D(2027, 5, 1)),
        capacity=20,
    )
    assert [[d.date for d in s.days.all()] for s in sessions] == [[D(2027, 6, 1)]]


def test_a_coordinator_without_a_unit_follows_the_only_municipality(coordinator, module):
    municipality = MunicipalityFactory()
    ClosedDay.objects.create(municipality=municipality, date=D(2027, 5, 31), name="Personaldag")
    plan = services.series_plan(
        rule(first_month=D(2027, 5, 1), last_month=D(2027, 5, 1)),
        calendar=services.series_calendar(by=coordinator),
    )
    assert plan.skipped == [(D(2027, 5, 31), "Personaldag")]


def _form(module, **extra):
    data = {
        "module": module.pk,
        "first_month": "2027-03",
        "last_month": "2027-04",
        "nth": "-1",
        "weekday": "0",
        "skip_months": ["7"],
        "n_days": "1",
        "start": "09:00",
        "end": "16:00",
        "capacity": "20",
        "deadline_days_before": "14",
        "place": "Stadshuset, sal 3",
        "online_url": "",
        "trainers": "",
        "publish": "",
    }
    data.update(extra)
    return data


def test_the_preview_lists_the_days_passed_over(client, coordinator, module):
    client.force_login(coordinator)
    response = client.post(reverse("programme:session_series"), _form(module, preview="1"))
    html = response.content.decode()
    assert "Dagar som hoppades över" in html
    assert "2027-03-29</span>: Annandag påsk" in html
    assert "2027-03-30 (v. 13)" in html
    assert not CourseSession.objects.exists()


def test_creating_the_series_tells_which_days_were_passed_over(client, coordinator, module):
    client.force_login(coordinator)
    response = client.post(reverse("programme:session_series"), _form(module), follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert "Röda dagar och stängda dagar hoppades över: 2027-03-29 (Annandag påsk)." in messages
    assert CourseSession.objects.count() == 2


def test_a_series_without_days_off_says_nothing_about_them(client, coordinator, module):
    client.force_login(coordinator)
    data = _form(module, first_month="2027-04", last_month="2027-04")
    response = client.post(reverse("programme:session_series"), data, follow=True)
    assert not any("hoppades över" in str(m) for m in response.context["messages"])
