"""Marking and removing absences (lms.supervision.dashboard.absences)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lms.accounts.models import Role
from lms.supervision.dashboard.absences import absence_mark, absence_remove
from lms.supervision.models import Absence
from tests.factories import UserFactory

from .dash import DAY, WEEK, plan_for
from .factories import AbsenceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(newcomer, supervisor, mentor):
    return plan_for(newcomer, supervisor=supervisor, mentor=mentor)


def _mark(plan, by, first, last, kind=Absence.Kind.HOLIDAY):
    return absence_mark(newcomer=plan.newcomer, kind=kind, starts_on=first, ends_on=last, by=by)


def _message(error: ValidationError) -> str:
    return " ".join(error.messages)


def test_the_supervisor_marks_an_absence(plan, supervisor):
    first = plan.start_date + 2 * WEEK
    absence = _mark(plan, supervisor, first, first + 4 * DAY)
    assert (absence.newcomer, absence.kind, absence.created_by) == (
        plan.newcomer,
        Absence.Kind.HOLIDAY,
        supervisor,
    )
    assert (absence.starts_on, absence.ends_on) == (first, first + 4 * DAY)


def test_the_manager_of_the_unit_marks_an_absence(plan, manager):
    assert _mark(plan, manager, plan.start_date, plan.start_date).pk


def test_a_double_click_marks_it_once(plan, supervisor):
    first = plan.start_date + WEEK
    one = _mark(plan, supervisor, first, first + DAY)
    two = _mark(plan, supervisor, first, first + DAY)
    assert one == two and Absence.objects.count() == 1


@pytest.mark.parametrize("who", ["mentor", "newcomer", "hr", "admin_user", "other_supervisor"])
def test_others_may_not_mark_absences(plan, who, request, unit):
    if who == "other_supervisor":
        person = UserFactory(unit=unit, roles=[(Role.SUPERVISOR, unit)])
    else:
        person = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        _mark(plan, person, plan.start_date, plan.start_date)
    assert not Absence.objects.exists()


def test_no_absence_without_an_active_plan(plan, supervisor):
    plan.status = plan.Status.CLOSED
    plan.save()
    with pytest.raises(PermissionDenied):
        _mark(plan, supervisor, plan.start_date, plan.start_date)


def test_the_last_day_before_the_first_is_refused(plan, supervisor):
    first = plan.start_date + WEEK
    with pytest.raises(ValidationError) as error:
        _mark(plan, supervisor, first, first - DAY)
    assert error.value.message_dict == {"ends_on": ["Sista dagen kan inte vara före första dagen."]}


def test_an_overlapping_absence_is_refused(plan, supervisor):
    first = plan.start_date + WEEK
    _mark(plan, supervisor, first, first + 4 * DAY)
    with pytest.raises(ValidationError) as error:
        _mark(plan, supervisor, first + 4 * DAY, first + 8 * DAY, kind=Absence.Kind.ABSENCE)
    assert _message(error.value) == (
        f"Frånvaron överlappar semester {first.isoformat()}–{(first + 4 * DAY).isoformat()} "
        "som redan är markerad. Ändra datumen eller ta bort den andra först."
    )
    assert Absence.objects.count() == 1


def test_absences_side_by_side_are_fine(plan, supervisor):
    first = plan.start_date + WEEK
    _mark(plan, supervisor, first, first + DAY)
    _mark(plan, supervisor, first + 2 * DAY, first + 3 * DAY)
    assert Absence.objects.count() == 2


def test_an_absence_before_the_first_day_is_refused(plan, supervisor):
    with pytest.raises(ValidationError) as error:
        _mark(plan, supervisor, plan.start_date - 10 * DAY, plan.start_date - DAY)
    assert _message(error.value) == (
        f"Frånvaron slutar före den nyanställdas första dag ({plan.start_date.isoformat()}) "
        "och påverkar inte handledningen."
    )


def test_an_absence_across_the_first_day_is_fine(plan, supervisor):
    assert _mark(plan, supervisor, plan.start_date - 3 * DAY, plan.start_date + DAY).pk


def test_an_absence_after_the_period_is_refused(plan, supervisor):
    from lms.supervision.compliance import add_months

    end = add_months(plan.start_date, 12)
    with pytest.raises(ValidationError) as error:
        _mark(plan, supervisor, end, end + DAY)
    last = (end - DAY).isoformat()
    assert _message(error.value) == (
        f"Frånvaron börjar efter perioden med regelbunden 1:1-handledning, som slutar {last}."
    )
    assert _mark(plan, supervisor, end - DAY, end + DAY).pk  # the period's last day is inside


def test_the_period_follows_the_municipality(plan, supervisor):
    municipality = plan.unit.administration.municipality
    municipality.one_to_one_months = 1
    municipality.save()
    with pytest.raises(ValidationError):
        _mark(plan, supervisor, plan.start_date + 6 * WEEK, plan.start_date + 6 * WEEK)


def test_an_absence_longer_than_a_year_is_refused(plan, supervisor):
    with pytest.raises(ValidationError) as error:
        _mark(plan, supervisor, plan.start_date, plan.start_date + 366 * DAY)
    assert error.value.message_dict == {
        "ends_on": ["En frånvaro kan vara högst ett år. Dela upp en längre frånvaro."]
    }


def test_an_unknown_kind_and_missing_dates_are_refused(plan, supervisor):
    with pytest.raises(ValidationError) as error:
        absence_mark(
            newcomer=plan.newcomer, kind="sick", starts_on=None, ends_on=None, by=supervisor
        )
    assert error.value.message_dict == {
        "kind": ["Välj vilken sorts frånvaro det är."],
        "starts_on": ["Ange första dagen."],
        "ends_on": ["Ange sista dagen."],
    }


def test_an_absence_is_removed_and_removing_it_again_is_harmless(plan, supervisor, manager):
    absence = AbsenceFactory(newcomer=plan.newcomer)
    absence_remove(absence=absence, by=manager)
    assert not Absence.objects.exists()
    absence_remove(absence=absence, by=supervisor)


def test_the_mentor_may_not_remove_an_absence(plan, mentor):
    absence = AbsenceFactory(newcomer=plan.newcomer)
    with pytest.raises(PermissionDenied):
        absence_remove(absence=absence, by=mentor)
    assert Absence.objects.filter(pk=absence.pk).exists()


def test_marking_bumps_the_supervision_version(plan, supervisor):
    from lms.core import versions

    before = versions.current("supervision")
    _mark(plan, supervisor, plan.start_date, plan.start_date)
    assert versions.current("supervision") > before
