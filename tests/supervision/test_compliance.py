"""The weekly 1:1 expectation, week by week (pure functions, no database)."""

import datetime

import pytest

from lms.supervision.compliance import (
    Expectation,
    WeekStatus,
    add_months,
    compliance,
    monday_of,
    period_end,
    quiet_fortnight,
    week_grid,
)

D = datetime.date
DAY = datetime.timedelta(days=1)
WEEKLY = Expectation(every_weeks=1, months=12)
M, X, E, N, T = (
    WeekStatus.MET,
    WeekStatus.MISSED,
    WeekStatus.EXCUSED,
    WeekStatus.NOT_DUE,
    WeekStatus.TO_COME,
)


def statuses(weeks, first=0, count=None):
    chosen = weeks[first : None if count is None else first + count]
    return [w.status for w in chosen]


def test_months_are_added_to_the_same_date_or_the_months_last_day():
    assert add_months(D(2027, 1, 11), 12) == D(2028, 1, 11)
    assert add_months(D(2027, 1, 31), 1) == D(2027, 2, 28)
    assert add_months(D(2028, 1, 31), 1) == D(2028, 2, 29)
    assert add_months(D(2027, 11, 15), 3) == D(2028, 2, 15)


def test_a_year_from_a_monday_has_52_weeks_and_each_week_is_met_when_a_1_1_was_held():
    start = D(2027, 1, 11)  # Monday, week 2
    held = [start + 7 * DAY * n + 2 * DAY for n in range(60)]  # every Wednesday
    weeks = week_grid(start=start, today=D(2028, 6, 1), expectation=WEEKLY, held_on=held)
    assert len(weeks) == 52
    assert (weeks[0].year, weeks[0].number) == (2027, 2)
    assert (weeks[-1].year, weeks[-1].number) == (2028, 1)
    assert set(statuses(weeks)) == {M}


def test_past_weeks_without_a_1_1_are_missed_and_the_current_week_is_to_come():
    start = D(2027, 1, 11)
    today = D(2027, 2, 3)  # Wednesday of the fourth week
    weeks = week_grid(
        start=start, today=today, expectation=WEEKLY, held_on=[D(2027, 1, 12), D(2027, 1, 26)]
    )
    assert statuses(weeks, 0, 5) == [M, X, M, T, T]
    assert [w.number for w in weeks[:4]] == [2, 3, 4, 5]


def test_a_1_1_already_held_this_week_makes_the_current_week_met():
    start = D(2027, 1, 11)
    weeks = week_grid(
        start=start, today=D(2027, 1, 13), expectation=WEEKLY, held_on=[D(2027, 1, 12)]
    )
    assert statuses(weeks, 0, 2) == [M, T]


def test_two_1_1s_in_one_week_count_once_for_the_expectation():
    start = D(2027, 1, 11)
    weeks = week_grid(
        start=start,
        today=D(2027, 1, 27),
        expectation=WEEKLY,
        held_on=[D(2027, 1, 12), D(2027, 1, 14)],
    )
    assert statuses(weeks, 0, 3) == [M, X, T]
    assert weeks[0].held == 2


def test_a_1_1_before_the_first_day_or_after_the_period_does_not_count():
    start = D(2027, 1, 13)  # Wednesday
    weeks = week_grid(
        start=start, today=D(2027, 1, 25), expectation=WEEKLY, held_on=[D(2027, 1, 11)]
    )
    assert statuses(weeks, 0, 2) == [X, X]


def test_a_start_late_in_the_week_leaves_that_week_out():
    # Thursday: two working days left in the week, not enough to expect a 1:1.
    weeks = week_grid(start=D(2027, 1, 14), today=D(2027, 2, 1), expectation=WEEKLY)
    assert weeks[0].monday == D(2027, 1, 18)
    # Wednesday: three working days left, the week counts.
    weeks = week_grid(start=D(2027, 1, 13), today=D(2027, 2, 1), expectation=WEEKLY)
    assert weeks[0].monday == D(2027, 1, 11)


def test_a_start_on_a_weekend_counts_from_the_next_monday():
    weeks = week_grid(start=D(2027, 1, 16), today=D(2027, 2, 1), expectation=WEEKLY)
    assert weeks[0].monday == D(2027, 1, 18)


def test_the_period_ends_after_the_configured_months():
    start = D(2027, 1, 11)
    three = Expectation(every_weeks=1, months=3)
    weeks = week_grid(start=start, today=D(2027, 1, 11), expectation=three)
    assert period_end(start, three) == D(2027, 4, 11)
    assert weeks[-1].monday == D(2027, 4, 5)  # the week of 2027-04-11 (a Sunday) is full
    assert len(weeks) == 13


