"""The plan page's session panel: the newcomer reads shared summaries and follow-ups in
their plan, the author their own sessions, the manager dates and kinds, and nobody, the
author included, the private note."""

import datetime
import re

import pytest
from django.conf import settings
from django.middleware.csrf import _unmask_cipher_token
from django.urls import reverse
from django.utils import timezone

from lms.core import versions
from lms.supervision import services
from lms.supervision.models import SessionKind

from .conftest import NOTE, SUMMARY

pytestmark = pytest.mark.django_db

MINE = reverse("plans:plan_mine")


@pytest.fixture
def logged(log, supervisor, item):
    due = timezone.localdate() + datetime.timedelta(days=7)
    session = log(
        topics=[item],
        follow_ups=[
            services.FollowUpInput(text="Läs delegationsordningen", due_date=due),
            services.FollowUpInput(text="Boka ett hembesök", due_date=due),
        ],
    )
    _first, second = session.follow_ups.order_by("pk")
    services.follow_up_to_plan(follow_up=second, by=supervisor)
    return session


def _panel(response) -> dict:
    (panel,) = [p for p in response.context["panels"] if p["key"] == "supervision-sessions"]
    return panel


def test_the_newcomer_sees_summaries_and_follow_ups_in_the_plan(client, logged, newcomer):
    client.force_login(newcomer)
    response = client.get(MINE)
    html = response.content.decode()
    assert "Handledning och mentorsamtal" in html
    assert SUMMARY in html
    assert "Läs delegationsordningen" in html
    assert "Boka ett hembesök" in html
    assert "punkt i planen" in html
    assert "Läs riktlinjen för barnutredningar" in html  # the topic, linked to its item
    assert reverse("supervision:session_reflection", args=[logged.pk]) in html
    assert NOTE not in html
    assert "Logga ett tillfälle" not in html
    panel = _panel(response)
    assert panel["sessions"].relation == "newcomer"
    assert [f.text for f in panel["sessions"].open_follow_ups] == [
        "Läs delegationsordningen",
        "Boka ett hembesök",
    ]


def test_a_reflection_shows_in_the_newcomers_panel(client, logged, newcomer):
    services.session_reflect(session=logged, by=newcomer, reflection="Jag vågar fråga mer nu.")
    client.force_login(newcomer)
    html = client.get(MINE).content.decode()
    assert "Jag vågar fråga mer nu." in html
    assert "Ändra din reflektion" in html


def test_the_author_sees_their_sessions_and_a_log_link_but_not_the_note(
    client, logged, supervisor, plan
):
    client.force_login(supervisor)
    response = client.get(reverse("plans:plan_detail", args=[plan.pk]))
    html = response.content.decode()
    assert SUMMARY in html
    assert NOTE not in html
    assert f"{reverse('supervision:session_create')}?newcomer={plan.newcomer_id}" in html
    assert _panel(response)["sessions"].relation == "helper"


def test_the_mentor_does_not_see_the_supervisors_sessions(client, logged, mentor, plan, log):
    mine = log(by=mentor, kind=SessionKind.MENTOR_TALK, shared_summary="Mentorns samtal")
    client.force_login(mentor)
    response = client.get(reverse("plans:plan_detail", args=[plan.pk]))
    html = response.content.decode()
    assert [s.pk for s in _panel(response)["sessions"].held] == [mine.pk]
    assert "Mentorns samtal" in html
    assert SUMMARY not in html
    assert "Läs delegationsordningen" not in html


def test_the_manager_sees_dates_and_kinds_only(client, logged, manager, plan):
    client.force_login(manager)
    response = client.get(reverse("plans:plan_detail", args=[plan.pk]))
    html = response.content.decode()
    assert _panel(response)["sessions"].relation == "manager"
    assert "Individuell handledning (1:1)" in html
    for secret in (NOTE, SUMMARY, "Läs delegationsordningen"):
        assert secret not in html


def test_administrators_get_no_panel(client, logged, admin_user, plan):
    client.force_login(admin_user)
    response = client.get(reverse("plans:plan_detail", args=[plan.pk]))
    assert response.status_code == 200
    assert not [p for p in response.context["panels"] if p["key"] == "supervision-sessions"]
    assert NOTE not in response.content.decode()
    assert SUMMARY not in response.content.decode()


