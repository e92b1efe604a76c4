"""The "programme" version (lms.core.versions): bumped by any change that a calendar feed
or a course list shows, so their cached fingerprints and pages are made afresh."""

from django.db.models.signals import post_delete, post_save

from lms.core import versions

from .models import (
    Attendance,
    CourseSession,
    Enrolment,
    Evaluation,
    Module,
    ModuleCompletion,
    Part,
    Programme,
    SessionDay,
)

PROGRAMME = "programme"


def _bump(**kwargs) -> None:
    versions.bump(PROGRAMME)


def connect() -> None:
    # Attendance, completions and evaluations show on the course pages (done, evaluated).
    for model in (
        Programme,
        Part,
        Module,
        CourseSession,
        SessionDay,
        Enrolment,
        Attendance,
        ModuleCompletion,
        Evaluation,
    ):
        name = model.__name__
        post_save.connect(_bump, sender=model, dispatch_uid=f"programme-v-{name}")
        post_delete.connect(_bump, sender=model, dispatch_uid=f"programme-v-del-{name}")
        versions.follow(model, PROGRAMME)  # bulk writes
