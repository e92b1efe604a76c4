"""Reads for the staff import: what a file would change, row by row (the preview).

The file is read twice, one row at a time: first for its keys (so duplicates and a
manager named further down are known), then to compare each row with what the product
holds (`lms.staff.known`, loaded once). Only counts and the first `keep` rows of each
class are kept, so memory does not grow with the file.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .known import Known, load_known
from .parsing import Table
from .rows import clean_row, newcomer_kinds
from .unit_plans import UnitPlans
from .values import compare, match_person

#: Rows kept per class for the page; the counts are always whole.
LISTED = 500


class RowKind(models.TextChoices):
    ERROR = "error", gettext_lazy("Fel")
    NEW = "new", gettext_lazy("Nya")
    LEAVING = "leaving", gettext_lazy("Slutar")
    CHANGED = "changed", gettext_lazy("Ändras")
    UNCHANGED = "unchanged", gettext_lazy("Oförändrade")


@dataclass
class RowResult:
    line: int | None
    kind: str
    name: str
    employee_number: str
    person_id: int | None = None
    #: (what, before, after) as shown to HR.
    diff: list[tuple[str, str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: Field → new value, for the commit.
    changes: dict = field(default_factory=dict)
    roles: list[str] | None = None


@dataclass
class FileKeys:
    numbers: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    emails: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))


@dataclass
class Preview:
    full: bool
    today: datetime.date
    counts: Counter = field(default_factory=Counter)
    rows: dict[str, list[RowResult]] = field(default_factory=lambda: defaultdict(list))
    notes: list[str] = field(default_factory=list)
    units: UnitPlans | None = None

    @property
    def has_errors(self) -> bool:
        return bool(self.counts[RowKind.ERROR])

    @property
    def has_changes(self) -> bool:
        return any(self.counts[kind] for kind in (RowKind.NEW, RowKind.CHANGED, RowKind.LEAVING))

    def groups(self) -> list[dict]:
        """The classes in the page's order, with their counts and the rows kept."""
        return [
            {
                "kind": kind,
                "label": kind.label,
                "count": self.counts[kind],
                "rows": self.rows.get(kind, []),
                "more": self.counts[kind] - len(self.rows.get(kind, [])),
            }
            for kind in RowKind
        ]


def file_keys(table: Table) -> FileKeys:
    keys = FileKeys()
    for line, raw in table.rows():
        if raw.get("employee_number"):
            keys.numbers[raw["employee_number"]].append(line)
        if raw.get("email"):
            keys.emails[raw["email"].lower()].append(line)
    return keys


def _duplicates(raw: dict, keys: FileKeys) -> list[str]:
    errors = []
    lines = keys.numbers.get(raw.get("employee_number", ""), [])
    if len(lines) > 1:
        errors.append(
            _("Anställningsnumret %(value)s finns på flera rader (%(lines)s).")
            % {"value": raw["employee_number"], "lines": ", ".join(map(str, lines[:10]))}
        )
    lines = keys.emails.get(raw.get("email", "").lower(), [])
    if len(lines) > 1:
        errors.append(
            _("E-postadressen %(value)s finns på flera rader (%(lines)s).")
            % {"value": raw["email"].lower(), "lines": ", ".join(map(str, lines[:10]))}
        )
    return errors


def _manager_known(ref: str, keys: FileKeys, known: Known) -> bool:
    ref_folded = ref.lower()
    return bool(
        ref in keys.numbers
        or ref_folded in keys.emails
        or ref in known.by_number
        or ref_folded in known.by_email
    )


def _classify(result: RowResult, person: dict | None, today: datetime.date) -> str:
    if result.errors:
        return RowKind.ERROR
    if person is None:
        return RowKind.NEW
    end = result.changes.get("end_date", person["end_date"])
    if "is_active" in result.changes or ("end_date" in result.changes and end is not None):
        return RowKind.LEAVING
    changed = result.changes or result.roles is not None
    return RowKind.CHANGED if changed else RowKind.UNCHANGED


def row_results(
    table: Table, known: Known, keys: FileKeys, units: UnitPlans, today: datetime.date
) -> Iterator[RowResult]:
    """Every row of the file compared with what the product holds."""
    kinds = newcomer_kinds()
    for line, raw in table.rows():
        cleaned = clean_row(line, raw, kinds=kinds)
        values = cleaned.values
        result = RowResult(
            line=line,
            kind="",
            name=f"{values['first_name']} {values['last_name']}".strip(),
            employee_number=values["employee_number"],
            errors=cleaned.errors + _duplicates(raw, keys),
            notes=cleaned.notes,
        )
        person = match_person(values, known, result.errors)
        result.person_id = person["pk"] if person else None
        manager = values.get("manager")
        if manager and not _manager_known(manager, keys, known):
            result.errors.append(
                _("Chefen %(ref)s finns varken i filen eller bland personerna i tjänsten.")
                % {"ref": manager[:80]}
            )
        unit_key = units.target(values, line, result.errors, result.notes)
        if not result.errors:
            compare(result, values, person, unit_key, known, units, today)
        result.kind = _classify(result, person, today)
        yield result


def absent_results(known: Known, keys: FileKeys, today: datetime.date) -> Iterator[RowResult]:
    """People from an earlier export whom a full export no longer holds: flagged, kept."""
    for number, person in known.by_number.items():
        if number in keys.numbers or not person["is_active"]:
            continue
        if person["missing_from_export_since"] is not None:
            continue
        yield RowResult(
            line=None,
            kind=RowKind.LEAVING,
            name=f"{person['first_name']} {person['last_name']}".strip(),
            employee_number=number,
            person_id=person["pk"],
            diff=[(_("saknas i senaste exporten"), "–", today.isoformat())],
            notes=[_("Saknas i senaste exporten. Kontot finns kvar tills slutdatum anges.")],
            changes={"missing_from_export_since": today},
        )


def import_preview(
    *,
    table: Table,
    full: bool = False,
    today: datetime.date | None = None,
    keep: int | None = LISTED,
) -> Preview:
    """What committing the file would do, row by row; writes nothing."""
    today = today or timezone.localdate()
    known = load_known()
    keys = file_keys(table)
    preview = Preview(full=full, today=today, units=UnitPlans(known))
    if table.header.ignored:
        preview.notes.append(
            _("Kolumnerna %(columns)s används inte och hoppas över.")
            % {"columns": ", ".join(table.header.ignored)}
        )
    results = row_results(table, known, keys, preview.units, today)
    if full:
        results = _chain(results, absent_results(known, keys, today))
    for result in results:
        preview.counts[result.kind] += 1
        listed = preview.rows[result.kind]
        if result.kind != RowKind.UNCHANGED and (keep is None or len(listed) < keep):
            listed.append(result)
    preview.notes.extend(preview.units.describe())
    return preview


def _chain(*iterators):
    for iterator in iterators:
        yield from iterator
