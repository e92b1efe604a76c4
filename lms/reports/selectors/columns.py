"""The figures per group: one column per question, a figure per group, and the rows and
bars the page, the CSV and the report show."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lms.core.privacy import MIN_CELL

from .cohort import Person
from .periods import YEAR


@dataclass
class Figure:
    """A share or mean over the people of a group; `base` is how many people it is about."""

    base: int
    value: float | None
    unit: str = "%"
    hidden: bool = False
    why: str = ""  # why nobody is counted yet, and when they will be (`_explain`)

    @property
    def note(self) -> str:
        """Said beside a dash: a hidden figure reads "färre än 5" and needs none."""
        return self.why if self.value is None and not self.hidden else ""

    @property
    def text(self) -> str:
        if self.hidden:
            return _("färre än %(n)s") % {"n": MIN_CELL}
        if self.value is None:
            return "–"
        if self.unit == "%":
            return f"{_half_up(self.value)} %"
        # Rounded first: number_format cuts the digits off rather than rounding.
        return number_format(round(self.value, 1), 1)

    @property
    def percent(self) -> int | None:
        """For a bar: the share, or the mean on the 1–5 scale as a share of 5."""
        if self.hidden or self.value is None:
            return None
        return _half_up(self.value if self.unit == "%" else 100 * self.value / 5)


def _half_up(value: float) -> int:
    """62.5 % reads 63 %, as people round, not 62 as Python's round() does."""
    return int(value + 0.5)


@dataclass(frozen=True)
class Column:
    """One figure of the newcomers' table.

    `counts` says whether a person is in its base; `mark` is the day from which a
    person can be counted at all. A half-year's starters enter a figure together, once
    every one of them in the municipality has passed the mark: one by one, each change
    would tell how that one person did."""

    code: str
    label: str
    counts: Callable[[Person, datetime.date], bool]
    compute: Callable[[list[Person], datetime.date], Figure]
    mark: Callable[[Person], datetime.date | None] | None = None
    #: Beside a dash: what the figure waits for, or why nobody is in it.
    fills_when: str = ""
    none_counted: str = gettext_lazy("ingen i gruppen att räkna")


def _share(people: list[Person], answer: Callable[[Person], bool]) -> Figure:
    return Figure(len(people), 100 * sum(map(answer, people)) / len(people) if people else None)


def _weeks(people: list[Person], _today=None) -> Figure:
    """Weeks met out of weeks due, over everyone with a decided week."""
    met = sum(p.one_to_one_met for p in people)
    due = sum(p.one_to_one_due for p in people)
    return Figure(len(people), 100 * met / due if due else None)


COLUMNS: tuple[Column, ...] = (
    Column(
        "mentor_by_day_one",
        gettext_lazy("Mentor utsedd senast första dagen"),
        lambda p, today: True,
        lambda people, today: _share(people, lambda p: p.mentor_by_day_one),
    ),
    Column(
        "part1_in_time",
        gettext_lazy("Del 1 klar i tid"),
        lambda p, today: p.part1_due,
        lambda people, today: _share(people, lambda p: p.part1_in_time),
        lambda p: p.part1_mark,
        gettext_lazy("när fristen för Del 1 har gått ut"),
        gettext_lazy("ingen i gruppen har en sista dag för del 1 i sin plan"),
    ),
    Column(
        "part2_progress",
        gettext_lazy("Del 2, andel moduler klara"),
        lambda p, today: bool(p.part2_modules),
        lambda people, today: Figure(
            len(people),
            sum(p.part2_percent for p in people) / len(people) if people else None,
        ),
        none_counted=gettext_lazy("ingen i gruppen har moduler i del 2 i sin plan"),
    ),
    Column(
        "part2_in_time",
        gettext_lazy("Del 2 klar i tid"),
        lambda p, today: p.part2_due,
        lambda people, today: _share(people, lambda p: p.part2_in_time),
        lambda p: p.part2_mark,
        gettext_lazy("när fristen för Del 2 har gått ut"),
        gettext_lazy("ingen i gruppen har en sista dag för del 2 i sin plan"),
    ),
    Column(
        "one_to_one",
        gettext_lazy("Veckor med 1:1-handledning första året"),
        lambda p, today: bool(p.one_to_one_due),
        _weeks,
        lambda p: p.one_to_one_mark,
        gettext_lazy("när det första årets 1:1-handledning är över"),
        gettext_lazy("inga veckor med 1:1-handledning att räkna"),
    ),
    Column(
        "employed_1y",
        gettext_lazy("Kvar efter ett år"),
        lambda p, today: p.employed_after(1, today) is not None,
        lambda people, today: _share(people, lambda p: p.employed_after(1, today)),
        lambda p: p.start + YEAR,
        gettext_lazy("när alla har varit anställda i ett år"),
    ),
    Column(
        "employed_2y",
        gettext_lazy("Kvar efter två år"),
        lambda p, today: p.employed_after(2, today) is not None,
        lambda people, today: _share(people, lambda p: p.employed_after(2, today)),
        lambda p: p.start + 2 * YEAR,
        gettext_lazy("när alla har varit anställda i två år"),
    ),
)
NEWCOMERS = "newcomers"


@dataclass
class GroupRow:
    key: str
    label: str
    newcomers: int
    hidden: bool
    figures: list[Figure] = field(default_factory=list)

    @property
    def newcomers_text(self) -> str:
        return _("färre än %(n)s") % {"n": MIN_CELL} if self.hidden else str(self.newcomers)


@dataclass
class RatingRow:
    label: str
    people: int
    hidden: bool
    mean: Figure
    sessions: list[RatingRow] = field(default_factory=list)


@dataclass
class LevelRow:
    label: str
    count: int
    hidden: bool

    @property
    def text(self) -> str:
        return _("färre än %(n)s") % {"n": MIN_CELL} if self.hidden else str(self.count)


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: its length in per cent (None: nothing to draw) and its text."""

    label: str
    percent: int | None
    text: str

    @property
    def width(self) -> float:
        return 2.4 * (self.percent or 0)
