"""Who may grant which role, on the product's pages and in the Django admin.

Nobody grants or widens their own roles; HR grants the staff roles to others; HR and
the administrator are granted by an administrator only; every grant and removal is in
the audit log with who made it.
"""

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from lms.accounts import granting, services
from lms.accounts.models import Role, RoleAssignment
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def edit_page_data(person, unit, roles):
    return {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "title": "",
        "unit": unit.pk if unit else "",
        "start_date": "",
        "end_date": "",
        "newcomer_kind": "",
        "roles": list(roles),
    }


def update(person, by, roles, unit=None):
    return services.person_update(
        person=person,
        by=by,
        first_name=person.first_name,
        last_name=person.last_name,
        title="",
        unit=unit if unit is not None else person.unit,
        start_date=None,
        end_date=None,
        newcomer_kind="",
        roles=roles,
    )


def admin_url(person):
    return f"/django-admin/accounts/user/{person.pk}/change/"


def admin_form_data(person, *, new_rows=(), delete=(), **overrides):
    """The Django admin's change form for a person as a browser would post it.

    `new_rows` are (role, unit) rows added to the roles inline; `delete` lists existing
    assignments to tick for deletion. The flags are posted as they stand unless
    overridden (a ticked checkbox is "on", an unticked one is absent).
    """
    existing = list(person.role_assignments.order_by("pk"))
    data = {
        "email": person.email,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "title": person.title,
        "gender": person.gender,
        "preferred_language": person.preferred_language,
        "in_profession_since": "",
        "unit": person.unit_id or "",
        "work_group": "",
        "start_date": "",
        "end_date": "",
        "newcomer_kind": person.newcomer_kind,
        "groups": [group.pk for group in person.groups.all()],
        "role_assignments-TOTAL_FORMS": str(len(existing) + len(new_rows)),
        "role_assignments-INITIAL_FORMS": str(len(existing)),
        "role_assignments-MIN_NUM_FORMS": "0",
        "role_assignments-MAX_NUM_FORMS": "1000",
    }
    for flag in ("is_active", "is_staff", "is_superuser"):
        if getattr(person, flag):
            data[flag] = "on"
    for index, assignment in enumerate(existing):
        prefix = f"role_assignments-{index}-"
        data[prefix + "id"] = assignment.pk
        data[prefix + "user"] = person.pk
        data[prefix + "role"] = assignment.role
        data[prefix + "unit"] = assignment.unit_id or ""
        if assignment in delete:
            data[prefix + "DELETE"] = "on"
    for offset, (role, unit) in enumerate(new_rows):
        prefix = f"role_assignments-{len(existing) + offset}-"
        data[prefix + "id"] = ""
        data[prefix + "user"] = person.pk
        data[prefix + "role"] = role
        data[prefix + "unit"] = unit.pk if unit else ""
    for name, value in overrides.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def assignment_entries(action):
    return LogEntry.objects.filter(content_type__model="roleassignment", action=action)


# -- the rule ------------------------------------------------------------------


def test_every_role_says_who_grants_it_and_the_widest_only_by_an_administrator():
    assert set(granting.GRANTED_BY) == set(Role)
    assert granting.GRANTED_BY[Role.HR] == {Role.ADMIN}
    assert granting.GRANTED_BY[Role.ADMIN] == {Role.ADMIN}
    assert granting.granters_of("a-role-not-yet-listed") == {Role.ADMIN}


def test_nobody_may_grant_or_remove_their_own_roles(hr, manager, admin_user, unit):
    for person in (hr, manager, admin_user):
        for role in Role:
            unit_id = unit.pk if role in (Role.SUPERVISOR, Role.MANAGER) else None
            assert not granting.may_grant(person, role, person=person, unit_id=unit_id)
            assert not granting.may_remove(person, role, person=person, unit_id=unit_id)
        assert not granting.may_change_admin_access(person, person=person)


def test_hr_grants_the_staff_roles_to_others_but_never_hr_or_administrator(hr, newcomer, unit):
    for role in (Role.NEWCOMER, Role.MENTOR, Role.COORDINATOR):
        assert granting.may_grant(hr, role, person=newcomer)
    for role in (Role.SUPERVISOR, Role.MANAGER):
        assert granting.may_grant(hr, role, person=newcomer, unit_id=unit.pk)
    assert not granting.may_grant(hr, Role.HR, person=newcomer)
    assert not granting.may_grant(hr, Role.ADMIN, person=newcomer)
    assert not granting.may_change_admin_access(hr, person=newcomer)
    with pytest.raises(PermissionDenied) as refusal:
        granting.role_grant(by=hr, person=newcomer, role=Role.HR)
    assert "Du får inte ge rollen HR och styrgrupp." in str(refusal.value)


