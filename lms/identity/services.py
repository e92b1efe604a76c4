"""Sign-in with the directory: which person a sign-in belongs to, and what it changes.

Linking goes from the strongest key to the weakest: the directory's stable id, the
employee number (the HR export's key), and an e-mail address only when the provider
vouches for it (`email_verified`). An unverified address that belongs to somebody is
refused rather than linked or duplicated: whoever controls a directory account could
otherwise name any colleague's address and sign in as them.
"""

from __future__ import annotations

import logging

from auditlog.models import LogEntry
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lms.accounts.models import RoleSource, User
from lms.accounts.sources import RoleChanges, role_sync, roles_for_values

from .claims import DirectoryClaims

logger = logging.getLogger(__name__)


class SignInRefused(Exception):
    """A sign-in the product will not complete; the message is for the person."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


CONFLICT = _(
    "Ditt konto i kommunens katalog stämmer inte med personen som har samma "
    "anställningsnummer eller e-postadress här. Kontakta HR eller en administratör."
)
UNVERIFIED = _(
    "Det finns redan en person med e-postadressen %(email)s, men kommunens inloggning "
    "intygar inte att adressen är din. Be HR eller en administratör att koppla ihop "
    "kontona (med anställningsnummer eller katalogens id)."
)
NO_EMAIL = _(
    "Kommunens inloggning skickade ingen e-postadress, så något konto kan inte skapas. "
    "Be IT-avdelningen lägga till anspråket email eller upn."
)


def _linked_elsewhere(person: User, claims: DirectoryClaims) -> bool:
    return bool(person.directory_id and person.directory_id != claims.directory_id)


def person_for_claims(*, claims: DirectoryClaims) -> User | None:
    """The existing person this sign-in belongs to, or None for a new person.

    Raises SignInRefused when a key points at somebody the sign-in may not take over.
    """
    if claims.directory_id:
        person = User.objects.filter(directory_id=claims.directory_id).first()
        if person is not None:
            return person
    if claims.employee_number:
        person = User.objects.filter(employee_number=claims.employee_number).first()
        if person is not None:
            if _linked_elsewhere(person, claims):
                raise SignInRefused(CONFLICT)
            return person
    if not claims.email:
        raise SignInRefused(NO_EMAIL)
    person = User.objects.filter(email__iexact=claims.email).first()
    if person is None:
        return None
    if not claims.email_verified:
        raise SignInRefused(UNVERIFIED % {"email": claims.email})
    if _linked_elsewhere(person, claims):
        raise SignInRefused(CONFLICT)
    return person


def _keep_keys(person: User, claims: DirectoryClaims) -> None:
    """Store the directory's id (and employee number) on first link; never overwrite."""
    fields = []
    taken = User.objects.exclude(pk=person.pk)
    for field, value in (
        ("directory_id", claims.directory_id),
        ("employee_number", claims.employee_number),
    ):
        free = value and not taken.filter(**{field: value}).exists()
        if free and not getattr(person, field):
            setattr(person, field, value)
            fields.append(field)
    if fields:
        person.save(update_fields=fields)


@transaction.atomic
def directory_sign_in(*, person: User, claims: DirectoryClaims) -> RoleChanges:
    """What every sign-in through the directory does, the first one and every later one:
    keep the keys, make the directory's role grants what the claim says (within the
    sources' limits, lms.accounts.sources), and audit the sign-in with the provider's
    account of how the person authenticated (`amr`, `acr`)."""
    _keep_keys(person, claims)
    roles = roles_for_values(claims.role_values)
    changes = role_sync(person=person, source=RoleSource.DIRECTORY, roles=roles)
    LogEntry.objects.log_create(
        person,
        force_log=True,
        action=LogEntry.Action.ACCESS,
        changes={},
        additional_data={
            "sign_in": "directory",
            "amr": list(claims.amr),
            "acr": claims.acr,
            "role_values": list(claims.role_values),
            "refused_roles": changes.refused,
        },
    )
    logger.info(
        "directory sign-in person=%s amr=%s acr=%s added=%s removed=%s",
        person.pk,
        ",".join(claims.amr),
        claims.acr,
        changes.added,
        changes.removed,
    )
    return changes
