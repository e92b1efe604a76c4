"""The start page is made of sections, one per role; each app registers its own.

This keeps the import direction (core knows nothing of the apps above it): an app
calls `register(...)` in its AppConfig.ready and the start page shows each section
the viewer's roles ask for, in the registered order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

SectionBuilder = Callable[[Any], dict | None]


@dataclass(frozen=True)
class Section:
    key: str
    roles: tuple[str, ...] | None
    template: str
    build: SectionBuilder
    order: int = 100


_sections: dict[str, Section] = {}


def register(
    key: str,
    *,
    roles: tuple[str, ...] | None,
    template: str,
    build: SectionBuilder,
    order: int = 100,
) -> None:
    """Add or replace a section; a later app may replace a foundation section by key.

    `roles=None` offers the section to everybody, roles or not, and `build` decides (for
    what is not a role, such as editing the site).
    """
    _sections[key] = Section(key=key, roles=roles, template=template, build=build, order=order)


def sections_for(viewer) -> list[dict]:
    roles = viewer.roles
    shown = []
    for section in sorted(_sections.values(), key=lambda s: (s.order, s.key)):
        if section.roles is not None and not roles.intersection(section.roles):
            continue
        context = section.build(viewer)
        if context is None:
            continue
        shown.append({"key": section.key, "template": section.template, **context})
    return shown
