import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from lms.accounts.models import Role, RoleAssignment, RoleSource, User
from lms.organisation.models import Administration, Unit
from lms.staff.parsing import Table
from lms.staff.selectors import RowKind, import_preview
from lms.staff.services import staff_import_commit
from tests.factories import MunicipalityFactory, UserFactory

from .helpers import csv_bytes, row

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def municipality(db):
    return MunicipalityFactory()


def preview(rows, **kwargs):
    return import_preview(table=Table(csv_bytes(rows)), keep=None, **kwargs)


def commit(rows, by=None, **kwargs):
    return staff_import_commit(table=Table(csv_bytes(rows)), by=by, **kwargs)


def the_row(result, kind):
    (only,) = result.rows[kind]
    return only


def test_new_people_are_created_with_unit_administration_and_roles(hr):
    commit([row(1001), row(1002, first="Bo", roles="manager|mentor", manager="")], by=hr)
    anna = User.objects.get(employee_number="1001")
    assert anna.unit.code == "U1" and anna.unit.administration.name == "Stadsdelsförvaltning Norr"
    assert anna.email == "p1001@kommun.test" and anna.start_date == datetime.date(2024, 1, 8)
    bo = User.objects.get(employee_number="1002")
    grants = set(bo.role_assignments.values_list("role", "unit__code", "source"))
    assert grants == {("manager", "U1", "import"), ("mentor", None, "import")}
    assert not bo.has_usable_password()


def test_the_same_file_again_changes_nothing_and_writes_no_audit_entry(hr):
    rows = [row(1001, manager="1002"), row(1002, first="Bo", roles="manager")]
    commit(rows, by=hr)
    entries = LogEntry.objects.count()
    again = preview(rows)
    assert again.counts[RowKind.UNCHANGED] == 2 and not again.has_changes
    commit(rows, by=hr)
    assert LogEntry.objects.count() == entries


def test_the_committing_person_is_the_audit_actor(hr):
    commit([row(1001)], by=hr)
    person = User.objects.get(employee_number="1001")
    entry = LogEntry.objects.get_for_object(person).first()
    assert entry.actor == hr


def test_a_changed_row_shows_each_field_old_and_new():
    commit([row(1001)])
    result = preview([row(1001, last="Lind", title="1:e socialsekreterare")])
    changed = the_row(result, RowKind.CHANGED)
    assert ("efternamn", "Ek", "Lind") in changed.diff
    assert ("titel", "Socialsekreterare", "1:e socialsekreterare") in changed.diff


def test_people_are_matched_by_email_only_when_they_have_no_employee_number():
    typed_in = UserFactory(email="p1001@kommun.test")
    result = preview([row(1001)])
    linked = the_row(result, RowKind.CHANGED)
    assert linked.person_id == typed_in.pk
    assert ("anställningsnummer", "–", "1001") in linked.diff
    UserFactory(email="p2@kommun.test", employee_number="9")
    clash = the_row(preview([row(1002, email="p2@kommun.test")]), RowKind.ERROR)
    assert "tillhör redan en annan person" in clash.errors[0]


def test_an_end_date_that_has_come_closes_the_account():
    commit([row(1001)])
    ended = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()
    result = preview([row(1001, end_date=ended)])
    leaving = the_row(result, RowKind.LEAVING)
    assert ("kontot aktivt", "ja", "nej") in leaving.diff
    commit([row(1001, end_date=ended)])
    assert not User.objects.get(employee_number="1001").is_active


def test_a_future_end_date_is_leaving_and_keeps_the_account_open():
    commit([row(1001)])
    later = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    assert preview([row(1001, end_date=later)]).counts[RowKind.LEAVING] == 1
    commit([row(1001, end_date=later)])
    assert User.objects.get(employee_number="1001").is_active


def test_a_full_export_flags_the_absent_and_deletes_nobody():
    commit([row(1001), row(1002)])
    result = preview([row(1001)], full=True)
    absent = the_row(result, RowKind.LEAVING)
    assert absent.employee_number == "1002" and absent.line is None
    commit([row(1001)], full=True)
    gone = User.objects.get(employee_number="1002")
    assert gone.missing_from_export_since == datetime.date.today() and gone.is_active
    assert preview([row(1001)], full=True).counts[RowKind.LEAVING] == 0
    commit([row(1001), row(1002)], full=True)
    assert User.objects.get(employee_number="1002").missing_from_export_since is None


def test_without_full_the_absent_are_left_alone():
    commit([row(1001), row(1002)])
    assert preview([row(1001)]).counts[RowKind.LEAVING] == 0


def test_one_bad_row_and_nothing_is_written():
    rows = [row(1001), row(1002, email="inte-en-adress")]
    with pytest.raises(ValidationError, match="1 rad har fel"):
        commit(rows)
    assert not User.objects.filter(employee_number="1001").exists()
    assert not Unit.objects.filter(code="U1").exists()


def test_units_are_renamed_and_moved_by_code():
    commit([row(1001)])
    result = preview([row(1001, unit_name="Barn och unga, utredning", administration="SDF Öst")])
    assert any("byter namn" in note for note in result.notes)
    assert any("Förvaltningen SDF Öst skapas" in note for note in result.notes)
    commit([row(1001, unit_name="Barn och unga, utredning", administration="SDF Öst")])
    unit = Unit.objects.get(code="U1")
    assert unit.name == "Barn och unga, utredning" and unit.administration.name == "SDF Öst"
    assert Administration.objects.filter(name="SDF Öst").count() == 1


def test_a_unit_typed_in_by_hand_gets_its_code():
    administration = Administration.objects.create(
        municipality=MunicipalityFactory(), name="Stadsdelsförvaltning Norr"
    )
    existing = Unit.objects.create(administration=administration, name="Barn och unga Norr")
    commit([row(1001)])
    existing.refresh_from_db()
    assert existing.code == "U1"
    assert User.objects.get(employee_number="1001").unit == existing


def test_roles_from_the_import_leave_roles_given_by_hand(hr):
    commit([row(1001, roles="mentor")])
    person = User.objects.get(employee_number="1001")
    RoleAssignment.objects.create(user=person, role=Role.COORDINATOR, source=RoleSource.PERSON)
    commit([row(1001, roles="")])
    assert set(person.role_assignments.values_list("role", "source")) == {("coordinator", "person")}


def test_unknown_role_values_give_nothing_and_say_so():
    result = preview([row(1001, roles="mentor|chefen")])
    new = the_row(result, RowKind.NEW)
    assert any("chefen" in note for note in new.notes)


def test_years_in_profession_are_kept_as_a_date_and_do_not_drift():
    rows = [{**row(1001), "years_in_profession": "5"}]
    commit(rows)
    since = User.objects.get(employee_number="1001").in_profession_since
    assert 4.99 < (datetime.date.today() - since).days / 365.25 < 5.01
    assert preview(rows).counts[RowKind.UNCHANGED] == 1
