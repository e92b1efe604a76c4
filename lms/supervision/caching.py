"""The "supervision" version (lms.core.versions): bumped by any change to a session, a
participant, a follow-up or an absence, so cached pages and flags are made afresh; and by
a change to a municipality, whose expectation of 1:1s decides every week's status, or to
one of its closed days, which decide how many working days a week has."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from lms.core import versions
from lms.organisation.models import ClosedDay, Municipality

from .models import Absence, FollowUp, Session, SessionParticipant

SUPERVISION = "supervision"


def bump(**kwargs) -> None:
    versions.bump(SUPERVISION)


def connect() -> None:
    for model in (Session, SessionParticipant, FollowUp, Absence):
        name = model.__name__
        post_save.connect(bump, sender=model, dispatch_uid=f"supervision-v-{name}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"supervision-v-del-{name}")
        versions.follow(model, SUPERVISION)  # bulk writes
    m2m_changed.connect(bump, sender=Session.topics.through, dispatch_uid="supervision-v-topics")
    # one_to_one_every_weeks and one_to_one_months: the weeks, figures and flags follow.
    post_save.connect(bump, sender=Municipality, dispatch_uid="supervision-v-municipality")
    post_delete.connect(bump, sender=Municipality, dispatch_uid="supervision-v-del-municipality")
    post_save.connect(bump, sender=ClosedDay, dispatch_uid="supervision-v-closed-day")
    post_delete.connect(bump, sender=ClosedDay, dispatch_uid="supervision-v-del-closed-day")
