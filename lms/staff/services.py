"""Writes of the staff import: committing an export, and the daily closing of accounts
whose end date has come."""

from __future__ import annotations

import datetime

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lms.accounts.audit import acting_as
from lms.accounts.models import RoleSource, User
from lms.accounts.signals import person_changed
from lms.accounts.sources import role_sync
from lms.organisation.models import Administration, Unit
from lms.plans.services.lifecycle import plan_close_for_leaver

from .known import Known, load_known
from .parsing import Table
from .selectors import (
    Preview,
    RowKind,
    RowResult,
    absent_results,
    file_keys,
    import_preview,
    row_results,
)
from .unit_plans import UnitPlan, UnitPlans

_PERSON_FIELDS = (
    "employee_number",
    "email",
    "first_name",
    "last_name",
    "title",
    "start_date",
    "end_date",
    "gender",
    "newcomer_kind",
    "in_profession_since",
    "missing_from_export_since",
    "is_active",
)


def _administration(plan: UnitPlan, known: Known, made: dict) -> Administration:
    folded = plan.administration.casefold()
    if folded in known.administrations:
        return Administration.objects.get(pk=known.administrations[folded]["pk"])
    if folded not in made:
        if known.municipality_id is None:
            raise ValidationError(_("Ingen kommun är upplagd. Lägg upp kommunen först."))
        made[folded] = Administration.objects.create(
            municipality_id=known.municipality_id, name=plan.administration
        )
    return made[folded]


def _units_apply(units: UnitPlans) -> None:
    made: dict[str, Administration] = {}
    for plan in units.changes():
        administration = _administration(plan, units.known, made)
        existing = plan.unit or plan.adopted
        if existing is None:
            Unit.objects.create(administration=administration, name=plan.name, code=plan.code)
            continue
        unit = Unit.objects.get(pk=existing["pk"])
        unit.code, unit.name, unit.administration = plan.code, plan.name, administration
        unit.save()


def _unit(key) -> Unit | None:
    if key is None:
        return None
    if isinstance(key, str):
        return Unit.objects.get(code=key.removeprefix("code:"))
    return Unit.objects.get(pk=key)


def _person_create(result: RowResult, today: datetime.date) -> User:
    changes = result.changes
    fields = {name: changes[name] for name in _PERSON_FIELDS if changes.get(name) is not None}
    end = changes.get("end_date")
    fields["is_active"] = not (end is not None and end <= today)
    fields.pop("email")
    person = User.objects.create_user(
        email=changes["email"], unit=_unit(changes.get("unit")), **fields
    )
    EmailAddress.objects.create(user=person, email=person.email, primary=True, verified=False)
    return person


def _person_update(result: RowResult, by: User | None) -> User:
    person = (
        User.objects.select_for_update(of=("self",)).select_related("unit").get(pk=result.person_id)
    )
    before = {"unit": person.unit, "start_date": person.start_date, "end_date": person.end_date}
    for name in _PERSON_FIELDS:
        if name in result.changes:
            setattr(person, name, result.changes[name])
    if "unit" in result.changes:
        person.unit = _unit(result.changes["unit"])
    if "email" in result.changes:
        EmailAddress.objects.filter(user=person, primary=True).update(
            email=person.email, verified=False
        )
    person.save()
    after = {"unit": person.unit, "start_date": person.start_date, "end_date": person.end_date}
    changed = {name: (before[name], after[name]) for name in after if before[name] != after[name]}
    if changed:
        # Plans follow a move, a new first day and a last day that has come.
        person_changed.send(sender=User, person=person, by=by, changes=changed)
    if result.changes.get("is_active") is False:
        plan_close_for_leaver(person=person, by=by)
    return person


def _row_apply(result: RowResult, by: User | None, today: datetime.date) -> None:
    if result.kind in (RowKind.UNCHANGED, RowKind.ERROR):
        return
    if result.person_id is None:
        person = _person_create(result, today)
    elif result.changes:
        person = _person_update(result, by)
    else:
        person = User.objects.get(pk=result.person_id)
    if result.roles is not None:
        role_sync(person=person, source=RoleSource.IMPORT, roles=result.roles, actor=by)


def _refuse_errors(preview: Preview) -> None:
    count = preview.counts[RowKind.ERROR]
    if count:
        raise ValidationError(
            ngettext(
                "%(n)s rad har fel. Rätta filen och försök igen; inget har ändrats.",
                "%(n)s rader har fel. Rätta filen och försök igen; inget har ändrats.",
                count,
            )
            % {"n": count}
        )


@transaction.atomic
def _commit(table: Table, full: bool, by: User | None, today: datetime.date) -> Preview:
    preview = import_preview(table=table, full=full, today=today, keep=0)
    _refuse_errors(preview)
    with acting_as(by):
        _units_apply(preview.units)
        known = load_known()  # the units as they now are
        keys = file_keys(table)
        for result in row_results(table, known, keys, UnitPlans(known), today):
            _row_apply(result, by, today)
        if full:
            for result in absent_results(known, keys, today):
                _person_update(result, by)
    return preview


def staff_import_commit(
    *, table: Table, by: User | None, full: bool = False, today: datetime.date | None = None
) -> Preview:
    """Apply an export: all of it or, when any row is in error, nothing.

    `by` is the person committing (the audit log's actor); None for the scheduled
    command, whose entries then carry no actor."""
    if by is not None and not by.has_perm("staff.import_people"):
        raise PermissionDenied
    try:
        return _commit(table, full, by, today or timezone.localdate())
    except IntegrityError as error:
        raise ValidationError(
            _(
                "Importen stoppades av en krock i databasen (t.ex. två enheter med samma namn i "
                "samma förvaltning). Inget har ändrats."
            )
        ) from error


def staff_leavers_deactivate(*, today: datetime.date | None = None) -> int:
    """Close the accounts whose end date has come, and their active plans (kept for the
    figures). Run daily; returns how many accounts were closed."""
    today = today or timezone.localdate()
    closed = 0
    for person in User.objects.filter(is_active=True, end_date__lte=today).iterator():
        with transaction.atomic():
            person.is_active = False
            person.save(update_fields=["is_active", "updated_at"])
            plan_close_for_leaver(person=person)
        closed += 1
    return closed
