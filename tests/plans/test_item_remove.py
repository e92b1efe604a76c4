"""Removing an item from someone's plan asks first, says what follows, and keeps the
reason in the history that everyone on the plan reads."""

import pytest
from django.urls import reverse

from lms.plans.models import PlanEvent, PlanItem
from lms.plans.services.items import plan_item_remove
from tests.plans.conftest import make_plan

pytestmark = pytest.mark.django_db
REASON = "Hembesöken görs inte längre av den här enheten."


@pytest.fixture
def plan(programme, template, manager, newcomer, mentor, supervisor):
    return make_plan(
        newcomer=newcomer, template=template, by=manager, mentor=mentor, supervisor=supervisor
    )


def _item(plan, title):
    return plan.items.get(title=title)


def _url(item):
    return reverse("plans:item_remove", args=[item.pk])


def test_the_plan_links_to_the_confirmation_instead_of_removing(client, plan, manager):
    item = _item(plan, "Läs riktlinjen för barnutredningar")
    client.force_login(manager)
    html = client.get(reverse("plans:plan_detail", args=[plan.pk])).content.decode()
    assert f'href="{_url(item)}"' in html
    assert f'formaction="{_url(item)}"' not in html


def test_the_confirmation_says_what_follows_and_changes_nothing(client, plan, manager, newcomer):
    item = _item(plan, "Läs riktlinjen för barnutredningar")
    client.force_login(manager)
    html = client.get(_url(item)).content.decode()
    assert f"introduktionsplanen för {newcomer}" in html
    assert "Gå bredvid på ett hembesök" in html  # waits for it, and will open
    assert 'name="reason"' in html
    item.refresh_from_db()
    assert item.removed_at is None


def test_removing_without_a_reason_is_refused_in_swedish(client, plan, manager):
    item = _item(plan, "Läs riktlinjen för barnutredningar")
    client.force_login(manager)
    response = client.post(_url(item), {"reason": ""})
    assert response.status_code == 200
    assert "Skriv varför." in response.content.decode()
    item.refresh_from_db()
    assert item.removed_at is None
    assert not plan.events.filter(kind=PlanEvent.Kind.ITEM_REMOVED).exists()


def test_the_reason_is_in_the_history_the_newcomer_reads(client, plan, manager, newcomer):
    item = _item(plan, "Läs riktlinjen för barnutredningar")
    client.force_login(manager)
    response = client.post(_url(item), {"reason": REASON})
    assert response["Location"] == plan.get_absolute_url()
    client.post(_url(item), {"reason": "En gång till"})  # a double click changes nothing
    item.refresh_from_db()
    assert item.removed_at is not None
    [event] = plan.events.filter(kind=PlanEvent.Kind.ITEM_REMOVED)
    assert event.detail == {"reason": REASON}
    assert _item(plan, "Gå bredvid på ett hembesök").status == PlanItem.Status.OPEN
    client.force_login(newcomer)
    assert REASON in client.get(reverse("plans:plan_mine")).content.decode()


def test_a_reason_with_nul_is_refused(client, plan, manager):
    item = _item(plan, "Läs riktlinjen för barnutredningar")
    client.force_login(manager)
    response = client.post(_url(item), {"reason": "Fel\x00"})
    assert "Anledningen innehåller otillåtna tecken." in response.content.decode()
    item.refresh_from_db()
    assert item.removed_at is None


@pytest.mark.parametrize("who", ["newcomer", "mentor", "supervisor"])
def test_those_on_the_plan_who_may_not_change_it_are_refused(client, request, plan, who):
    item = _item(plan, "Läs riktlinjen för barnutredningar")
    client.force_login(request.getfixturevalue(who))
    assert client.get(_url(item)).status_code == 403
    assert client.post(_url(item), {"reason": REASON}).status_code == 403
    item.refresh_from_db()
    assert item.removed_at is None


def test_someone_off_the_plan_gets_404(client, plan, other_newcomer):
    item = _item(plan, "Läs riktlinjen för barnutredningar")
    client.force_login(other_newcomer)
    assert client.get(_url(item)).status_code == 404
    assert client.post(_url(item), {"reason": REASON}).status_code == 404


def test_the_service_refuses_a_reason_too_long(plan, manager):
    from django.core.exceptions import ValidationError

    item = _item(plan, "Läs riktlinjen för barnutredningar")
    with pytest.raises(ValidationError, match="högst 1000 tecken"):
        plan_item_remove(item=item, by=manager, reason="x" * 1001)
