import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lms.core import versions
from lms.plans.caching import PLANS
from lms.plans.models import IntroductionPlan, PlanItem
from lms.plans.services.creation import plan_create
from lms.plans.services.items import plan_item_add

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


def test_manager_creates_a_plan_in_one_form(client, programme, template, manager, newcomer, mentor):
    client.force_login(manager)
    page = client.get(reverse("plans:plan_create"), {"newcomer": newcomer.pk})
    assert page.status_code == 200 and template.name in _html(page)
    assert 'name="mentor"' not in _html(page)  # the mentor is paired in lms.mentoring
    response = client.post(
        reverse("plans:plan_create"),
        {"newcomer": newcomer.pk, "template": template.pk, "mentor": mentor.pk},
    )
    plan = IntroductionPlan.objects.get()
    assert response["Location"] == reverse("plans:plan_detail", args=[plan.pk])
    assert plan.mentor is None and plan.start_date == START


def test_create_refuses_a_template_without_items_in_swedish(client, programme, manager, newcomer):
    from lms.plans.models import PlanTemplate

    empty = PlanTemplate.objects.create(family="tom", name="Tom mall")
    client.force_login(manager)
    response = client.post(
        reverse("plans:plan_create"), {"newcomer": newcomer.pk, "template": empty.pk}
    )
    assert response.status_code == 200
    assert "Mallen har inga punkter." in _html(response)
    assert not IntroductionPlan.objects.exists()


@pytest.mark.parametrize("who", ["newcomer", "mentor", "hr", "coordinator"])
def test_only_managers_and_admins_create_plans(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("plans:plan_create")).status_code == 403


def test_the_newcomer_finds_their_plan_with_this_week_and_who_is_responsible(
    client, plan, newcomer, mentor
):
    client.force_login(newcomer)
    response = client.get(reverse("plans:plan_mine"), follow=True)
    html = _html(response)
    assert "Min introduktion" in html
    assert "Läs riktlinjen för barnutredningar" in html
    assert str(mentor) in html
    assert "Före första dagen" in html and "De första fyra månaderna" in html


def test_the_newcomer_without_a_plan_is_told_so(client, newcomer):
    client.force_login(newcomer)
    html = _html(client.get(reverse("plans:plan_mine")))
    assert "Din chef har inte lagt in din introduktionsplan ännu." in html


def test_the_newcomer_ticks_an_own_item_with_a_reflection(client, plan, newcomer):
    item = plan.items.get(title="Läs riktlinjen för barnutredningar")
    client.force_login(newcomer)
    client.get(reverse("plans:plan_mine"))  # the page is cached now; ticking must renew it
    response = client.post(
        reverse("plans:item_action", args=[item.pk, "complete"]),
        {f"reflection-{item.pk}": "Jag förstår nu hur en utredning går till."},
        follow=True,
    )
    item.refresh_from_db()
    assert item.status == S.DONE and item.reflection.startswith("Jag förstår")
    assert "är klar" in _html(response)
    assert "Jag förstår nu hur en utredning går till." in _html(response)


def test_a_waiting_item_is_refused_with_a_message(client, plan, supervisor):
    item = plan.items.get(title="Gå bredvid på ett hembesök")
    client.force_login(supervisor)
    response = client.post(reverse("plans:item_action", args=[item.pk, "complete"]), follow=True)
    assert "väntar på" in _html(response)
    item.refresh_from_db()
    assert item.status == S.WAITING


def test_someone_elses_plan_and_items_are_404(client, plan, other_newcomer, hr):
    for person in (other_newcomer, hr):
        client.force_login(person)
        assert client.get(reverse("plans:plan_detail", args=[plan.pk])).status_code == 404
        item = plan.items.first()
        url = reverse("plans:item_action", args=[item.pk, "complete"])
        assert client.post(url).status_code == 404


def test_the_newcomer_cannot_edit_or_remove_items(client, plan, newcomer):
    item = plan.items.first()
    client.force_login(newcomer)
    assert client.get(reverse("plans:item_edit", args=[item.pk])).status_code == 403
    assert client.post(reverse("plans:item_action", args=[item.pk, "remove"])).status_code == 403
    assert client.get(reverse("plans:item_add", args=[plan.pk])).status_code == 403


