from allauth.account.models import EmailAddress
from allauth.account.signals import password_reset
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal, receiver

from lms.core import versions
from lms.organisation.models import Administration, Area, Municipality, Unit

from .cache import PEOPLE, bump_people_version
from .middleware import MFA_VERSION
from .models import MfaExemption, RoleAssignment, RolePolicy, User

#: Sent by services.person_update inside its transaction, with person=User, by=User and
#: changes={"unit" | "start_date" | "end_date": (old, new)} for what actually changed.
#: The apps above (plans) follow life events through it without accounts knowing them.
person_changed = Signal()


@receiver(password_reset)
def verify_email_on_password_reset(sender, request, user, **kwargs):
    """Choosing a password from an e-mailed link proves the address works."""
    EmailAddress.objects.filter(user=user, email__iexact=user.email).update(verified=True)


@receiver([post_save, post_delete], sender=RolePolicy, dispatch_uid="mfa-policy-changed")
def forget_mfa_policy(**kwargs):
    # A bump, not a delete: with a cache of each process's own, a delete reached only
    # the process that saved the policy.
    versions.bump(MFA_VERSION)


# Areas too: their names and order show wherever units do (the mentor pool, plans), and
# the municipality's name heads the figures' scopes.
for _model in (User, RoleAssignment, Unit, Administration, Area, Municipality):
    post_save.connect(
        bump_people_version, sender=_model, dispatch_uid=f"people-v-{_model.__name__}"
    )
    post_delete.connect(
        bump_people_version, sender=_model, dispatch_uid=f"people-v-del-{_model.__name__}"
    )


# Bulk updates of people too, but not of what a login, an invitation or a notice
# changes: the same fields bump_people_version passes over.
versions.follow(
    User,
    PEOPLE,
    quiet=frozenset({"last_login", "updated_at", "invited_at", "unread_notifications"}),
)


def forget_mfa_facts(**kwargs):
    if kwargs.get("action", "post_").startswith("post_"):
        versions.bump(MFA_VERSION)


# Exempt or not, and able to reach the Wagtail admin (which asks for two-factor) or not,
# as the middleware caches them. Deleting a group sends no m2m_changed for its members.
for _model in (MfaExemption, Group):
    post_save.connect(forget_mfa_facts, sender=_model, dispatch_uid=f"mfa-v-{_model.__name__}")
    post_delete.connect(
        forget_mfa_facts, sender=_model, dispatch_uid=f"mfa-v-del-{_model.__name__}"
    )
for _through in (User.groups.through, User.user_permissions.through, Group.permissions.through):
    m2m_changed.connect(
        forget_mfa_facts, sender=_through, dispatch_uid=f"mfa-v-m2m-{_through.__name__}"
    )
