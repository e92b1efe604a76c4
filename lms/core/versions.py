"""Versioned caches: a number per kind of data, bumped whenever that data changes.

Cached values are stored under the current version, so a bump makes the next reader
compute afresh. A bump happens at once (the writer's own next read sees it) and again
when the transaction commits, so a value a concurrent reader computed from the old,
still-committed data under the new number is thrown away too.

Every process must see the same numbers, or a process serves what another has changed.
Where they live follows from the cache (`counters_in_database`, setting
`VERSION_COUNTERS` to force one):

- a shared cache (Redis, Memcached): the numbers are cache entries, raised with the
  cache's atomic `incr`;
- the local-memory cache, which each process has to itself: the numbers are rows of
  `core.Version`, raised with `UPDATE … SET n = n + 1`. A request reads every row in
  one query the first time it needs a number and keeps them until it ends
  (`VersionsMiddleware`); outside a request (tasks, commands) every read asks the
  database, unless the work runs inside `unit_of_work()`.

Either way a committed change shows on the next request of any process; a timeout only
bounds how long an unused value takes room in the cache.

What is cached under the numbers is declared in two registries that build their keys
the same way: `lms.core.fragments.FRAGMENTS` (HTML) and `lms.core.caching.VALUES`
(Python values).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.db.models import F, Manager, QuerySet

T = TypeVar("T")
DEFAULT_TIMEOUT = 60

#: Cache backends every process shares, with an atomic `incr`.
SHARED_CACHES = frozenset(
    {
        "django.core.cache.backends.redis.RedisCache",
        "django.core.cache.backends.memcached.PyMemcacheCache",
        "django.core.cache.backends.memcached.PyLibMCCache",
        "django_redis.cache.RedisCache",
    }
)


def counters_in_database() -> bool:
    """True where the cache is each process's own: the numbers must then be shared
    through the database."""
    choice = getattr(settings, "VERSION_COUNTERS", None)
    if choice:
        return choice == "database"
    return settings.CACHES["default"]["BACKEND"] not in SHARED_CACHES


def _fresh() -> int:
    """A starting number above any this version has had: if the number is lost (the
    local-memory cache culls its oldest entries when full, a database is set up
    afresh), starting again at 1 would bring back values stored under the old numbers."""
    return time.time_ns() // 1000


# -- numbers in a shared cache -------------------------------------------------------


def _key(name: str) -> str:
    return f"version:{name}"


def _cache_current(name: str) -> int:
    version = cache.get(_key(name))
    if version is None:
        fresh = _fresh()
        if cache.add(_key(name), fresh, None):
            return fresh
        version = cache.get(_key(name)) or fresh  # another process started it first
    return version


def _cache_incr(name: str) -> None:
    try:
        cache.incr(_key(name))
    except ValueError:
        cache.set(_key(name), _fresh(), None)


# -- numbers in the database ---------------------------------------------------------


class _Memo:
    """The numbers one request (or unit of work) has read; None until the first read."""

    __slots__ = ("numbers",)

    def __init__(self) -> None:
        self.numbers: dict[str, int] | None = None


_memo: ContextVar[_Memo | None] = ContextVar("versions_memo", default=None)


@contextmanager
def unit_of_work() -> Iterator[None]:
    """Read the numbers once for everything inside (a request, a task)."""
    token = _memo.set(_Memo())
    try:
        yield
    finally:
        _memo.reset(token)


class VersionsMiddleware:
    """One read of the numbers per request, however many fragments and values need them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with unit_of_work():
            return self.get_response(request)


def _all_numbers() -> dict[str, int]:
    from .models import Version

    return dict(Version.objects.values_list("name", "n"))


def _db_current(name: str) -> int:
    memo = _memo.get()
    if memo is None:
        return _all_numbers().get(name, 0)
    if memo.numbers is None:
        memo.numbers = _all_numbers()
    # 0 until the first bump, which starts the row at a number far above it.
    return memo.numbers.get(name, 0)


def _db_incr(name: str) -> None:
    from .models import Version

    if not Version.objects.filter(name=name).update(n=F("n") + 1):
        try:
            with transaction.atomic():
                Version.objects.create(name=name, n=_fresh())
        except IntegrityError:  # another process created it first
            Version.objects.filter(name=name).update(n=F("n") + 1)
    memo = _memo.get()
    if memo is not None:
        memo.numbers = None  # the writer's next read sees its own bump


# -- the API -------------------------------------------------------------------------


def current(name: str) -> int:
    if counters_in_database():
        return _db_current(name)
    return _cache_current(name)


def bump(name: str) -> None:
    if counters_in_database():
        # Inside a transaction the raised row is the writer's alone until the commit,
        # which raises it again for everyone; outside one, the single raise is for all.
        if transaction.get_connection().in_atomic_block:
            _db_incr(name)
        transaction.on_commit(lambda: _db_incr(name))
        return
    _cache_incr(name)
    transaction.on_commit(lambda: _cache_incr(name))


# -- bulk writes ---------------------------------------------------------------------

#: The versions a model's rows feed, named by the apps' `caching.connect()`.
_followed: dict[type, tuple[str, ...]] = {}
#: Per model, the fields whose bulk updates change nothing a version covers (a person's
#: unread count, kept on the user row and read without a cache).
_quiet: dict[type, frozenset[str]] = {}


class VersionedQuerySet(QuerySet):
    """Bulk writes send no signals, so `update` and `bulk_create` bump the versions of
    their model themselves (`bulk_update` runs `update`). The default manager of every
    model that `follow` names."""

    def update(self, **kwargs):
        rows = super().update(**kwargs)
        if rows and not set(kwargs) <= _quiet.get(self.model, frozenset()):
            for name in _followed.get(self.model, ()):
                bump(name)
        return rows

    update.alters_data = True

    def bulk_create(self, objs, *args, **kwargs):
        made = super().bulk_create(objs, *args, **kwargs)
        if made:
            for name in _followed.get(self.model, ()):
                bump(name)
        return made

    bulk_create.alters_data = True


VersionedManager = Manager.from_queryset(VersionedQuerySet, "VersionedManager")


def follow(model: type, name: str, *, quiet: frozenset[str] = frozenset()) -> None:
    """The model's rows feed the version `name`: bulk writes bump it (signals do the rest),
    except updates of the `quiet` fields alone."""
    if not isinstance(model._default_manager.get_queryset(), VersionedQuerySet):
        raise ImproperlyConfigured(
            f"{model.__name__} feeds the {name!r} version: its manager must be VersionedManager()."
        )
    if name not in _followed.get(model, ()):
        _followed[model] = (*_followed.get(model, ()), name)
    if quiet:
        _quiet[model] = _quiet.get(model, frozenset()) | quiet


def stored(full_key: str, build: Callable[[], T], timeout: int = DEFAULT_TIMEOUT) -> T:
    """The engine under the registries: what is kept under `full_key`, or `build()` kept
    there for `timeout` seconds (None is never kept). Product code names its values in
    `lms.core.caching.VALUES` and its HTML in `lms.core.fragments.FRAGMENTS`, whose keys
    hold the numbers of every kind they read."""
    value = cache.get(full_key)
    if value is None:
        value = build()
        cache.set(full_key, value, timeout)
    return value


def cached(name: str, key: str, build: Callable[[], T], *, timeout: int = DEFAULT_TIMEOUT) -> T:
    """`key` under the one version `name`: how the numbers themselves are tested
    (tests/core/test_versions.py); product code uses `lms.core.caching.cached_value`."""
    return stored(f"{name}:{key}:v{current(name)}", build, timeout)
