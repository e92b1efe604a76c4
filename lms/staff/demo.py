"""The demo's HR export: the demo people as an HR system exports them, to try the import.

Written at every `load_demo` (the demo's dates follow today) to
MEDIA_ROOT/demo/personalexport.csv, the way Swedish Excel saves a CSV file (semicolons,
Windows-1252, Swedish column names). Reading it back with the import changes nothing:
every row is "unchanged". So a visitor can edit a title or add a row and see exactly
that in the preview. The folder is not served (only the site's pictures are).

Who is in it: the people of lms/accounts/demo.py, who have employee numbers, as long as
they are employed. The demo's leaver, whose last day has passed (lms/plans/demo.py), is
not, so it is no complete export: read as one ("Fullständig export"), it flags the leaver
"saknas i senaste exporten" and nothing else. The roles
column is there but empty: every demo role was given by hand, and an empty cell only
means "no roles from the export", so the hand-given ones stay.
"""

from __future__ import annotations

import csv
import datetime
import math
from pathlib import Path

from django.conf import settings
from django.db.models import Q
from django.utils import translation

from lms.accounts.models import Gender, NewcomerKind, Role, RoleAssignment, User

ORDER = 99  # last: after everything that changes the people

#: Relative to MEDIA_ROOT.
EXPORT_PATH = Path("demo") / "personalexport.csv"


def export_file() -> Path | None:
    """The demo's export, where load_demo has written one."""
    path = Path(settings.MEDIA_ROOT) / EXPORT_PATH
    return path if path.is_file() else None


HEADER = [
    "Anställningsnummer",
    "Förnamn",
    "Efternamn",
    "E-post",
    "Titel",
    "Enhetskod",
    "Enhetsnamn",
    "Förvaltning",
    "Startdatum",
    "Slutdatum",
    "Chef",
    "Roller",
    "Kön",
    "Typ av nyanställd",
    "År i yrket",
]


def export_people(today: datetime.date):
    return (
        User.objects.filter(employee_number__isnull=False, is_active=True)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=today))
        .select_related("unit__administration")
        .order_by("employee_number")
    )


def _managers() -> dict[int, list[tuple[str, int]]]:
    """Unit id → its managers' (employee number, id), lowest number first."""
    managers: dict[int, list[tuple[str, int]]] = {}
    grants = RoleAssignment.objects.filter(
        role=Role.MANAGER, unit__isnull=False, user__employee_number__isnull=False
    ).values_list("unit_id", "user__employee_number", "user_id")
    for unit_id, number, user_id in grants.order_by("user__employee_number"):
        managers.setdefault(unit_id, []).append((number, user_id))
    return managers


def _years(since: datetime.date | None, today: datetime.date) -> str:
    """Whole years in the profession, as the import compares them."""
    if since is None:
        return ""
    return str(math.floor(((today - since).days + 2) / 365.25))


def export_row(person: User, managers: dict, today: datetime.date) -> list[str]:
    unit = person.unit
    chef = next((n for n, pk in managers.get(unit.pk, []) if pk != person.pk), "") if unit else ""
    return [
        person.employee_number,
        person.first_name,
        person.last_name,
        person.email,
        person.title,
        unit.code or "" if unit else "",
        unit.name if unit else "",
        unit.administration.name if unit else "",
        person.start_date.isoformat() if person.start_date else "",
        person.end_date.isoformat() if person.end_date else "",
        chef,
        "",  # roles: all given by hand in the demo (see the module's docstring)
        str(Gender(person.gender).label) if person.gender else "",
        str(NewcomerKind(person.newcomer_kind).label) if person.newcomer_kind else "",
        _years(person.in_profession_since, today),
    ]


def export_write(path: Path, today: datetime.date) -> int:
    """Write the export; returns how many people it holds."""
    path.parent.mkdir(parents=True, exist_ok=True)
    managers = _managers()
    count = 0
    with translation.override("sv"), open(path, "w", encoding="cp1252", newline="") as out:
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow(HEADER)
        for person in export_people(today):
            writer.writerow(export_row(person, managers, today))
            count += 1
    return count


def load(demo) -> None:
    path = Path(settings.MEDIA_ROOT) / EXPORT_PATH
    count = export_write(path, demo.today)
    demo.note(f"HR export of {count} demo people (to try /people/import/): {path}")
