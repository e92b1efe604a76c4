"""The outbox: claim pending notifications, e-mail them, record what happened.

Claiming is one conditional UPDATE: of two workers that pick the same rows, only one
changes a row from pending to sending, and only the rows it changed carry its claim.
Each row is marked sent right after its message leaves, so a crash mid-batch resends
nothing that was marked; a row left "sending" by a worker that died is claimed again
after CLAIM_TIMEOUT. A message whose server refused the recipient is not retried; any
other failure is retried with growing pauses, then marked failed and reported.
"""

from __future__ import annotations

import logging
import smtplib
import uuid
from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from .kinds import get
from .models import EmailStatus, Notification
from .services import unsubscribe_token

logger = logging.getLogger(__name__)

BATCH = 200
CLAIM_TIMEOUT = timedelta(minutes=15)
MAX_ATTEMPTS = 5
FIRST_PAUSE = timedelta(minutes=5)

REASON_INACTIVE = _("Personen har inget aktivt konto.")
REASON_LEFT = _("Personen har slutat.")
REASON_NO_ADDRESS = _("Personen saknar e-postadress.")
REASON_REFUSED = _("E-postservern tog inte emot adressen.")
REASON_GAVE_UP = _("Kunde inte skickas efter flera försök.")


def _ready(now) -> Q:
    waiting = Q(email_status=EmailStatus.PENDING) & (
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )
    abandoned = Q(email_status=EmailStatus.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT)
    return waiting | abandoned


def claim(now, limit: int = BATCH) -> list[Notification]:
    ids = list(
        Notification.objects.filter(_ready(now))
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    if not ids:
        return []
    token = uuid.uuid4()
    Notification.objects.filter(_ready(now), pk__in=ids).update(
        email_status=EmailStatus.SENDING,
        claim=token,
        claimed_at=now,
        attempts=F("attempts") + 1,
    )
    return list(
        Notification.objects.filter(claim=token, email_status=EmailStatus.SENDING)
        .select_related("recipient")
        .order_by("created_at", "pk")
    )


def recipient_problem(user, today) -> str:
    if not user.is_active:
        return str(REASON_INACTIVE)
    if user.end_date and user.end_date < today:
        return str(REASON_LEFT)
    if not (user.email or "").strip():
        return str(REASON_NO_ADDRESS)
    return ""


def _finish(notification, token, **fields) -> None:
    Notification.objects.filter(pk=notification.pk, claim=token).update(**fields)


def send_pending(now=None, *, limit: int = BATCH, connection=None) -> dict[str, int]:
    """Send one batch; returns counts by outcome (for the task result and the demo).
    `connection` lets the simulated month send through a backend of its own."""
    now = now or timezone.now()
    batch = claim(now, limit)
    counts: dict[str, int] = defaultdict(int)
    if not batch:
        return dict(counts)
    token = batch[0].claim
    today = timezone.localdate(now)
    stale: dict[int, str] = {}
    by_kind = defaultdict(list)
    for n in batch:
        by_kind[n.kind].append(n)
    for code, items in by_kind.items():
        check = get(code).stale
        if check:
            stale.update({pk: str(reason) for pk, reason in check(items).items()})
    own_connection = connection is None
    connection = connection or get_connection()
    try:
        for n in batch:
            problem = stale.get(n.pk) or recipient_problem(n.recipient, today)
            if problem:
                _finish(n, token, email_status=EmailStatus.SKIPPED, reason=problem[:200])
                counts["skipped"] += 1
                continue
            try:
                build_message(n, connection=connection).send()
            except smtplib.SMTPRecipientsRefused:
                _finish(n, token, email_status=EmailStatus.FAILED, reason=str(REASON_REFUSED))
                logger.warning("notification %s: recipient refused", n.pk)
                counts["failed"] += 1
            except Exception as error:
                counts["retry" if n.attempts < MAX_ATTEMPTS else "failed"] += 1
                _retry_or_fail(n, token, now, error)
            else:
                _finish(n, token, email_status=EmailStatus.SENT, sent_at=now, reason="")
                counts["sent"] += 1
    finally:
        if own_connection:
            connection.close()
    return dict(counts)


def _retry_or_fail(n, token, now, error) -> None:
    what = type(error).__name__
    if n.attempts >= MAX_ATTEMPTS:
        _finish(
            n, token, email_status=EmailStatus.FAILED, reason=f"{REASON_GAVE_UP} ({what})"[:200]
        )
        logger.error("notification %s failed after %s attempts: %s", n.pk, n.attempts, what)
        return
    pause = FIRST_PAUSE * (2 ** (n.attempts - 1))
    _finish(
        n,
        token,
        email_status=EmailStatus.PENDING,
        next_attempt_at=now + pause,
        reason=what[:200],
    )
    logger.warning(
        "notification %s: attempt %s failed (%s), next in %s", n.pk, n.attempts, what, pause
    )


def absolute(path: str) -> str:
    if not path or path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + path


def build_message(n: Notification, *, connection=None) -> EmailMultiAlternatives:
    kind = get(n.kind)
    user = n.recipient
    unsubscribe_url = ""
    if kind.choosable and not kind.mandatory:
        unsubscribe_url = absolute(
            reverse("notifications:unsubscribe", args=[unsubscribe_token(user.pk, n.kind)])
        )
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        context = {
            "recipient": user,
            "title": kind.title(n.params),
            "lines": kind.lines(n.params),
            "items": [
                {**row, "url": absolute(row.get("url", ""))}
                for row in (kind.items(n.params) if kind.items else [])
            ],
            "url": absolute(n.url),
            "kind_label": kind.label,
            "unsubscribe_url": unsubscribe_url,
            "preferences_url": absolute(reverse("notifications:preferences")),
        }
        subject = context["title"]
        text = render_to_string("notifications/email/message.txt", context)
        html = render_to_string("notifications/email/message.html", context)
    message = EmailMultiAlternatives(
        subject,
        text,
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
        connection=connection,
        headers={"Auto-Submitted": "auto-generated"},
    )
    if unsubscribe_url:
        message.extra_headers["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        message.extra_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.attach_alternative(html, "text/html")
    if kind.calendar_method:
        method = kind.calendar_method(n)
        if method:
            for _name, content, _mime in kind.attachments(n)[:1]:
                message.attach_alternative(
                    content.decode(), f"text/calendar; method={method}; charset=utf-8"
                )
    if kind.attachments:
        for name, content, mime in kind.attachments(n):
            message.attach(name, content, mime)
    return message
