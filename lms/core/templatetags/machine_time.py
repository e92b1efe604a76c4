"""Times for machines: the `datetime` attribute of `<time>`.

    {% load machine_time %}<time datetime="{{ event.at|iso_datetime }}">…</time>

HTML allows at most three digits of a second's fraction, and Django's `|date:"c"` writes
all six when a stored time has microseconds (every `timezone.now()` does), so those pages
were invalid HTML. Whole seconds are enough for anyone reading the attribute.
"""

import datetime

from django import template

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def iso_datetime(value) -> str:
    """A local date and time in whole seconds with the offset: 2026-12-07T10:00:00+01:00.

    A date stays a date (2026-12-07); anything else (None, "") gives "".
    """
    if isinstance(value, datetime.datetime):
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return ""
