import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.db import connection, transaction

from lms.core import versions

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("versions_process.py")


@pytest.fixture
def counters_in_the_cache(settings):
    """The numbers as with Redis: entries of the cache (here the local one)."""
    settings.VERSION_COUNTERS = "cache"


def test_a_bump_makes_values_cached_under_the_old_number_stale():
    versions.cached("kind", "key", lambda: "old")
    versions.bump("kind")
    assert versions.cached("kind", "key", lambda: "new") == "new"


def test_a_bump_makes_values_stale_with_the_numbers_in_the_cache_too(counters_in_the_cache):
    versions.cached("kind", "key", lambda: "old")
    versions.bump("kind")
    assert versions.cached("kind", "key", lambda: "new") == "new"


def test_an_evicted_number_starts_again_above_every_number_it_had(counters_in_the_cache):
    """The local-memory cache culls its oldest entries when it is full; a version number
    starting again at a low value would bring back what was cached under it."""
    first = versions.current("kind")
    versions.cached("kind", "key", lambda: "from before the bump")
    versions.bump("kind")
    versions.bump("kind")
    assert versions.current("kind") == first + 2
    cache.delete("version:kind")  # evicted

    assert versions.current("kind") > first + 2
    assert versions.cached("kind", "key", lambda: "fresh") == "fresh"


def test_a_bump_of_an_evicted_number_starts_it_afresh(counters_in_the_cache):
    first = versions.current("kind")
    cache.delete("version:kind")
    versions.bump("kind")
    assert versions.current("kind") > first


def test_the_numbers_live_in_the_database_unless_the_cache_is_shared(settings):
    assert versions.counters_in_database()  # the local-memory cache of the tests
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379",
        }
    }
    assert not versions.counters_in_database()
    settings.VERSION_COUNTERS = "database"
    assert versions.counters_in_database()


def test_a_request_reads_every_number_it_needs_in_one_query(django_assert_num_queries):
    versions.bump("plans")
    with versions.unit_of_work(), django_assert_num_queries(1):
        for name in ("plans", "people", "programme", "plans", "cms"):
            versions.current(name)


def test_outside_a_request_every_read_asks_the_database(django_assert_num_queries):
    with django_assert_num_queries(2):
        versions.current("plans")
        versions.current("people")


def test_a_writer_sees_its_own_bump_before_the_commit():
    with versions.unit_of_work():
        before = versions.current("plans")
        versions.cached("plans", "page", lambda: "old")
        with transaction.atomic():
            versions.bump("plans")
            assert versions.current("plans") > before
            assert versions.cached("plans", "page", lambda: "new") == "new"


def test_a_bump_that_is_rolled_back_leaves_the_number():
    before = versions.current("plans")
    with pytest.raises(RuntimeError), transaction.atomic():
        versions.bump("plans")
        raise RuntimeError
    assert versions.current("plans") == before


# -- two processes -------------------------------------------------------------------


def _database_url(tmp_path) -> str:
    """A database the test and other processes share: the test database itself where it
    is a server's, a file with the counters' table where the tests' SQLite is in memory."""
    settings = connection.settings_dict
    if connection.vendor != "sqlite":
        password = quote(settings["PASSWORD"] or "", safe="")
        return (
            f"postgres://{quote(settings['USER'], safe='')}:{password}"
            f"@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"
        )
    url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    _run(url, "create-table")
    return url


def _environment(url: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "lms.test_settings",
        "PYTHONPATH": str(ROOT),
    }


def _start(url: str, *args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(SCRIPT), *args],
        cwd=ROOT,
        env=_environment(url),
        text=True,
        stdout=subprocess.PIPE,
        **kwargs,
    )


def _run(url: str, *args: str) -> str:
    process = _start(url, *args)
    out, _ = process.communicate(timeout=60)
    assert process.returncode == 0
    return out


def _ask(server: subprocess.Popen) -> tuple[int, int]:
    server.stdin.write("request\n")
    server.stdin.flush()
    number, value = server.stdout.readline().split()
    return int(number), int(value)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_bump_in_one_process_shows_in_the_next_request_of_another(tmp_path):
    """Without Redis each process has its own local-memory cache: the numbers that
    decide freshness must still be the same for all of them."""
    url = _database_url(tmp_path)
    server = _start(url, "serve", "plans", stdin=subprocess.PIPE)
    try:
        assert server.stdout.readline().strip() == "ready"
        number, value = _ask(server)
        assert _ask(server) == (number, value)  # the second request is served from the cache

        _run(url, "bump", "plans")  # a write in another process, committed

        later_number, later_value = _ask(server)
        assert later_number > number
        assert later_value == value + 1  # built afresh on the very next request
        assert _ask(server) == (later_number, later_value)
    finally:
        server.stdin.close()
        server.wait(timeout=30)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_bumps_from_processes_at_the_same_time_are_all_counted(tmp_path):
    url = _database_url(tmp_path)
    server = _start(url, "serve", "plans", stdin=subprocess.PIPE)
    try:
        assert server.stdout.readline().strip() == "ready"
        server.stdin.write("bump\n")  # the first bump starts the number
        server.stdin.flush()
        assert server.stdout.readline().strip() == "bumped"
        before, _value = _ask(server)

        writers = [_start(url, "bump-many", "plans", "20") for _ in range(2)]
        for writer in writers:
            writer.communicate(timeout=60)
            assert writer.returncode == 0

        assert _ask(server)[0] == before + 40
    finally:
        server.stdin.close()
        server.wait(timeout=30)
