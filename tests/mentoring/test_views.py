"""The mentoring pages: who gets what (404 for a guessed id, 403 for a page one's role
does not give), the one-click pick, and pinned query counts on the pool and the
suggestions."""

import datetime
import re

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lms.accounts.models import Role
from lms.core import versions
from lms.core.fragments import CSRF_SLOT
from lms.mentoring import services
from lms.mentoring.caching import MENTORING
from lms.mentoring.models import Fit, MentorChangeRequest, MentorPairing, MentorProfile
from lms.organisation.models import Area
from tests.factories import UserFactory
from tests.supervision.factories import PlanFactory

from .conftest import DAY
from .factories import PairingFactory, years_ago

pytestmark = pytest.mark.django_db


def _html(response) -> str:
    return response.content.decode()


@pytest.fixture
def plan(newcomer, supervisor):
    return PlanFactory(newcomer=newcomer, start_date=newcomer.start_date, supervisor=supervisor)


@pytest.fixture
def pairing(newcomer, mentor, plan):
    pairing = PairingFactory(newcomer=newcomer, mentor=mentor, plan=plan)
    plan.mentor = mentor
    plan.save()
    return pairing


# -- the pool ------------------------------------------------------------------------


def test_the_manager_sees_the_pool_with_places_used_and_left(client, manager, mentor, pairing):
    client.force_login(manager)
    response = client.get(reverse("mentoring:pool"))
    html = _html(response)
    assert response.status_code == 200 and str(mentor) in html
    assert "1 av 2" in html


@pytest.mark.parametrize("who", ["newcomer", "mentor", "supervisor", "hr"])
def test_the_pool_is_for_managers(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("mentoring:pool")).status_code == 403
    assert client.get(reverse("mentoring:appoint")).status_code == 403


def test_the_pool_page_costs_the_same_for_few_and_many_mentors(
    client, manager, unit, far_unit, in_pool, django_assert_num_queries
):
    in_pool(unit)
    client.force_login(manager)
    client.get(reverse("mentoring:pool"))
    versions.bump(MENTORING)  # built afresh, not from the fragment cache
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("mentoring:pool"))
    few_count = len(few.captured_queries)
    assert (
        few_count == 4
        # + 1: the version counters, read once per request
    )  # session, user, the pool with its counts (areas are cached)
    for n in range(15):
        PairingFactory(mentor=in_pool(far_unit if n % 2 else unit, languages=["ar"]))
    client.get(reverse("mentoring:pool"))  # new people: the role cache fills once
    versions.bump(MENTORING)
    with django_assert_num_queries(few_count):
        response = client.get(reverse("mentoring:pool"))
    assert len(response.context["profiles"]) == 16
    # session, user, versions: the table is cached until a change
    with django_assert_num_queries(3):
        client.get(reverse("mentoring:pool"))


def test_the_cached_pool_follows_every_change_and_is_the_viewers_own(
    client, manager, unit, other_unit, mentor, profile, in_pool
):
    client.force_login(manager)
    assert "0 av 2" in _html(client.get(reverse("mentoring:pool")))
    services.mentor_profile_update(
        profile=profile,
        by=manager,
        capacity=4,
        available_from=None,
        available_until=None,
        languages=[],
    )
    assert "0 av 4" in _html(client.get(reverse("mentoring:pool")))  # mentoring bumped
    mentor.first_name = "Omdöpt"
    mentor.save()
    assert "Omdöpt" in _html(client.get(reverse("mentoring:pool")))  # people bumped
    unit.area.name = "Nytt områdesnamn"
    unit.area.save()
    assert "Nytt områdesnamn" in _html(client.get(reverse("mentoring:pool")))
    # Another manager, with the same versions and day, gets their own pool.
    other_unit.area = Area.objects.get_or_create(code="aldre", defaults={"name": "Äldre"})[0]
    other_unit.save()
    far = in_pool(other_unit)
    other = UserFactory(unit=other_unit, roles=[(Role.MANAGER, other_unit)], mfa_exempt=True)
    assert "Omdöpt" in _html(client.get(reverse("mentoring:pool")))
    client.force_login(other)
    html = _html(client.get(reverse("mentoring:pool")))
    assert str(far) in html and "Omdöpt" not in html


