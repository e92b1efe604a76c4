"""The kinds every installation has: the daily digest and account security. The kinds
of each capability live beside it (reminders.py, events.py, digests.py) and are
imported here so that the registry is complete once the app is ready."""

from __future__ import annotations

from collections import defaultdict

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .kinds import Candidate, Kind, get, register
from .models import EmailStatus, Notification

#: Digest e-mails leave at this local hour or later, with what arrived the day before.
DIGEST_HOUR = 7


def _digest_items(params: dict) -> list[dict]:
    rows = []
    for item in params.get("items", []):
        kind = get(item["kind"])
        rows.append(
            {
                "title": kind.title(item.get("params", {})),
                "detail": " ".join(kind.lines(item.get("params", {}))),
                "url": item.get("url", ""),
            }
        )
    return rows


def _scan_daily_digest(now):
    """One digest a day per person with notices waiting for it; the notices are marked
    as included in the same transaction, so each appears in exactly one digest."""
    local = timezone.localtime(now)
    if local.hour < DIGEST_HOUR:
        return []
    day = local.date()
    waiting = defaultdict(list)
    rows = (
        Notification.objects.filter(email_status=EmailStatus.DIGEST, created_at__lte=now)
        .order_by("recipient_id", "created_at", "pk")
        .values_list("pk", "recipient_id", "kind", "params", "url")
    )
    for pk, recipient_id, kind, params, url in rows.iterator():
        waiting[recipient_id].append((pk, {"kind": kind, "params": params, "url": url}))
    if not waiting:
        return []
    keys = {uid: f"daily_digest:{uid}:{day.isoformat()}" for uid in waiting}
    taken = set(
        Notification.objects.filter(key__in=list(keys.values())).values_list("key", flat=True)
    )
    candidates, included = [], []
    for uid, entries in waiting.items():
        if keys[uid] in taken:
            continue  # today's digest already left; these wait for tomorrow's
        included.extend(pk for pk, _entry in entries)
        candidates.append(
            Candidate(
                key=keys[uid],
                kind="daily_digest",
                recipient_id=uid,
                params={"day": day.isoformat(), "items": [entry for _pk, entry in entries]},
                url=reverse("notifications:list"),
                in_inbox=False,
            )
        )
    Notification.objects.filter(pk__in=included, email_status=EmailStatus.DIGEST).update(
        email_status=EmailStatus.IN_DIGEST, sent_at=now
    )
    return candidates


def _digest_title(params: dict) -> str:
    n = len(params.get("items", []))
    return ngettext(
        "Din dagliga sammanfattning: %(n)s notis", "Din dagliga sammanfattning: %(n)s notiser", n
    ) % {"n": n}


register(
    Kind(
        code="daily_digest",
        label=_("Daglig sammanfattning"),
        description=_("De notiser du valt att få samlade, en gång om dagen."),
        title=_digest_title,
        lines=lambda params: [gettext("Här är det som hänt sedan förra sammanfattningen.")],
        items=_digest_items,
        choosable=False,
        scan=_scan_daily_digest,
        cadence="daily",
        order=900,
    )
)

register(
    Kind(
        code="account_security",
        label=_("Kontosäkerhet"),
        description=_(
            "Inbjudan, återställning av lösenord och ändrad e-postadress. Kan inte stängas av."
        ),
        title=lambda params: params.get("subject") or gettext("Meddelande om ditt konto"),
        mandatory=True,
        order=1000,
    )
)


register(
    Kind(
        code="mentor_pairing",
        label=_("Mentorskap börjar eller slutar"),
        description=_(
            "Till mentorn när chefen parar ihop hen med en nyanställd eller avslutar "
            "mentorskapet. Skickas alltid."
        ),
        title=lambda params: params.get("subject") or gettext("Ditt mentorskap"),
        mandatory=True,
        order=950,
    )
)


# The kinds of each capability register themselves on import.
from . import digests, events, reminders  # noqa: E402, F401
