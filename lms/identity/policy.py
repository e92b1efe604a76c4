"""Who may still sign in with a password when the municipality wants single sign-on only.

With DJANGO_SSO_ONLY every sign-in goes through the municipality's identity provider,
where its own two-factor and its leavers' process apply. The break-glass administrators
(DJANGO_SSO_BREAK_GLASS) keep their passwords so that somebody can still get in when
the provider is down or misconfigured.
"""

from django.conf import settings


def provider_configured() -> bool:
    return bool(settings.SOCIALACCOUNT_PROVIDERS.get("openid_connect", {}).get("APPS"))


def sso_only() -> bool:
    return bool(settings.SSO_ONLY) and provider_configured()


def password_sign_in_allowed(email: str | None) -> bool:
    if not sso_only():
        return True
    return (email or "").strip().lower() in set(settings.SSO_BREAK_GLASS)
