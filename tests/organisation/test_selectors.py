import datetime

import pytest
from django.utils import timezone

from lms.accounts.models import Role
from lms.organisation import selectors
from lms.organisation.models import Area
from tests.factories import AdministrationFactory, UnitFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def test_six_areas_of_work_exist_from_the_migration():
    assert Area.objects.count() == 6
    assert set(Area.objects.values_list("code", flat=True)) >= {"barn-och-unga", "aldre"}


def test_area_name_follows_the_language():
    from django.utils import translation

    area = Area.objects.get(code="barn-och-unga")
    with translation.override("en"):
        assert str(area) == "Children and youth"
    with translation.override("sv"):
        assert str(area) == "Barn och unga"


def test_managers_of_unit_lists_only_active_managers(unit, manager):
    UserFactory(unit=unit, is_active=False, roles=[(Role.MANAGER, unit)])
    assert selectors.managers_of_unit(unit_id=unit.pk) == [manager]
    assert selectors.managers_of_unit(unit_id=None) == []


def test_overview_lists_recent_and_coming_newcomers_not_those_who_left(manager, unit):
    today = timezone.localdate()
    recent = UserFactory(
        unit=unit, start_date=today - datetime.timedelta(days=30), roles=[Role.NEWCOMER]
    )
    coming = UserFactory(
        unit=unit, start_date=today + datetime.timedelta(days=7), roles=[Role.NEWCOMER]
    )
    UserFactory(unit=unit, start_date=today - datetime.timedelta(days=900), roles=[Role.NEWCOMER])
    UserFactory(
        unit=unit,
        start_date=today - datetime.timedelta(days=100),
        end_date=today - datetime.timedelta(days=1),
        roles=[Role.NEWCOMER],
    )
    [overview] = selectors.managed_units_overview(viewer=manager)
    assert overview.newcomers == [recent, coming]


def test_unit_choices_for_hr_cover_every_unit(hr, unit, other_unit):
    assert set(selectors.unit_choices_for(viewer=hr)) == {unit, other_unit}


def test_staff_figures_count_people_per_administration_and_hide_small_groups():
    today = timezone.localdate()
    big = AdministrationFactory(name="Norr")
    small = AdministrationFactory(name="Söder")
    big_unit, small_unit = UnitFactory(administration=big), UnitFactory(administration=small)
    UserFactory.create_batch(
        6, unit=big_unit, start_date=today - datetime.timedelta(days=10), roles=[Role.NEWCOMER]
    )
    UserFactory.create_batch(4, unit=big_unit)
    UserFactory.create_batch(2, unit=small_unit)
    UserFactory(
        unit=small_unit,
        end_date=today - datetime.timedelta(days=1),
        start_date=today - datetime.timedelta(days=400),
    )
    figures = selectors.staff_figures_by_administration()
    rows = {row.name: row for row in figures.rows}
    assert rows["Norr"].newcomers.value == 6
    assert rows["Söder"].staff.hidden  # 2 people: never shown
    # With a total shown, Norr's 10 would give Söder's 2 away by subtraction.
    assert rows["Norr"].staff.hidden
    assert figures.staff_total.value == 12


def test_staff_figures_show_large_groups_when_the_hidden_one_is_covered():
    big, middle, small = (AdministrationFactory(name=n) for n in ("A", "B", "C"))
    UserFactory.create_batch(9, unit=UnitFactory(administration=big))
    UserFactory.create_batch(6, unit=UnitFactory(administration=middle))
    UserFactory.create_batch(1, unit=UnitFactory(administration=small))
    rows = {r.name: r.staff for r in selectors.staff_figures_by_administration().rows}
    assert (rows["A"].hidden, rows["B"].hidden, rows["C"].hidden) == (False, True, True)
    assert str(rows["A"]) == "9"
