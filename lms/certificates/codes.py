"""Verification codes: random, unguessable, and short enough to type from paper.

Twelve characters from an alphabet without the look-alikes 0/O, 1/I/L and U/V
(Crockford's idea, a little stricter): 30 symbols, about 59 bits, so guessing a valid
code at any rate the verification page allows would take longer than a working life.
Printed in groups of four (ABCD-EFGH-JKMN); what people type is normalised first.
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 12
GROUP = 4

_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_.]+")


def generate() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(typed: str) -> str | None:
    """The stored form of a typed code (upper case, no spaces or dashes), or None when
    it cannot be a code at all, so the lookup is skipped."""
    code = _SEPARATORS.sub("", typed or "").upper()
    if len(code) != LENGTH or any(c not in ALPHABET for c in code):
        return None
    return code


def display(code: str) -> str:
    """ABCD-EFGH-JKMN: groups of four are easier to read aloud and to type."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))