def test_a_manager_grants_staff_roles_only_inside_own_units(
    manager, newcomer, other_newcomer, unit, other_unit
):
    assert granting.may_grant(manager, Role.SUPERVISOR, person=newcomer, unit_id=unit.pk)
    assert granting.may_grant(manager, Role.MENTOR, person=newcomer)
    assert not granting.may_grant(manager, Role.SUPERVISOR, person=newcomer, unit_id=other_unit.pk)
    assert not granting.may_grant(manager, Role.MENTOR, person=other_newcomer)
    assert not granting.may_grant(manager, Role.MANAGER, person=newcomer, unit_id=unit.pk)
    assert not granting.may_grant(manager, Role.COORDINATOR, person=newcomer)


def test_an_administrator_grants_every_role_to_others(admin_user, newcomer):
    for role in (Role.HR, Role.ADMIN, Role.COORDINATOR):
        assert granting.may_grant(admin_user, role, person=newcomer)
    assert granting.may_change_admin_access(admin_user, person=newcomer)


def test_a_closed_account_grants_nothing(admin_user, newcomer):
    admin_user.is_active = False
    admin_user.forget_roles()
    assert not granting.may_grant(admin_user, Role.MENTOR, person=newcomer)


# -- the product's pages ---------------------------------------------------------


def test_hr_cannot_give_itself_manager_on_its_own_edit_page(client, hr, unit):
    client.force_login(hr)
    response = client.post(
        reverse("accounts:person_update", args=[hr.pk]),
        edit_page_data(hr, unit, [Role.MANAGER, Role.COORDINATOR]),
    )
    assert response.status_code == 302
    hr.forget_roles()
    assert hr.roles == {Role.HR}
    assert not RoleAssignment.objects.filter(user=hr, role=Role.MANAGER).exists()


def test_ones_own_edit_page_shows_the_roles_without_choices_and_says_why(client, hr):
    client.force_login(hr)
    response = client.get(reverse("accounts:person_update", args=[hr.pk]))
    html = response.content.decode()
    assert 'name="roles"' not in html
    assert "HR och styrgrupp" in html
    assert "Du kan inte ändra dina egna roller." in html
    # Somebody else's page still offers the roles HR may grant, and only those.
    other = UserFactory()
    form = client.get(reverse("accounts:person_update", args=[other.pk])).context["form"]
    offered = {value for value, _label in form.fields["roles"].choices}
    assert offered == {Role.NEWCOMER, Role.MENTOR, Role.SUPERVISOR, Role.MANAGER, Role.COORDINATOR}


def test_the_service_refuses_a_change_to_ones_own_roles_in_swedish(hr, manager, unit):
    with pytest.raises(PermissionDenied) as refusal:
        update(hr, hr, {Role.MANAGER}, unit=unit)
    assert "Du kan inte ändra dina egna roller." in str(refusal.value)
    # Leaving out one's own role is a change too.
    with pytest.raises(PermissionDenied):
        update(manager, manager, set())
    manager.forget_roles()
    assert manager.managed_unit_ids == {unit.pk}


def test_a_manager_cannot_widen_own_roles_on_own_edit_page(client, manager, unit):
    client.force_login(manager)
    response = client.post(
        reverse("accounts:person_update", args=[manager.pk]),
        edit_page_data(manager, unit, [Role.MANAGER, Role.SUPERVISOR, Role.MENTOR]),
    )
    assert response.status_code == 302
    manager.forget_roles()
    assert manager.roles == {Role.MANAGER}
    with pytest.raises(PermissionDenied):
        update(manager, manager, {Role.SUPERVISOR})


def test_hr_gives_manager_and_coordinator_to_another_person(client, hr, newcomer, unit):
    client.force_login(hr)
    response = client.post(
        reverse("accounts:person_update", args=[newcomer.pk]),
        edit_page_data(newcomer, unit, [Role.MANAGER, Role.COORDINATOR]),
    )
    assert response.status_code == 302
    newcomer.forget_roles()
    assert newcomer.roles == {Role.MANAGER, Role.COORDINATOR}
    assert newcomer.managed_unit_ids == {unit.pk}


def test_hr_cannot_grant_hr_on_the_pages_even_by_a_forged_post(client, hr, newcomer, unit):
    client.force_login(hr)
    response = client.post(
        reverse("accounts:person_update", args=[newcomer.pk]),
        edit_page_data(newcomer, unit, [Role.NEWCOMER, Role.HR]),
    )
    assert response.status_code == 200  # not a choice the form offers
    newcomer.forget_roles()
    assert newcomer.roles == {Role.NEWCOMER}
    with pytest.raises(PermissionDenied):
        update(newcomer, hr, {Role.HR})
    with pytest.raises(PermissionDenied):
        update(newcomer, hr, {Role.ADMIN})


