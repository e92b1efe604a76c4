"""`|iso_datetime`: the `datetime` attribute of `<time>` in whole seconds, local time."""

import datetime
import zoneinfo

import pytest
from django.template import Context, Template
from django.utils import timezone

TEMPLATE = Template("{% load machine_time %}{{ value|iso_datetime }}")
UTC = zoneinfo.ZoneInfo("UTC")


def _render(value) -> str:
    return TEMPLATE.render(Context({"value": value}))


def test_microseconds_are_dropped_and_the_local_offset_kept():
    stored = datetime.datetime(2026, 12, 7, 9, 0, 0, 123456, tzinfo=UTC)
    assert _render(stored) == "2026-12-07T10:00:00+01:00"


def test_summer_time_gets_its_own_offset():
    stored = datetime.datetime(2026, 7, 1, 8, 30, 15, 999999, tzinfo=UTC)
    assert _render(stored) == "2026-07-01T10:30:15+02:00"


def test_now_renders_without_a_fraction():
    assert "." not in _render(timezone.now())


def test_a_date_stays_a_date():
    assert _render(datetime.date(2026, 12, 7)) == "2026-12-07"


@pytest.mark.parametrize("value", [None, ""])
def test_nothing_renders_as_nothing(value):
    assert _render(value) == ""
