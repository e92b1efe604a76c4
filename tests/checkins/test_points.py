"""When each check-in is open: from its point until the next point's date."""

import datetime

import pytest

from lms.checkins.points import open_point, point_for, points_months, schedule

START = datetime.date(2027, 1, 31)  # month ends make the arithmetic interesting


def test_the_points_are_one_four_twelve_and_twenty_four_months_by_default():
    assert points_months() == (1, 4, 12, 24)


@pytest.mark.parametrize(
    ("months", "opens", "closes"),
    [
        (1, datetime.date(2027, 2, 28), datetime.date(2027, 5, 31)),
        (4, datetime.date(2027, 5, 31), datetime.date(2028, 1, 31)),
        (12, datetime.date(2028, 1, 31), datetime.date(2029, 1, 31)),
        # The last point stays open for six months.
        (24, datetime.date(2029, 1, 31), datetime.date(2029, 7, 31)),
    ],
)
def test_each_point_is_open_from_its_date_until_the_next_point(months, opens, closes):
    point = point_for(START, months)
    assert (point.opens, point.closes) == (opens, closes)
    assert not point.is_open(opens - datetime.timedelta(days=1))
    assert point.is_open(opens)
    assert point.is_open(closes - datetime.timedelta(days=1))
    assert point.last_day == closes - datetime.timedelta(days=1)
    assert not point.is_open(closes)


def test_exactly_one_point_is_open_at_a_time_and_none_before_the_first_month():
    assert open_point(START, START) is None
    assert open_point(START, datetime.date(2027, 5, 30)).months == 1
    assert open_point(START, datetime.date(2027, 5, 31)).months == 4
    assert open_point(START, datetime.date(2029, 7, 31)) is None


def test_a_setting_changes_the_points(settings):
    settings.CHECKIN_POINTS_MONTHS = (6, 1)
    assert [p.months for p in schedule(START)] == [1, 6]
    assert point_for(START, 1).closes == datetime.date(2027, 7, 31)
