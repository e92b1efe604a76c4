"""The small-cell rule for figures about people.

Any count of people below MIN_CELL is hidden ("färre än 5"). When a total is shown
and only one cell of a row or column is hidden, the next smallest cell is hidden
too, so the hidden one cannot be worked out by subtraction.
"""

from __future__ import annotations

from dataclasses import dataclass

MIN_CELL = 5


@dataclass(frozen=True)
class Cell:
    value: int
    hidden: bool = False

    def __str__(self) -> str:
        from django.utils.translation import gettext as _

        return _("färre än %(n)s") % {"n": MIN_CELL} if self.hidden else str(self.value)


def suppress(
    values: list[int], *, with_total: bool = True, forced: list[bool] | None = None
) -> list[Cell]:
    """`forced` marks cells hidden for another reason (the row's group is hidden): they
    count as hidden cells when deciding whether one more must go."""
    hidden = [0 < v < MIN_CELL for v in values]
    if forced is not None:
        hidden = [h or (f and v > 0) for h, f, v in zip(hidden, forced, values, strict=True)]
    if with_total and sum(hidden) == 1:
        candidates = [(v, i) for i, v in enumerate(values) if not hidden[i] and v > 0]
        if candidates:
            hidden[min(candidates)[1]] = True
    return [Cell(v, h) for v, h in zip(values, hidden, strict=True)]


def total_cell(values: list[int]) -> Cell:
    """A total is itself a count of people and follows the same rule."""
    total = sum(values)
    return Cell(total, 0 < total < MIN_CELL)
