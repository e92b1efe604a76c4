"""The "people" version: who works where, in which role.

Pages that summarise people (a manager's units, HR's figures, the staff list) and
each person's role pairs are cached under it (values in lms.core.caching.VALUES that
name "people"); any change to a person, a role or the organisation bumps it (see
signals.py).
"""

from lms.core import versions

PEOPLE = "people"


def people_version() -> int:
    return versions.current(PEOPLE)


def bump_people_version(**kwargs) -> None:
    update_fields = kwargs.get("update_fields")
    if update_fields and set(update_fields) <= {"last_login", "updated_at", "invited_at"}:
        return  # a login or an invitation changes no figure
    versions.bump(PEOPLE)
