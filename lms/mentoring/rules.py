"""Who may do what with mentors and pairings: the single source for views and selectors.

- The pool (who is a mentor, how full they are) is for unit managers and administrators.
- Pairing a newcomer is for the manager of the newcomer's unit and administrators.
- A pairing is seen by its newcomer, its mentor, the newcomer's manager and
  administrators. HR sees none (figures only).
- "Is this a good fit?" is answered by the newcomer and the mentor, each for
  themselves. Each sees their own answer; both answers are seen by the newcomer's
  manager and administrators, never by the other party.
- The newcomer asks for a new mentor; the request and its message are for the
  newcomer who wrote it, their manager and administrators. The mentor is not told.

Each predicate has a queryset twin in selectors.py.
"""

import rules

from lms.accounts.rules import is_admin, is_manager, manages_person


@rules.predicate
def is_pairing_newcomer(user, pairing) -> bool:
    return pairing is not None and pairing.newcomer_id == user.pk


@rules.predicate
def is_pairing_mentor(user, pairing) -> bool:
    return pairing is not None and pairing.mentor_id == user.pk


@rules.predicate
def manages_pairing_newcomer(user, pairing) -> bool:
    """The newcomer works in one of the user's units (where the newcomer is now)."""
    return pairing is not None and pairing.newcomer.unit_id in user.managed_unit_ids


@rules.predicate
def is_running(user, pairing) -> bool:
    return pairing is not None and pairing.ended_on is None


@rules.predicate
def has_a_unit(user) -> bool:
    return bool(user and user.is_authenticated and user.unit_id)


@rules.predicate
def is_profile_owner(user, profile) -> bool:
    return profile is not None and profile.user_id == user.pk


@rules.predicate
def manages_profile_person(user, profile) -> bool:
    return profile is not None and profile.user.unit_id in user.managed_unit_ids


@rules.predicate
def is_request_author(user, request) -> bool:
    return request is not None and request.newcomer_id == user.pk


@rules.predicate
def manages_request_newcomer(user, request) -> bool:
    return request is not None and request.newcomer.unit_id in user.managed_unit_ids


owns_pairing = manages_pairing_newcomer | is_admin

# no obj: the pool page, and the start section for managers
rules.add_perm("mentoring.view_pool", is_manager | is_admin)
# obj = the newcomer
rules.add_perm("mentoring.pair", manages_person | is_admin)
# obj = the person appointed
rules.add_perm("mentoring.appoint", manages_person | is_admin)
# no obj: join the pool oneself
rules.add_perm("mentoring.volunteer", has_a_unit)
# obj = the profile
rules.add_perm("mentoring.change_profile", is_profile_owner | manages_profile_person | is_admin)
# obj = the pairing
rules.add_perm("mentoring.view_pairing", is_pairing_newcomer | is_pairing_mentor | owns_pairing)
rules.add_perm("mentoring.end_pairing", owns_pairing & is_running)
rules.add_perm("mentoring.view_fit_answers", owns_pairing)
# Person-only acts (lms.accounts.rules, point 2): no administrator in their name.
rules.add_perm("mentoring.answer_fit", (is_pairing_newcomer | is_pairing_mentor) & is_running)
rules.add_perm("mentoring.request_change", is_pairing_newcomer & is_running)
# obj = the request
rules.add_perm(
    "mentoring.view_request_message", is_request_author | manages_request_newcomer | is_admin
)
rules.add_perm("mentoring.resolve_request", manages_request_newcomer | is_admin)
