"""Who may do what with people's accounts: the single source for views and selectors.

Every predicate here has a queryset twin in selectors.py built from the same role
data (User._role_pairs), so a list never shows a person whose page would be refused.

The rule for administrators and person-only acts (every app's rules.py follows it)
----------------------------------------------------------------------------------
1. The rules decide, for everybody. `User.has_perm` answers every permission defined in
   a rules.py from the rules alone: Django's "a superuser may do anything" is not asked
   (lms.accounts.models.User.has_perm). Views, services, selectors and templates
   (`rule_perms`) therefore get one answer, whichever they ask.
2. Acts only the person can do are refused to everyone else, administrators included:
   answering a check-in, evaluating a course, asking for a place on a course, answering
   "is this a good fit?", asking for a new mentor, asking for sign-off of one's own item,
   writing one's own reflection (on a plan item or a session), joining the mentor pool
   oneself, opening one's own notices. Their rules name the person (`is_self`,
   `is_own_plan`, `owns_enrolment`, `is_pairing_newcomer`, …) and never `is_admin`.
3. Private notes are read by their author alone: the supervision session's private
   note (`supervision.view_private_note`, and `supervision.edit_session`, which shows
   it) has no `is_admin`, and no selector, list, panel, admin page or audit entry
   loads it for anyone else.
4. Beyond that an administrator (`Role.ADMIN`, the superuser flag) may administer where
   a rule says so, with `is_admin` in the rule and the same shortcut in its queryset
   twin (`if is_admin.test(viewer): return qs`). What an administrator, or anyone,
   changes through the product's pages on such a model is in the audit log with the
   actor (django-auditlog, lms/*/audit.py; lms.core.middleware.AuditMiddleware names
   the actor).
5. Django's model permissions ("app.change_model", the Django admin's and Wagtail's)
   are not rules and keep Django's behaviour, so a superuser keeps the Django admin.
   No rules.py name may be a model permission's name (tests/core/
   test_person_only_acts.py checks it), or the Django admin would ask the rule.
"""

import rules

from .models import Role


def _has_role(role: str):
    @rules.predicate(name=f"has_role_{role}")
    def predicate(user) -> bool:
        return bool(user and user.is_authenticated and user.has_role(role))

    return predicate


is_newcomer = _has_role(Role.NEWCOMER)
is_mentor = _has_role(Role.MENTOR)
is_supervisor = _has_role(Role.SUPERVISOR)
is_manager = _has_role(Role.MANAGER)
is_coordinator = _has_role(Role.COORDINATOR)
is_hr = _has_role(Role.HR)
is_admin = _has_role(Role.ADMIN)


@rules.predicate
def is_self(user, person) -> bool:
    return person is not None and user.pk == person.pk


@rules.predicate
def manages_person(user, person) -> bool:
    """The person belongs to one of the units the user manages."""
    return person is not None and person.unit_id in user.managed_unit_ids


@rules.predicate
def manages_unit(user, unit) -> bool:
    return unit is not None and unit.pk in user.managed_unit_ids


# HR registers new hires, so it sees the staff directory (names, units, dates) but
# never plan contents or supervision logs; managers see their own units' staff.
can_administer_people = is_admin | is_hr

rules.add_perm("accounts.list_people", can_administer_people | is_manager)
rules.add_perm("accounts.register_person", can_administer_people | is_manager)
rules.add_perm("accounts.view_person", is_self | can_administer_people | manages_person)
rules.add_perm("accounts.change_person", can_administer_people | manages_person)
rules.add_perm("accounts.invite_person", can_administer_people | manages_person)
rules.add_perm("accounts.register_in_unit", can_administer_people | manages_unit)
rules.add_perm("accounts.assign_senior_roles", can_administer_people)