def test_hr_on_the_pages_leaves_a_role_only_an_administrator_grants(hr, unit):
    other_hr = UserFactory(unit=unit, roles=[Role.HR, Role.MENTOR])
    update(other_hr, hr, set())
    other_hr.forget_roles()
    assert other_hr.roles == {Role.HR}


# -- the Django admin ------------------------------------------------------------


def test_an_administrator_cannot_give_itself_hr_in_the_admin(client, admin_user, unit):
    client.force_login(admin_user)
    response = client.post(
        admin_url(admin_user),
        admin_form_data(admin_user, new_rows=[(Role.HR, None), (Role.MANAGER, unit)]),
    )
    assert response.status_code == 302  # saved, without the rows
    assert not RoleAssignment.objects.filter(user=admin_user).exists()


def test_an_administrator_cannot_remove_own_roles_in_the_admin(client, admin_user):
    own = RoleAssignment.objects.create(user=admin_user, role=Role.COORDINATOR)
    client.force_login(admin_user)
    response = client.post(admin_url(admin_user), admin_form_data(admin_user, delete=[own]))
    assert response.status_code == 302
    assert RoleAssignment.objects.filter(pk=own.pk).exists()


def test_an_administrator_cannot_change_own_admin_access_in_the_admin(client, admin_user):
    group = Group.objects.create(name="Redaktörer – test")
    client.force_login(admin_user)
    response = client.get(admin_url(admin_user))
    html = response.content.decode()
    for field in ("is_superuser", "is_staff", "groups"):
        assert f'name="{field}"' not in html
    response = client.post(
        admin_url(admin_user),
        admin_form_data(
            admin_user, first_name="Ändrad", is_superuser=None, is_staff=None, groups=[group.pk]
        ),
    )
    assert response.status_code == 302
    admin_user.refresh_from_db()
    assert admin_user.first_name == "Ändrad"
    assert admin_user.is_superuser and admin_user.is_staff
    assert not admin_user.groups.exists()


def test_an_administrator_grants_hr_to_another_in_the_admin(client, admin_user, newcomer):
    client.force_login(admin_user)
    response = client.post(
        admin_url(newcomer), admin_form_data(newcomer, new_rows=[(Role.HR, None)])
    )
    assert response.status_code == 302
    newcomer.forget_roles()
    assert newcomer.roles == {Role.NEWCOMER, Role.HR}
    entry = assignment_entries(LogEntry.Action.CREATE).latest()
    assert entry.actor == admin_user
    assert entry.changes_dict["role"][1] == Role.HR


def test_an_administrator_makes_another_person_an_administrator(client, admin_user, newcomer):
    group = Group.objects.create(name="Granskare – test")
    client.force_login(admin_user)
    response = client.post(
        admin_url(newcomer),
        admin_form_data(newcomer, is_staff="on", is_superuser="on", groups=[group.pk]),
    )
    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.is_superuser and newcomer.is_staff
    assert list(newcomer.groups.all()) == [group]
    flags = LogEntry.objects.get_for_object(newcomer).filter(action=LogEntry.Action.UPDATE)
    assert any(
        entry.actor == admin_user and "is_superuser" in entry.changes_dict for entry in flags
    )
    assert any(entry.actor == admin_user and "groups" in entry.changes_dict for entry in flags)


def test_a_role_is_removed_in_the_admin_and_the_removal_names_who_did_it(
    client, admin_user, mentor
):
    assignment = mentor.role_assignments.get()
    client.force_login(admin_user)
    response = client.post(admin_url(mentor), admin_form_data(mentor, delete=[assignment]))
    assert response.status_code == 302
    assert not mentor.role_assignments.exists()
    entry = assignment_entries(LogEntry.Action.DELETE).get(object_id=assignment.pk)
    assert entry.actor == admin_user
    assert entry.changes_dict["role"][0] == Role.MENTOR


def test_a_staff_member_who_is_not_an_administrator_grants_neither_hr_nor_superuser(
    client, newcomer
):
    clerk = UserFactory(is_staff=True, roles=[Role.HR], mfa_exempt=True)
    clerk.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="accounts",
            codename__in=[
                "view_user",
                "change_user",
                "view_roleassignment",
                "add_roleassignment",
                "delete_roleassignment",
            ],
        )
    )
    client.force_login(clerk)
    html = client.get(admin_url(newcomer)).content.decode()
    assert 'name="is_superuser"' not in html
    assert '<option value="hr"' not in html
    client.post(
        admin_url(newcomer),
        admin_form_data(newcomer, is_staff="on", is_superuser="on", new_rows=[(Role.HR, None)]),
    )
    newcomer.refresh_from_db()
    newcomer.forget_roles()
    assert not newcomer.is_superuser and not newcomer.is_staff
    assert Role.HR not in newcomer.roles
    # What HR may grant, it grants here too, logged under its name.
    response = client.post(
        admin_url(newcomer), admin_form_data(newcomer, new_rows=[(Role.COORDINATOR, None)])
    )
    assert response.status_code == 302
    assert assignment_entries(LogEntry.Action.CREATE).latest().actor == clerk


