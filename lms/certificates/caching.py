"""The "certificates" version (lms.core.versions): bumped by every issued or revoked
certificate, so the plan page's cached section shows the new button or link at once."""

from django.db.models.signals import post_delete, post_save

from lms.core import versions

from .models import Certificate

CERTIFICATES = "certificates"


def bump(**kwargs) -> None:
    versions.bump(CERTIFICATES)


def connect() -> None:
    post_save.connect(bump, sender=Certificate, dispatch_uid="certificates-v-Certificate")
    post_delete.connect(bump, sender=Certificate, dispatch_uid="certificates-v-del-Certificate")
    versions.follow(Certificate, CERTIFICATES)  # bulk writes