def test_a_period_ending_early_in_a_week_leaves_that_week_out():
    start = D(2027, 1, 13)  # Wednesday; the period ends on Wednesday 2027-04-13
    weeks = week_grid(start=start, today=start, expectation=Expectation(every_weeks=1, months=3))
    assert weeks[-1].monday == D(2027, 4, 5)  # week 15: only Mon and Tue are in the period


def test_iso_week_53_and_the_turn_of_the_year():
    # 2026 has an ISO week 53 (2026-12-28 to 2027-01-03).
    start = D(2026, 12, 14)
    held = [D(2026, 12, 15), D(2027, 1, 5)]
    weeks = week_grid(start=start, today=D(2027, 1, 13), expectation=WEEKLY, held_on=held)
    labels = [(w.year, w.number, w.status) for w in weeks[:5]]
    assert labels == [(2026, 51, M), (2026, 52, X), (2026, 53, X), (2027, 1, M), (2027, 2, T)]
    assert weeks[2].monday == D(2026, 12, 28) and weeks[2].friday == D(2027, 1, 1)


def test_an_absence_over_three_working_days_excuses_the_week():
    start = D(2027, 1, 11)
    absences = [(D(2027, 1, 18), D(2027, 1, 20))]  # Monday to Wednesday of week 3
    weeks = week_grid(start=start, today=D(2027, 2, 1), expectation=WEEKLY, absences=absences)
    assert statuses(weeks, 0, 3) == [X, E, X]
    assert weeks[1].absent == 3


def test_an_absence_of_two_days_does_not_excuse_the_week():
    start = D(2027, 1, 11)
    absences = [(D(2027, 1, 18), D(2027, 1, 19))]
    weeks = week_grid(start=start, today=D(2027, 2, 1), expectation=WEEKLY, absences=absences)
    assert statuses(weeks, 1, 1) == [X]


def test_weekend_days_of_an_absence_do_not_count():
    start = D(2027, 1, 11)
    absences = [(D(2027, 1, 22), D(2027, 1, 26))]  # Fri, Sat, Sun, Mon, Tue
    weeks = week_grid(start=start, today=D(2027, 2, 8), expectation=WEEKLY, absences=absences)
    assert statuses(weeks, 1, 2) == [X, X]  # one day in week 3, two in week 4


def test_an_absence_across_weeks_excuses_each_week_it_covers_enough_of():
    start = D(2027, 1, 11)
    absences = [(D(2027, 1, 20), D(2027, 2, 3))]  # Wed week 3 to Wed week 5
    weeks = week_grid(start=start, today=D(2027, 2, 15), expectation=WEEKLY, absences=absences)
    assert statuses(weeks, 0, 5) == [X, E, E, E, X]


def test_two_short_absences_in_one_week_add_up():
    start = D(2027, 1, 11)
    absences = [(D(2027, 1, 18), D(2027, 1, 18)), (D(2027, 1, 21), D(2027, 1, 22))]
    weeks = week_grid(start=start, today=D(2027, 2, 1), expectation=WEEKLY, absences=absences)
    assert weeks[1].status == E


def test_in_a_short_first_week_two_days_away_excuse_it():
    start = D(2027, 1, 13)  # Wednesday: Wed, Thu, Fri in the period
    absences = [(D(2027, 1, 14), D(2027, 1, 15))]
    weeks = week_grid(start=start, today=D(2027, 2, 1), expectation=WEEKLY, absences=absences)
    assert weeks[0].status == E


def test_a_1_1_held_in_an_excused_week_still_counts_as_met():
    start = D(2027, 1, 11)
    weeks = week_grid(
        start=start,
        today=D(2027, 2, 1),
        expectation=WEEKLY,
        held_on=[D(2027, 1, 22)],
        absences=[(D(2027, 1, 18), D(2027, 1, 21))],
    )
    assert weeks[1].status == M


def test_a_planned_absence_shows_ahead_as_excused():
    start = D(2027, 1, 11)
    absences = [(D(2027, 7, 5), D(2027, 7, 30))]
    weeks = week_grid(start=start, today=D(2027, 1, 12), expectation=WEEKLY, absences=absences)
    july = [w for w in weeks if w.monday.month == 7]
    assert [w.status for w in july] == [E, E, E, E]
    assert {w.status for w in weeks if w.monday.month == 8} == {T}


