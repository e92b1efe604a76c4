"""Writes for certificates: issuing and revoking."""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.models import User
from lms.core.reasons import clean_reason

from . import codes, selectors
from .models import Certificate, Scope

#: Attempts at a fresh code before giving up; with ~59 bits a clash is already unlikely.
CODE_ATTEMPTS = 5


def _snapshot(*, person: User, row: selectors.ScopeRow, programme) -> dict:
    """What the certificate states, fixed on the day it is issued."""
    return {
        "name": person.get_full_name() or str(person),
        "municipality": selectors.municipality_name(person=person),
        "programme": programme.name,
        "programme_version": programme.version,
        "parts": [
            {
                "number": part.number,
                "title": part.title,
                "modules": [
                    {"title": m.title, "completed_on": m.completed_on.isoformat()}
                    for m in part.modules
                ],
            }
            for part in row.parts
        ],
    }


@transaction.atomic
def certificate_issue(*, person: User, scope: str, by: User) -> Certificate:
    """The person's certificate for the scope: the live one if there is one, else a new
    one, provided every module of the scope is done."""
    if not rules.has_perm("certificates.issue_certificate", by, person):
        raise PermissionDenied
    if scope not in Scope.values:
        raise ValidationError(_("Okänd omfattning för ett intyg."))
    # Two clicks at once wait for each other here, and the second finds the first's.
    User.objects.select_for_update().filter(pk=person.pk).exists()
    existing = Certificate.objects.filter(
        person=person, scope=scope, revoked_at__isnull=True
    ).first()
    if existing is not None:
        return existing
    progress = selectors.progress(person=person)
    row = progress.get(scope)
    if row is None:
        raise ValidationError(
            _("Programmet som %(name)s följer har ingen %(scope)s.")
            % {"name": person, "scope": Scope(scope).label.lower()}
        )
    if not row.complete:
        raise ValidationError(
            _(
                "Intyget kan inte skapas ännu: %(name)s har inte genomfört alla moduler i "
                "%(scope)s. Kvar: %(missing)s."
            )
            % {
                "name": person,
                "scope": Scope(scope).label.lower(),
                "missing": ", ".join(row.missing) or _("moduler saknas i programmet"),
            }
        )
    snapshot = _snapshot(person=person, row=row, programme=progress.programme)
    for _attempt in range(CODE_ATTEMPTS):
        try:
            with transaction.atomic():
                return Certificate.objects.create(
                    person=person,
                    scope=scope,
                    programme=progress.programme,
                    code=codes.generate(),
                    snapshot=snapshot,
                    issued_at=timezone.now(),
                    issued_by=by,
                )
        except IntegrityError:
            # A code already in use (or, on a database without the row lock, the same
            # certificate made a moment ago): look again, then try a new code.
            existing = Certificate.objects.filter(
                person=person, scope=scope, revoked_at__isnull=True
            ).first()
            if existing is not None:
                return existing
    raise ValidationError(_("Intyget kunde inte skapas. Försök igen."))


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, by: User, reason: str = "") -> Certificate:
    """Take a certificate back (issued by mistake, completions corrected). The page for
    its code then says it is revoked, never why; the reason stays with the certificate
    and in the audit log. A new one can be issued when the scope is done."""
    if not rules.has_perm("certificates.revoke_certificate", by, certificate):
        raise PermissionDenied
    reason = clean_reason(reason, required=False)
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.revoked_at is None:  # idempotent: revoking twice keeps the first date
        certificate.revoked_at = timezone.now()
        certificate.revoked_by = by
        certificate.revoke_reason = reason
        certificate.save(update_fields=["revoked_at", "revoked_by", "revoke_reason", "updated_at"])
    return certificate


def certificates_recheck(*, person: User) -> int:
    """After a completion is taken back or recorded again: flag each live certificate
    whose modules are no longer all done, for a coordinator to decide on, and clear the
    flag when they are done again. Never revokes: a certificate is the organisation's
    statement and a person takes it back. The number newly flagged."""
    live = list(Certificate.objects.filter(person=person, revoked_at__isnull=True))
    flagged = 0
    progress_by_programme = {}
    for certificate in live:
        if certificate.programme_id not in progress_by_programme:
            progress_by_programme[certificate.programme_id] = selectors.progress(
                person=person, programme=certificate.programme
            )
        row = progress_by_programme[certificate.programme_id].get(certificate.scope)
        holds = row is not None and row.complete
        if holds and certificate.review_since:
            certificate.review_since = None
            certificate.review_missing = ""
        elif not holds and not certificate.review_since:
            certificate.review_since = timezone.now()
            certificate.review_missing = ", ".join(row.missing if row else [])[:500]
            flagged += 1
        else:
            continue
        certificate.save(update_fields=["review_since", "review_missing", "updated_at"])
    return flagged
