"""One row of an HR export: its cells checked and turned into the values a person gets.

`clean_row` knows nothing of the database: it checks each cell on its own (e-mail,
dates, the enumerations, formula injection) and returns the values of the columns the
file has, with Swedish messages for what is wrong. `lms.staff.selectors` then compares
them with the person already there.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lms.accounts.models import Gender, NewcomerKind
from lms.core import bounds

#: A cell starting with one of these is a formula to a spreadsheet the data may be opened
#: in later (CSV injection): the row is refused rather than changed behind HR's back.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

#: Column → longest text the field holds.
LENGTHS = {
    "employee_number": 40,
    "email": bounds.EMAIL_MAX,
    "first_name": 150,
    "last_name": 150,
    "title": 120,
    "unit_code": 40,
    "unit_name": 160,
    "administration": 120,
    "manager": bounds.EMAIL_MAX,
    "roles": 500,
}

LABELS = {
    "employee_number": gettext_lazy("anställningsnummer"),
    "email": gettext_lazy("e-post"),
    "first_name": gettext_lazy("förnamn"),
    "last_name": gettext_lazy("efternamn"),
    "title": gettext_lazy("titel"),
    "unit_code": gettext_lazy("enhetskod"),
    "unit_name": gettext_lazy("enhetsnamn"),
    "administration": gettext_lazy("förvaltning"),
    "start_date": gettext_lazy("startdatum"),
    "end_date": gettext_lazy("slutdatum"),
    "manager": gettext_lazy("chef"),
    "roles": gettext_lazy("roller"),
    "gender": gettext_lazy("kön"),
    "newcomer_kind": gettext_lazy("typ av nyanställd"),
    "years_in_profession": gettext_lazy("år i yrket"),
}

_GENDERS = {
    **{value: value for value in Gender.values},
    "kvinna": Gender.WOMAN,
    "k": Gender.WOMAN,
    "f": Gender.WOMAN,
    "female": Gender.WOMAN,
    "m": Gender.MAN,
    "male": Gender.MAN,
    "annat": Gender.OTHER,
    "annan": Gender.OTHER,
}


def newcomer_kinds() -> dict[str, str]:
    """The kinds by their code and by their Swedish label, case-folded."""
    kinds = {value: value for value in NewcomerKind.values}
    with translation.override("sv"):
        kinds.update({str(choice.label).casefold(): choice.value for choice in NewcomerKind})
    return kinds


@dataclass
class Cleaned:
    line: int
    values: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _label(column: str) -> str:
    return str(LABELS[column])


def _check_text(row: Cleaned, raw: dict[str, str]) -> None:
    for column, text in raw.items():
        if text.startswith(FORMULA_STARTS):
            row.errors.append(
                _(
                    "Kolumnen %(column)s börjar med %(char)s och kan vara en formel. "
                    "Ta bort tecknet i HR-systemets export."
                )
                % {"column": _label(column), "char": repr(text[0])}
            )
        elif column in LENGTHS and len(text) > LENGTHS[column]:
            row.errors.append(
                _("Kolumnen %(column)s är längre än %(max)s tecken.")
                % {"column": _label(column), "max": LENGTHS[column]}
            )


def _date(row: Cleaned, raw: dict[str, str], column: str) -> datetime.date | None:
    text = raw.get(column, "")
    if not text:
        return None
    try:
        day = datetime.date.fromisoformat(text[:10] if "T" in text else text)
    except ValueError:
        row.errors.append(
            _("%(column)s %(value)s är inget datum. Skriv datum som ÅÅÅÅ-MM-DD.")
            % {"column": _label(column).capitalize(), "value": text[:20]}
        )
        return None
    if not bounds.EMPLOYMENT.contains(day):
        row.errors.append(f"{_label(column).capitalize()}: {bounds.EMPLOYMENT.message()}")
        return None
    return day


def _years(row: Cleaned, text: str) -> Decimal | None:
    try:
        years = Decimal(text.replace(",", "."))
    except InvalidOperation:
        years = None
    if years is None or not years.is_finite() or not 0 <= years <= 60:
        row.errors.append(
            _("År i yrket ska vara ett tal mellan 0 och 60, inte %(value)s.") % {"value": text[:20]}
        )
        return None
    return years


def _choice(row: Cleaned, raw: dict, column: str, choices: dict) -> None:
    text = raw.get(column, "")
    if not text:
        return  # left as it is: people fill these in on their own profile
    value = choices.get(text.casefold())
    if value is None:
        row.errors.append(
            _("%(column)s %(value)s känns inte igen.")
            % {"column": _label(column).capitalize(), "value": text[:40]}
        )
    else:
        row.values[column] = value


def _identity(row: Cleaned, raw: dict[str, str]) -> None:
    for column in ("employee_number", "first_name", "last_name", "email"):
        if not raw.get(column):
            row.errors.append(_("Kolumnen %(column)s är tom.") % {"column": _label(column)})
    email = raw.get("email", "").lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            row.errors.append(_("%(value)s är ingen giltig e-postadress.") % {"value": email[:80]})
    row.values.update(
        employee_number=raw.get("employee_number", ""),
        email=email,
        first_name=raw.get("first_name", ""),
        last_name=raw.get("last_name", ""),
    )


def clean_row(line: int, raw: dict[str, str], *, kinds: dict[str, str]) -> Cleaned:
    """Check one row's cells; only the columns the file has end up in `values`."""
    row = Cleaned(line=line)
    _check_text(row, raw)
    _identity(row, raw)
    for column in ("title", "unit_code", "unit_name", "administration", "manager"):
        if column in raw:
            row.values[column] = raw[column]
    if "roles" in raw:
        text = raw["roles"].replace("|", ",")
        row.values["roles"] = [part.strip() for part in text.split(",") if part.strip()]
    for column in ("start_date", "end_date"):
        if column in raw:
            row.values[column] = _date(row, raw, column)
    start, end = row.values.get("start_date"), row.values.get("end_date")
    if start and end and end < start:
        row.errors.append(_("Slutdatumet är före startdatumet."))
    _choice(row, raw, "gender", _GENDERS)
    _choice(row, raw, "newcomer_kind", kinds)
    if raw.get("years_in_profession"):
        years = _years(row, raw["years_in_profession"])
        if years is not None:
            row.values["years_in_profession"] = years
    return row