def test_every_second_week_misses_only_after_two_weeks_without_one():
    start = D(2027, 1, 11)
    fortnightly = Expectation(every_weeks=2, months=12)
    held = [D(2027, 1, 12), D(2027, 1, 26), D(2027, 2, 23)]
    weeks = week_grid(start=start, today=D(2027, 3, 1), expectation=fortnightly, held_on=held)
    # w2 met, w3 not due, w4 met, w5 not due, w6 missed, w7 not due, w8 met
    assert statuses(weeks, 0, 8) == [M, N, M, N, X, N, M, T]


def test_every_second_week_pauses_over_an_excused_week():
    start = D(2027, 1, 11)
    fortnightly = Expectation(every_weeks=2, months=12)
    weeks = week_grid(
        start=start,
        today=D(2027, 2, 8),
        expectation=fortnightly,
        held_on=[D(2027, 1, 12)],
        absences=[(D(2027, 1, 18), D(2027, 1, 22))],
    )
    assert statuses(weeks, 0, 5) == [M, E, N, X, T]


def test_every_second_week_from_the_start_without_any_1_1():
    weeks = week_grid(
        start=D(2027, 1, 11),
        today=D(2027, 2, 15),
        expectation=Expectation(every_weeks=2, months=12),
    )
    assert statuses(weeks, 0, 6) == [N, X, N, X, N, T]


def test_before_the_first_day_every_week_is_to_come():
    weeks = week_grid(start=D(2027, 1, 11), today=D(2026, 12, 1), expectation=WEEKLY)
    assert {w.status for w in weeks} == {T}


def test_the_summary_counts_weeks_and_the_recent_misses():
    start = D(2027, 1, 11)
    held = [D(2027, 1, 12) + 7 * DAY * n for n in range(12) if n not in (3, 9, 10)]
    record = compliance(
        start=start,
        today=D(2027, 4, 7),  # week 14
        expectation=WEEKLY,
        held_on=held,
        absences=[(D(2027, 2, 1), D(2027, 2, 5))],  # week 5 excused
    )
    assert (record.met, record.missed, record.excused, record.due) == (9, 2, 1, 11)
    assert record.share == 82
    assert [w.number for w in record.recent] == list(range(6, 14))
    assert [w.number for w in record.recent_missed] == [11, 12]
    assert record.running and record.started and not record.over
    assert record.since(monday_of(D(2027, 3, 8))) == (2, 4)


def test_the_summary_before_any_decided_week_has_no_share():
    record = compliance(start=D(2027, 1, 11), today=D(2027, 1, 12), expectation=WEEKLY)
    assert record.due == 0 and record.share is None and record.recent == []


def test_after_the_period_the_record_is_over():
    record = compliance(start=D(2027, 1, 11), today=D(2028, 3, 1), expectation=WEEKLY)
    assert record.over and not record.running
    assert record.missed == 52


@pytest.mark.parametrize(
    ("start", "last_held", "absences", "flagged"),
    [
        (D(2027, 1, 4), None, [], True),  # started 17 days ago, never a session
        (D(2027, 1, 4), D(2027, 1, 6), [], True),  # the last one 15 days ago
        (D(2027, 1, 4), D(2027, 1, 7), [], False),  # exactly 14 days ago still counts
        (D(2027, 1, 8), None, [], False),  # started 13 days ago: too early to flag
        (D(2027, 1, 7), None, [], True),  # started exactly 14 days ago
        (D(2027, 1, 4), None, [(D(2027, 1, 11), D(2027, 1, 13))], False),  # away 3 days
        (D(2027, 1, 4), None, [(D(2027, 1, 16), D(2027, 1, 18))], True),  # 1 working day
        (D(2025, 1, 4), None, [], False),  # past the year of regular 1:1s
    ],
)
def test_the_quiet_fortnight_flag(start, last_held, absences, flagged):
    today = D(2027, 1, 21)
    assert (
        quiet_fortnight(
            start=start, today=today, expectation=WEEKLY, last_held=last_held, absences=absences
        )
        is flagged
    )


def test_the_expectation_of_a_municipality(db):
    from tests.factories import MunicipalityFactory

    municipality = MunicipalityFactory(one_to_one_every_weeks=2, one_to_one_months=6)
    assert Expectation.of(municipality) == Expectation(every_weeks=2, months=6)
    assert Expectation.of(None) == Expectation(every_weeks=1, months=12)
