"""The small-cell rule for figures about people.

Any count of people below MIN_CELL is hidden ("färre än 5"). When a total is shown
and the hidden cells of a row or column are fewer than two or together fewer than
MIN_CELL, the next smallest cells are hidden too, so no small group can be worked out
by subtraction. `suppress` does this for one table; `protect` for every view of a
hierarchy (municipality, administrations, units) at once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
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
    """One line of figures: `forced` marks cells hidden for another reason (the row's
    group is hidden). With a total shown, the hidden cells are made at least two and
    together at least MIN_CELL, as in `protect`."""
    hide = {i for i, value in enumerate(values) if 0 < value < MIN_CELL}
    if forced is not None:
        hide |= {i for i, f in enumerate(forced) if f and values[i] > 0}
    if with_total:
        hide.update(_more_to_hide(None, list(range(len(values))), dict(enumerate(values)), hide))
    return [Cell(value, i in hide) for i, value in enumerate(values)]


def total_cell(values: list[int]) -> Cell:
    """A total is itself a count of people and follows the same rule."""
    total = sum(values)
    return Cell(total, 0 < total < MIN_CELL)


#: The category of a row's total (see `protect`).
TOTAL = "*"

Cell2 = tuple[str, str]  # (node, category)


def protect(
    leaves: Mapping[Cell2, int],
    parents: Mapping[str, str | None],
    groups: Sequence[tuple[str, Sequence[str]]] = (),
    hidden: Iterable[Cell2] = (),
) -> frozenset[Cell2]:
    """Which cells of a hierarchical table are hidden, decided once for every view of it.

    The table's rows are the nodes of a tree (a municipality, its administrations, their
    units) and its columns are categories (the total, women, men, ...). `leaves` gives
    the count of people per (unit, category) for every category, totals included; each
    node's count is the sum of its units'. `groups` lists which categories add up to
    which (a total and its parts), `hidden` cells hidden for another reason.

    Every cell under MIN_CELL is hidden; then, until nothing changes, in every line that
    adds up (a node's parts to its total, a node's children to it in each category):
    - a hidden sum hides all its parts, or a hidden parent could be rebuilt from them;
    - a shown sum needs its hidden parts to be at least two and together at least
      MIN_CELL, so subtraction gives no small group; the smallest shown parts go first.

    Any view that shows a sum of cells only when each of them is shown (a unit over a
    run of half-years, several units together) can then be set beside any other without
    giving a small group away by difference: the views differ by shown cells only.
    """
    values: dict[Cell2, int] = defaultdict(int)
    for (node, category), value in leaves.items():
        at: str | None = node
        while at is not None:
            values[(at, category)] += value
            at = parents[at]
    nodes = sorted({node for node, _c in values})
    categories = sorted({category for _n, category in values})
    children: dict[str, list[str]] = defaultdict(list)
    for node in nodes:
        if parents[node] is not None:
            children[parents[node]].append(node)
    lines = [
        ((node, total), [(node, part) for part in parts])
        for node in nodes
        for total, parts in groups
    ] + [
        ((parent, category), [(kid, category) for kid in kids])
        for parent, kids in children.items()
        for category in categories
    ]
    hide = {cell for cell, value in values.items() if 0 < value < MIN_CELL}
    hide |= {cell for cell in hidden if values.get(cell, 0) > 0}
    changed = True
    while changed:
        changed = False
        for total, parts in lines:
            more = _more_to_hide(total, parts, values, hide)
            if more:
                hide.update(more)
                changed = True
    return frozenset(hide)


def _more_to_hide(total, parts, values, hide) -> list:
    counted = [cell for cell in parts if values.get(cell, 0) > 0]
    if total in hide:
        return [cell for cell in counted if cell not in hide]
    hidden = [cell for cell in counted if cell in hide]
    if not hidden:
        return []
    many, people = len(hidden), sum(values[cell] for cell in hidden)
    more = []
    for value, _order, cell in sorted(
        (values[cell], order, cell) for order, cell in enumerate(counted) if cell not in hide
    ):
        if many >= 2 and people >= MIN_CELL:
            break
        more.append(cell)
        many, people = many + 1, people + value
    return more