def test_manager_edits_an_item_and_a_stale_form_is_refused(client, plan, manager):
    item = plan.items.get(title="Läs riktlinjen för barnutredningar")
    client.force_login(manager)
    data = {
        "title": "Läs riktlinjen",
        "kind": "reading",
        "responsible": "newcomer",
        "due_date": (START + datetime.timedelta(days=5)).isoformat(),
        "revision": item.revision,
    }
    response = client.post(reverse("plans:item_edit", args=[item.pk]), data)
    assert response.status_code == 302
    stale = client.post(reverse("plans:item_edit", args=[item.pk]), {**data, "title": "Annat"})
    assert "Någon annan har ändrat punkten" in _html(stale)
    item.refresh_from_db()
    assert item.title == "Läs riktlinjen"


def test_manager_adds_an_item_and_bad_input_is_refused(client, plan, manager):
    client.force_login(manager)
    url = reverse("plans:item_add", args=[plan.pk])
    bad = client.post(url, {"title": "", "kind": "task", "responsible": "newcomer"})
    assert bad.status_code == 200 and "Det här fältet är obligatoriskt" in _html(bad)
    client.post(
        url,
        {
            "title": "Besök familjerätten",
            "kind": "shadowing",
            "responsible": "mentor",
            "due_date": (START + datetime.timedelta(days=30)).isoformat(),
        },
    )
    assert plan.items.filter(title="Besök familjerätten").exists()


@pytest.mark.parametrize(
    ("days_from_today", "pinned"),
    [
        # session, user, plans with their counts, the version counters (read once per request)
        (60, 4),
        # Plans past their first fortnight also read the units' 1:1 period, the last
        # 1:1s and absences for the supervision flag.
        (-60, 7),
    ],
)
def test_the_plan_list_shows_progress_and_flags_in_a_fixed_number_of_queries(
    client, programme, template, manager, unit, django_assert_num_queries, days_from_today, pinned
):
    from lms.accounts.models import Role
    from tests.factories import UserFactory

    start = timezone.localdate() + datetime.timedelta(days=days_from_today)

    def make(n):
        for _ in range(n):
            person = UserFactory(unit=unit, roles=[Role.NEWCOMER], start_date=start)
            plan_create(newcomer=person, template=template, by=manager)

    client.force_login(manager)
    make(2)
    client.get(reverse("plans:plan_list"))
    versions.bump(PLANS)  # built afresh, not from the fragment cache
    with django_assert_num_queries(pinned):
        client.get(reverse("plans:plan_list"))
    make(8)
    client.get(reverse("plans:plan_list"))  # new people: the role cache fills once
    versions.bump(PLANS)
    with django_assert_num_queries(pinned):
        response = client.get(reverse("plans:plan_list"))
    assert len(response.context["plans"]) == 10
    assert "Ingen mentor" in _html(response)
    # session, user, versions: the table is cached until a change
    with django_assert_num_queries(3):
        client.get(reverse("plans:plan_list"))


def test_the_plan_page_costs_the_same_for_few_and_many_items(
    client, plan, manager, django_assert_num_queries
):
    client.force_login(manager)
    url = reverse("plans:plan_detail", args=[plan.pk])
    client.get(url)
    versions.bump(PLANS)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    few_count = len(few.captured_queries)
    for n in range(20):
        plan_item_add(
            plan=plan,
            by=manager,
            title=f"Punkt {n}",
            due_date=START + datetime.timedelta(days=n * 10),
            responsible="newcomer",
        )
    versions.bump(PLANS)
    with django_assert_num_queries(few_count):
        client.get(url)
    with django_assert_num_queries(3):  # session, user, versions: the plan and page are cached
        client.get(url)


def test_action_messages_follow_the_persons_language(client, plan, newcomer):
    newcomer.preferred_language = "en"
    newcomer.save()
    item = plan.items.get(title="Läs riktlinjen för barnutredningar")
    client.force_login(newcomer)
    response = client.post(reverse("plans:item_action", args=[item.pk, "complete"]), follow=True)
    assert "“Läs riktlinjen för barnutredningar” is done." in _html(response)
