"""Who may see what of a session: the single source for views and selectors.

Three layers, from widest to narrowest:
- that a session happened (kind, date, length, who held it): the author, the newcomers
  in it, and the managers of their units, who follow up that supervision takes place;
- what was shared: the summary for the author and the newcomers in it; what belongs
  to one newcomer (their follow-ups, reflection and plan items discussed) for the
  author and that newcomer only (selectors.session_contents), so another newcomer of a
  group does not read it;
- the private note: the author alone. Not managers, not HR, not administrators.
HR sees counts only (lms.supervision.selectors), never a session.
Each predicate has a queryset twin in selectors.session_list.
"""

import rules

from lms.accounts.models import Role
from lms.accounts.rules import is_manager


@rules.predicate
def is_session_author(user, session) -> bool:
    return session is not None and session.author_id == user.pk


@rules.predicate
def is_session_participant(user, session) -> bool:
    if session is None:
        return False
    ids = getattr(session, "participant_ids", None)
    if ids is None:
        ids = set(session.attendees.values_list("newcomer_id", flat=True))
    return user.pk in ids


@rules.predicate
def manages_a_participant(user, session) -> bool:
    if session is None or not user.managed_unit_ids:
        return False
    units = getattr(session, "participant_unit_ids", None)
    if units is None:
        units = set(
            session.attendees.filter(plan__isnull=False).values_list("plan__unit_id", flat=True)
        )
    return bool(set(units) & user.managed_unit_ids)


@rules.predicate
def helps_newcomers(user) -> bool:
    return bool(user.roles & {Role.MENTOR, Role.SUPERVISOR})


# Not "view_session" and "change_session": those names are the Django admin's model
# permissions, which keep Django's answer (lms.accounts.rules, point 5).
rules.add_perm(
    "supervision.know_of_session",
    is_session_author | is_session_participant | manages_a_participant,
)
rules.add_perm("supervision.view_session_summary", is_session_author | is_session_participant)
# The author's own note and log, the newcomer's own reflection: never an administrator
# (lms.accounts.rules, points 2 and 3).
rules.add_perm("supervision.view_private_note", is_session_author)
rules.add_perm("supervision.edit_session", is_session_author)
rules.add_perm("supervision.reflect_on_session", is_session_participant)
# no obj: may the person log sessions at all (the button, the page). A unit's manager may
# log supervisor kinds with the unit's newcomers (services check each newcomer).
rules.add_perm("supervision.log_session", helps_newcomers | is_manager)


# -- follow-ups (obj: the FollowUp, with its session) ------------------------------------


@rules.predicate
def wrote_follow_up_session(user, follow_up) -> bool:
    return follow_up is not None and follow_up.session.author_id == user.pk


@rules.predicate
def is_follow_up_newcomer(user, follow_up) -> bool:
    return follow_up is not None and follow_up.newcomer_id == user.pk


# Done: the author, or the newcomer it was agreed with. Into the plan: the author only.
rules.add_perm("supervision.complete_follow_up", wrote_follow_up_session | is_follow_up_newcomer)
rules.add_perm("supervision.plan_follow_up", wrote_follow_up_session)
