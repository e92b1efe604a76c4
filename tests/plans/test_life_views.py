"""The plan-level pages: change the first day and the people, close, reopen, sign off."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lms.plans.models import IntroductionPlan, PlanEvent, PlanItem

from .conftest import START, make_plan

pytestmark = pytest.mark.django_db
S = PlanItem.Status


@pytest.fixture
def plan(programme, template, manager, newcomer, mentor, supervisor):
    return make_plan(
        newcomer=newcomer, template=template, by=manager, mentor=mentor, supervisor=supervisor
    )


def _html(response) -> str:
    return response.content.decode()


def _edit_data(plan, **changes):
    data = {
        "start_date": plan.start_date.isoformat(),
        "supervisor": plan.supervisor_id or "",
        "revision": plan.revision,
    }
    return {**data, **changes}


def test_the_manager_moves_the_first_day_and_the_page_says_so(client, plan, manager):
    client.force_login(manager)
    url = reverse("plans:plan_edit", args=[plan.pk])
    assert client.get(url).status_code == 200
    new_start = START + datetime.timedelta(days=7)
    response = client.post(url, _edit_data(plan, start_date=new_start.isoformat()), follow=True)
    html = _html(response)
    assert "Planen är ändrad." in html
    assert "Första dagen flyttad" in html  # the history names the change
    assert "2027-01-11 → 2027-01-18" in html
    plan.refresh_from_db()
    assert plan.start_date == new_start


def test_the_edit_form_names_no_mentor(client, plan, manager):
    client.force_login(manager)
    html = _html(client.get(reverse("plans:plan_edit", args=[plan.pk])))
    assert 'name="supervisor"' in html and 'name="mentor"' not in html


def test_a_stale_plan_form_is_refused_and_nothing_is_lost(client, plan, manager, supervisor):
    client.force_login(manager)
    url = reverse("plans:plan_edit", args=[plan.pk])
    stale = _edit_data(plan)
    client.post(url, _edit_data(plan, supervisor=""))
    response = client.post(url, {**stale, "start_date": "2027-03-01"})
    assert "Någon annan har ändrat planen" in _html(response)
    plan.refresh_from_db()
    assert plan.supervisor is None and plan.start_date == START


def test_a_missing_first_day_is_refused_in_swedish(client, plan, manager):
    client.force_login(manager)
    response = client.post(
        reverse("plans:plan_edit", args=[plan.pk]), _edit_data(plan, start_date="")
    )
    assert "Det här fältet är obligatoriskt" in _html(response)


@pytest.mark.parametrize("who", ["newcomer", "mentor", "supervisor"])
def test_the_people_of_the_plan_may_not_change_it_as_a_whole(client, request, plan, who):
    client.force_login(request.getfixturevalue(who))
    for name in ("plan_edit", "plan_close", "plan_reopen"):
        assert client.get(reverse(f"plans:{name}", args=[plan.pk])).status_code == 403
    response = client.post(reverse("plans:plan_signoff", args=[plan.pk]), follow=True)
    assert "Du har inte behörighet" in _html(response) or response.status_code == 403
    plan.refresh_from_db()
    assert plan.status == IntroductionPlan.Status.ACTIVE


@pytest.mark.parametrize("who", ["other_newcomer", "hr", "coordinator"])
def test_others_get_404_for_the_plan_pages(client, request, plan, who):
    client.force_login(request.getfixturevalue(who))
    for name in ("plan_edit", "plan_close", "plan_reopen"):
        assert client.get(reverse(f"plans:{name}", args=[plan.pk])).status_code == 404
    assert client.post(reverse("plans:plan_signoff", args=[plan.pk])).status_code == 404


def test_closing_asks_for_a_reason_and_reopening_moves_what_was_left(client, plan, manager):
    client.force_login(manager)
    close = reverse("plans:plan_close", args=[plan.pk])
    assert "Det här fältet är obligatoriskt" in _html(client.post(close, {"reason": ""}))
    response = client.post(close, {"reason": "Slutade sin anställning"}, follow=True)
    html = _html(response)
    assert "Planen är stängd." in html and "Slutade sin anställning" in html
    assert "Öppna planen igen" in html
    plan.refresh_from_db()
    assert plan.status == IntroductionPlan.Status.CLOSED
    # Closed plans are kept and listed on request.
    listing = _html(client.get(reverse("plans:plan_list") + "?closed=1"))
    assert str(plan.newcomer) in listing
    assert str(plan.newcomer) not in _html(client.get(reverse("plans:plan_list")))

    reading = plan.items.get(title="Läs riktlinjen för barnutredningar")
    resume = timezone.localdate() + datetime.timedelta(days=30)
    client.post(reverse("plans:plan_reopen", args=[plan.pk]), {"resume_on": resume.isoformat()})
    plan.refresh_from_db()
    assert plan.status == IntroductionPlan.Status.ACTIVE
    assert plan.items.get(pk=reading.pk).due_date == reading.due_date + datetime.timedelta(days=30)


def test_signing_off_an_unfinished_plan_says_what_is_left(client, plan, manager):
    client.force_login(manager)
    url = reverse("plans:plan_signoff", args=[plan.pk])
    response = client.post(url, follow=True)
    assert "är inte klara ännu" in _html(response)
    plan.items.update(status=S.DONE)  # a bulk write: it bumps the plans version itself
    page = _html(client.get(reverse("plans:plan_detail", args=[plan.pk])))
    assert "Godkänn och avsluta planen" in page
    response = client.post(url, follow=True)
    assert "Planen är godkänd och avslutad." in _html(response)
    plan.refresh_from_db()
    assert plan.status == IntroductionPlan.Status.DONE
    assert plan.events.first().kind == PlanEvent.Kind.PLAN_SIGNED_OFF


def test_the_plan_page_lists_the_follow_up_meetings(client, plan, newcomer):
    client.force_login(newcomer)
    html = _html(client.get(reverse("plans:plan_mine")))
    assert "Uppföljningssamtal" in html
    assert "Uppföljningssamtal efter 4 månader" in html and "2027-05-11" in html


def test_bulk_writes_to_items_show_on_the_cached_plan_page(client, plan, manager):
    client.force_login(manager)
    detail = reverse("plans:plan_detail", args=[plan.pk])
    item = plan.items.order_by("pk").first()
    assert item.title in _html(client.get(detail))
    PlanItem.objects.filter(pk=item.pk).update(title="Läs om barnkonventionen")
    assert "Läs om barnkonventionen" in _html(client.get(detail))
    copy = PlanItem.objects.get(pk=item.pk)
    copy.pk, copy.title = None, "Besök socialjouren en kväll"
    PlanItem.objects.bulk_create([copy])
    assert "Besök socialjouren en kväll" in _html(client.get(detail))
