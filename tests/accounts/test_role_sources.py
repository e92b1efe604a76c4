"""Roles from the directory and the HR export: each source changes only its own grants,
within what HR may give by hand, and unit-scoped roles follow the staff data."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from lms.accounts import granting, sources
from lms.accounts.models import SOURCED_ROLES, DirectoryRole, Role, RoleAssignment, RoleSource
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DIRECTORY = RoleSource.DIRECTORY


def grants(person, source=None):
    rows = RoleAssignment.objects.filter(user=person)
    if source:
        rows = rows.filter(source=source)
    return sorted((a.role, a.unit_id, a.source) for a in rows)


def test_the_sources_may_give_exactly_what_hr_may_give_by_hand():
    by_hr = {role for role, granters in granting.GRANTED_BY.items() if Role.HR in granters}
    assert set(SOURCED_ROLES) == by_hr


def test_the_product_role_names_are_the_default_directory_values():
    assert dict(DirectoryRole.objects.values_list("value", "role")) == {
        role: role for role in SOURCED_ROLES
    }


def test_directory_values_map_without_regard_to_case_and_unknown_ones_give_nothing():
    DirectoryRole.objects.create(value="Introduktion.Mentor", role=Role.MENTOR)
    assert sources.roles_for_values(["introduktion.mentor", " Newcomer ", "Global.Admin", ""]) == {
        Role.MENTOR,
        Role.NEWCOMER,
    }
    assert sources.roles_for_values([]) == set()


def test_a_sign_in_gives_the_claimed_roles_and_takes_back_only_its_own(unit, manager):
    person = UserFactory(unit=unit)
    granting.role_grant(by=manager, person=person, role=Role.MENTOR)

    changes = sources.role_sync(person=person, source=DIRECTORY, roles=[Role.MENTOR, "newcomer"])
    assert changes.added == [(Role.MENTOR, None), (Role.NEWCOMER, None)]
    assert person.roles == {Role.MENTOR, Role.NEWCOMER}

    sources.role_sync(person=person, source=DIRECTORY, roles=[Role.NEWCOMER])
    # The directory's mentor grant is gone; the manager's is not.
    assert grants(person) == [
        (Role.MENTOR, None, RoleSource.PERSON),
        (Role.NEWCOMER, None, DIRECTORY),
    ]
    assert person.roles == {Role.MENTOR, Role.NEWCOMER}


def test_the_same_roles_again_change_nothing(unit):
    person = UserFactory(unit=unit)
    sources.role_sync(person=person, source=DIRECTORY, roles=[Role.MENTOR])
    entries = LogEntry.objects.count()
    assert not sources.role_sync(person=person, source=DIRECTORY, roles=[Role.MENTOR])
    assert LogEntry.objects.count() == entries


def test_hr_and_administrator_never_come_from_a_source(unit):
    person = UserFactory(unit=unit)
    changes = sources.role_sync(
        person=person, source=RoleSource.IMPORT, roles=[Role.HR, Role.ADMIN, Role.COORDINATOR]
    )
    assert sorted(changes.refused) == sorted([Role.HR, Role.ADMIN])
    assert person.roles == {Role.COORDINATOR}
    assert not person.is_superuser


def test_scoped_roles_are_for_the_persons_own_unit_and_need_one(unit):
    placed = UserFactory(unit=unit)
    sources.role_sync(person=placed, source=DIRECTORY, roles=[Role.MANAGER, Role.SUPERVISOR])
    assert placed.managed_unit_ids == {unit.pk}
    assert placed.unit_ids_for(Role.SUPERVISOR) == {unit.pk}

    unplaced = UserFactory(unit=None)
    changes = sources.role_sync(person=unplaced, source=DIRECTORY, roles=[Role.MANAGER])
    assert changes.refused == [Role.MANAGER]
    assert unplaced.roles == set()


def test_a_source_never_takes_the_roles_of_another(unit):
    person = UserFactory(unit=unit)
    sources.role_sync(person=person, source=RoleSource.IMPORT, roles=[Role.NEWCOMER])
    sources.role_sync(person=person, source=DIRECTORY, roles=[])
    assert grants(person) == [(Role.NEWCOMER, None, RoleSource.IMPORT)]


def test_grants_by_a_person_are_not_a_source(unit):
    with pytest.raises(ValueError):
        sources.role_sync(person=UserFactory(unit=unit), source=RoleSource.PERSON, roles=[])


def test_every_change_from_a_source_is_audited_with_its_source_and_actor(unit, hr):
    person = UserFactory(unit=unit)
    sources.role_sync(person=person, source=RoleSource.IMPORT, roles=[Role.MENTOR], actor=hr)
    entry = LogEntry.objects.get_for_model(RoleAssignment).latest("timestamp")
    assert entry.actor == hr
    assert entry.changes_dict["source"][1] == RoleSource.IMPORT


def test_the_person_page_changes_only_roles_given_by_hand(client, unit, manager):
    person = UserFactory(unit=unit)
    sources.role_sync(person=person, source=DIRECTORY, roles=[Role.MENTOR])
    client.force_login(manager)
    url = reverse("accounts:person_update", args=[person.pk])

    page = client.get(url)
    assert page.context["form"].initial["roles"] == []
    # Shown beside the boxes, which cannot change it.
    assert page.context["sourced_roles"] == ["Mentor, från katalogen"]
    assert "Mentor, från katalogen" in page.content.decode()

    data = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "title": "",
        "unit": unit.pk,
        "start_date": "",
        "end_date": "",
        "newcomer_kind": "",
        "roles": [Role.NEWCOMER],
    }
    assert client.post(url, data).status_code == 302
    assert grants(person) == [
        (Role.MENTOR, None, DIRECTORY),
        (Role.NEWCOMER, None, RoleSource.PERSON),
    ]
    data["roles"] = []
    client.post(url, data)
    assert grants(person) == [(Role.MENTOR, None, DIRECTORY)]


def test_the_person_page_says_where_each_role_came_from(client, unit, manager):
    person = UserFactory(unit=unit)
    granting.role_grant(by=manager, person=person, role=Role.MENTOR)
    sources.role_sync(person=person, source=DIRECTORY, roles=[Role.MENTOR])
    sources.role_sync(person=person, source=RoleSource.IMPORT, roles=[Role.SUPERVISOR])
    client.force_login(manager)
    labels = [
        label
        for _role, label in client.get(reverse("accounts:person_detail", args=[person.pk])).context[
            "roles"
        ]
    ]
    assert labels == ["Mentor, från katalogen", "Mentor", f"Handledare ({unit}), från HR-exporten"]
