"""Who may see which figures: the scopes (the city, a municipality, an administration,
a unit) and the organisation as a tree the figures are summed up."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass

import rules
from django.utils.translation import gettext as _

from lms.accounts.models import User
from lms.core.caching import cached_value
from lms.organisation.models import Unit

from ..rules import sees_every_unit


@dataclass(frozen=True)
class Scope:
    key: str
    label: str
    unit_ids: frozenset[int]
    level: int  # 0 municipality, 1 administration, 2 unit: indentation in the menu


def _every_scope() -> list[Scope]:
    """Every municipality, administration and unit, in menu order (one query)."""
    units = list(
        Unit.objects.order_by(
            "administration__municipality__name", "administration__name", "name"
        ).values_list(
            "pk",
            "name",
            "administration_id",
            "administration__name",
            "administration__municipality_id",
            "administration__municipality__name",
        )
    )
    by_municipality: dict[int, set[int]] = defaultdict(set)
    by_administration: dict[int, set[int]] = defaultdict(set)
    for pk, _name, administration, _a, municipality, _m in units:
        by_municipality[municipality].add(pk)
        by_administration[administration].add(pk)
    scopes: list[Scope] = []
    seen: set[str] = set()
    for pk, name, administration, administration_name, municipality, municipality_name in units:
        if f"m:{municipality}" not in seen:
            seen.add(f"m:{municipality}")
            ids = frozenset(by_municipality[municipality])
            scopes.append(Scope(f"m:{municipality}", municipality_name, ids, 0))
        if f"a:{administration}" not in seen:
            seen.add(f"a:{administration}")
            ids = frozenset(by_administration[administration])
            scopes.append(Scope(f"a:{administration}", administration_name, ids, 1))
        scopes.append(Scope(f"u:{pk}", name, frozenset({pk}), 2))
    return scopes


def scopes_for(viewer: User) -> list[Scope]:
    """What the viewer may follow up: every municipality, administration and unit for HR
    and administrators; their own units (together and one by one) for a manager. The
    organisation is read once per change of the people version (which covers it)."""
    # The values are named anew ("report-scopes", "report-tree") since Scope and Tree live
    # in lms.reports.selectors.scopes: a pickle naming the old module would not load.
    every = cached_value("report-scopes", build=_every_scope)
    if sees_every_unit(viewer):
        return every
    mine = [s for s in every if s.level == 2 and next(iter(s.unit_ids)) in viewer.managed_unit_ids]
    scopes = [Scope(s.key, s.label, s.unit_ids, 1) for s in mine]
    if len(mine) > 1:
        ids = frozenset().union(*(s.unit_ids for s in mine))
        scopes.insert(0, Scope("mine", _("Alla mina enheter"), ids, 0))
    return scopes


@dataclass(frozen=True)
class Tree:
    """Municipalities, administrations and units as the small-cell rule sees them."""

    parents: dict[str, str | None]  # "u:7" -> "a:2" -> "m:1" -> None
    units: dict[str, frozenset[int]]  # every node's units
    municipality_of: dict[int, str]  # unit id -> "m:1"

    @classmethod
    def of(cls, scopes: list[Scope]) -> Tree:
        parents: dict[str, str | None] = {}
        above: list[str] = []
        for scope in scopes:  # menu order: each node follows its parent
            del above[scope.level :]
            parents[scope.key] = above[-1] if above else None
            above.append(scope.key)
        units = {s.key: s.unit_ids for s in scopes}
        municipality_of = {unit: s.key for s in scopes if s.level == 0 for unit in s.unit_ids}
        return cls(parents, units, municipality_of)

    def nodes_for(self, unit_ids: frozenset[int]) -> list[str]:
        """The nodes that are exactly these units, or else each unit on its own: a set of
        units that is no node (a manager's own units) is shown when each unit is."""
        exact = [key for key, units in self.units.items() if units == unit_ids]
        return exact or [f"u:{unit}" for unit in sorted(unit_ids)]


def _tree() -> Tree:
    return cached_value(
        "report-tree",
        build=lambda: Tree.of(cached_value("report-scopes", build=_every_scope)),
    )


def _digest(unit_ids) -> str:
    return hashlib.sha256(",".join(map(str, sorted(unit_ids))).encode()).hexdigest()[:16]


def sees_names(viewer: User, scope: Scope) -> bool:
    """Whether the viewer manages any unit of the scope, so the figures name people."""
    if not viewer.managed_unit_ids:
        return False  # HR and the steering group: no rule to ask
    return any(rules.has_perm("reports.view_names", viewer, unit) for unit in scope.unit_ids)


def _unit_ids_with_municipalities(scope: Scope, tree: Tree) -> frozenset[int]:
    municipalities = {tree.municipality_of[u] for u in scope.unit_ids if u in tree.municipality_of}
    return frozenset().union(scope.unit_ids, *(tree.units[m] for m in municipalities))
