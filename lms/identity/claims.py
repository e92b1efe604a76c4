"""What the municipality's identity provider says about a person, read from the ID token.

Entra ID puts the app roles and the stable `oid` only in the ID token (its userinfo
endpoint carries neither), so the provider is configured not to fetch userinfo and the
claims here come from `extra_data["id_token"]`. Names follow Entra ID with the standard
OpenID Connect claims as fallbacks, so any conforming provider works.
"""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.internal.emailkit import valid_email_or_none
from allauth.core.internal.datakit import parse_bool_safely
from django.conf import settings

#: Where providers put the address: Entra ID often leaves `email` empty for accounts
#: without a mailbox and has the sign-in name in `preferred_username` (v2) or `upn` (v1).
EMAIL_CLAIMS = ("email", "preferred_username", "upn")


@dataclass(frozen=True)
class DirectoryClaims:
    #: The directory's stable id for the person: Entra ID's `oid`, else `sub`.
    directory_id: str
    email: str
    #: Only the provider's explicit `email_verified: true` for the `email` claim counts.
    email_verified: bool
    first_name: str
    last_name: str
    role_values: tuple[str, ...]
    employee_number: str
    amr: tuple[str, ...]
    acr: str


def _text(value, limit: int) -> str:
    return str(value).strip()[:limit] if value not in (None, "") else ""


def _values(value) -> tuple[str, ...]:
    if value in (None, ""):
        return ()
    if isinstance(value, str):
        value = value.replace(",", " ").split()
    if not isinstance(value, list | tuple):
        return ()
    return tuple(str(v).strip() for v in value if str(v).strip())


def _email(data: dict) -> tuple[str, bool]:
    for claim in EMAIL_CLAIMS:
        address = valid_email_or_none(_text(data.get(claim), 254))
        if address:
            verified = claim == "email" and parse_bool_safely(data.get("email_verified"))
            return address.lower(), bool(verified)
    return "", False


def id_token_data(extra_data: dict) -> dict:
    """The ID token's claims from a social account's stored data."""
    data = extra_data.get("id_token") or extra_data.get("userinfo") or {}
    return data if isinstance(data, dict) else {}


def directory_claims(data: dict) -> DirectoryClaims:
    email, verified = _email(data)
    employee_claim = settings.OIDC_EMPLOYEE_NUMBER_CLAIM
    return DirectoryClaims(
        directory_id=_text(data.get("oid") or data.get("sub"), 64),
        email=email,
        email_verified=verified,
        first_name=_text(data.get("given_name"), 150),
        last_name=_text(data.get("family_name"), 150),
        role_values=_values(data.get(settings.OIDC_ROLES_CLAIM)),
        employee_number=_text(data.get(employee_claim), 40) if employee_claim else "",
        amr=_values(data.get("amr")),
        acr=_text(data.get("acr"), 200),
    )
