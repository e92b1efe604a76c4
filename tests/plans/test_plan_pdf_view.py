import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from lms.accounts.models import Role
from lms.core import versions
from lms.plans.caching import PLANS
from lms.plans.documents import plan_document
from lms.plans.services.creation import plan_create
from lms.plans.services.items import plan_item_add, plan_item_complete, plan_item_remove
from tests.factories import UserFactory

from .conftest import START, make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(programme, template, manager, newcomer, mentor, supervisor, unit):
    municipality = unit.administration.municipality
    municipality.name = "Älvstads kommun"
    municipality.save()
    newcomer.first_name, newcomer.last_name = "Åsa", "Öberg"
    newcomer.save()
    return make_plan(
        newcomer=newcomer, template=template, by=manager, mentor=mentor, supervisor=supervisor
    )


def _url(plan) -> str:
    return reverse("plans:plan_pdf", args=[plan.pk])


def _text(response) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.mark.parametrize("who", ["newcomer", "mentor", "supervisor", "manager", "admin_user"])
def test_the_people_of_the_plan_download_it(client, request, plan, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(_url(plan))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = _text(response)
    assert "Introduktionsplan för Åsa Öberg" in text
    assert "Älvstads kommun" in text
    assert "Läs riktlinjen för barnutredningar" in text


@pytest.mark.parametrize(
    "who", ["other_manager", "newcomer_of_another_plan", "hr", "coordinator", "colleague"]
)
def test_anyone_else_gets_404(client, request, plan, who, other_unit, unit, admin_user):
    def newcomer_of_another_plan():
        other = request.getfixturevalue("other_newcomer")
        other.start_date = START
        other.save()
        template = request.getfixturevalue("template")
        plan_create(newcomer=other, template=template, by=admin_user)
        return other

    viewer = {
        "other_manager": lambda: UserFactory(
            unit=other_unit, roles=[(Role.MANAGER, other_unit)], mfa_exempt=True
        ),
        "newcomer_of_another_plan": newcomer_of_another_plan,
        "colleague": lambda: UserFactory(unit=unit, roles=[Role.MENTOR]),
    }.get(who, lambda: request.getfixturevalue(who))()
    client.force_login(viewer)
    assert client.get(_url(plan)).status_code == 404


def test_a_guessed_id_is_404(client, plan, manager):
    client.force_login(manager)
    assert client.get(reverse("plans:plan_pdf", args=[plan.pk + 1000])).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, plan):
    response = client.get(_url(plan))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "next=" in response["Location"]


def test_it_is_a_download_named_after_the_newcomer_and_never_cached(client, plan, manager):
    client.force_login(manager)
    response = client.get(_url(plan))
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="introduktionsplan-oberg-{today}.pdf"'
    )
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control
    assert "public" not in cache_control


def test_a_removed_item_is_left_out(client, plan, manager):
    item = plan.items.get(title="Läs riktlinjen för barnutredningar")
    plan_item_remove(item=item, by=manager)
    client.force_login(manager)
    text = _text(client.get(_url(plan)))
    assert "Läs riktlinjen för barnutredningar" not in text
    assert "Dator, telefon och nycklar klara" in text


def test_responsible_people_status_and_due_dates_are_printed(
    client, plan, manager, mentor, supervisor
):
    done = plan.items.get(title="Dator, telefon och nycklar klara")
    plan_item_complete(item=done, by=manager)
    client.force_login(manager)
    text = _text(client.get(_url(plan)))
    assert str(manager) in text and str(mentor) in text and str(supervisor) in text
    assert "Gå bredvid på ett hembesök" in text and "Väntar på annan punkt" in text
    assert "Enhetschef" in text and "Klar" in text
    assert "2027-01-15" in text  # start + 4 days
    assert "Bemötande och samtal" in text  # the programme module added to the plan


def test_the_pdf_follows_the_viewers_language(client, plan, newcomer):
    newcomer.preferred_language = "en"
    newcomer.save()
    client.force_login(newcomer)
    text = _text(client.get(_url(plan)))
    assert "Introduction plan for Åsa Öberg" in text
    assert "Page 1 of" in text


def test_the_plan_page_links_to_the_pdf(client, plan, manager):
    client.force_login(manager)
    html = client.get(reverse("plans:plan_detail", args=[plan.pk])).content.decode()
    assert f'href="{_url(plan)}"' in html


def test_the_download_costs_the_same_for_few_and_many_items(
    client, plan, manager, django_assert_num_queries
):
    client.force_login(manager)
    url = _url(plan)
    client.get(url)
    versions.bump(PLANS)  # the plan is read afresh, not from the per-viewer cache
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    few_count = len(few.captured_queries)  # read now: the query log is a bounded deque
    # session, user, plan, items, managers (plan_view's, no history), unit with municipality
    assert few_count == 7  # + 1: the version counters, read once per request
    for n in range(40):
        plan_item_add(
            plan=plan,
            by=manager,
            title=f"Punkt {n}",
            due_date=START + datetime.timedelta(days=n * 10),
            responsible="mentor",
        )
    versions.bump(PLANS)
    with django_assert_num_queries(few_count):
        response = client.get(url)
    assert "Punkt 39" in _text(response)


def test_the_municipality_is_the_one_the_plans_unit_belongs_to(plan, manager):
    from lms.organisation.models import Municipality

    Municipality.objects.create(name="Abyn", slug="abyn")  # first by name, not the plan's
    document = plan_document(plan=plan, viewer=manager, today=START)
    assert document.municipality == "Älvstads kommun"
    assert document.unit == plan.unit.name
    assert document.administration == plan.unit.administration.name
    assert document.printed_on == START
