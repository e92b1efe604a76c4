import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lms.accounts.cache import bump_people_version
from lms.accounts.models import Role
from tests.factories import UnitFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

HEADINGS = {
    "newcomer": "Min introduktion",
    "mentor": "Mina adepter",
    "supervisor": "Nyanställda jag handleder",
    "manager": "Mina enheter",
    "coordinator": "Kurstillfällen",
    "hr": "Översikt per förvaltning",
    "admin_user": "Administration",
}


def _start(client, person):
    client.force_login(person)
    client.get(reverse("core:start"))  # warm the role-policy cache
    return client.get(reverse("core:start"))


@pytest.mark.parametrize(("who", "heading"), HEADINGS.items())
def test_each_role_sees_its_own_section_first(client, request, who, heading):
    html = _start(client, request.getfixturevalue(who)).content.decode()
    assert heading in html
    others = [h for w, h in HEADINGS.items() if w != who]
    assert not any(f">{h}</h2>" in html for h in others)


def test_a_person_with_several_roles_sees_every_section(client, unit):
    person = UserFactory(
        roles=[Role.MENTOR, (Role.MANAGER, unit), Role.COORDINATOR], mfa_exempt=True
    )
    html = _start(client, person).content.decode()
    assert all(h in html for h in ("Mina adepter", "Mina enheter", "Kurstillfällen"))


def test_a_person_without_roles_is_told_whom_to_ask(client):
    html = _start(client, UserFactory()).content.decode()
    assert "Du har ingen roll i Introduktion ännu." in html


def test_newcomer_sees_first_day_with_week_number_and_manager(client, newcomer, manager):
    newcomer.start_date = datetime.date(2026, 3, 30)
    newcomer.save()
    html = _start(client, newcomer).content.decode()
    assert "2026-03-30 (vecka 14)" in html
    assert str(manager) in html


def test_manager_sees_newcomers_of_own_units_only(client, manager, newcomer, other_newcomer):
    newcomer.start_date = timezone.localdate() - datetime.timedelta(days=20)
    newcomer.save()
    response = _start(client, manager)
    html = response.content.decode()
    assert str(newcomer) in html
    assert str(other_newcomer) not in html


def test_manager_start_page_queries_do_not_grow_with_units_or_people(
    client, manager, django_assert_num_queries
):
    for _ in range(3):
        unit = UnitFactory()
        manager.role_assignments.create(role=Role.MANAGER, unit=unit)
        UserFactory.create_batch(4, unit=unit, roles=[Role.NEWCOMER])
    client.force_login(manager)
    client.get(reverse("core:start"))
    bump_people_version()
    # session, user, roles, units, newcomers, plans with their counts, items to act on,
    # mentoring: requests for a new mentor, newcomers without a mentor; course requests
    with django_assert_num_queries(11):  # + 1: the version counters, read once per request
        client.get(reverse("core:start"))
    with django_assert_num_queries(3):  # session, user, versions: the rest is cached until a change
        client.get(reverse("core:start"))


def test_hr_start_page_is_one_aggregate_query(client, hr, django_assert_num_queries):
    for _ in range(4):
        UserFactory.create_batch(3, unit=UnitFactory())
    client.force_login(hr)
    client.get(reverse("core:start"))
    bump_people_version()
    # session, user, roles, figures; and the version counters, read once per request
    with django_assert_num_queries(5):
        client.get(reverse("core:start"))
    with django_assert_num_queries(3):  # + 1: the version counters, read once per request
        client.get(reverse("core:start"))


def test_manager_sees_a_new_colleague_at_once_despite_the_cache(client, manager, unit):
    client.force_login(manager)
    client.get(reverse("core:start"))
    newcomer = UserFactory(unit=unit, start_date=timezone.localdate(), roles=[Role.NEWCOMER])
    assert str(newcomer) in client.get(reverse("core:start")).content.decode()


def test_a_login_does_not_invalidate_the_cached_figures(manager):
    from lms.accounts.cache import people_version

    before = people_version()
    manager.last_login = timezone.now()
    manager.save(update_fields=["last_login"])
    assert people_version() == before


def test_hr_sees_no_names_on_the_start_page(client, hr, newcomer):
    html = _start(client, hr).content.decode()
    assert str(newcomer) not in html


def test_hr_figures_hide_groups_smaller_than_five(client, hr, unit):
    UserFactory.create_batch(3, unit=unit)
    html = _start(client, hr).content.decode()
    assert "färre än 5" in html
