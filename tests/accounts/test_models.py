import datetime

import pytest
from django.db import IntegrityError

from lms.accounts.models import CompetenceLevel, Role, RoleAssignment, competence_level_for
from tests.factories import UserFactory


@pytest.mark.parametrize(
    ("years", "level"),
    [
        (0, CompetenceLevel.NOVICE),
        (1.9, CompetenceLevel.NOVICE),
        (2, CompetenceLevel.PROFICIENT),
        (4.9, CompetenceLevel.PROFICIENT),
        (5, CompetenceLevel.ADVANCED),
        (10, CompetenceLevel.ADVANCED),
        (10.5, CompetenceLevel.SPECIALIST),
        (None, None),
    ],
)
def test_competence_level_follows_years_in_the_profession(years, level):
    assert competence_level_for(years) == level


@pytest.mark.django_db
def test_competence_level_grows_with_time():
    person = UserFactory(in_profession_since=datetime.date(2020, 1, 1))
    assert person.years_in_profession(on=datetime.date(2021, 1, 1)) == pytest.approx(1, abs=0.01)
    assert person.years_in_profession(on=datetime.date(2026, 1, 2)) > 6


@pytest.mark.django_db
def test_manager_role_needs_a_unit():
    person = UserFactory()
    with pytest.raises(IntegrityError):
        RoleAssignment.objects.create(user=person, role=Role.MANAGER, unit=None)


@pytest.mark.django_db
def test_global_roles_carry_no_unit(unit):
    person = UserFactory()
    with pytest.raises(IntegrityError):
        RoleAssignment.objects.create(user=person, role=Role.MENTOR, unit=unit)


@pytest.mark.django_db
def test_a_role_is_held_once():
    person = UserFactory(roles=[Role.MENTOR])
    with pytest.raises(IntegrityError):
        RoleAssignment.objects.create(user=person, role=Role.MENTOR)


@pytest.mark.django_db
def test_admin_is_the_superuser_flag_not_an_assignment():
    person = UserFactory(is_superuser=True)
    assert person.has_role(Role.ADMIN)
    with pytest.raises(IntegrityError):
        RoleAssignment.objects.create(user=person, role=Role.ADMIN)


@pytest.mark.django_db
def test_one_person_holds_several_roles(unit):
    person = UserFactory(roles=[Role.MENTOR, (Role.MANAGER, unit), Role.COORDINATOR])
    assert person.roles == {Role.MENTOR, Role.MANAGER, Role.COORDINATOR}
    assert person.managed_unit_ids == {unit.pk}


@pytest.mark.django_db
def test_inactive_people_hold_no_roles(unit):
    person = UserFactory(is_active=False, roles=[(Role.MANAGER, unit)])
    assert person.roles == set()


@pytest.mark.django_db
def test_a_revoked_role_is_gone_on_the_next_request_despite_the_role_cache(client, unit):
    from django.urls import reverse

    person = UserFactory(unit=unit, roles=[(Role.MANAGER, unit)], mfa_exempt=True)
    client.force_login(person)
    assert client.get(reverse("accounts:person_list")).status_code == 200
    person.role_assignments.get().delete()
    assert client.get(reverse("accounts:person_list")).status_code == 403


@pytest.mark.django_db
def test_a_bulk_update_of_people_bumps_the_people_version_but_a_notice_count_does_not():
    from lms.accounts.cache import PEOPLE
    from lms.accounts.models import User
    from lms.core import versions

    person = UserFactory()
    before = versions.current(PEOPLE)
    User.objects.filter(pk=person.pk).update(unread_notifications=3)
    assert versions.current(PEOPLE) == before
    User.objects.filter(pk=person.pk).update(end_date=datetime.date(2027, 1, 31))
    assert versions.current(PEOPLE) > before
