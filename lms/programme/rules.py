"""Who may schedule, book, mark and evaluate course sessions."""

import rules

from lms.accounts.rules import is_admin, is_coordinator, is_self, manages_person


@rules.predicate
def owns_enrolment(user, enrolment) -> bool:
    return enrolment is not None and enrolment.person_id == user.pk


@rules.predicate
def manages_enrollee(user, enrolment) -> bool:
    return enrolment is not None and enrolment.person.unit_id in user.managed_unit_ids


runs_programme = is_coordinator | is_admin

rules.add_perm("programme.manage_sessions", runs_programme)
rules.add_perm("programme.manage_programme", runs_programme)
rules.add_perm("programme.mark_attendance", runs_programme)
rules.add_perm("programme.view_participants", runs_programme)
# obj = the person to be booked
rules.add_perm("programme.nominate", runs_programme | manages_person)
# Person-only acts (lms.accounts.rules, point 2): no administrator in the person's name.
rules.add_perm("programme.request_booking", is_self)
# obj = the enrolment
rules.add_perm("programme.approve_request", runs_programme | manages_enrollee)
rules.add_perm("programme.cancel_enrolment", runs_programme | manages_enrollee | owns_enrolment)
rules.add_perm("programme.evaluate", owns_enrolment)
