"""E-mails other apps send themselves (the invitation, a mentor's pairing) enter the
notification log here, already sent: the log then shows every message the product sent."""

import uuid

from django.dispatch import receiver

from lms.core.signals import mail_sent

from .services import log_sent


@receiver(mail_sent, dispatch_uid="notifications-log-mail-sent")
def log_mail_sent(sender, user, kind, subject, url="", **kwargs):
    log_sent(
        key=f"{kind}:{uuid.uuid4().hex}",
        kind=kind,
        user=user,
        params={"subject": subject},
        url=url,
        in_inbox=kind != "account_security",
    )
