"""The "checkins" version (lms.core.versions): bumped by every change to a check-in, so
the cached pages, start sections and plan panel built from answers are made afresh."""

from django.db.models.signals import post_delete, post_save

from lms.core import versions

from .models import CheckIn

CHECKINS = "checkins"


def bump(**kwargs) -> None:
    versions.bump(CHECKINS)


def connect() -> None:
    post_save.connect(bump, sender=CheckIn, dispatch_uid="checkins-v-CheckIn")
    post_delete.connect(bump, sender=CheckIn, dispatch_uid="checkins-v-del-CheckIn")
    versions.follow(CheckIn, CHECKINS)  # bulk writes
