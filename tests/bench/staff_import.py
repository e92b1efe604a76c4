"""Staff import benchmark: the preview of a 50,000-row HR export.

Run on demand:  .venv/bin/python tests/bench/staff_import.py [ROWS]
Builds a throw-away SQLite database (migrate), writes an export of ROWS people (default
50,000; Windows-1252, semicolons, as Swedish Excel saves it) with 200 units, half of the
people already in the database (so the preview compares as well as creates), and times
the preview (`import_people` without --commit does the same), then runs it again under
tracemalloc for the peak memory (tracemalloc slows the run, so the time is taken without).
It prints the numbers and asserts nothing about time.
"""

from __future__ import annotations

import csv
import io
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

HEADER = [
    "Anställningsnummer",
    "E-post",
    "Förnamn",
    "Efternamn",
    "Titel",
    "Enhetskod",
    "Enhetsnamn",
    "Förvaltning",
    "Startdatum",
    "Slutdatum",
    "Chef",
    "Roller",
    "Lönekonto",
]


def setup_django(db_path: Path) -> None:
    for key in [k for k in os.environ if k.startswith("DJANGO_")] + ["DATABASE_URL", "REDIS_URL"]:
        os.environ.pop(key, None)
    os.environ.update(
        {"DJANGO_SETTINGS_MODULE": "lms.test_settings", "DATABASE_URL": f"sqlite:///{db_path}"}
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def write_export(path: Path, rows: int) -> None:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(HEADER)
    for n in range(rows):
        unit = n % 200
        writer.writerow(
            [
                f"{100000 + n}",
                f"person.{n}@kommun.test",
                "Åsa",
                f"Öberg{n}",
                "Socialsekreterare",
                f"E{unit:04d}",
                f"Enhet {unit}",
                f"Förvaltning {unit % 5}",
                "2024-01-08",
                "",
                f"{100000 + (n // 200) * 200}",
                "newcomer" if n % 3 else "mentor",
                "1234",
            ]
        )
    path.write_bytes(out.getvalue().encode("cp1252"))


def existing_people(rows: int) -> None:
    from django.contrib.auth.hashers import make_password

    from lms.accounts.models import User
    from lms.organisation.models import Municipality

    Municipality.objects.create(name="Benchkommun", slug="bench")
    password = make_password(None)
    User.objects.bulk_create(
        [
            User(
                email=f"person.{n}@kommun.test",
                employee_number=f"{100000 + n}",
                first_name="Åsa",
                last_name=f"Öberg{n}" if n % 10 else "Ändrad",
                password=password,
            )
            for n in range(0, rows, 2)
        ],
        batch_size=2000,
    )


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    with tempfile.TemporaryDirectory() as folder:
        setup_django(Path(folder) / "db.sqlite3")
        from lms.staff.parsing import Table
        from lms.staff.selectors import import_preview

        existing_people(rows)
        export = Path(folder) / "personalexport.csv"
        write_export(export, rows)
        started = time.perf_counter()
        preview = import_preview(table=Table(export), full=True)
        seconds = time.perf_counter() - started
        # A second run for the memory: tracemalloc slows Python down several times over.
        tracemalloc.start()
        import_preview(table=Table(export), full=True)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        size = export.stat().st_size / 1024 / 1024
        print(f"rows: {rows}  file: {size:.1f} MB  preview: {seconds:.1f} s  ", end="")
        print(f"peak memory (tracemalloc): {peak / 1024 / 1024:.0f} MB")
        print("classes:", dict(preview.counts))


if __name__ == "__main__":
    main()
