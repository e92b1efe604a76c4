"""One view of the figures: the rows of a breakdown, the evaluations, the check-ins and
the staff's competence, each hiding what the municipality's decisions hide."""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lms.accounts.models import CompetenceLevel, Gender, NewcomerKind
from lms.checkins.models import QUESTIONS
from lms.core.privacy import MIN_CELL, TOTAL, suppress

from .cohort import Person
from .columns import COLUMNS, NEWCOMERS, Column, Figure, GroupRow, LevelRow, RatingRow
from .municipality_counts import Base
from .periods import half_of
from .scopes import Scope, Tree

BREAKDOWNS = {
    "": gettext_lazy("Ingen uppdelning"),
    "administration": gettext_lazy("Förvaltning"),
    "unit": gettext_lazy("Enhet"),
    "gender": gettext_lazy("Kön"),
    "kind": gettext_lazy("Typ av nyanställd"),
}


def _group_key(breakdown: str, scope: Scope, tree: Tree):
    """Per person: the row's key, label, units and the category it is decided under."""
    genders = dict(Gender.choices)
    kinds = dict(NewcomerKind.choices)
    missing = _("Uppgift saknas")
    return {
        "administration": lambda p: (
            f"a:{p.administration_id}",
            p.administration,
            tree.units[f"a:{p.administration_id}"] & scope.unit_ids,
            TOTAL,
        ),
        "unit": lambda p: (f"u:{p.unit_id}", f"{p.unit} ({p.administration})", {p.unit_id}, TOTAL),
        "gender": lambda p: (
            f"g:{p.gender or '~'}",
            str(genders.get(p.gender, missing)),
            scope.unit_ids,
            f"g:{p.gender or '~'}",
        ),
        "kind": lambda p: (
            f"k:{p.kind or '~'}",
            str(kinds.get(p.kind, missing)),
            scope.unit_ids,
            f"k:{p.kind or '~'}",
        ),
    }[breakdown]


def _row(base, key, label, people, units, category, when, today) -> GroupRow:
    row = GroupRow(key, label, len(people), 0 < len(people) < MIN_CELL)
    row.hidden = row.hidden or base.is_hidden(units, category, NEWCOMERS, when)
    for column in COLUMNS:
        counted = [p for p in people if base.counted(p, column, today)]
        figure = column.compute(counted, today)
        figure.why = _explain(base, column, people) if figure.value is None else ""
        figure.hidden = (
            row.hidden
            or 0 < figure.base < MIN_CELL
            or base.is_hidden(units, category, column.code, when)
        )
        row.figures.append(figure)
    return row


def _explain(base: Base, column: Column, people: list[Person]) -> str:
    """Why a group's figure is a dash: its half-years wait for a deadline (and fill on
    the first day any of them is counted), or nobody in it has what it counts."""
    fills = [
        day
        for key in {(p.municipality_id, p.half, column.code) for p in people}
        if (day := base.waiting.get(key))
    ]
    if fills:
        return _("fylls %(day)s, %(when)s") % {
            "day": min(fills).isoformat(),
            "when": column.fills_when,
        }
    return str(column.none_counted)


def _rows(base, people, scope, breakdown, when, today) -> tuple[GroupRow, list[GroupRow]]:
    total = _row(base, "total", _("Totalt"), people, scope.unit_ids, TOTAL, when, today)
    if not breakdown:
        return total, []
    key = _group_key(breakdown, scope, base.tree)
    groups: dict[str, list[Person]] = defaultdict(list)
    about: dict[str, tuple] = {}
    for person in people:
        k, label, units, category = key(person)
        groups[k].append(person)
        about[k] = (label, units, category)
    order = sorted(groups, key=lambda k: (k.endswith("~"), about[k][0].casefold()))
    rows = [
        _row(base, k, about[k][0], groups[k], about[k][1], about[k][2], when, today) for k in order
    ]
    # Within the table as well: a hidden group hides its figures, and more go if needed.
    counts = suppress([row.newcomers for row in rows], forced=[row.hidden for row in rows])
    for row, cell in zip(rows, counts, strict=True):
        row.hidden = row.hidden or cell.hidden
    for i in range(len(COLUMNS)):
        cells = suppress([row.figures[i].base for row in rows], forced=[row.hidden for row in rows])
        for row, cell in zip(rows, cells, strict=True):
            row.figures[i].hidden = (
                row.figures[i].hidden or row.hidden or cell.hidden or total.figures[i].hidden
            )
    return total, rows