def test_a_role_row_is_never_changed_in_place_in_the_admin(client, admin_user, mentor):
    """A changed role would be a grant that skipped its check."""
    client.force_login(admin_user)
    data = admin_form_data(mentor)
    data["role_assignments-0-role"] = Role.HR
    assert client.post(admin_url(mentor), data).status_code == 302
    mentor.forget_roles()
    assert mentor.roles == {Role.MENTOR}


# -- the audit log ---------------------------------------------------------------


def test_grants_and_removals_on_the_pages_name_who_made_them(client, manager, mentor, unit):
    client.force_login(manager)
    client.post(
        reverse("accounts:person_update", args=[mentor.pk]),
        edit_page_data(mentor, unit, [Role.SUPERVISOR]),
    )
    granted = assignment_entries(LogEntry.Action.CREATE).latest()
    removed = assignment_entries(LogEntry.Action.DELETE).latest()
    assert (granted.actor, granted.changes_dict["role"][1]) == (manager, Role.SUPERVISOR)
    assert (removed.actor, removed.changes_dict["role"][0]) == (manager, Role.MENTOR)
    assert removed.changes_dict["user"][0] == str(mentor.pk)


def test_a_grant_outside_a_request_still_names_who_made_it(hr, newcomer):
    """Imports and sign-in will grant roles with no request to take the actor from."""
    assignment = granting.role_grant(by=hr, person=newcomer, role=Role.MENTOR)
    granting.role_remove(by=hr, assignment=assignment)
    assert assignment_entries(LogEntry.Action.CREATE).latest().actor == hr
    assert assignment_entries(LogEntry.Action.DELETE).latest().actor == hr


# -- Wagtail's user pages ----------------------------------------------------------


def wagtail_form_data(person, **overrides):
    data = {
        "email": person.email,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "password1": "",
        "password2": "",
        "is_active": "on",
        **overrides,
    }
    return {name: value for name, value in data.items() if value is not None}


def test_an_administrator_cannot_change_own_groups_or_flag_on_wagtails_user_page(
    client, admin_user
):
    group = Group.objects.create(name="Redaktörer – test")
    client.force_login(admin_user)
    url = reverse("wagtailusers_users:edit", args=[admin_user.pk])
    html = client.get(url).content.decode()
    assert 'name="groups"' not in html and 'name="is_superuser"' not in html
    response = client.post(url, wagtail_form_data(admin_user, first_name="Ny", groups=[group.pk]))
    assert response.status_code == 302
    admin_user.refresh_from_db()
    assert admin_user.first_name == "Ny"
    assert admin_user.is_superuser and not admin_user.groups.exists()


def test_an_administrator_sets_another_persons_groups_on_wagtails_user_page(
    client, admin_user, newcomer
):
    group = Group.objects.create(name="Granskare – test")
    client.force_login(admin_user)
    url = reverse("wagtailusers_users:edit", args=[newcomer.pk])
    assert 'name="groups"' in client.get(url).content.decode()
    response = client.post(url, wagtail_form_data(newcomer, groups=[group.pk]))
    assert response.status_code == 302
    assert list(newcomer.groups.all()) == [group]
    entry = LogEntry.objects.get_for_object(newcomer).filter(action=LogEntry.Action.UPDATE).latest()
    assert entry.actor == admin_user and "groups" in entry.changes_dict


def test_a_user_manager_who_is_not_an_administrator_makes_nobody_superuser_in_wagtail(
    client, newcomer
):
    clerk = UserFactory(mfa_exempt=True)  # reaching /admin/ asks for two-factor otherwise
    clerk.user_permissions.set(
        Permission.objects.filter(
            codename__in=["access_admin", "change_user", "view_user"],
            content_type__app_label__in=["wagtailadmin", "accounts"],
        )
    )
    client.force_login(clerk)
    url = reverse("wagtailusers_users:edit", args=[newcomer.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="is_superuser"' not in page.content.decode()
    assert client.post(url, wagtail_form_data(newcomer, is_superuser="on")).status_code == 302
    newcomer.refresh_from_db()
    assert not newcomer.is_superuser
