"""What the programme tells the apps above it, without importing them.

Receivers run inside the service's transaction; anything that leaves the process
(e-mail, calendar invitations) must wait for `transaction.on_commit`.
"""

from django.dispatch import Signal

#: sent with enrolment=Enrolment, change=one of BookingChange; SESSION_CHANGED also
#: carries removed_days=[(session_id, day_id)] of days that no longer exist
booking_changed = Signal()
#: sent with completion=ModuleCompletion (a person finished a module)
module_completed = Signal()
#: sent with completion=ModuleCompletion (already deleted: a corrected attendance took
#: it back; its fields still say whose, which module and which session) and by=User
module_withdrawn = Signal()


class BookingChange:
    ADMITTED = "admitted"
    WAITLISTED = "waitlisted"
    REQUESTED = "requested"
    DECLINED = "declined"
    PROMOTED = "promoted"
    CANCELLED = "cancelled"
    SESSION_CANCELLED = "session_cancelled"
    SESSION_CHANGED = "session_changed"
