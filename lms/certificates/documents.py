"""The printed certificate: turns a certificate's snapshot into lms.documents' data.

Everything printed comes from the snapshot taken when the certificate was issued, so a
copy downloaded a year later says the same as the first, and the same as the public
verification page. Labels are translated here, in the language active for the request.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from lms.documents.certificate import CertificateDocument, CertificateModule, CertificatePart

from .models import Certificate, Scope


def heading(scope: str) -> str:
    """What the certificate says was done, in the reader's language."""
    return {
        Scope.PART_1: _("Introduktionsprogrammet, del 1 genomförd"),
        Scope.PART_2: _("Introduktionsprogrammet, del 2 genomförd"),
        Scope.PROGRAMME: _("Introduktionsprogrammet genomfört, del 1 och del 2"),
    }[scope]


def parts(certificate: Certificate) -> list[CertificatePart]:
    return [
        CertificatePart(
            title=part["title"],
            modules=[
                CertificateModule(
                    title=module["title"],
                    completed_on=datetime.date.fromisoformat(module["completed_on"]),
                )
                for module in part["modules"]
            ],
        )
        for part in certificate.snapshot.get("parts", [])
    ]


def verify_urls(certificate: Certificate) -> tuple[str, str]:
    """The public page's absolute address, and the same with this code filled in."""
    base = settings.SITE_URL.rstrip("/")
    return (
        base + reverse("certificates:verify"),
        base + reverse("certificates:verify_code", args=[certificate.display_code]),
    )


def certificate_document(certificate: Certificate) -> CertificateDocument:
    snapshot = certificate.snapshot
    verify_url, code_url = verify_urls(certificate)
    return CertificateDocument(
        name=snapshot["name"],
        municipality=snapshot.get("municipality", ""),
        programme=snapshot.get("programme", ""),
        heading=heading(certificate.scope),
        issued_on=timezone.localdate(certificate.issued_at),
        code=certificate.display_code,
        verify_url=verify_url,
        code_url=code_url,
        parts=parts(certificate),
    )


def pdf_filename(certificate: Certificate) -> str:
    """intyg-del-1-oberg-2027-05-11.pdf: ASCII only, so every browser and mail client
    keeps it; scope and date tell two certificates apart."""
    last_name = certificate.snapshot.get("name", "").split(" ")[-1]
    who = slugify(last_name) or str(certificate.person_id)
    scope = {Scope.PART_1: "del-1", Scope.PART_2: "del-2", Scope.PROGRAMME: "programmet"}[
        certificate.scope
    ]
    issued = timezone.localdate(certificate.issued_at).isoformat()
    return f"intyg-{scope}-{who}-{issued}.pdf"
