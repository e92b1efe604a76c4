"""Versioned caches: a number per kind of data, bumped whenever that data changes.

Cached values are stored under the current version, so a bump makes the next reader
compute afresh. A bump happens at once (the writer's own next read sees it) and again
when the transaction commits, so a value a concurrent reader computed from the old,
still-committed data under the new number is thrown away too.

With Redis every process shares the numbers; with the local-memory cache each process
has its own, and `timeout` bounds how long another process can serve an old value.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction
from django.utils.functional import SimpleLazyObject

T = TypeVar("T")
DEFAULT_TIMEOUT = 60


def _key(name: str) -> str:
    return f"version:{name}"


def _fresh() -> int:
    """A starting number above any this version has had: if the number is evicted (the
    local-memory cache culls its oldest entries when full), starting again at 1 would
    bring back values stored under the old small numbers."""
    return time.time_ns() // 1000


def current(name: str) -> int:
    version = cache.get(_key(name))
    if version is None:
        fresh = _fresh()
        if cache.add(_key(name), fresh, None):
            return fresh
        version = cache.get(_key(name)) or fresh  # another process started it first
    return version


def _incr(name: str) -> None:
    try:
        cache.incr(_key(name))
    except ValueError:
        cache.set(_key(name), _fresh(), None)


def bump(name: str) -> None:
    _incr(name)
    transaction.on_commit(lambda: _incr(name))


def cached(name: str, key: str, build: Callable[[], T], *, timeout: int = DEFAULT_TIMEOUT) -> T:
    full_key = f"{name}:{key}:v{current(name)}"
    value = cache.get(full_key)
    if value is None:
        value = build()
        cache.set(full_key, value, timeout)
    return value


def lazy(name: str, key: str, build: Callable[[], T], *, timeout: int = DEFAULT_TIMEOUT) -> T:
    """`cached`, fetched only when first used. For values that feed a cached template
    fragment: on a fragment hit they are never read, which saves unpickling them."""
    return SimpleLazyObject(lambda: cached(name, key, build, timeout=timeout))