def _evaluations(base: Base, unit_ids, when) -> list[RatingRow]:
    """Course evaluations (1–5) of sessions whose first day is in the period, given by
    people of the scope's units: per module, and per session within it."""
    sessions: dict[int, list] = {}
    titles: dict[int, str] = {}
    for unit, module, title, session, first_day, n, total in base.evaluations:
        if unit not in unit_ids:
            continue
        titles[module] = title
        found = sessions.setdefault(session, [module, first_day, 0, 0])
        found[2] += n
        found[3] += total
    modules: dict[int, RatingRow] = {}
    for session, (module, first_day, n, total) in sorted(
        sessions.items(), key=lambda item: (titles[item[1][0]], item[1][1], item[0])
    ):
        row = modules.setdefault(module, RatingRow(titles[module], 0, False, Figure(0, None, "")))
        hidden = base.is_hidden(unit_ids, f"s:{session}", "evaluations", [half_of(first_day)])
        row.sessions.append(
            RatingRow(first_day.isoformat(), n, hidden, Figure(n, total / n, unit=""))
        )
        row.people += n
        row.mean.value = (row.mean.value or 0) + total
    ordered = sorted(modules.items(), key=lambda item: titles[item[0]])
    for module, row in ordered:
        row.mean = Figure(row.people, row.mean.value / row.people, unit="")
        row.hidden = base.is_hidden(unit_ids, f"m:{module}", "evaluations", when)
    cells = suppress([row.people for _m, row in ordered], forced=[r.hidden for _m, r in ordered])
    for (_module, row), cell in zip(ordered, cells, strict=True):
        row.hidden = row.hidden or cell.hidden
        row.mean.hidden = row.hidden
        session_cells = suppress(
            [s.people for s in row.sessions], forced=[s.hidden for s in row.sessions]
        )
        for session, scell in zip(row.sessions, session_cells, strict=True):
            session.hidden = row.hidden or session.hidden or scell.hidden
            session.mean.hidden = session.hidden
    return [row for _m, row in ordered]


def _checkins(base: Base, unit_ids, when) -> tuple[int, list[tuple[str, Figure]]]:
    """The four strengthening questions: mean answers in the period, shown only when at
    least MIN_CELL different people answered."""
    people = set()
    sums = [0] * (2 * len(QUESTIONS))
    for unit, newcomer, _half, *figures in base.checkins:
        if unit in unit_ids:
            people.add(newcomer)
            sums = [a + b for a, b in zip(sums, figures, strict=True)]
    hidden = 0 < len(people) < MIN_CELL or base.is_hidden(unit_ids, TOTAL, "checkins", when)
    return len(people), [
        (
            str(q.short),
            Figure(
                len(people),
                sums[2 * i + 1] / sums[2 * i] if sums[2 * i] else None,
                unit="",
                hidden=hidden,
            ),
        )
        for i, q in enumerate(QUESTIONS)
    ]


def _competence(base: Base, unit_ids) -> tuple[list[LevelRow], bool]:
    """The staff of the scope's units on the last day of the period, by level; and
    whether their total is hidden."""
    counts: dict[str, int] = defaultdict(int)
    for (unit, level), count in base.staff.items():
        if unit in unit_ids:
            counts[level] += count
    order = [*CompetenceLevel.values, ""]
    labels = {**dict(CompetenceLevel.choices), "": _("Uppgift saknas")}
    hidden = [base.is_hidden(unit_ids, level, "staff", ["day"]) for level in order]
    cells = suppress([counts[k] for k in order], forced=hidden)
    rows = [
        LevelRow(str(labels[k]), counts[k], cell.hidden)
        for k, cell in zip(order, cells, strict=True)
    ]
    total = sum(counts.values())
    return rows, 0 < total < MIN_CELL or base.is_hidden(unit_ids, TOTAL, "staff", ["day"])
