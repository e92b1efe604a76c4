from django import template
from django.conf import settings
from django.urls import reverse

from ..selectors import feed_token_active

register = template.Library()


@register.simple_tag
def feed_subscription(user) -> dict:
    """The profile page's calendar section: the person's link status, public feeds."""
    programme = settings.SITE_URL.rstrip("/") + reverse("feeds:programme")
    return {
        "token": feed_token_active(user=user) if user.is_authenticated else None,
        "programme_url": programme,
        "programme_webcal": "webcal://" + programme.partition("://")[2],
    }