def test_a_manager_appoints_a_colleague(client, manager, unit):
    colleague = UserFactory(unit=unit, in_profession_since=years_ago(5))
    client.force_login(manager)
    assert client.get(reverse("mentoring:appoint")).status_code == 200
    response = client.post(
        reverse("mentoring:appoint"), {"person": colleague.pk, "capacity": 3, "languages": ["en"]}
    )
    assert response.status_code == 302
    profile = MentorProfile.objects.get(user=colleague)
    assert profile.capacity == 3 and profile.appointed_by == manager


def test_appointing_a_novice_shows_the_message(client, manager, unit):
    novice = UserFactory(unit=unit, in_profession_since=years_ago(1))
    client.force_login(manager)
    response = client.post(reverse("mentoring:appoint"), {"person": novice.pk, "capacity": 2})
    assert "kortare än två år i yrket" in _html(response)
    assert not MentorProfile.objects.exists()


def test_the_manager_edits_a_profile_of_their_pool_only(
    client, manager, profile, other_unit, in_pool
):
    client.force_login(manager)
    url = reverse("mentoring:profile_edit", args=[profile.pk])
    assert client.get(url).status_code == 200
    in_a_year = datetime.date.today() + datetime.timedelta(days=365)
    response = client.post(url, {"capacity": 4, "available_until": in_a_year.isoformat()})
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.capacity == 4
    far_away = UserFactory(unit=other_unit, in_profession_since=years_ago(5))
    hidden = MentorProfile.objects.create(user=far_away, source="volunteered")
    from lms.organisation.models import Area

    other_unit.area = Area.objects.get_or_create(code="aldre", defaults={"name": "Äldre"})[0]
    other_unit.save()
    assert client.get(reverse("mentoring:profile_edit", args=[hidden.pk])).status_code == 404


# -- my mentoring --------------------------------------------------------------------


def test_a_colleague_volunteers_on_their_own_page(client, unit):
    person = UserFactory(unit=unit, in_profession_since=years_ago(4))
    client.force_login(person)
    assert "Bli mentor" in _html(client.get(reverse("mentoring:me")))
    response = client.post(
        reverse("mentoring:me"), {"capacity": 2, "languages": ["fi"]}, follow=True
    )
    assert "Tack! Du är med i mentorspoolen." in _html(response)
    assert MentorProfile.objects.get(user=person).languages == ["fi"]


def test_a_novice_is_told_why_they_cannot_volunteer(client, unit):
    person = UserFactory(unit=unit, in_profession_since=years_ago(1))
    client.force_login(person)
    response = client.post(reverse("mentoring:me"), {"capacity": 2})
    assert "kortare än två år i yrket" in _html(response)


def test_the_mentor_sees_their_mentees_and_answers_for_themself(
    client, mentor, newcomer, pairing, django_assert_num_queries
):
    services.fit_answer(pairing=pairing, by=newcomer, answer=Fit.NOT_GOOD)
    services.change_request_create(pairing=pairing, by=newcomer, message="Hemligt skäl")
    client.force_login(mentor)
    html = _html(client.get(reverse("mentoring:me")))
    assert str(newcomer) in html and "Passar det bra med" in html
    # Never the newcomer's answer, the request or its message.
    assert "checked" not in html  # the mentor has not answered; the newcomer's is not shown
    assert "Hemligt skäl" not in html and "ny mentor" not in html.lower()
    response = client.post(
        reverse("mentoring:fit", args=[pairing.pk]), {f"fit-{pairing.pk}-answer": "good"}
    )
    assert response["Location"] == reverse("mentoring:me")


