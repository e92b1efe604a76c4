"""Writes about people: registering, inviting, changing roles and profiles."""

from __future__ import annotations

import datetime

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_q.tasks import async_task

from lms.core import bounds
from lms.organisation.models import Unit

from . import granting
from .models import UNIT_SCOPED_ROLES, Role, RoleSource, User
from .signals import person_changed

#: The roles the product's person pages deal in. HR and the administrator are granted
#: in the Django admin (by an administrator, granting.GRANTED_BY), never on these pages.
PAGE_ROLES = frozenset(
    {Role.NEWCOMER, Role.MENTOR, Role.SUPERVISOR, Role.MANAGER, Role.COORDINATOR}
)


def grantable_roles(*, by: User) -> list[Role]:
    """The roles the person pages offer `by`; saving checks each grant again."""
    return granting.grantable_roles(by=by, among=PAGE_ROLES)


def _check_email_free(email: str, *, exclude: User | None = None) -> str:
    email = email.strip().lower()
    if len(email) > bounds.EMAIL_MAX:
        raise ValidationError(
            {
                "email": _("E-postadressen får vara högst %(max)s tecken.")
                % {"max": bounds.EMAIL_MAX}
            }
        )
    taken = User.objects.filter(email__iexact=email)
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    if (
        taken.exists()
        or EmailAddress.objects.filter(email__iexact=email).exclude(user=exclude).exists()
    ):
        raise ValidationError({"email": _("Det finns redan ett konto med den e-postadressen.")})
    return email


def _check_dates(start_date, end_date) -> None:
    bounds.EMPLOYMENT.check(start_date, field="start_date")
    bounds.EMPLOYMENT.check(end_date, field="end_date")
    if start_date and end_date and end_date < start_date:
        raise ValidationError({"end_date": _("Slutdatumet kan inte vara före startdatumet.")})


def _set_roles(*, person: User, roles: set[str], by: User) -> None:
    """Make the person's page roles that `by` may change equal to `roles`.

    Scoped roles are for the person's unit. Roles `by` may not remove are left alone
    (HR's coordinator role survives a manager's edit; a supervisor role in another unit
    is that unit's manager's business); asking for a role `by` may not grant is refused.
    """
    if roles - PAGE_ROLES:
        raise PermissionDenied
    if roles & set(UNIT_SCOPED_ROLES) and person.unit_id is None:
        raise ValidationError(
            {"roles": _("Välj en enhet för att kunna ge rollen handledare eller enhetschef.")}
        )
    # The page deals in roles given by hand; the directory's and the import's grants are
    # theirs to change (lms.accounts.sources).
    current = {
        (a.role, a.unit_id): a
        for a in person.role_assignments.all()
        if a.source == RoleSource.PERSON
    }
    wanted = {(role, person.unit_id if role in UNIT_SCOPED_ROLES else None) for role in roles}
    for (role, unit_id), assignment in current.items():
        if (role, unit_id) in wanted or role not in PAGE_ROLES:
            continue
        if role in UNIT_SCOPED_ROLES and unit_id != person.unit_id:
            continue
        if granting.may_remove(by, role, person=person, unit_id=unit_id):
            granting.role_remove(by=by, assignment=assignment)
        elif person.pk == by.pk:
            # Leaving out one's own role is changing it, not a role someone else keeps.
            granting.check_remove(by, role, person=person, unit_id=unit_id)
    for role, unit_id in sorted(wanted - set(current)):
        granting.role_grant(by=by, person=person, role=role, unit_id=unit_id)
    person.forget_roles()


