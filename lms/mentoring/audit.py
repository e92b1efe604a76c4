"""Mentoring goes into the audit log: who put whom in the pool, who paired whom, when a
pairing ended and why, and that a fit answer or a request for a new mentor was given.

What a fit answer says and what the newcomer wrote to their manager are left out of the
log (exclude_fields): the audit log is read in the Django admin by people who are not
the newcomer's manager. The entry still shows that the row was made and when.
"""

from auditlog.registry import auditlog


def register_audited_models() -> None:
    from .models import FitAnswer, MentorChangeRequest, MentorPairing, MentorProfile

    auditlog.register(MentorProfile, exclude_fields=["updated_at"])
    auditlog.register(MentorPairing, exclude_fields=["updated_at"])
    auditlog.register(FitAnswer, exclude_fields=["answer", "updated_at"])
    auditlog.register(MentorChangeRequest, exclude_fields=["message", "updated_at"])
