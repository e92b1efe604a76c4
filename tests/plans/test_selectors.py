import pytest
from django.http import Http404

from lms.accounts.models import Role
from lms.plans import selectors
from lms.plans.models import PlanTemplate
from tests.factories import UserFactory

from .conftest import make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(programme, template, manager, newcomer, mentor, supervisor):
    return make_plan(
        newcomer=newcomer, template=template, by=manager, mentor=mentor, supervisor=supervisor
    )


@pytest.mark.parametrize("who", ["newcomer", "mentor", "supervisor", "manager", "admin_user"])
def test_the_people_of_the_plan_see_it_and_may_open_it(request, plan, who):
    viewer = request.getfixturevalue(who)
    assert list(selectors.plan_list(viewer=viewer)) == [plan]
    assert viewer.has_perm("plans.view_plan", plan)
    assert selectors.plan_get(viewer=viewer, pk=plan.pk) == plan


@pytest.mark.parametrize("who", ["hr", "coordinator", "other_manager", "colleague"])
def test_others_neither_list_nor_open_it(request, plan, who, other_unit, unit):
    viewer = {
        "other_manager": lambda: UserFactory(roles=[(Role.MANAGER, other_unit)]),
        "colleague": lambda: UserFactory(unit=unit, roles=[Role.MENTOR]),
    }.get(who, lambda: request.getfixturevalue(who))()
    assert list(selectors.plan_list(viewer=viewer)) == []
    assert not viewer.has_perm("plans.view_plan", plan)
    with pytest.raises(Http404):
        selectors.plan_get(viewer=viewer, pk=plan.pk)


def test_templates_fit_the_newcomers_area_and_kind_best_first(newcomer):
    area = newcomer.unit.area
    newcomer.newcomer_kind = "graduate"
    newcomer.save()
    general = PlanTemplate.objects.create(family="alla", name="Alla")
    for_area = PlanTemplate.objects.create(family="omr", name="Området", area=area)
    exact = PlanTemplate.objects.create(
        family="exakt", name="Området, nyutexaminerad", area=area, newcomer_kind="graduate"
    )
    PlanTemplate.objects.create(family="erf", name="Erfarna", newcomer_kind="returning")
    old = PlanTemplate.objects.create(family="alla", name="Alla", version=0, is_current=False)
    found = list(selectors.templates_for(newcomer=newcomer))
    assert found[0] == exact and set(found) == {exact, for_area, general}
    assert old not in found


def test_a_manager_who_loses_the_role_loses_the_cached_plan_at_once(plan, manager):
    from lms.accounts.models import RoleAssignment

    assert selectors.plan_get(viewer=manager, pk=plan.pk) == plan  # now cached
    RoleAssignment.objects.filter(user=manager, role=Role.MANAGER).delete()
    manager.forget_roles()
    with pytest.raises(Http404):
        selectors.plan_get(viewer=manager, pk=plan.pk)
