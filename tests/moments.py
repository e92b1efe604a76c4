"""The hard moments: instants at which date arithmetic breaks if it is wrong.

`pytest --moment NAME` runs the tests marked `dates` with the clock frozen at NAME
(ticking on from it, so durations and orderings still hold), each test starting at that
moment; `scripts/test-moments` runs them at every moment below. A test that holds only
at some moments pins its own with `@pytest.mark.moment("name")`, or with a datetime.

Every moment is wall-clock time in Europe/Stockholm, where the product's users live.
"""

import datetime
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _local(*args: int, fold: int = 0) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=STOCKHOLM, fold=fold)


MOMENTS: dict[str, datetime.datetime] = {
    # The start of a working week: a supervisor's first 1:1s are still ahead.
    "monday-morning": _local(2027, 3, 1, 8, 0),
    # The last half hour of an ISO week: tomorrow is another week.
    "sunday-night": _local(2027, 3, 7, 23, 30),
    # 23:30 on 31 December in UTC; still ISO week 53 of 2026.
    "new-year": _local(2027, 1, 1, 0, 30),
    # A day that exists one year in four.
    "leap-day": _local(2028, 2, 29, 12, 0),
    # Summer time begins at 02:00, so 02:30 does not exist: Python reads it with the
    # winter offset, which is 03:30 summer time, half an hour after the change.
    "spring-forward": _local(2027, 3, 28, 2, 30),
    # Summer time ends at 03:00: 02:30 comes twice; this is the first, in summer time.
    "fall-back": _local(2027, 10, 31, 2, 30),
    # Thursday of ISO week 53 of 2026, the last half hour of the year.
    "week-53": _local(2026, 12, 31, 23, 30),
    # A new half-year has begun locally while it is still 30 June in UTC.
    "new-half-year": _local(2027, 7, 1, 0, 30),
}
