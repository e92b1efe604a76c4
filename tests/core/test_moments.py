"""The hard moments themselves: what each one is in Stockholm and in UTC, and that a
pinned moment moves the clock every date helper reads."""

import datetime

import pytest
from django.utils import timezone

from tests.moments import MOMENTS, STOCKHOLM

UTC = datetime.UTC


def _utc(name: str) -> datetime.datetime:
    return MOMENTS[name].astimezone(UTC)


def test_the_new_year_and_week_53_moments_are_on_another_utc_date_or_year():
    assert _utc("new-year").date() == datetime.date(2026, 12, 31)
    assert MOMENTS["new-year"].isocalendar()[:2] == (2026, 53)
    assert MOMENTS["week-53"].isocalendar()[:2] == (2026, 53)
    assert _utc("new-half-year").date() == datetime.date(2027, 6, 30)


def test_the_summer_time_moments_sit_on_each_side_of_a_change():
    spring = _utc("spring-forward").astimezone(STOCKHOLM)
    assert (spring.hour, spring.minute, spring.utcoffset()) == (3, 30, datetime.timedelta(hours=2))
    fall = MOMENTS["fall-back"]
    assert fall.utcoffset() == datetime.timedelta(hours=2)  # the first 02:30 of two
    an_hour_later = (fall.astimezone(UTC) + datetime.timedelta(hours=1)).astimezone(STOCKHOLM)
    assert (an_hour_later.hour, an_hour_later.utcoffset()) == (2, datetime.timedelta(hours=1))


def test_the_weekday_moments_fall_on_their_weekdays():
    assert MOMENTS["monday-morning"].weekday() == 0
    assert MOMENTS["sunday-night"].weekday() == 6
    assert MOMENTS["leap-day"].date() == datetime.date(2028, 2, 29)


@pytest.mark.moment("leap-day")
def test_a_pinned_moment_moves_every_clock_and_ticks_on():
    assert timezone.localdate() == datetime.date(2028, 2, 29)
    assert datetime.date.today() == datetime.date(2028, 2, 29)
    first = timezone.now()
    assert first - MOMENTS["leap-day"] < datetime.timedelta(minutes=1)
    assert timezone.now() > first  # ticking: durations and orderings still hold


@pytest.mark.moment(datetime.datetime(2027, 12, 24, 15, 0, tzinfo=STOCKHOLM))
def test_a_test_may_pin_any_datetime():
    assert timezone.localtime().strftime("%Y-%m-%d %H") == "2027-12-24 15"
