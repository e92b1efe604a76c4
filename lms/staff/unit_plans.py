"""Units named in an export: found by their code, created, renamed, moved to another
administration, or (a unit typed in by hand with the same name) given the code.

A unit's name and administration are taken from the first row with its code; a later row
giving the same code another name is an error, so the file says one thing per unit.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .known import Known

#: `target` when the file has no unit_code column: the person's unit is left alone.
KEEP = object()


@dataclass
class UnitPlan:
    code: str
    name: str
    administration: str
    line: int
    unit: dict | None = None
    adopted: dict | None = None

    @property
    def key(self):
        """The unit's id when it exists, else its code (it is created on commit)."""
        existing = self.unit or self.adopted
        return existing["pk"] if existing else f"code:{self.code}"


class UnitPlans:
    def __init__(self, known: Known):
        self.known = known
        self.plans: dict[str, UnitPlan] = {}

    def _conflict(self, plan: UnitPlan, name: str, administration: str) -> bool:
        return bool(
            (name and name != plan.name)
            or (administration and administration.casefold() != plan.administration.casefold())
        )

    def target(self, values: dict, line: int, errors: list, notes: list):
        """The unit the row puts the person in: an id, "code:…" for a new unit, None
        for no unit, or KEEP when the file does not say."""
        if "unit_code" not in values:
            return KEEP
        code = values["unit_code"]
        if not code:
            return None
        name, administration = values.get("unit_name", ""), values.get("administration", "")
        plan = self.plans.get(code)
        if plan is not None:
            if self._conflict(plan, name, administration):
                errors.append(
                    _(
                        "Enhetskoden %(code)s har ett annat namn eller en annan förvaltning "
                        "på rad %(line)s."
                    )
                    % {"code": code, "line": plan.line}
                )
            return plan.key
        unit = self.known.units_by_code.get(code)
        if unit is None and not (name and administration):
            errors.append(
                _(
                    "Enheten med koden %(code)s finns inte. Ange enhetsnamn och förvaltning "
                    "så skapas den."
                )
                % {"code": code}
            )
            return None
        plan = self._plan(code, name, administration, line, unit)
        self.plans[code] = plan
        return plan.key

    def _plan(self, code, name, administration, line, unit) -> UnitPlan:
        if unit is not None:
            current = self.known.administrations_by_id[unit["administration_id"]]["name"]
            return UnitPlan(code, name or unit["name"], administration or current, line, unit)
        plan = UnitPlan(code, name, administration, line)
        admin = self.known.administrations.get(administration.casefold())
        if admin is not None:
            plan.adopted = self.known.uncoded_units.get((admin["pk"], name.casefold()))
        return plan

    def name_of(self, key) -> str:
        if key is None or key is KEEP:
            return "–"
        if isinstance(key, str):
            return self.plans[key.removeprefix("code:")].name
        return self.known.units_by_id[key]["name"]

    def changes(self) -> list[UnitPlan]:
        """The plans that write something: new units and units that change."""
        return [plan for plan in self.plans.values() if self.describe_plan(plan)]

    def describe_plan(self, plan: UnitPlan) -> str:
        values = {"code": plan.code, "name": plan.name, "administration": plan.administration}
        if plan.adopted:
            return _("Enheten %(name)s får koden %(code)s.") % values
        if plan.unit is None:
            return _("Enheten %(name)s (kod %(code)s) skapas i %(administration)s.") % values
        before = self.known.administrations_by_id[plan.unit["administration_id"]]["name"]
        parts = []
        if plan.unit["name"] != plan.name:
            parts.append(
                _("Enheten med koden %(code)s byter namn från %(old)s till %(name)s.")
                % {**values, "old": plan.unit["name"]}
            )
        if before.casefold() != plan.administration.casefold():
            parts.append(
                _("Enheten %(name)s flyttas från %(old)s till %(administration)s.")
                % {**values, "old": before}
            )
        return " ".join(parts)

    def describe(self) -> list[str]:
        notes = [self.describe_plan(plan) for plan in self.changes()]
        new_admins = sorted(
            {
                plan.administration
                for plan in self.changes()
                if plan.administration.casefold() not in self.known.administrations
            }
        )
        notes += [_("Förvaltningen %(name)s skapas.") % {"name": name} for name in new_admins]
        return notes
