"""The start page is made of sections, one per role; each app registers its own.

This keeps the import direction (core knows nothing of the apps above it): an app
calls `register(...)` in its AppConfig.ready and the start page shows each section
the viewer's roles ask for, in the registered order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.functional import SimpleLazyObject

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


def section(key: str, *, roles: tuple[str, ...] | None, template: str, order: int = 100):
    """`register` as a decorator, so a builder and its place on the page stand together."""

    def decorate(build: SectionBuilder) -> SectionBuilder:
        register(key, roles=roles, template=template, build=build, order=order)
        return build

    return decorate


def always(viewer) -> dict:
    """A builder for a section that needs no data: its template has all it shows."""
    return {}


def read_today(read: Callable[..., Any], viewer, name: str = "data") -> dict:
    """Today, and what `read(viewer=, today=)` returns, read only when the template's
    cached HTML misses: a fragment hit reads nothing."""
    today = timezone.localdate()
    return {"today": today, name: SimpleLazyObject(lambda: read(viewer=viewer, today=today))}


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
