from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.core.cache import cache
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import RolePolicy

POLICY_CACHE_KEY = "accounts:mfa-required-roles"
#: Paths a person must still reach while setting up two-factor.
ALLOWED_PREFIXES = ("/accounts/", "/static/", "/media/", "/healthz", "/i18n/", "/calendar/")


def mfa_required_roles() -> frozenset[str]:
    roles = cache.get(POLICY_CACHE_KEY)
    if roles is None:
        roles = frozenset(
            RolePolicy.objects.filter(require_mfa=True).values_list("role", flat=True)
        )
        cache.set(POLICY_CACHE_KEY, roles, 300)
    return roles


def mfa_required_for(user) -> bool:
    return bool(user.roles & mfa_required_roles())


class RequireMfaMiddleware:
    """Sends people whose role requires two-factor to set it up before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(ALLOWED_PREFIXES)
            and mfa_required_for(user)
            and not is_mfa_enabled(user)
        ):
            messages.warning(
                request,
                _(
                    "Din roll kräver tvåstegsverifiering. Slå på den med en "
                    "autentiseringsapp innan du fortsätter."
                ),
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