def test_the_mentor_leaves_the_pool(client, mentor, profile):
    client.force_login(mentor)
    response = client.post(reverse("mentoring:profile_leave", args=[profile.pk]))
    assert response["Location"] == reverse("mentoring:me")
    profile.refresh_from_db()
    assert not profile.is_active


def test_my_mentoring_is_cached_and_follows_every_change(
    client, mentor, newcomer, pairing, plan, profile, django_assert_num_queries
):
    url = reverse("mentoring:me")
    client.force_login(mentor)
    client.get(url)
    versions.bump(MENTORING)  # built afresh, not from the fragment cache
    # session, user, profile, pairings, own answers, the version counters (once per request)
    with django_assert_num_queries(6):
        client.get(url)
    with django_assert_num_queries(3):  # session, user, versions: the page is cached until a change
        html = _html(client.get(url))
    assert str(newcomer) in html and "Ändra svaret" not in html and "checked" not in html
    services.fit_answer(pairing=pairing, by=mentor, answer=Fit.GOOD)  # mentoring
    html = _html(client.get(url))
    assert "Ändra svaret" in html and "checked" in html
    response = client.post(url, {"capacity": 4}, follow=True)  # the page's own form
    assert "1 av högst 4" in _html(response)
    newcomer.first_name = "Omdöpt"  # people
    newcomer.save()
    assert "Omdöpt" in _html(client.get(url))
    plan_link = reverse("plans:plan_detail", args=[plan.pk])
    assert plan_link in _html(client.get(url))
    plan.status = plan.Status.CLOSED  # plans
    plan.save()
    assert plan_link not in _html(client.get(url))


def test_my_mentoring_is_the_viewers_own_and_a_form_with_errors_is_not_cached(
    client, mentor, newcomer, pairing, unit
):
    url = reverse("mentoring:me")
    client.force_login(mentor)
    assert str(newcomer) in _html(client.get(url))
    novice = UserFactory(unit=unit, in_profession_since=years_ago(1))
    client.force_login(novice)
    html = _html(client.get(url))
    assert "Bli mentor" in html and str(newcomer) not in html
    response = client.post(url, {"capacity": 2})
    assert "kortare än två år i yrket" in _html(response)
    assert "kortare än två år i yrket" not in _html(client.get(url))


def _tokens(html: str) -> dict[str, str]:
    """{form action ("" for the page itself): its CSRF token}."""
    main = html.split("<main", 1)[1]
    return dict(
        re.findall(
            r'<form method="post"(?: novalidate)?(?: action="([^"]*)")?[^>]*>\s*'
            r'<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)">',
            main,
        )
    )


def test_every_form_on_my_mentoring_gets_the_browsers_own_csrf_token(
    mentor, newcomer, pairing, profile
):
    """The cached page holds no token: two browsers of the same person share the
    fragment, yet each posts with a token that its own cookie accepts."""
    url = reverse("mentoring:me")
    fit_url = reverse("mentoring:fit", args=[pairing.pk])
    leave = reverse("mentoring:profile_leave", args=[profile.pk])
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(mentor)
    second.force_login(mentor)
    first_html, second_html = _html(first.get(url)), _html(second.get(url))
    assert set(_tokens(first_html)) == set(_tokens(second_html)) == {fit_url, "", leave}
    assert CSRF_SLOT not in first_html
    answer = {f"fit-{pairing.pk}-answer": "good"}
    assert first.post(fit_url, answer).status_code == 403  # no token
    token = _tokens(second_html)[fit_url]
    assert second.post(fit_url, {**answer, "csrfmiddlewaretoken": token}).status_code == 302
    token = _tokens(first_html)[""]
    assert first.post(url, {"capacity": 3, "csrfmiddlewaretoken": token}).status_code == 302
    profile.refresh_from_db()
    assert profile.capacity == 3
    # The forms follow the page: after leaving, the leave form is gone.
    token = _tokens(_html(first.get(url)))[leave]
    assert first.post(leave, {"csrfmiddlewaretoken": token}).status_code == 302
    assert set(_tokens(_html(first.get(url)))) == {fit_url, ""}


