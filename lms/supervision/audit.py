"""The session log in the audit trail: who logged, changed or cancelled a session, who
was in it, follow-ups and absences, with actor and address like the organisation.

The private note is excluded from every entry (`exclude_fields`), so no LogEntry ever
holds it: administrators read the audit log, and the note is for its author alone. The
shared summary and the newcomers' reflections are left out too: they are between the
author and the newcomers, and the entry still shows who changed the session and when.
`object_repr` is the session's `__str__` (kind and date), which never includes it.
The topics (plan items discussed) are logged as many-to-many changes by their titles.
"""

from auditlog.registry import auditlog

#: Never written into an audit entry.
PRIVATE_FIELDS = ["private_note"]


def register_audited_models() -> None:
    from .models import Absence, FollowUp, Session, SessionParticipant

    auditlog.register(
        Session,
        exclude_fields=[*PRIVATE_FIELDS, "shared_summary", "updated_at"],
        m2m_fields={"topics"},
    )
    auditlog.register(SessionParticipant, exclude_fields=["reflection"])
    auditlog.register(FollowUp)
    auditlog.register(Absence)
