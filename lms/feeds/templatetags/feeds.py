from django import template
from django.conf import settings
from django.urls import reverse

from ..selectors import feed_token_created

register = template.Library()


@register.simple_tag
def feed_subscription(user) -> dict:
    """The profile page's calendar section: the person's link status, public feeds."""
    programme = settings.SITE_URL.rstrip("/") + reverse("feeds:programme")
    return {
        "token_created": feed_token_created(user=user) if user.is_authenticated else None,
        "programme_url": programme,
        "programme_webcal": "webcal://" + programme.partition("://")[2],
    }


@register.inclusion_tag("feeds/subscribe_links.html", takes_context=True)
def subscribe_links(context, slug: str = "", title: str = "") -> dict:
    """ "Prenumerera" links (webcal:// and https) for the programme's or one module's
    public calendar, with short instructions for Outlook and Google."""
    path = reverse("feeds:module", args=[slug]) if slug else reverse("feeds:programme")
    url = settings.SITE_URL.rstrip("/") + path
    return {
        "url": url,
        "webcal": "webcal://" + url.partition("://")[2],
        "title": title,
        "personal": context.get("user") is not None and context["user"].is_authenticated,
    }
