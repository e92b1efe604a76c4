from django import template
from django.conf import settings
from django.urls import reverse

from lms.identity.policy import sso_only

register = template.Library()


@register.simple_tag
def directory_sign_in() -> dict | None:
    """The municipality's sign-in button, when a provider is configured (from settings,
    no query): its text, the address its form posts to, and whether passwords are off."""
    apps = settings.SOCIALACCOUNT_PROVIDERS.get("openid_connect", {}).get("APPS") or []
    if not apps:
        return None
    app = apps[0]
    return {
        "name": app.get("name") or settings.OIDC_PROVIDER_ID,
        "url": reverse("openid_connect_login", kwargs={"provider_id": app["provider_id"]}),
        "only": sso_only(),
    }
