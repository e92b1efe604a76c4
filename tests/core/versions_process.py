"""Another process of the product, for tests/core/test_versions.py: Django set up with the
test settings (the local-memory cache, so the numbers live in the database) on the
database named by DATABASE_URL.

    python tests/core/versions_process.py create-table
    python tests/core/versions_process.py bump NAME           # in a transaction
    python tests/core/versions_process.py bump-many NAME N    # N bumps, each on its own
    python tests/core/versions_process.py serve NAME          # a "request" per input line

`serve` answers each line with the number it read and the value it got from
`versions.cached`, which counts how often it had to build the value; a line "bump"
bumps the number instead (outside a transaction) and answers "bumped".
"""

import os
import sys

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.test_settings")
    django.setup()
    from django.db import connection, transaction

    from lms.core import versions
    from lms.core.models import Version

    command, name, *rest = [*sys.argv[1:], ""]
    if command == "create-table":
        with connection.schema_editor() as editor:
            editor.create_model(Version)
    elif command == "bump":
        with transaction.atomic():
            versions.bump(name)
    elif command == "bump-many":
        for _ in range(int(rest[0])):
            versions.bump(name)
    elif command == "serve":
        builds = 0

        def build() -> int:
            nonlocal builds
            builds += 1
            return builds

        print("ready", flush=True)
        for line in sys.stdin:
            if line.strip() == "bump":
                versions.bump(name)
                print("bumped", flush=True)
                continue
            with versions.unit_of_work():
                value = versions.cached(name, "page", build)
                print(versions.current(name), value, flush=True)


if __name__ == "__main__":
    main()
