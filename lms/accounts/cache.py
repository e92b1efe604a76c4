"""A version number for "who works where in which role", used in cache keys.

Pages that summarise people (a manager's units, HR's figures) are cached under the
current version; any change to a person, a role or the organisation bumps it, so the
next request recomputes. With Redis the bump is seen at once by every process; with
the local-memory cache each process has its own copy, so the short timeout bounds
how long another process may show the old figures.
"""

from django.core.cache import cache

VERSION_KEY = "people:version"
TIMEOUT = 60


def people_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = 1
        cache.add(VERSION_KEY, version, None)
    return version


def bump_people_version(**kwargs) -> None:
    update_fields = kwargs.get("update_fields")
    if update_fields and set(update_fields) <= {"last_login", "updated_at", "invited_at"}:
        return  # a login or an invitation changes no figure
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)


def cached(key: str, build, *, timeout: int = TIMEOUT):
    full_key = f"{key}:v{people_version()}"
    value = cache.get(full_key)
    if value is None:
        value = build()
        cache.set(full_key, value, timeout)
    return value