def test_someone_else_cannot_take_a_mentor_out_of_the_pool(client, profile, other_newcomer):
    client.force_login(other_newcomer)
    assert client.post(reverse("mentoring:profile_leave", args=[profile.pk])).status_code == 404


# -- the pairing page ----------------------------------------------------------------


def test_the_manager_pairs_from_the_suggestions_in_one_click(
    client, manager, newcomer, plan, mentor, far_unit, in_pool, django_capture_on_commit_callbacks
):
    far = in_pool(far_unit)
    client.force_login(manager)
    url = reverse("mentoring:newcomer", args=[newcomer.pk])
    response = client.get(url)
    html = _html(response)
    assert [s.mentor for s in response.context["suggestions"]] == [mentor, far]
    assert "Samma enhet" in html and f'value="{plan.start_date.isoformat()}"' in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "starts_on": plan.start_date.isoformat(),
                "planned_ends_on": (plan.start_date + 365 * DAY).isoformat(),
                "mentor": mentor.pk,
            },
            follow=True,
        )
    assert "är mentor för" in _html(response)
    pairing = MentorPairing.objects.get()
    assert pairing.mentor == mentor and pairing.planned_ends_on == plan.start_date + 365 * DAY
    plan.refresh_from_db()
    assert plan.mentor == mentor
    assert len(mail.outbox) == 1


def test_a_refused_pick_shows_the_swedish_message(client, manager, newcomer, plan, mentor, profile):
    PairingFactory(mentor=mentor)
    PairingFactory(mentor=mentor)
    client.force_login(manager)
    response = client.post(
        reverse("mentoring:newcomer", args=[newcomer.pk]),
        {
            "starts_on": plan.start_date.isoformat(),
            "planned_ends_on": (plan.start_date + datetime.timedelta(days=365)).isoformat(),
            "mentor": mentor.pk,
        },
    )
    assert "har inte plats för fler" in _html(response)
    assert not MentorPairing.objects.filter(newcomer=newcomer).exists()


