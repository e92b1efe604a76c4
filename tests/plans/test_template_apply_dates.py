"""Applying a new template version shows the items it adds to each plan with their due
dates first: a day already passed is marked and another suggested, the manager may
choose each day, and the plan gets the days chosen."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from lms.accounts.models import Role
from lms.plans.models import Phase, PlanEvent, PlanItem
from lms.plans.services.template_versions import template_apply
from tests.factories import UserFactory
from tests.moments import STOCKHOLM

from .conftest import START, make_plan
from .test_templates import _add

pytestmark = pytest.mark.django_db

NEW = "Läs om orosanmälningar"  # due 21 days after START: 2027-02-01
# Five weeks after the first day: the new item's day has passed.
LATE = pytest.mark.moment(datetime.datetime(2027, 2, 15, 9, 0, tzinfo=STOCKHOLM))


@pytest.fixture
def template(template, unit):
    template.area = unit.area
    template.save()
    return template


@pytest.fixture
def plan(programme, template, manager, newcomer, mentor, supervisor):
    return make_plan(
        newcomer=newcomer, template=template, by=manager, mentor=mentor, supervisor=supervisor
    )


@pytest.fixture
def v2(plan, template, manager):
    return _add(template, manager, title=NEW, offset=21).template


def _url(v2):
    return reverse("plans:template_apply", args=[v2.pk])


def _field(v2, plan):
    return f"due-{plan.pk}-{v2.items.get(title=NEW).pk}"


def _confirm(client, v2, plan, **dates):
    return client.post(
        _url(v2),
        {"plans": [plan.pk], "confirm": "1", "revision": v2.revision, **dates},
        follow=True,
    )


def _unchanged(plan, template):
    plan.refresh_from_db()
    assert plan.template == template
    assert not plan.items.filter(title=NEW).exists()
    assert not plan.events.filter(kind=PlanEvent.Kind.TEMPLATE_APPLIED).exists()


@LATE
def test_the_preview_marks_a_new_item_whose_day_has_passed(client, plan, template, v2, manager):
    client.force_login(manager)
    response = client.post(_url(v2), {"plans": [plan.pk]})
    assert response.status_code == 200
    [entry] = response.context["preview"]
    [row] = entry.items
    assert row.source.title == NEW and row.overdue
    assert row.computed == datetime.date(2027, 2, 1)
    assert row.suggested == datetime.date(2027, 2, 22)  # a week from today
    html = response.content.decode()
    assert "Försenad redan när den läggs till: datumet har passerat. Förslag: 2027-02-22." in html
    assert f'name="{_field(v2, plan)}" value="2027-02-22"' in html
    assert 'type="date"' in html
    _unchanged(plan, template)  # a preview writes nothing


@pytest.mark.moment(datetime.datetime(2027, 1, 4, 9, 0, tzinfo=STOCKHOLM))
def test_a_day_still_ahead_is_suggested_as_the_template_gives_it(client, plan, v2, manager):
    client.force_login(manager)
    [entry] = client.post(_url(v2), {"plans": [plan.pk]}).context["preview"]
    [row] = entry.items
    assert not row.overdue and row.suggested == row.computed == START + datetime.timedelta(21)


@LATE
def test_the_chosen_day_is_the_new_items_due_date(client, plan, template, v2, manager):
    client.force_login(manager)
    response = _confirm(client, v2, plan, **{_field(v2, plan): "2027-04-01"})
    assert f"Planen för {plan.newcomer}: 1 punkt tillagd." in response.content.decode()
    plan.refresh_from_db()
    assert plan.template == v2
    item = plan.items.get(title=NEW)
    # Its phase follows the day chosen: 80 days in is the first four months.
    assert item.due_date == datetime.date(2027, 4, 1) and item.phase == Phase.FIRST_FOUR_MONTHS


@LATE
@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2027-01-10", "Datumet kan inte vara före planens första dag, 2027-01-11."),
        ("1/4 2027", "Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2027-03-01."),
        ("2027-02-30", "Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2027-03-01."),
        ("", "Ange ett datum."),
        ("2032-01-12", "Datumet kan inte vara senare än 2032-01-11."),
        ("9999-12-31", "Ange ett datum mellan 2000-01-01 och 2037-02-15."),
    ],
)
def test_a_bad_day_is_refused_in_swedish_and_changes_nothing(
    client, plan, template, v2, manager, value, message
):
    client.force_login(manager)
    response = _confirm(client, v2, plan, **{_field(v2, plan): value})
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html and 'aria-invalid="true"' in html
    _unchanged(plan, template)


@LATE
def test_a_template_changed_since_the_preview_is_shown_again(client, plan, template, v2, manager):
    client.force_login(manager)
    stale = v2.revision
    _add(v2, manager, title="Träffa familjerätten", offset=30)
    response = client.post(
        _url(v2),
        {"plans": [plan.pk], "confirm": "1", "revision": stale, _field(v2, plan): "2027-04-01"},
    )
    assert "Mallen har ändrats sedan sidan visades" in response.content.decode()
    _unchanged(plan, template)


@LATE
def test_someone_who_may_not_change_the_plan_cannot_apply_it(
    client, plan, template, v2, other_unit
):
    other_manager = UserFactory(roles=[(Role.MANAGER, other_unit)], mfa_exempt=True)
    client.force_login(other_manager)
    response = _confirm(client, v2, plan, **{_field(v2, plan): "2027-04-01"})
    assert "Du kan bara föra över pågående planer som du får ändra" in response.content.decode()
    _unchanged(plan, template)
    with pytest.raises(PermissionDenied):
        template_apply(
            template=v2,
            plans=[plan],
            by=other_manager,
            due_dates={(plan.pk, v2.items.get(title=NEW).pk): datetime.date(2027, 4, 1)},
        )
    _unchanged(plan, template)


def test_a_newcomer_gets_no_preview(client, plan, v2, newcomer):
    client.force_login(newcomer)
    assert client.post(_url(v2), {"plans": [plan.pk]}).status_code == 403


def test_the_service_refuses_a_day_before_the_first_and_changes_nothing(
    plan, template, v2, manager
):
    source = v2.items.get(title=NEW)
    with pytest.raises(ValidationError, match="kan inte vara klar före planens första dag"):
        template_apply(
            template=v2,
            plans=[plan],
            by=manager,
            due_dates={(plan.pk, source.pk): START - datetime.timedelta(days=1)},
        )
    _unchanged(plan, template)
    assert PlanItem.objects.filter(template_item=source).count() == 0
