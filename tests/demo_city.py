"""The demo city, built once per test session and day, put back in a fraction of a second.

`manage.py load_demo` takes several seconds; the browser journeys and a score of other
tests need the whole city. So the first test that asks for it builds it with the real
command and copies every table's rows aside (a snapshot); each later test puts them back
with one `DELETE` and one `INSERT … SELECT` a table, inside the test's own transaction
(rolled back as usual) or, for the live server's transactional tests, in one of its own.

The copies live beside the test database: an attached SQLite file, or a schema of the
PostgreSQL test database. The demo's dates follow today, so a test at another day (a
pinned moment) gets a city built on that day. Its uploaded pictures and documents are
linked into each test's own MEDIA_ROOT. (The SQL is built from the database's own list
of tables, quoted, hence the `noqa: S608`.)
"""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils import timezone

#: FTS5's own tables in SQLite: the search index's triggers fill them from the index rows.
_FTS_SHADOWS = ("_data", "_idx", "_content", "_docsize", "_config")


class Snapshot:
    """Every table's rows, copied aside under `name` and put back on demand."""

    def __init__(self, name: str, folder: Path):
        self.name = name
        self.folder = folder
        self.tables: list[str] = []

    # -- where the copies live -------------------------------------------------------
    def _store(self) -> str:
        if connection.vendor == "sqlite":
            self._attach()
        return self.name

    def _attach(self) -> None:
        # ATTACH is per SQLite connection, and the browser journeys' thread gets new ones.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA database_list")
            if any(row[1] == self.name for row in cursor.fetchall()):
                return
            if connection.in_atomic_block:
                raise RuntimeError("The demo city's snapshot cannot be attached in a transaction")
            cursor.execute(f"ATTACH DATABASE %s AS {self.name}", [str(self.folder / "db.sqlite3")])

    # -- copying -----------------------------------------------------------------------
    def take(self) -> None:
        self.tables = _tables()
        store = self._store()
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP SCHEMA IF EXISTS {store} CASCADE")
                cursor.execute(f"CREATE SCHEMA {store}")
            for table in self.tables:
                quoted = connection.ops.quote_name(table)
                cursor.execute(f"DROP TABLE IF EXISTS {store}.{quoted}")
                cursor.execute(f"CREATE TABLE {store}.{quoted} AS SELECT * FROM {quoted}")  # noqa: S608

    def restore(self) -> None:
        store = self._store()
        quoted = [connection.ops.quote_name(table) for table in self.tables]
        with transaction.atomic(), connection.cursor() as cursor:
            # Foreign keys are checked at commit, so the order of the tables does not matter.
            # (Not TRUNCATE: PostgreSQL refuses it while the test's own changes wait for
            # those checks.)
            for table in quoted:
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608
            for table in quoted:
                cursor.execute(f"INSERT INTO {table} SELECT * FROM {store}.{table}")  # noqa: S608
            for statement in connection.ops.sequence_reset_sql(
                no_style(), apps.get_models(include_auto_created=True)
            ):
                cursor.execute(statement)


def _tables() -> list[str]:
    names = set(connection.introspection.table_names()) - {"django_migrations"}
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'")
            virtual = [row[0] for row in cursor.fetchall()]
        names -= set(virtual)
        names -= {table + suffix for table in virtual for suffix in _FTS_SHADOWS}
    return sorted(names)


class DemoCity:
    """The snapshots of one test session: one city per day it was asked for."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.cities: dict[str, tuple[Snapshot, Path, str]] = {}

    def build(self) -> None:
        """Today's city, built outside any test's transaction so that its copies last."""
        today = timezone.localdate().isoformat()
        if today not in self.cities:
            self.cities[today] = self._build(today)

    def put_back(self, media_root: Path) -> str:
        """The demo city as `load_demo` leaves it today, and its files in media_root.

        Returns what the command printed when it built the city."""
        today = timezone.localdate().isoformat()
        if today not in self.cities:
            if connection.in_atomic_block:
                # A test pinned to another day than the session's first demo test: its
                # copies could not outlive its transaction, so it loads the city itself.
                return _load_demo()
            self.build()
        city, media, output = self.cities[today]
        city.restore()
        # The files of rows that are gone now go too.
        shutil.rmtree(media_root, ignore_errors=True)
        shutil.copytree(media, media_root, copy_function=os.link)
        return output

    def _build(self, today: str) -> tuple[Snapshot, Path, str]:
        folder = self.folder / today
        media = folder / "media"
        media.mkdir(parents=True)
        day = today.replace("-", "")
        migrated = Snapshot(f"migrated_{day}", folder / "migrated")
        city = Snapshot(f"demo_{day}", folder / "demo")
        for snapshot in (migrated, city):
            snapshot.folder.mkdir()
        migrated.take()
        with override_settings(MEDIA_ROOT=media):
            output = _load_demo()
        city.take()
        migrated.restore()
        return city, media, output


def _load_demo() -> str:
    out = io.StringIO()
    call_command("load_demo", force=True, stdout=out)
    return out.getvalue()
