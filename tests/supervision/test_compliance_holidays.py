"""Holidays and closed days in the weekly 1:1 record: a week left with fewer than three
working days is not missed; one with three still is."""

import datetime

import pytest

from lms.organisation.models import ClosedDay
from lms.organisation.workdays import WorkCalendar
from lms.plans.models import IntroductionPlan
from lms.supervision.compliance import Expectation, WeekStatus, compliance, week_grid
from lms.supervision.dashboard.selectors import one_to_one_records

from .factories import PlanFactory

D = datetime.date
WEEKLY = Expectation(every_weeks=1, months=12)
M, X, H = WeekStatus.MET, WeekStatus.MISSED, WeekStatus.HOLIDAY


def by_monday(weeks):
    return {w.monday: w.status for w in weeks}


def test_christmas_week_with_two_working_days_is_not_missed():
    # 2025: julafton Wednesday, juldagen Thursday, annandag jul Friday.
    weeks = by_monday(
        week_grid(
            start=D(2025, 12, 1), today=D(2026, 1, 19), expectation=WEEKLY, calendar=WorkCalendar()
        )
    )
    assert weeks[D(2025, 12, 22)] == H
    # New Year's week keeps Monday, Tuesday and Friday: three working days, still expected.
    assert weeks[D(2025, 12, 29)] == X
    # Trettondedag jul on a Tuesday leaves four.
    assert weeks[D(2026, 1, 5)] == X
    assert weeks[D(2025, 12, 15)] == X


def test_without_a_calendar_every_weekday_counts():
    weeks = by_monday(week_grid(start=D(2025, 12, 1), today=D(2026, 1, 19), expectation=WEEKLY))
    assert weeks[D(2025, 12, 22)] == X


def test_a_one_to_one_held_in_a_holiday_week_still_counts():
    weeks = by_monday(
        week_grid(
            start=D(2025, 12, 1),
            today=D(2026, 1, 19),
            expectation=WEEKLY,
            held_on=[D(2025, 12, 22)],
            calendar=WorkCalendar(),
        )
    )
    assert weeks[D(2025, 12, 22)] == M


def test_closed_days_can_make_a_holiday_week():
    # 2027: julafton is a Friday, so the week has four working days...
    plain = by_monday(
        week_grid(
            start=D(2027, 12, 1), today=D(2028, 1, 10), expectation=WEEKLY, calendar=WorkCalendar()
        )
    )
    assert plain[D(2027, 12, 20)] == X
    # ...until the municipality closes Wednesday and Thursday as well.
    closed = WorkCalendar(closed={D(2027, 12, 22): "Klämdag", D(2027, 12, 23): "Klämdag"})
    weeks = by_monday(
        week_grid(start=D(2027, 12, 1), today=D(2028, 1, 10), expectation=WEEKLY, calendar=closed)
    )
    assert weeks[D(2027, 12, 20)] == H


def test_one_absent_day_in_a_three_day_week_excuses_it():
    # New Year's week 2025/26 has three working days; away on one of them leaves two.
    weeks = by_monday(
        week_grid(
            start=D(2025, 12, 1),
            today=D(2026, 1, 19),
            expectation=WEEKLY,
            absences=[(D(2025, 12, 29), D(2025, 12, 29))],
            calendar=WorkCalendar(),
        )
    )
    assert weeks[D(2025, 12, 29)] == WeekStatus.EXCUSED


def test_a_holiday_week_pauses_a_fortnightly_count():
    record = compliance(
        start=D(2025, 12, 8),
        today=D(2026, 1, 12),
        expectation=Expectation(every_weeks=2, months=12),
        held_on=[D(2025, 12, 9)],
        calendar=WorkCalendar(),
    )
    weeks = by_monday(record.weeks)
    # Met, then one week not due, then Christmas (paused), then the second week: missed.
    assert weeks[D(2025, 12, 8)] == M
    assert weeks[D(2025, 12, 15)] == WeekStatus.NOT_DUE
    assert weeks[D(2025, 12, 22)] == H
    assert weeks[D(2025, 12, 29)] == X
    assert record.missed == 1


def test_a_holiday_week_is_labelled():
    assert WeekStatus(H).label == "Helgdagar"


@pytest.mark.django_db
def test_the_record_of_a_plan_follows_its_municipalitys_closed_days():
    plan = PlanFactory(start_date=D(2027, 12, 1))
    plan = IntroductionPlan.objects.select_related("unit__administration__municipality").get(
        pk=plan.pk
    )
    municipality = plan.unit.administration.municipality
    week = D(2027, 12, 20)
    assert by_monday(one_to_one_records([plan], D(2028, 1, 10))[plan.pk].weeks)[week] == X
    for day in (D(2027, 12, 22), D(2027, 12, 23)):
        ClosedDay.objects.create(municipality=municipality, date=day, name="Klämdag")
    assert by_monday(one_to_one_records([plan], D(2028, 1, 10))[plan.pk].weeks)[week] == H
