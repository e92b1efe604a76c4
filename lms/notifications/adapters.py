"""Account e-mails that allauth sends (password reset, changed address, ...) in the
notification log.

allauth sends them at once, whatever the person's choices; this adapter only writes a
line afterwards so the log shows what went out, when and to whom. The params hold the
subject only, never the link or the token the message carries. The invitation, sent by
a task in accounts, reaches the log through `lms.core.signals.mail_sent` instead.
"""

import uuid

from django.contrib.auth import get_user_model

from lms.accounts.adapters import AccountAdapter as BaseAccountAdapter

from .services import log_sent


class AccountAdapter(BaseAccountAdapter):
    def render_mail(self, template_prefix, email, context, headers=None):
        message = super().render_mail(template_prefix, email, context, headers=headers)
        self._subject = message.subject
        return message

    def send_mail(self, template_prefix, email, context) -> None:
        super().send_mail(template_prefix, email, context)
        person = get_user_model().objects.filter(email__iexact=email).first()
        if person is not None:  # an unknown address (a reset request) is nobody's mail
            log_sent(
                key=f"account_security:{uuid.uuid4().hex}",
                kind="account_security",
                user=person,
                params={"subject": getattr(self, "_subject", "")},
                in_inbox=False,
            )
