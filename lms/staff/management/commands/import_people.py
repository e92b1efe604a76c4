"""`manage.py import_people FILE [--commit] [--full]`: the staff import for scheduled runs.

Without --commit it prints the preview and exits 0 when no row is in error, 1 otherwise,
so a scheduler can preview first and commit only a clean file."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from lms.staff.parsing import FileRefused, Table
from lms.staff.selectors import RowKind, import_preview
from lms.staff.services import staff_import_commit


class Command(BaseCommand):
    help = "Läs in personal från HR-systemets export (CSV eller .xlsx)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--commit", action="store_true", help="Genomför ändringarna.")
        parser.add_argument(
            "--full",
            action="store_true",
            help="Fullständig export: den som saknas i filen markeras "
            "'saknas i senaste exporten' (tas aldrig bort).",
        )

    def handle(self, *args, file, commit, full, **options):
        try:
            table = Table(file)
            if commit:
                preview = staff_import_commit(table=table, by=None, full=full)
            else:
                preview = import_preview(table=table, full=full, keep=None)
        except FileRefused as error:
            raise CommandError(error.message) from error
        except FileNotFoundError as error:
            raise CommandError(f"Filen finns inte: {file}") from error
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self._print(preview, rows=not commit)
        if commit:
            self.stdout.write("Genomfört (utan person som aktör: schemalagd import).")
        elif preview.has_errors:
            raise SystemExit(1)

    def _print(self, preview, *, rows: bool) -> None:
        for note in preview.notes:
            self.stdout.write(note)
        for group in preview.groups():
            self.stdout.write(f"{group['label']}: {group['count']}")
        if not rows:
            return
        for kind in (RowKind.ERROR, RowKind.NEW, RowKind.LEAVING, RowKind.CHANGED):
            for row in preview.rows.get(kind, []):
                where = f"rad {row.line}" if row.line else "utanför filen"
                self.stdout.write(f"[{kind.label}] {where}: {row.name} ({row.employee_number})")
                for message in row.errors + row.notes:
                    self.stdout.write(f"    {message}")
                for what, before, after in row.diff:
                    self.stdout.write(f"    {what}: {before} → {after}")
