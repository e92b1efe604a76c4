"""What the product already holds that an import is compared with, loaded in a fixed
number of queries whatever the file's size (people, addresses, units, administrations,
the import's role grants, the directory's role values)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress

from lms.accounts.models import DirectoryRole, RoleAssignment, RoleSource, User
from lms.organisation.models import Administration, Municipality, Unit

PERSON_FIELDS = (
    "pk",
    "email",
    "employee_number",
    "first_name",
    "last_name",
    "title",
    "unit_id",
    "start_date",
    "end_date",
    "gender",
    "newcomer_kind",
    "in_profession_since",
    "is_active",
    "missing_from_export_since",
)


@dataclass
class Known:
    by_number: dict[str, dict] = field(default_factory=dict)
    by_email: dict[str, dict] = field(default_factory=dict)
    by_id: dict[int, dict] = field(default_factory=dict)
    #: Every address in use (the login's and allauth's) → whose it is.
    email_owner: dict[str, int] = field(default_factory=dict)
    units_by_code: dict[str, dict] = field(default_factory=dict)
    units_by_id: dict[int, dict] = field(default_factory=dict)
    #: (administration id, case-folded name) → a unit without a code, to be given one.
    uncoded_units: dict[tuple[int, str], dict] = field(default_factory=dict)
    administrations: dict[str, dict] = field(default_factory=dict)
    administrations_by_id: dict[int, dict] = field(default_factory=dict)
    grants: dict[int, set] = field(default_factory=lambda: defaultdict(set))
    directory: dict[str, str] = field(default_factory=dict)
    municipality_id: int | None = None


def _people(known: Known) -> None:
    for person in User.objects.values(*PERSON_FIELDS).iterator(chunk_size=2000):
        known.by_id[person["pk"]] = person
        known.by_email[person["email"].lower()] = person
        known.email_owner[person["email"].lower()] = person["pk"]
        if person["employee_number"]:
            known.by_number[person["employee_number"]] = person
    for email, user_id in EmailAddress.objects.values_list("email", "user_id").iterator(
        chunk_size=2000
    ):
        known.email_owner.setdefault(email.lower(), user_id)


def _organisation(known: Known) -> None:
    for admin in Administration.objects.values("pk", "name", "municipality_id"):
        known.administrations[admin["name"].casefold()] = admin
        known.administrations_by_id[admin["pk"]] = admin
    for unit in Unit.objects.values("pk", "name", "code", "administration_id"):
        known.units_by_id[unit["pk"]] = unit
        if unit["code"]:
            known.units_by_code[unit["code"]] = unit
        else:
            known.uncoded_units[(unit["administration_id"], unit["name"].casefold())] = unit
    known.municipality_id = Municipality.objects.order_by("pk").values_list("pk", flat=True).first()


def load_known() -> Known:
    known = Known()
    _people(known)
    _organisation(known)
    grants = RoleAssignment.objects.filter(source=RoleSource.IMPORT).values_list(
        "user_id", "role", "unit_id"
    )
    for user_id, role, unit_id in grants.iterator(chunk_size=2000):
        known.grants[user_id].add((role, unit_id))
    known.directory = {
        value.casefold(): role for value, role in DirectoryRole.objects.values_list("value", "role")
    }
    return known
