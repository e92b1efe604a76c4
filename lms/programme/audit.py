"""The programme in the audit log, with who did it and when: module completions (one
recorded, one taken back by a corrected attendance), which decide certificates and
introduction figures; and what coordinators and administrators do through the programme's
pages: sessions scheduled, changed or cancelled, bookings, attendance marked, and a
programme version made or put in force (see lms.accounts.rules: administrators' acts
are audited). Session days and a version's copied parts and modules are written in bulk
with their session or version, whose own entry records the act.

Evaluations are not logged: they are the attendee's own and never shown next to a name.
"""

from auditlog.registry import auditlog


def register_audited_models() -> None:
    from .models import Attendance, CourseSession, Enrolment, ModuleCompletion, Programme

    auditlog.register(ModuleCompletion)
    auditlog.register(Programme, exclude_fields=["updated_at"])
    auditlog.register(CourseSession, exclude_fields=["updated_at"])
    auditlog.register(Enrolment, exclude_fields=["updated_at"])
    auditlog.register(Attendance, exclude_fields=["marked_at"])