@transaction.atomic
def person_register(
    *,
    by: User,
    email: str,
    first_name: str,
    last_name: str,
    unit: Unit | None,
    title: str = "",
    start_date: datetime.date | None = None,
    newcomer_kind: str = "",
    roles: set[str] | frozenset[str] = frozenset(),
    send_invitation: bool = True,
) -> User:
    """Create an account for a new or existing employee; nobody signs up on their own."""
    if not by.has_perm("accounts.register_person"):
        raise PermissionDenied
    if unit is not None and not by.has_perm("accounts.register_in_unit", unit):
        raise PermissionDenied
    if unit is None and not by.has_perm("accounts.assign_senior_roles"):
        raise ValidationError({"unit": _("Välj en av dina enheter.")})
    if not first_name.strip() or not last_name.strip():
        raise ValidationError(_("För- och efternamn behövs."))
    _check_dates(start_date, None)
    email = _check_email_free(email)
    person = User.objects.create_user(
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        title=title.strip(),
        unit=unit,
        start_date=start_date,
        newcomer_kind=newcomer_kind,
    )
    EmailAddress.objects.create(user=person, email=email, primary=True, verified=False)
    _set_roles(person=person, roles=set(roles), by=by)
    if send_invitation:
        person_invite(person=person, by=by)
    return person


@transaction.atomic
def person_update(
    *,
    person: User,
    by: User,
    first_name: str,
    last_name: str,
    title: str,
    unit: Unit | None,
    start_date: datetime.date | None,
    end_date: datetime.date | None,
    newcomer_kind: str,
    roles: set[str] | None,
) -> User:
    """Change a person; `roles=None` leaves their roles as they are (one's own page)."""
    if not by.has_perm("accounts.change_person", person):
        raise PermissionDenied
    moving_to_foreign_unit = (
        unit is not None
        and unit.pk != person.unit_id
        and not by.has_perm("accounts.register_in_unit", unit)
    )
    if moving_to_foreign_unit:
        raise PermissionDenied
    if unit is None and not by.has_perm("accounts.assign_senior_roles"):
        raise ValidationError({"unit": _("Välj en av dina enheter.")})
    _check_dates(start_date, end_date)
    person = User.objects.select_for_update().get(pk=person.pk)
    before = {"unit": person.unit, "start_date": person.start_date, "end_date": person.end_date}
    person.first_name = first_name.strip()
    person.last_name = last_name.strip()
    person.title = title.strip()
    person.unit = unit
    person.start_date = start_date
    person.end_date = end_date
    person.newcomer_kind = newcomer_kind
    person.save()
    if roles is not None:
        _set_roles(person=person, roles=set(roles), by=by)
    after = {"unit": unit, "start_date": start_date, "end_date": end_date}
    changes = {name: (before[name], after[name]) for name in after if before[name] != after[name]}
    if changes:
        person_changed.send(sender=User, person=person, by=by, changes=changes)
    return person


def person_invite(*, person: User, by: User) -> None:
    """Queue an invitation e-mail with a link to choose a password.

    The link is built by the task, so no usable token is ever stored in the queue.
    """
    if not by.has_perm("accounts.invite_person", person):
        raise PermissionDenied
    if not person.is_active:
        raise ValidationError(_("Kontot är avstängt och kan inte bjudas in."))
    User.objects.filter(pk=person.pk).update(invited_at=timezone.now())
    inviter_name = by.get_full_name() or by.email
    transaction.on_commit(
        lambda: async_task(
            "lms.accounts.tasks.invitation_send", person.pk, inviter_name, task_name="invitation"
        )
    )


@transaction.atomic
def profile_update(
    *,
    user: User,
    first_name: str,
    last_name: str,
    preferred_language: str,
    gender: str,
    in_profession_since: datetime.date | None,
) -> User:
    """What a person may change about themselves."""
    if not first_name.strip() or not last_name.strip():
        raise ValidationError(_("För- och efternamn behövs."))
    if in_profession_since and in_profession_since > timezone.localdate():
        raise ValidationError({"in_profession_since": _("Datumet kan inte ligga i framtiden.")})
    bounds.PROFESSION.check(in_profession_since, field="in_profession_since")
    user.first_name = first_name.strip()
    user.last_name = last_name.strip()
    user.preferred_language = preferred_language
    user.gender = gender
    user.in_profession_since = in_profession_since
    user.save(
        update_fields=[
            "first_name",
            "last_name",
            "preferred_language",
            "gender",
            "in_profession_since",
            "updated_at",
        ]
    )
    return user


def language_set(*, user: User, language: str) -> None:
    if user.is_authenticated and user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language", "updated_at"])