def test_planned_sessions_are_listed_ahead(client, log, newcomer):
    log(status="planned", starts_at=timezone.now() + datetime.timedelta(days=3))
    client.force_login(newcomer)
    response = client.get(MINE)
    assert len(_panel(response)["sessions"].planned) == 1
    assert "Planerade" in response.content.decode()


def test_the_panel_costs_the_same_for_few_and_many_and_nothing_when_cached(
    log, newcomer, plan, supervisor, django_assert_num_queries
):
    from lms.supervision import panels

    def add(n):
        for day in range(n):
            log(
                starts_at=timezone.now() - datetime.timedelta(days=day + 1),
                follow_ups=[services.FollowUpInput(text=f"Sak {day}")],
            )

    add(2)
    newcomer._role_pairs  # noqa: B018 (read once per request, before the panel)
    # the data is read only when the HTML is not cached; the version counters (once per request)
    with django_assert_num_queries(1):
        panel = panels.build(plan, newcomer)
    # rows, summaries, follow-ups, reflections, topics
    with django_assert_num_queries(6):  # + 1: the version counters, read once per request
        assert len(panel["sessions"].held) == 2
    # Outside a request the panel and its lazy rows each read the version counters; a
    # request reads them once for both.
    with django_assert_num_queries(2):
        assert len(panels.build(plan, newcomer)["sessions"].held) == 2
    add(8)
    with versions.unit_of_work(), django_assert_num_queries(6):  # + 1: the version counters
        panel = panels.build(plan, newcomer)
        assert len(panel["sessions"].held) == 5
    assert panel["sessions"].total == 10
    supervisor._role_pairs  # noqa: B018
    with versions.unit_of_work(), django_assert_num_queries(6):  # + 1: the version counters
        assert panels.build(plan, supervisor)["sessions"].relation == "helper"


def test_the_panels_html_is_cached_per_viewer_and_fresh_after_a_session(
    client, logged, log, newcomer, supervisor, plan, django_assert_num_queries
):
    url = reverse("plans:plan_detail", args=[plan.pk])
    client.force_login(supervisor)
    client.get(url)
    with django_assert_num_queries(
        3
    ):  # session, user, the version counters: the page and panels are cached
        html = client.get(url).content.decode()
    assert SUMMARY in html and "Logga ett tillfälle" in html
    # The newcomer's own view of the same plan is their own fragment, not the supervisor's.
    client.force_login(newcomer)
    html = client.get(url).content.decode()
    assert "Logga ett tillfälle" not in html and "Skriv en reflektion" in html
    log(shared_summary="Ett nytt samtal om delegationer")
    client.force_login(supervisor)
    assert "Ett nytt samtal om delegationer" in client.get(url).content.decode()


def test_the_follow_up_forms_get_the_token_of_the_request_not_the_cached_one(
    client, logged, newcomer, plan
):
    from django.test import Client

    client.force_login(newcomer)
    first = client.get(MINE).content.decode()
    other = Client()
    other.force_login(newcomer)
    second = other.get(MINE).content.decode()  # the panel's HTML from the cache
    done = reverse("supervision:follow_up_done", args=[logged.follow_ups.order_by("pk")[0].pk])
    assert "csrf-slot" not in first + second
    # The follow-up's own form, inside the cached panel, carries this request's token.
    (token,) = re.findall(
        rf'action="{done}" class="inline-form"><input type="hidden" '
        r'name="csrfmiddlewaretoken" value="([^"]+)"',
        second,
    )
    secret = other.cookies[settings.CSRF_COOKIE_NAME].value
    assert _unmask_cipher_token(token) == secret != client.cookies[settings.CSRF_COOKIE_NAME].value
    other.handler.enforce_csrf_checks = True
    response = other.post(done, {"csrfmiddlewaretoken": token, "next": MINE})
    assert response.status_code == 302


def test_a_new_session_shows_at_once(client, log, newcomer):
    client.force_login(newcomer)
    assert SUMMARY not in client.get(MINE).content.decode()
    log()
    assert SUMMARY in client.get(MINE).content.decode()
