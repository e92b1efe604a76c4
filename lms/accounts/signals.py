from allauth.account.models import EmailAddress
from allauth.account.signals import password_reset
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

from lms.organisation.models import Administration, Area, Unit

from .cache import bump_people_version
from .middleware import POLICY_CACHE_KEY
from .models import RoleAssignment, RolePolicy, User

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
    cache.delete(POLICY_CACHE_KEY)


# Areas too: their names and order show wherever units do (the mentor pool, plans).
for _model in (User, RoleAssignment, Unit, Administration, Area):
    post_save.connect(
        bump_people_version, sender=_model, dispatch_uid=f"people-v-{_model.__name__}"
    )
    post_delete.connect(
        bump_people_version, sender=_model, dispatch_uid=f"people-v-del-{_model.__name__}"
    )
