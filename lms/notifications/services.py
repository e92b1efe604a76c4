"""Writes: recording what is due, reading notices, choosing what comes by e-mail."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.core import signing
from django.db import connection, transaction
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from .kinds import Candidate, get
from .models import EmailChoice, EmailStatus, Notification, Preference

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "lms.notifications.unsubscribe"


def email_choices(user_ids: Iterable[int]) -> dict[tuple[int, str], str]:
    """(user id, kind) → the person's choice, for those who made one (one query)."""
    return {
        (user_id, kind): email
        for user_id, kind, email in Preference.objects.filter(user_id__in=set(user_ids))
        .values_list("user_id", "kind", "email")
        .iterator()
    }


def _status_for(kind_code: str, choice: str | None) -> str:
    kind = get(kind_code)
    if kind.mandatory:
        return EmailStatus.PENDING
    choice = choice or kind.default_email
    if choice == EmailChoice.DAILY:
        return EmailStatus.DIGEST
    if choice == EmailChoice.OFF:
        return EmailStatus.NOT_WANTED
    return EmailStatus.PENDING


def record(candidates: Iterable[Candidate], *, now=None) -> int:
    """Write the candidates not yet recorded; return how many are new.

    Keys already in the table are left out before the insert, and the insert ignores a
    key that a parallel run wrote in between: either way each key is one row. The query
    count does not depend on how many candidates there are (one read of existing keys,
    one of preferences, one insert, one update of the unread counts)."""
    by_key = {c.key: c for c in candidates}
    if not by_key:
        return 0
    now = now or timezone.now()
    existing = set(Notification.objects.filter(key__in=list(by_key)).values_list("key", flat=True))
    fresh = [c for key, c in by_key.items() if key not in existing]
    if not fresh:
        return 0
    choices = email_choices(c.recipient_id for c in fresh)
    rows = [
        Notification(
            key=c.key,
            kind=c.kind,
            recipient_id=c.recipient_id,
            params=c.params,
            url=c.url,
            in_inbox=c.in_inbox,
            created_at=now,
            email_status=_status_for(c.kind, choices.get((c.recipient_id, c.kind))),
            reason="",
        )
        for c in fresh
    ]
    _insert_ignoring_existing(rows)
    refresh_unread({c.recipient_id for c in fresh if c.in_inbox})
    return len(rows)


def _insert_ignoring_existing(rows: list[Notification]) -> None:
    """One INSERT however many rows, skipping keys a parallel run wrote meanwhile.

    On PostgreSQL, Django's bulk_create sends the rows as one array per column (UNNEST).
    Django caps SQLite at 999 variables a statement, which would split a morning of
    70,000 notices into a thousand INSERTs; there the rows go in as one JSON parameter
    that SQLite's json_each unpacks, converted to database values by the fields
    themselves exactly as bulk_create would."""
    if connection.vendor != "sqlite":
        Notification.objects.bulk_create(rows, ignore_conflicts=True)
        return
    fields = [f for f in Notification._meta.concrete_fields if not f.primary_key]
    values = [
        [f.get_db_prep_save(f.pre_save(row, add=True), connection) for f in fields] for row in rows
    ]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    picks = ", ".join(f"json_extract(value, '$[{i}]')" for i in range(len(fields)))
    # Table and columns come from the model, the rows travel as a parameter.
    table = quote(Notification._meta.db_table)
    sql = f"INSERT OR IGNORE INTO {table} ({columns}) SELECT {picks} FROM json_each(%s)"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [json.dumps(values)])


def log_sent(*, key: str, kind: str, user, params: dict, url: str = "", in_inbox: bool = True):
    """Record a message that was already sent by other means (the log's line for it)."""
    now = timezone.now()
    notification = Notification.objects.create(
        key=key,
        kind=kind,
        recipient=user,
        params=params,
        url=url,
        in_inbox=in_inbox,
        created_at=now,
        email_status=EmailStatus.SENT,
        sent_at=now,
        attempts=1,
    )
    if in_inbox:
        refresh_unread([user.pk])
    return notification


def refresh_unread(user_ids: Iterable[int]) -> None:
    """Recount the unread notices of these people from the table itself, so the number
    in the header never drifts whatever order parallel writers commit in."""
    ids = set(user_ids)
    if not ids:
        return
    unread = (
        Notification.objects.filter(recipient=OuterRef("pk"), in_inbox=True, read_at__isnull=True)
        .order_by()
        .values("recipient")
        .annotate(n=Count("pk"))
        .values("n")
    )
    get_user_model().objects.filter(pk__in=ids).update(
        unread_notifications=Coalesce(Subquery(unread), Value(0))
    )


def mark_read(user, notification_ids: Iterable[int] | None = None, *, now=None) -> int:
    """Mark the user's own notices read (all of them when no ids are given)."""
    qs = Notification.objects.filter(recipient=user, in_inbox=True, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=list(notification_ids))
    changed = qs.update(read_at=now or timezone.now())
    if changed:
        refresh_unread([user.pk])
        user.unread_notifications = (
            get_user_model().objects.values_list("unread_notifications", flat=True).get(pk=user.pk)
        )
    return changed


@transaction.atomic
def set_email_choices(user, choices: dict[str, str]) -> list[str]:
    """Save the person's choices; mandatory kinds cannot be changed. Returns the kinds
    whose choice changed (for the audit log and the confirmation)."""
    current = {p.kind: p for p in Preference.objects.filter(user=user)}
    changed = []
    for code, email in choices.items():
        kind = get(code)
        if kind.mandatory or not kind.choosable or email not in EmailChoice.values:
            continue
        before = current[code].email if code in current else kind.default_email
        if before == email:
            continue
        Preference.objects.update_or_create(user=user, kind=code, defaults={"email": email})
        changed.append(code)
    if changed:
        logger.info("notification choices changed user=%s kinds=%s", user.pk, ",".join(changed))
    return changed


def unsubscribe_token(user_id: int, kind: str) -> str:
    return signing.dumps({"u": user_id, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    kind = get(str(data.get("k", "")))
    if kind.mandatory or not kind.choosable:
        return None
    return data["u"], kind.code


def unsubscribe(user, kind: str) -> bool:
    """The e-mail footer's link: this kind no longer by e-mail (still in the bell)."""
    return bool(set_email_choices(user, {kind: EmailChoice.OFF}))
