"""The "mentoring" version (lms.core.versions): bumped by any change to a mentor
profile, a pairing, a fit answer or a request for a new mentor, so the cached start
section and anything else built from them are made afresh."""

from django.db.models.signals import post_delete, post_save

from lms.core import versions

from .models import FitAnswer, MentorChangeRequest, MentorPairing, MentorProfile

MENTORING = "mentoring"


def bump(**kwargs) -> None:
    versions.bump(MENTORING)


def connect() -> None:
    for model in (MentorProfile, MentorPairing, FitAnswer, MentorChangeRequest):
        name = model.__name__
        post_save.connect(bump, sender=model, dispatch_uid=f"mentoring-v-{name}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"mentoring-v-del-{name}")
        versions.follow(model, MENTORING)  # bulk writes
