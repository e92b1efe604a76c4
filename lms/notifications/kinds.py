"""The registry of notification kinds: what each is called, how its text reads, who may
turn it off, and how the due ones are found.

Each kind is registered once (catalogue.py and the modules it imports). A kind that is
found by scanning has `scan(now)` yielding `Candidate`s; event kinds are recorded where
the event happens. Texts are built from `params` at the moment they are shown, in the
language that is active then: the recipient's for e-mail, the reader's on a page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .models import EmailChoice


@dataclass(frozen=True)
class Candidate:
    """A message that is due: `key` must name kind, object and period, so that the same
    thing found again is the same key."""

    key: str
    kind: str
    recipient_id: int
    params: dict[str, Any] = field(default_factory=dict)
    url: str = ""
    in_inbox: bool = True


@dataclass(frozen=True)
class Kind:
    code: str
    label: Any  # lazy translation: shown on the preferences page and in the log
    description: Any
    title: Callable[[dict], str]
    lines: Callable[[dict], list[str]] = lambda params: []
    #: A list of {"title", "url", "detail"} rows, for digests.
    items: Callable[[dict], list[dict]] | None = None
    #: E-mail by default; a person's Preference overrides it unless `mandatory`.
    default_email: str = EmailChoice.IMMEDIATE
    #: Account security and the like: always by e-mail, at once.
    mandatory: bool = False
    #: Shown on the preferences page (digests are, the account notices are locked).
    choosable: bool = True
    #: Coordinators see these in the notification log; administrators see every kind.
    programme: bool = False
    #: "often" kinds are looked for every few minutes, "daily" ones in the morning hours.
    scan: Callable[[Any], Iterable[Candidate]] | None = None
    cadence: str = "daily"
    #: Given a list of pending notifications of this kind, the ids that are no longer
    #: worth sending, with the reason (the plan closed, the item was done meanwhile).
    stale: Callable[[list], dict[int, str]] | None = None
    #: Given a notification, the files to attach: [(filename, bytes, mimetype)].
    attachments: Callable[[Any], list[tuple[str, bytes, str]]] | None = None
    #: Calendar parts to attach as alternatives (Outlook reads the event from them).
    calendar_method: Callable[[Any], str | None] | None = None
    order: int = 100


_kinds: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    _kinds[kind.code] = kind
    return kind


def get(code: str) -> Kind:
    try:
        return _kinds[code]
    except KeyError:
        return _unknown(code)


def all_kinds() -> list[Kind]:
    return sorted(_kinds.values(), key=lambda k: (k.order, k.code))


def choosable_kinds() -> list[Kind]:
    return [k for k in all_kinds() if k.choosable]


def programme_codes() -> frozenset[str]:
    return frozenset(k.code for k in _kinds.values() if k.programme)


def _unknown(code: str) -> Kind:
    # A kind removed in a later version still has rows in the log: show its code.
    return Kind(code=code, label=code, description="", title=lambda params: code, choosable=False)
