from allauth.account.authentication import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from lms.core.caching import cached_value

from .models import SITE_EDITORS, MfaExemption, RolePolicy

#: Data version of the role policies, exemptions, group memberships and permissions
#: (signals.py bumps it): which roles need two-factor, and whether a person edits the
#: site or is exempt, are cached under it, so that the common answer, "nothing to ask",
#: costs no query on the next page, and a changed policy holds in every process at once.
MFA_VERSION = "mfa"
#: Paths a person must still reach while setting up two-factor.
ALLOWED_PREFIXES = ("/accounts/", "/static/", "/media/", "/healthz", "/i18n/", "/calendar/")
#: How allauth records a sign-in at an identity provider ("socialaccount"): the
#: municipality's provider asks for its own second factor (its `amr`/`acr` are kept in
#: the session and the audit log, lms.identity), so those sessions are spared ours
#: (see `signed_in_by_single_sign_on`).
SINGLE_SIGN_ON_METHODS: frozenset[str] = frozenset({"socialaccount"})


def mfa_required_roles() -> frozenset[str]:
    return cached_value(
        "mfa-policy",
        build=lambda: frozenset(
            RolePolicy.objects.filter(require_mfa=True).values_list("role", flat=True)
        ),
    )


def _edits_site(user) -> bool:
    """Whether the person may reach the Wagtail admin: what `has_perm` answers for an
    active person who is no superuser (superusers are administrators, asked anyway), in
    one query instead of two; every page asks, so it is cached too."""

    def build() -> bool:
        return Permission.objects.filter(
            Q(user=user) | Q(group__user=user),
            content_type__app_label="wagtailadmin",
            codename="access_admin",
        ).exists()

    return cached_value("mfa-edits-site", viewer=user, build=build)


def mfa_required_for(user) -> bool:
    """Whether the person's roles, or their right to edit the site, call for two-factor."""
    required = mfa_required_roles()
    if user.roles & required:
        return True
    return SITE_EDITORS in required and _edits_site(user)


def mfa_exempt(user) -> bool:
    return cached_value(
        "mfa-exempt",
        viewer=user,
        build=lambda: MfaExemption.objects.filter(user_id=user.pk).exists(),
    )


def signed_in_by_single_sign_on(request) -> bool:
    """Whether this session began at the identity provider rather than with a password.

    The rule is for local passwords. allauth records each step of a sign-in in the
    session ("password", "password_reset", "mfa", "socialaccount"); a session without
    records (signed in before allauth kept them, or by other means) counts as a
    password one, so nothing slips through unrecorded.
    """
    records = get_authentication_records(request, request.user)
    return bool(records) and records[0].get("method") in SINGLE_SIGN_ON_METHODS


def must_set_up_mfa(request) -> bool:
    user = request.user
    return (
        mfa_required_for(user)
        and not signed_in_by_single_sign_on(request)
        and not mfa_exempt(user)
        and not is_mfa_enabled(user)
    )


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
            and must_set_up_mfa(request)
        ):
            messages.warning(
                request,
                _(
                    "Ditt konto kräver tvåstegsverifiering. Slå på den med en "
                    "autentiseringsapp innan du fortsätter."
                ),
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
