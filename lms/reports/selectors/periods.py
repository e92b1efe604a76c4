"""Half-years, the day the figures are counted on, and the day a figure that is still
waiting fills in."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

YEAR = datetime.timedelta(days=365)


def half_year(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    if day.month <= 6:
        return datetime.date(day.year, 1, 1), datetime.date(day.year, 6, 30)
    return datetime.date(day.year, 7, 1), datetime.date(day.year, 12, 31)


def half_of(day: datetime.date) -> str:
    return f"{day.year}-{1 if day.month <= 6 else 2}"


def halves(start: datetime.date, end: datetime.date) -> list[str]:
    found = []
    day = half_year(start)[0]
    while day <= end:
        found.append(half_of(day))
        day = half_year(day)[1] + datetime.timedelta(days=1)
    return found


def as_of(today: datetime.date) -> datetime.date:
    """The day the figures are counted on: the last day of the latest half-year that is
    over. Counted on any day, a share would move the day one person passed a deadline,
    and two looks a day apart would tell how that person did."""
    return half_year(today)[0] - datetime.timedelta(days=1)


#: Said on the page and in the report: why a unit or a run of half-years may be hidden.
SAME_CELLS = gettext_lazy(
    "Samma grupper döljs i varje urval, uppdelning och period, så att ingen siffra kan "
    "räknas ut genom att jämföra två uttag: en enhet eller en period på flera halvår "
    "visas bara när varje halvår visas."
)


def counting_note(count_on: datetime.date) -> str:
    """What the page and the report say about the day the figures are counted on."""
    return _(
        "Läget den %(day)s, sista dagen i det senaste avslutade halvåret. Ett halvårs "
        "nyanställda räknas i en andel först när alla som började det halvåret har kommit "
        "så långt: i ”Del 1 klar i tid” när sista dagen för del 1 har passerat för alla, i "
        "”Kvar efter ett år” när alla har varit anställda i ett år."
    ) % {"day": count_on.isoformat()}


def fills_on(mark: datetime.date) -> datetime.date:
    """The first day whose count day (`as_of`) has passed `mark`: the day after the
    half-year the mark falls in."""
    return half_year(mark)[1] + datetime.timedelta(days=1)
