"""The demo's HR export (lms/staff/demo.py) is the demo people as the import reads them:
read back, every row is unchanged and committing it changes nothing."""

from pathlib import Path

import pytest
from auditlog.models import LogEntry

from lms.accounts.models import RoleAssignment, User
from lms.staff.demo import EXPORT_PATH
from lms.staff.parsing import Table
from lms.staff.selectors import RowKind, import_preview
from lms.staff.services import staff_import_commit

pytestmark = pytest.mark.django_db


@pytest.fixture
def export(demo_city, settings) -> Path:
    return Path(settings.MEDIA_ROOT) / EXPORT_PATH


def test_the_export_is_written_as_swedish_excel_saves_it(export):
    raw = export.read_bytes()
    header = raw.split(b"\r\n", 1)[0].decode("cp1252")
    assert header.startswith("Anställningsnummer;Förnamn;Efternamn;E-post")
    assert "Åberg".encode("cp1252") in raw  # Windows-1252, not UTF-8
    table = Table(export)
    assert (table.kind, table.encoding, table.delimiter) == ("csv", "cp1252", ";")
    assert not table.header.ignored


def test_every_demo_person_with_an_employee_number_is_in_it(export):
    lines = export.read_text(encoding="cp1252").splitlines()[1:]
    numbers = {line.split(";", 1)[0] for line in lines}
    assert {"10001", "10007"} <= numbers  # nyanstalld@ and hr@demo.test
    employed = User.objects.filter(employee_number__isnull=False, end_date__isnull=True)
    assert numbers == set(employed.values_list("employee_number", flat=True))


def test_as_a_full_export_it_flags_only_the_demo_s_leaver(export):
    # Not a complete export: the leaver's last day has passed and the daily task that
    # closes the account has not run in the demo, so the export leaves them out.
    (leaver,) = User.objects.filter(employee_number__isnull=False, end_date__isnull=False)
    preview = import_preview(table=Table(export), keep=None, full=True)
    assert [row.employee_number for row in preview.rows[RowKind.LEAVING]] == [
        leaver.employee_number
    ]
    assert preview.counts[RowKind.CHANGED] == preview.counts[RowKind.NEW] == 0


def test_reading_the_export_back_finds_every_row_unchanged(export):
    preview = import_preview(table=Table(export), keep=None)
    assert not preview.has_errors and not preview.has_changes
    assert preview.counts[RowKind.UNCHANGED] == len(export.read_bytes().splitlines()) - 1
    assert not preview.notes


def test_committing_the_export_changes_nothing(export):
    hr = User.objects.get(email="hr@demo.test")
    people = list(User.objects.order_by("pk").values())
    roles = list(RoleAssignment.objects.order_by("pk").values())
    logged = LogEntry.objects.count()
    staff_import_commit(table=Table(export), by=hr)
    assert list(User.objects.order_by("pk").values()) == people
    assert list(RoleAssignment.objects.order_by("pk").values()) == roles
    assert LogEntry.objects.count() == logged


def test_the_directory_s_newcomer_waits_on_hr_s_list(demo_city):
    from lms.identity.selectors import people_to_complete

    hr = User.objects.get(email="hr@demo.test")
    listed = people_to_complete(viewer=hr).values_list("email", flat=True)
    assert "leo.virtanen@alvstad.demo.test" in listed
