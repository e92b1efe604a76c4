"""The check-in pages: the newcomer's form and history, the manager's pages, HR's figures,
the start sections and the plan panel; refusals and pinned query counts."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from lms.accounts.models import Role
from lms.checkins.caching import CHECKINS
from lms.checkins.models import CheckIn
from lms.core import versions
from lms.plans.models import IntroductionPlan
from tests.factories import UnitFactory, UserFactory

from .factories import SECRETS, CheckInFactory, PlanFactory

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)
ANSWER = reverse("checkins:answer")
MINE = reverse("checkins:mine")
OVERVIEW = reverse("checkins:overview")
FIGURES = reverse("checkins:figures")


def _html(client, person, url, status=200):
    client.force_login(person)
    response = client.get(url)
    assert response.status_code == status
    return response.content.decode()


def _form(**changes):
    data = {
        "point": 1,
        "joy_rating": 4,
        "joy_text": "Hembesöken",
        "manager_rating": 3,
        "manager_text": "",
        "group_rating": 5,
        "group_text": "",
        "contribution_rating": 2,
        "contribution_text": "",
        "message": "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


# -- the newcomer ---------------------------------------------------------------------


def test_the_form_asks_four_statements_as_fieldsets_of_radio_buttons(client, newcomer, plan):
    html = _html(client, newcomer, ANSWER)
    assert "Din avstämning efter 1 månad" in html
    assert html.count("<fieldset") == 4 and html.count("<legend") == 4
    assert "Jag har något i mitt arbete som ger mig glädje." in html
    assert html.count('type="radio"') == 20
    assert "1 – Stämmer inte alls" in html and "5 – Stämmer helt" in html
    assert 'aria-describedby="id_joy_text_helptext"' in html
    assert "Dela mina svar med min chef" in html
    assert "läser din chef, även om du inte delar dina svar" in html


def test_the_share_choice_names_the_manager(client, newcomer, plan, manager):
    assert f"Dela mina svar med min chef ({manager})" in _html(client, newcomer, ANSWER)


def test_the_newcomer_answers_shares_and_writes_to_the_manager(client, newcomer, plan):
    client.force_login(newcomer)
    response = client.post(
        ANSWER, _form(shared="on", message="Kan vi prata om ärendemängden?"), follow=True
    )
    assert response.redirect_chain[-1][0] == MINE
    html = response.content.decode()
    assert "Tack! Dina svar är sparade och delade med din chef." in html
    assert "Hembesöken" in html and "Kan vi prata om ärendemängden?" in html
    checkin = CheckIn.objects.get()
    assert checkin.shared and checkin.joy_rating == 4


def test_the_form_shows_the_answer_to_change_and_unshare(client, newcomer, plan):
    CheckInFactory(plan=plan, shared=True, joy_rating=2)
    html = _html(client, newcomer, ANSWER)
    assert re.search(r'value="2"[^>]*checked|checked[^>]*value="2"', html)
    assert "Spara ändringarna" in html
    response = client.post(ANSWER, _form(), follow=True)
    assert "De är inte delade med din chef." in response.content.decode()
    assert not CheckIn.objects.get().shared


def test_a_missing_rating_is_shown_at_its_fieldset(client, newcomer, plan):
    client.force_login(newcomer)
    response = client.post(ANSWER, _form(manager_rating=None))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Välj hur väl påståendet stämmer" in html
    assert 'aria-describedby="id_manager_rating_error"' in html
    assert 'id="id_manager_rating_error"' in html
    assert not CheckIn.objects.exists()


def test_an_out_of_range_rating_is_refused_by_the_form(client, newcomer, plan):
    client.force_login(newcomer)
    html = client.post(ANSWER, _form(joy_rating=9)).content.decode()
    assert "Svaret ska vara ett tal från 1 till 5." in html
    assert not CheckIn.objects.exists()


def test_a_form_for_a_point_no_longer_open_says_so(client, newcomer, plan):
    client.force_login(newcomer)
    html = client.post(ANSWER, _form(point=4)).content.decode()
    assert "Avstämningen efter 4 månader öppnar" in html
    assert not CheckIn.objects.exists()


def test_without_an_open_check_in_the_page_says_so(client, newcomer, unit, today):
    PlanFactory(newcomer=newcomer, unit=unit, start_date=today - 10 * DAY)
    html = _html(client, newcomer, ANSWER)
    assert "Ingen avstämning är öppen" in html
    client.post(ANSWER, _form())
    assert not CheckIn.objects.exists()


def test_the_newcomers_history_lists_every_point(client, newcomer, plan, django_assert_num_queries):
    CheckInFactory(plan=plan, shared=False, message="Mitt meddelande")
    client.force_login(newcomer)
    client.get(MINE)
    versions.bump(CHECKINS)
    # session, user, the open answer, plans, answers; the version counters (once per request)
    with django_assert_num_queries(6):
        html = client.get(MINE).content.decode()
    assert "Glädjetext" in html and "Mitt meddelande" in html and "inte delad" in html
    assert "Avstämning efter 4 månader" in html and "Öppnar" in html
    with django_assert_num_queries(3):  # session, user, versions: the page's content is cached
        cached = client.get(MINE).content.decode()
    assert "Glädjetext" in cached and "Mitt meddelande" in cached


def test_the_newcomers_history_is_their_own_and_fresh_after_an_answer(
    client, newcomer, plan, unit, django_assert_num_queries
):
    client.force_login(newcomer)
    assert "Svara nu" in client.get(MINE).content.decode()
    client.post(ANSWER, _form(joy_text="Ett helt nytt svar"))
    html = client.get(MINE).content.decode()
    assert "Ett helt nytt svar" in html and "Ändra dina svar" in html
    other = UserFactory(unit=unit, roles=[Role.NEWCOMER])
    html = _html(client, other, MINE)
    assert "Ett helt nytt svar" not in html and "Du har ingen introduktionsplan" in html


# -- the manager --------------------------------------------------------------------------


@pytest.fixture
def answers(plan, unit, today):
    """The newcomer's shared answer with a message, a colleague's unshared one."""
    shared = CheckInFactory(plan=plan, shared=True, message="Ett meddelande till chefen")
    person = UserFactory(unit=unit, roles=[Role.NEWCOMER])
    colleague = PlanFactory(newcomer=person, unit=unit, start_date=plan.start_date)
    unshared = CheckInFactory(plan=colleague, shared=False, joy_text="Hemlig glädjetext")
    return shared, unshared


def test_the_manager_sees_shared_answers_and_the_message(client, manager, answers):
    shared, _unshared = answers
    html = _html(client, manager, reverse("checkins:plan", args=[shared.plan_id]))
    assert "Glädjetext: hembesöken" in html and "Stämmer ganska bra" in html
    assert "Ett meddelande till chefen" in html
    assert "Meddelande till dig" in html


def test_the_manager_sees_only_the_date_of_an_unshared_answer(client, manager, answers):
    _shared, unshared = answers
    html = _html(client, manager, reverse("checkins:plan", args=[unshared.plan_id]))
    assert "svaren är inte delade med dig" in html
    assert timezone.localdate(unshared.answered_at).isoformat() in html
    assert "Hemlig glädjetext" not in html
    for secret in SECRETS[1:]:
        assert secret not in html


@pytest.mark.parametrize(
    "who", ["other_manager", "mentor", "supervisor", "hr", "admin_user", "newcomer"]
)
def test_nobody_else_opens_a_newcomers_check_ins(request, client, answers, who):
    url = reverse("checkins:plan", args=[answers[0].plan_id])
    _html(client, request.getfixturevalue(who), url, 404)


def test_a_newcomers_page_reads_the_plan_and_its_answers_in_two_queries(
    client, manager, answers, django_assert_num_queries
):
    url = reverse("checkins:plan", args=[answers[0].plan_id])
    client.force_login(manager)
    client.get(url)
    # session, user; the plan, its answers; and the version counters, read once per request
    with django_assert_num_queries(5):
        assert client.get(url).status_code == 200


def test_a_guessed_plan_id_is_404(client, manager):
    _html(client, manager, reverse("checkins:plan", args=[999999]), 404)


def test_the_overview_counts_and_names_the_units_newcomers(
    client, manager, answers, unit, today, django_assert_num_queries
):
    PlanFactory(newcomer=UserFactory(first_name="Utomstående"), start_date=today - 50 * DAY)
    client.force_login(manager)
    client.get(OVERVIEW)
    versions.bump(CHECKINS)  # measure the table built afresh
    # session, user; the units' plans and their answers
    with django_assert_num_queries(5):  # + 1: the version counters, read once per request
        html = client.get(OVERVIEW).content.decode()
    assert "Utomstående" not in html
    assert answers[0].newcomer.get_full_name() in html
    assert "Meddelande till dig" in html and "Inte delad" in html
    assert "Glädjetext" not in html and "Ett meddelande till chefen" not in html


def test_the_overview_is_served_from_the_cache_until_an_answer_changes(
    client, manager, answers, django_assert_num_queries
):
    client.force_login(manager)
    client.get(OVERVIEW)
    # session, user: the table is cached; and the version counters, read once per request
    with django_assert_num_queries(3):
        client.get(OVERVIEW)
    answers[1].shared = True
    answers[1].save()  # any save bumps the checkins version
    assert "Inte delad" not in client.get(OVERVIEW).content.decode()


@pytest.mark.parametrize("who", ["newcomer", "mentor", "supervisor", "hr", "admin_user"])
def test_only_managers_have_an_overview(request, client, who):
    _html(client, request.getfixturevalue(who), OVERVIEW, 403)


# -- HR ----------------------------------------------------------------------------------------


def _five_in_last_half_year(unit_name="Femenheten"):
    from lms.checkins import selectors

    today = timezone.localdate()
    previous = selectors.previous_half_year(selectors.half_year(today))
    when = timezone.make_aware(
        datetime.datetime.combine(selectors.half_year_start(previous), datetime.time(12))
    )
    unit = UnitFactory(name=unit_name)
    for _n in range(5):
        checkin = CheckInFactory(
            plan=PlanFactory(newcomer=UserFactory(unit=unit), unit=unit),
            answered_at=when,
            message="Hemligt meddelande",
        )
        CheckIn.objects.filter(pk=checkin.pk).update(created_at=when)
    small = UnitFactory(name="Fyraenheten")
    for _n in range(4):
        checkin = CheckInFactory(plan=PlanFactory(newcomer=UserFactory(unit=small), unit=small))
        CheckIn.objects.filter(pk=checkin.pk).update(created_at=when)


@pytest.mark.parametrize("who", ["hr", "admin_user"])
def test_hr_and_admins_see_the_figures_per_unit(request, client, who, django_assert_num_queries):
    _five_in_last_half_year()
    person = request.getfixturevalue(who)
    client.force_login(person)
    client.get(FIGURES)
    versions.bump(CHECKINS)  # measure the figures built afresh
    # session, user; the answers, their units; and the version counters, read once per request
    with django_assert_num_queries(5):
        html = client.get(FIGURES).content.decode()
    assert "Femenheten" in html and "Fyraenheten" in html
    assert "färre än 5 svar" in html
    assert "4,0" in html and "2,0" in html  # the means, in Swedish
    assert "Hemligt meddelande" not in html
    for secret in SECRETS:
        assert secret not in html


@pytest.mark.parametrize("who", ["newcomer", "mentor", "supervisor", "manager", "coordinator"])
def test_nobody_else_sees_the_figures(request, client, who):
    _html(client, request.getfixturevalue(who), FIGURES, 403)


def test_hr_never_reaches_an_individual_answer(client, hr, answers):
    shared, _unshared = answers
    _html(client, hr, reverse("checkins:plan", args=[shared.plan_id]), 404)
    _html(client, hr, reverse("plans:plan_detail", args=[shared.plan_id]), 404)
    html = _html(client, hr, MINE)
    assert "Glädjetext" not in html


# -- start page and plan panel ----------------------------------------------------------


def test_the_start_page_tells_the_newcomer_a_check_in_waits(client, newcomer, plan):
    html = _html(client, newcomer, reverse("core:start"))
    assert "Din avstämning efter 1 månad väntar" in html
    assert ANSWER in html
    CheckInFactory(plan=plan)
    html = _html(client, newcomer, reverse("core:start"))
    assert "Din avstämning efter 1 månad väntar" not in html


def test_the_start_page_shows_the_manager_new_shared_answers(client, manager, answers):
    html = _html(client, manager, reverse("core:start"))
    section = html.split('id="start-checkins-manager"')[1].split("</section>")[0]
    assert "Avstämningar om arbetssituationen" in section
    assert str(answers[0].newcomer) in section and "skrev till dig" in section
    assert str(answers[1].newcomer) not in section  # not shared, no message


def test_the_start_page_leads_hr_to_the_figures(client, hr):
    assert FIGURES in _html(client, hr, reverse("core:start"))


def test_the_plan_panel_shows_the_newcomer_the_open_check_in(client, newcomer, plan):
    html = _html(client, newcomer, reverse("plans:plan_mine"))
    assert 'id="checkins-panel"' in html and "Svara nu" in html


def test_the_plan_panel_shows_the_manager_what_is_shared(client, manager, answers):
    html = _html(client, manager, reverse("plans:plan_detail", args=[answers[1].plan_id]))
    assert 'id="checkins-panel"' in html and "svaren är inte delade med dig" in html
    assert "Hemlig glädjetext" not in html


@pytest.mark.parametrize("who", ["mentor", "supervisor", "admin_user"])
def test_mentors_supervisors_and_admins_get_no_check_in_panel(request, client, plan, answers, who):
    viewer = request.getfixturevalue(who)
    IntroductionPlan.objects.filter(pk=plan.pk).update(mentor=viewer, supervisor=viewer)
    html = _html(client, viewer, reverse("plans:plan_detail", args=[plan.pk]))
    assert 'id="checkins-panel"' not in html
    for secret in SECRETS:
        assert secret not in html
    assert "Ett meddelande till chefen" not in html
