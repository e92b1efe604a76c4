"""The "supervision" version (lms.core.versions): bumped by any change to a session, a
participant, a follow-up or an absence, so cached pages and flags are made afresh."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from lms.core import versions

from .models import Absence, FollowUp, Session, SessionParticipant

SUPERVISION = "supervision"


def bump(**kwargs) -> None:
    versions.bump(SUPERVISION)


def connect() -> None:
    for model in (Session, SessionParticipant, FollowUp, Absence):
        name = model.__name__
        post_save.connect(bump, sender=model, dispatch_uid=f"supervision-v-{name}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"supervision-v-del-{name}")
    m2m_changed.connect(bump, sender=Session.topics.through, dispatch_uid="supervision-v-topics")
