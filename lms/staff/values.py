"""Who a row is (matching) and what it would change about them (the diff)."""

from __future__ import annotations

import datetime
import math
from decimal import Decimal

from django.utils.translation import gettext as _

from lms.accounts.models import UNIT_SCOPED_ROLES, Gender, NewcomerKind, Role
from lms.core.bounds import years_from

from .known import Known
from .rows import LABELS
from .unit_plans import KEEP, UnitPlans

_TEXT_FIELDS = ("employee_number", "email", "first_name", "last_name", "title")


def match_person(values: dict, known: Known, errors: list) -> dict | None:
    """By employee number; else by e-mail, but only a person who has no employee number
    yet (linking them). An address that is someone else's is an error."""
    number, email = values["employee_number"], values["email"]
    person = known.by_number.get(number) if number else None
    if person is None and email:
        candidate = known.by_email.get(email)
        if candidate is None and email in known.email_owner:
            candidate = known.by_id.get(known.email_owner[email])
        if candidate is not None and candidate["employee_number"]:
            errors.append(
                _(
                    "E-postadressen %(email)s tillhör redan en annan person "
                    "(anställningsnummer %(number)s)."
                )
                % {"email": email, "number": candidate["employee_number"]}
            )
            return None
        person = candidate
    owner = known.email_owner.get(email)
    if person is not None and owner is not None and owner != person["pk"]:
        errors.append(
            _("E-postadressen %(email)s tillhör redan en annan person.") % {"email": email}
        )
    return person


def since_for(years: Decimal, today: datetime.date) -> datetime.date:
    whole = int(years)
    days = round((years - whole) * Decimal("365.25"))
    return years_from(today, -whole) - datetime.timedelta(days=int(days))


def _same_years(since: datetime.date | None, years: Decimal, today: datetime.date) -> bool:
    """Whole years compared (a day's rounding allowed), so the date need not move each
    time the same export is read again."""
    if since is None:
        return False
    held = (today - since).days / 365.25
    return math.floor(held + 2 / 365.25) == math.floor(years)


def _show(field: str, value, units: UnitPlans) -> str:
    if value is None or value == "":
        return "–"
    if field == "unit":
        return units.name_of(value)
    if field == "gender":
        return str(Gender(value).label)
    if field == "newcomer_kind":
        return str(NewcomerKind(value).label)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return _("ja") if value else _("nej")
    return str(value)


def _label(field: str) -> str:
    extra = {
        "unit": _("enhet"),
        "in_profession_since": _("i yrket sedan"),
        "is_active": _("kontot aktivt"),
        "missing_from_export_since": _("saknas i senaste exporten"),
    }
    return extra.get(field) or str(LABELS[field])


def _wanted_fields(values: dict, person: dict | None, unit_key, today) -> dict:
    wanted = {name: values[name] for name in _TEXT_FIELDS if name in values}
    for name in ("start_date", "end_date", "gender", "newcomer_kind"):
        if name in values:
            wanted[name] = values[name]
    if unit_key is not KEEP:
        wanted["unit"] = unit_key
    years = values.get("years_in_profession")
    if years is not None:
        since = person["in_profession_since"] if person else None
        if not _same_years(since, years, today):
            wanted["in_profession_since"] = since_for(years, today)
    if person is not None and person["missing_from_export_since"] is not None:
        wanted["missing_from_export_since"] = None
    end = wanted.get("end_date", person["end_date"] if person else None)
    if person is not None and person["is_active"] and end is not None and end <= today:
        wanted["is_active"] = False
    return wanted


def _roles(result, values: dict, person: dict | None, unit_key, known: Known, units) -> None:
    if "roles" not in values:
        return
    roles = set()
    for value in values["roles"]:
        role = known.directory.get(value.casefold())
        if role is None:
            result.notes.append(
                _("Rollvärdet %(value)s känns inte igen och ger ingen roll.") % {"value": value}
            )
        else:
            roles.add(role)
    unit = person["unit_id"] if (person and unit_key is KEEP) else unit_key
    unit = None if unit is KEEP else unit
    wanted = {(r, unit if r in UNIT_SCOPED_ROLES else None) for r in roles}
    if unit is None and roles & set(UNIT_SCOPED_ROLES):
        result.notes.append(_("Enhetschef och handledare ges bara den som har en enhet."))
        wanted = {
            pair for pair in wanted if pair[1] is not None or pair[0] not in UNIT_SCOPED_ROLES
        }
    current = known.grants.get(person["pk"], set()) if person else set()
    if wanted != current:
        result.diff.append((_("roller"), _role_names(current, units), _role_names(wanted, units)))
        result.roles = sorted(roles)


def _role_names(pairs: set, units: UnitPlans) -> str:
    names = [
        f"{Role(role).label} ({units.name_of(unit)})" if unit else str(Role(role).label)
        for role, unit in sorted(pairs, key=lambda pair: (pair[0], str(pair[1])))
    ]
    return ", ".join(names) or "–"


def compare(result, values, person, unit_key, known: Known, units: UnitPlans, today) -> None:
    """Fill the row's diff (as HR reads it) and changes (as the commit writes them)."""
    wanted = _wanted_fields(values, person, unit_key, today)
    for name, new in wanted.items():
        old = person.get(name if name != "unit" else "unit_id") if person else None
        if person is not None and old == new:
            continue
        if person is None and new in (None, ""):
            result.changes[name] = new
            continue
        result.changes[name] = new
        result.diff.append((_label(name), _show(name, old, units), _show(name, new, units)))
    _roles(result, values, person, unit_key, known, units)
    if person is None and wanted.get("end_date") and wanted["end_date"] <= today:
        result.notes.append(_("Slutdatumet har redan passerat: kontot skapas avstängt."))
