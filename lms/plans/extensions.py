"""Hooks through which apps above plans add to the plan pages.

Mentoring, supervision and check-ins build on plans, and plans must not import them.
An app calls `register_panel(...)` or `register_row_flags(...)` in its AppConfig.ready;
the plan page then shows its panel and the plan list its flags. Each hook names the
data versions (lms.core.versions) its output depends on, so the cached plan list and
start sections are rebuilt when that data changes.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from lms.core import versions

PanelBuilder = Callable[[Any, Any], dict | None]
RowFlagger = Callable[[list, datetime.date], None]


@dataclass(frozen=True)
class Panel:
    key: str
    template: str
    build: PanelBuilder
    order: int = 100


_panels: dict[str, Panel] = {}
_row_flaggers: dict[str, RowFlagger] = {}
_row_versions: dict[str, tuple[str, ...]] = {}


def register_panel(key: str, *, template: str, build: PanelBuilder, order: int = 100) -> None:
    """A section of the plan page below the plan's facts. `build(plan, viewer)` returns
    the template's context, or None to show nothing to this viewer."""
    _panels[key] = Panel(key=key, template=template, build=build, order=order)


def panels_for(plan, viewer) -> list[dict]:
    shown = []
    for panel in sorted(_panels.values(), key=lambda p: (p.order, p.key)):
        context = panel.build(plan, viewer)
        if context is not None:
            shown.append({"key": panel.key, "template": panel.template, **context})
    return shown


def register_row_flags(key: str, *, add: RowFlagger, versions: tuple[str, ...] = ()) -> None:
    """`add(rows, today)` appends short texts to `row.flags` of the plan list's rows, in
    a fixed number of queries for all rows together."""
    _row_flaggers[key] = add
    _row_versions[key] = versions


def add_row_flags(rows: list, today: datetime.date) -> None:
    if not rows:
        return
    for key in sorted(_row_flaggers):
        _row_flaggers[key](rows, today)


def row_versions() -> str:
    """The versions of everything the row flags read, as one cache-key part."""
    names = sorted({name for names in _row_versions.values() for name in names})
    return "-".join(f"{name}{versions.current(name)}" for name in names) or "0"
