"""Working days: Sweden's holidays from the `holidays` package and the municipality's own
closed days, answered in one place (lms.organisation.workdays)."""

import datetime

import pytest
from django.utils import translation

from lms.core import versions
from lms.organisation.models import ClosedDay
from lms.organisation.workdays import (
    WorkCalendar,
    is_working_day,
    national_holidays,
    next_working_day,
    work_calendar,
    working_days_in_week,
)
from tests.factories import MunicipalityFactory

D = datetime.date


@pytest.fixture(autouse=True)
def _swedish():
    with translation.override("sv"):
        yield


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (D(2027, 6, 25), "Midsommarafton"),
        (D(2027, 12, 24), "Julafton"),
        (D(2027, 12, 31), "Nyårsafton"),
        (D(2027, 3, 29), "Annandag påsk"),
        (D(2027, 3, 26), "Långfredagen"),
        (D(2027, 5, 6), "Kristi himmelsfärdsdag"),
    ],
)
def test_holidays_and_the_eves_are_days_off(day, name):
    calendar = WorkCalendar()
    assert calendar.day_off(day) == name
    assert not calendar.is_working_day(day)


def test_a_normal_sunday_is_no_holiday_but_no_working_day_either():
    sunday = D(2027, 3, 7)
    assert sunday not in national_holidays(2027)
    assert WorkCalendar().day_off(sunday) is None
    assert not WorkCalendar().is_working_day(sunday)


def test_only_real_holidays_fall_on_sundays_in_the_list():
    sundays = sorted(d for d in national_holidays(2027) if d.weekday() == 6)
    # Påskdagen, pingstdagen, nationaldagen and annandag jul fall on Sundays in 2027.
    assert sundays == [D(2027, 3, 28), D(2027, 5, 16), D(2027, 6, 6), D(2027, 12, 26)]


def test_holiday_names_follow_the_language():
    with translation.override("en"):
        assert WorkCalendar().day_off(D(2027, 12, 24)) == "Christmas Eve"


def test_an_ordinary_weekday_is_a_working_day():
    assert WorkCalendar().is_working_day(D(2027, 3, 9))


def test_the_next_working_day_passes_easter():
    assert WorkCalendar().next_working_day(D(2027, 3, 26)) == D(2027, 3, 30)
    assert WorkCalendar().next_working_day(D(2027, 3, 30)) == D(2027, 3, 30)


def test_working_days_in_a_week_leave_out_the_holidays():
    # Midsummer week 2027: midsommarafton is Friday.
    assert WorkCalendar().working_days_in_week(D(2027, 6, 23)) == [
        D(2027, 6, 21),
        D(2027, 6, 22),
        D(2027, 6, 23),
        D(2027, 6, 24),
    ]


@pytest.mark.django_db
def test_a_closed_day_is_no_working_day_in_its_own_municipality_only():
    mine = MunicipalityFactory(slug="alvstad", name="Älvstad")
    other = MunicipalityFactory(slug="annanstad", name="Annanstad")
    day = D(2027, 5, 7)  # the Friday after Ascension Day
    assert is_working_day(day, mine)
    ClosedDay.objects.create(municipality=mine, date=day, name="Klämdag")
    assert not is_working_day(day, mine)
    assert not is_working_day(day, mine.pk)
    assert is_working_day(day, other)
    assert is_working_day(day, None)
    assert work_calendar(mine).day_off(day) == "Klämdag"
    assert next_working_day(D(2027, 5, 6), mine) == D(2027, 5, 10)
    assert working_days_in_week(day, mine) == [D(2027, 5, 3), D(2027, 5, 4), D(2027, 5, 5)]


@pytest.mark.django_db
def test_removing_a_closed_day_makes_it_a_working_day_again():
    mine = MunicipalityFactory()
    closed = ClosedDay.objects.create(municipality=mine, date=D(2027, 5, 7), name="Klämdag")
    assert not is_working_day(D(2027, 5, 7), mine)
    closed.delete()
    assert is_working_day(D(2027, 5, 7), mine)


@pytest.mark.django_db
def test_closed_days_are_read_once_not_per_date(django_assert_num_queries):
    mine = MunicipalityFactory()
    ClosedDay.objects.create(municipality=mine, date=D(2027, 5, 7), name="Klämdag")
    # The closed days, and the version counters read once for the unit of work (a request).
    with versions.unit_of_work(), django_assert_num_queries(2):
        calendar = work_calendar(mine)
        days = calendar.working_days(D(2027, 1, 1), D(2028, 1, 1))
        work_calendar(mine)
    assert D(2027, 5, 7) not in days
    assert len(days) == 261 - 8 - 1  # weekdays, less eight holidays and eves and the closed day


@pytest.mark.django_db
def test_administrators_edit_closed_days_in_the_admin(client, admin_user):
    mine = MunicipalityFactory()
    client.force_login(admin_user)
    response = client.post(
        "/django-admin/organisation/closedday/add/",
        {"municipality": mine.pk, "date": "2027-05-07", "name": "Klämdag"},
    )
    assert response.status_code == 302
    assert not is_working_day(D(2027, 5, 7), mine)


@pytest.mark.django_db
def test_the_same_day_cannot_be_closed_twice(client, admin_user):
    mine = MunicipalityFactory()
    ClosedDay.objects.create(municipality=mine, date=D(2027, 5, 7), name="Klämdag")
    client.force_login(admin_user)
    response = client.post(
        "/django-admin/organisation/closedday/add/",
        {"municipality": mine.pk, "date": "2027-05-07", "name": "Personaldag"},
    )
    assert response.status_code == 200
    assert ClosedDay.objects.count() == 1


@pytest.mark.django_db
def test_hr_cannot_edit_closed_days(client, hr):
    client.force_login(hr)
    response = client.get("/django-admin/organisation/closedday/add/")
    assert response.status_code in (302, 403)
    assert ClosedDay.objects.count() == 0
