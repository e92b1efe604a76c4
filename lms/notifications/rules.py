"""Who may see what of the notifications: the single source for views and selectors.

Everybody sees their own notices. The notification log is for administrators (every
kind) and course coordinators (the programme's kinds: bookings, course reminders,
evaluation requests, their own digest); nobody else sees other people's messages.
`log_kinds` is the one definition: the view's rule asks whether it is non-empty, and
selectors.log_for filters by it.
"""

import rules

from lms.accounts.models import Role

from .kinds import programme_codes


def log_kinds(user) -> frozenset[str] | None:
    """The kinds of other people's messages the user may see in the log: None for all,
    an empty set for none."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    if user.has_role(Role.ADMIN):
        return None
    if user.has_role(Role.COORDINATOR):
        return programme_codes()
    return frozenset()


@rules.predicate
def may_read_log(user) -> bool:
    kinds = log_kinds(user)
    return kinds is None or bool(kinds)


@rules.predicate
def is_own_notice(user, notification) -> bool:
    return notification is not None and notification.recipient_id == user.pk


rules.add_perm("notifications.view_log", may_read_log)
rules.add_perm("notifications.open_notice", is_own_notice)
