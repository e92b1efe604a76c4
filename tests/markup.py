"""Reading rendered HTML back in tests: what a validator would object to."""

import re

_TIME_DATETIME = re.compile(r"<time\b[^>]*\sdatetime=\"([^\"]*)\"")
#: A date, or a local date and time in whole seconds with its offset.
MACHINE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2})?")


def time_datetimes(html: str) -> list[str]:
    """The `datetime` attributes of every `<time>` element in the page."""
    return _TIME_DATETIME.findall(html)


def assert_whole_second_times(html: str) -> list[str]:
    """Every `<time datetime>` is a date or a time in whole seconds (HTML allows at most
    three digits of fraction; six were written before). Returns the values found."""
    values = time_datetimes(html)
    bad = [value for value in values if not MACHINE_TIME.fullmatch(value)]
    assert not bad, f"<time datetime> values that are not whole seconds with offset: {bad}"
    return values
