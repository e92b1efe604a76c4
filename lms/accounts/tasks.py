"""Background work for accounts, run by django-q2."""

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from lms.core.signals import mail_sent

from .models import User


def invitation_send(user_id: int, inviter_name: str) -> bool:
    """Send the invitation e-mail in the invitee's language. Returns False if nothing to send."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return False
    key = default_token_generator.make_token(user)
    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": key},
    )
    context = {
        "user": user,
        "inviter_name": inviter_name,
        "invitation_url": settings.SITE_URL.rstrip("/") + path,
        "login_url": settings.SITE_URL.rstrip("/") + reverse("account_login"),
        "valid_days": settings.PASSWORD_RESET_TIMEOUT // (24 * 3600),
    }
    with translation.override(user.preferred_language):
        subject = render_to_string("accounts/email/invitation_subject.txt", context).strip()
        text = render_to_string("accounts/email/invitation_message.txt", context)
        html = render_to_string("accounts/email/invitation_message.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [user.email])
    message.attach_alternative(html, "text/html")
    message.send()
    mail_sent.send(invitation_send, user=user, kind="account_security", subject=subject, url="")
    return True