def test_the_pairing_page_costs_the_same_for_a_small_and_a_large_pool(
    client, manager, newcomer, plan, unit, far_unit, in_pool, django_assert_num_queries
):
    in_pool(unit)
    PairingFactory(newcomer=newcomer, mentor=in_pool(far_unit), ended_on=newcomer.start_date)
    client.force_login(manager)
    url = reverse("mentoring:newcomer", args=[newcomer.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    few_count = len(few.captured_queries)
    # session, user, newcomer, plan, running pairing, suggestions, history, its answers,
    # open request
    assert few_count == 10  # + 1: the version counters, read once per request
    for n in range(20):
        PairingFactory(mentor=in_pool(far_unit if n % 2 else unit, capacity=3))
    client.get(url)
    with django_assert_num_queries(few_count):
        response = client.get(url, {"language": "ar"})
    assert len(response.context["suggestions"]) == 8


@pytest.mark.parametrize("who", ["newcomer", "mentor", "supervisor", "hr", "other_manager"])
def test_the_pairing_page_is_404_for_everyone_but_the_manager(
    client, request, who, newcomer, other_unit
):
    if who == "other_manager":
        person = UserFactory(unit=other_unit, roles=[(Role.MANAGER, other_unit)], mfa_exempt=True)
    else:
        person = request.getfixturevalue(who)
    client.force_login(person)
    assert client.get(reverse("mentoring:newcomer", args=[newcomer.pk])).status_code == 404


def test_the_manager_sees_history_answers_and_the_request_message(
    client, manager, newcomer, pairing, mentor
):
    services.fit_answer(pairing=pairing, by=newcomer, answer=Fit.NOT_GOOD)
    services.change_request_create(pairing=pairing, by=newcomer, message="Vi ses aldrig.")
    client.force_login(manager)
    html = _html(client.get(reverse("mentoring:newcomer", args=[newcomer.pk])))
    assert "Vi ses aldrig." in html and "Nej, det passar inte" in html
    assert "Begäran om ny mentor" in html


def test_the_manager_ends_a_pairing_with_a_reason(client, manager, pairing, mentor):
    client.force_login(manager)
    url = reverse("mentoring:pairing_end", args=[pairing.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": ""})
    assert "Välj varför mentorskapet avslutas." in _html(response)
    client.post(url, {"reason": "planned"})
    pairing.refresh_from_db()
    assert pairing.ended_on is not None
    client.force_login(mentor)
    assert client.get(url).status_code == 403


def test_the_manager_closes_a_request_with_a_note(client, manager, newcomer, pairing):
    found = services.change_request_create(pairing=pairing, by=newcomer)
    client.force_login(manager)
    url = reverse("mentoring:request_close", args=[found.pk])
    response = client.post(url, {"note": ""})
    assert "Skriv en kort anteckning" in _html(response)
    client.post(url, {"note": "Vi har pratat."})
    found.refresh_from_db()
    assert found.status == MentorChangeRequest.Status.CLOSED


def test_a_request_is_404_for_the_mentor(client, mentor, newcomer, pairing):
    found = services.change_request_create(pairing=pairing, by=newcomer)
    client.force_login(mentor)
    assert client.get(reverse("mentoring:request_close", args=[found.pk])).status_code == 404


# -- the newcomer's side -------------------------------------------------------------


def test_the_newcomer_answers_and_is_offered_a_new_mentor(client, newcomer, pairing):
    client.force_login(newcomer)
    url = reverse("mentoring:fit", args=[pairing.pk])
    assert "Passar det bra?" in _html(client.get(url))
    response = client.post(url, {f"fit-{pairing.pk}-answer": ""})
    assert "Välj ett av svaren." in _html(response)
    response = client.post(url, {f"fit-{pairing.pk}-answer": "not_good"}, follow=True)
    html = _html(response)
    assert "Tack för ditt svar." in html and "du behöver inte förklara varför" in html
    response = client.post(
        reverse("mentoring:change_request", args=[pairing.pk]),
        {"message": "Olika tider."},
        follow=True,
    )
    assert "Din mentor får inte veta något om den." in _html(response)
    assert MentorChangeRequest.objects.get().message == "Olika tider."


@pytest.mark.parametrize("who", ["supervisor", "hr", "other_newcomer"])
def test_the_fit_and_request_pages_are_404_for_others(client, request, who, pairing):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("mentoring:fit", args=[pairing.pk])).status_code == 404
    assert client.get(reverse("mentoring:change_request", args=[pairing.pk])).status_code == 404


def test_the_mentor_may_not_ask_for_a_new_mentor(client, mentor, pairing):
    client.force_login(mentor)
    assert client.get(reverse("mentoring:change_request", args=[pairing.pk])).status_code == 403


# -- the panel on the plan page ------------------------------------------------------


def _plan_page(client, person, plan) -> str:
    client.force_login(person)
    return _html(client.get(reverse("plans:plan_detail", args=[plan.pk])))


def test_the_panel_shows_the_newcomer_their_mentor_and_the_question(
    client, newcomer, pairing, mentor
):
    html = _plan_page(client, newcomer, pairing.plan)
    assert "Din mentor är" in html and str(mentor) in html
    assert reverse("mentoring:fit", args=[pairing.pk]) in html
    assert reverse("mentoring:change_request", args=[pairing.pk]) in html


def test_the_panel_shows_the_mentor_only_their_own_side(client, newcomer, pairing, mentor):
    services.fit_answer(pairing=pairing, by=newcomer, answer=Fit.NOT_GOOD)
    services.change_request_create(pairing=pairing, by=newcomer, message="Hemligt skäl")
    html = _plan_page(client, mentor, pairing.plan)
    assert "Du är mentor för" in html and reverse("mentoring:fit", args=[pairing.pk]) in html
    assert "Hemligt skäl" not in html and "bad om en ny mentor" not in html
    assert reverse("mentoring:change_request", args=[pairing.pk]) not in html
    assert "Den nyanställdas svar" not in html


def test_the_panel_gives_the_manager_the_link_history_and_request(
    client, manager, newcomer, pairing, far_unit, in_pool
):
    PairingFactory(
        newcomer=newcomer,
        mentor=in_pool(far_unit),
        starts_on=pairing.starts_on - 100 * DAY,
        planned_ends_on=pairing.starts_on + 200 * DAY,
        ended_on=pairing.starts_on,
        end_reason="new_mentor",
    )
    services.change_request_create(pairing=pairing, by=newcomer)
    html = _plan_page(client, manager, pairing.plan)
    assert reverse("mentoring:newcomer", args=[newcomer.pk]) in html
    assert "Tidigare mentorer" in html and "Den nyanställda bad om en ny mentor" in html


def test_the_supervisor_gets_no_panel(client, supervisor, pairing):
    html = _plan_page(client, supervisor, pairing.plan)
    assert 'id="mentor-panel-heading"' not in html


@pytest.mark.parametrize("who", ["newcomer", "mentor", "manager"])
def test_the_panel_is_cached_per_viewer_and_fresh_after_an_answer(
    client, request, who, newcomer, mentor, pairing, django_assert_num_queries
):
    url = reverse("plans:plan_detail", args=[pairing.plan.pk])
    person = request.getfixturevalue(who)
    client.force_login(person)
    client.get(url)
    with django_assert_num_queries(
        3
    ):  # session, user, the version counters: the page and panels are cached
        html = _html(client.get(url))
    assert 'id="mentor-panel-heading"' in html and "csrf-slot" not in html
    if who != "manager":
        # The fit form is in the cached panel, with this request's token.
        fit_form = html.split(f'action="{reverse("mentoring:fit", args=[pairing.pk])}"')[1]
        token = fit_form.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
        secret = client.cookies[settings.CSRF_COOKIE_NAME].value
        assert _unmask_cipher_token(token) == secret
    answering = newcomer if who == "manager" else person
    services.fit_answer(pairing=pairing, by=answering, answer=Fit.GOOD)
    html = _html(client.get(url))
    if who == "manager":
        assert "Den nyanställdas svar: Ja, det passar bra" in html
    else:
        assert "Ändra svaret" in html


def test_the_plan_page_offers_managers_the_pairing_when_no_mentor(client, manager, plan, newcomer):
    html = _plan_page(client, manager, plan)
    assert "Välj mentor bland förslag" in html and "Ingen mentor före första dagen" in html


# -- the start page ------------------------------------------------------------------


def test_the_manager_start_page_lists_requests_and_newcomers_without_a_mentor(
    client, manager, newcomer, unit, mentor, today
):
    waiting = UserFactory(unit=unit, roles=[Role.NEWCOMER], start_date=today + 5 * DAY)
    pairing = PairingFactory(newcomer=newcomer, mentor=mentor)
    services.change_request_create(pairing=pairing, by=newcomer)
    client.force_login(manager)
    html = _html(client.get(reverse("core:start")))
    assert "Mentorer att utse" in html and "Ber om en ny mentor" in html
    assert str(waiting) in html and reverse("mentoring:newcomer", args=[waiting.pk]) in html


def test_the_start_section_is_hidden_when_nothing_waits(client, manager):
    client.force_login(manager)
    assert "Mentorer att utse" not in _html(client.get(reverse("core:start")))
