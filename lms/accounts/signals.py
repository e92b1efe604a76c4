from allauth.account.models import EmailAddress
from allauth.account.signals import password_reset
from django.dispatch import receiver


@receiver(password_reset)
def verify_email_on_password_reset(sender, request, user, **kwargs):
    """Choosing a password from an e-mailed link proves the address works."""
    EmailAddress.objects.filter(user=user, email__iexact=user.email).update(verified=True)


def _forget_mfa_policy(**kwargs):
    from django.core.cache import cache

    from .middleware import POLICY_CACHE_KEY

    cache.delete(POLICY_CACHE_KEY)


def _connect_policy_signals():
    from django.db.models.signals import post_delete, post_save

    from .models import RolePolicy

    post_save.connect(_forget_mfa_policy, sender=RolePolicy, dispatch_uid="mfa-policy-save")
    post_delete.connect(_forget_mfa_policy, sender=RolePolicy, dispatch_uid="mfa-policy-del")


_connect_policy_signals()
