"""The dashboard (/supervision/) and the newcomer page (/supervision/newcomers/<pk>/)."""

import pytest
from django.urls import reverse

from lms.accounts.models import MfaExemption, Role
from lms.core import versions
from lms.supervision.models import Absence, SessionKind
from tests.factories import UserFactory

from .dash import (
    DAY,
    PRIVATE,
    SUMMARY,
    WEEK,
    first_monday,
    held,
    late_follow_up,
    plan_for,
    planned,
)
from .factories import AbsenceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(newcomer, supervisor, mentor):
    """Started five weeks ago on a Monday; 1:1s in weeks 1, 2 and 4, none in 3 and 5."""
    plan = plan_for(newcomer, supervisor=supervisor, mentor=mentor)
    start = plan.start_date
    for week in (0, 1, 3):
        held(supervisor, newcomer, start + week * WEEK + DAY)
    return plan


def _get(client, person, url=None):
    client.force_login(person)
    return client.get(url or reverse("supervision:dashboard"))


def _week(day):
    return day.isocalendar()[1]


# -- the dashboard ---------------------------------------------------------------------------


def test_the_supervisor_sees_each_newcomer_with_sessions_follow_ups_and_weeks(
    client, plan, newcomer, supervisor
):
    session = held(supervisor, newcomer, plan.start_date + 4 * WEEK + 2 * DAY)
    late_follow_up(session, newcomer, text="Skriv utredningsplanen")
    coming = planned(supervisor, newcomer)
    response = _get(client, supervisor)
    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("plans:plan_detail", args=[plan.pk]) in html and str(newcomer) in html
    assert "Handledare" in html  # the role
    assert plan.start_date.isoformat() in html and f"v. {_week(plan.start_date)}" in html
    assert session.starts_at.astimezone().strftime("%Y-%m-%d") in html  # the last held
    assert coming.starts_at.astimezone().strftime("%Y-%m-%d") in html  # the next planned
    assert "Skriv utredningsplanen" in html
    assert "1:1 i 4 av 5 veckor" in html  # week 3 missed, week 5 met by the session above
    assert f"v. {_week(plan.start_date + 2 * WEEK)}" in html
    row = response.context["helped"][0]
    assert [w.number for w in row.compliance.recent_missed] == [_week(plan.start_date + 2 * WEEK)]
    assert row.flagged


def test_missed_weeks_of_the_last_eight_are_flagged(client, plan, supervisor):
    html = _get(client, supervisor).content.decode()
    missed = [_week(plan.start_date + 2 * WEEK), _week(plan.start_date + 4 * WEEK)]
    assert "1:1 i 3 av 5 veckor" in html
    assert "Utan 1:1 bland de senaste 5 veckorna: " + ", ".join(f"v. {n}" for n in missed) in html


def test_the_mentor_sees_own_sessions_and_no_weekly_count(client, plan, newcomer, mentor):
    talk = held(mentor, newcomer, plan.start_date + 2 * WEEK, kind=SessionKind.MENTOR_TALK)
    response = _get(client, mentor)
    html = response.content.decode()
    row = response.context["helped"][0]
    assert row.roles == ["mentor"] and row.compliance is None
    assert row.last.pk == talk.pk  # not the supervisor's later 1:1
    assert "1:1 varje vecka" not in html


def test_someone_elses_sessions_and_follow_ups_are_not_the_helpers(
    client, plan, newcomer, mentor, supervisor
):
    session = held(supervisor, newcomer, plan.start_date + 4 * WEEK)
    late_follow_up(session, newcomer, text="Handledarens överenskommelse")
    response = _get(client, mentor)
    row = response.context["helped"][0]
    assert row.last is None and row.overdue == []
    assert "Handledarens överenskommelse" not in response.content.decode()


def test_a_follow_up_that_is_done_or_not_yet_due_is_not_late(client, plan, newcomer, supervisor):
    from django.utils import timezone

    session = held(supervisor, newcomer, plan.start_date + 4 * WEEK)
    done = late_follow_up(session, newcomer, text="Klar sak")
    done.done_at = timezone.now()
    done.save()
    soon = late_follow_up(session, newcomer, text="Inte än", days_late=-2)
    html = _get(client, supervisor).content.decode()
    assert done.text not in html and soon.text not in html


def test_the_manager_sees_the_units_newcomers_without_contents(
    client, plan, newcomer, supervisor, manager
):
    session = held(supervisor, newcomer, plan.start_date + 4 * WEEK)
    late_follow_up(session, newcomer, text="Hemligt för chefen")
    response = _get(client, manager)
    html = response.content.decode()
    assert response.context["helped"] == []
    row = response.context["managed"][0]
    assert row.roles == ["chef"] and row.last.pk == session.pk and not row.last.mine
    assert str(supervisor) in html  # who held it
    assert "1 försenad" in html and "Hemligt för chefen" not in html
    assert SUMMARY not in html and PRIVATE not in html
    assert row.compliance is not None


def test_the_manager_does_not_see_other_units(client, plan, other_newcomer, manager):
    plan_for(other_newcomer)
    response = _get(client, manager)
    assert [r.newcomer for r in response.context["managed"]] == [plan.newcomer]


def test_people_who_follow_no_newcomer_see_an_empty_page(client, plan, hr, newcomer):
    for person in (hr, newcomer, UserFactory(roles=[Role.MENTOR])):
        response = _get(client, person)
        assert response.status_code == 200
        assert response.context["helped"] == [] and response.context["managed"] == []
        assert "Du är inte mentor eller handledare" in response.content.decode()


def test_closed_plans_are_left_out(client, plan, supervisor):
    plan.status = plan.Status.CLOSED
    plan.save()
    assert _get(client, supervisor).context["helped"] == []


def test_the_dashboard_needs_a_login(client):
    response = client.get(reverse("supervision:dashboard"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_private_note_never_appears_for_anyone(
    client, plan, newcomer, supervisor, mentor, manager
):
    session = held(supervisor, newcomer, plan.start_date + 4 * WEEK)
    late_follow_up(session, newcomer)
    held(mentor, newcomer, plan.start_date + 3 * WEEK, kind=SessionKind.MENTOR_TALK)
    for person in (supervisor, mentor, manager):
        for url in (
            reverse("supervision:dashboard"),
            reverse("supervision:newcomer", args=[newcomer.pk]),
            reverse("core:start"),
        ):
            html = _get(client, person, url).content.decode()
            assert PRIVATE not in html, (person, url)
            assert SUMMARY not in html, (person, url)


@pytest.mark.parametrize("count", [1, 5])
def test_the_dashboard_costs_the_same_for_one_and_five_newcomers(
    client, unit, supervisor, mentor, manager, count, django_assert_num_queries
):
    # The supervisor is also a manager, so both kinds of rows are built.
    from tests.factories import give_role

    give_role(supervisor, Role.MANAGER, unit)
    MfaExemption.objects.create(user=supervisor, reason="Test")  # managers need two-factor
    for _ in range(count):
        person = UserFactory(unit=unit, roles=[Role.NEWCOMER])
        plan = plan_for(person, supervisor=supervisor, mentor=mentor)
        session = held(supervisor, person, plan.start_date + DAY)
        late_follow_up(session, person)
        planned(supervisor, person)
        AbsenceFactory(newcomer=person)
    other = UserFactory(unit=unit, roles=[Role.NEWCOMER])
    plan_for(other)  # managed only
    client.force_login(supervisor)
    client.get(reverse("supervision:dashboard"))
    versions.bump("supervision")  # built afresh:
    # session, user, today's session starts, plans, sessions, follow-ups, 1:1s, absences
    with django_assert_num_queries(9):  # + 1: the version counters, read once per request
        response = client.get(reverse("supervision:dashboard"))
    assert len(response.context["helped"]) == count and len(response.context["managed"]) == 1
    with django_assert_num_queries(3):  # session, user, versions: the cards come from the cache
        client.get(reverse("supervision:dashboard"))


def test_the_cached_dashboard_follows_every_change(client, plan, newcomer, supervisor, manager):
    assert "Inget planerat" in _get(client, supervisor).content.decode()
    coming = planned(supervisor, newcomer)
    html = _get(client, supervisor).content.decode()
    assert f'href="/supervision/sessions/{coming.pk}/"' in html
    late_follow_up(held(supervisor, newcomer, plan.start_date + 4 * WEEK), newcomer, text="Läs")
    assert "Läs</li>" in _get(client, supervisor).content.decode()
    assert "1 försenad" in _get(client, manager).content.decode()
    newcomer.first_name = "Omdöpt"
    newcomer.save()
    assert "Omdöpt" in _get(client, supervisor).content.decode()
    plan.supervisor = None
    plan.save()
    assert "Omdöpt" not in _get(client, supervisor).content.decode()


def test_the_cached_dashboard_follows_the_municipalitys_expectation(
    client, plan, newcomer, supervisor
):
    # Weeks 1, 2 and 4 met, 3 and 5 missed: weekly, 2 missed; every other week, none.
    assert "1:1 i 3 av 5 veckor" in _get(client, supervisor).content.decode()
    municipality = plan.unit.administration.municipality
    municipality.one_to_one_every_weeks = 2
    municipality.save()
    assert "1:1 i 3 av 3 veckor" in _get(client, supervisor).content.decode()


def test_a_next_session_moves_to_the_past_when_the_clock_passes_it(
    client, plan, newcomer, supervisor, monkeypatch
):
    """No write happens when a planned session's time comes, so the cached cards change
    with the clock: the key counts how many of today's session starts have passed."""
    from django.utils import timezone

    from .dash import at

    today = timezone.localdate()
    nine, eleven = at(today, 9), at(today, 11)
    coming = held(supervisor, newcomer, today, status="planned")  # at ten
    monkeypatch.setattr(timezone, "now", lambda: nine)
    link = f'href="/supervision/sessions/{coming.pk}/"'
    assert link in _get(client, supervisor).content.decode()
    assert link in client.get(reverse("supervision:dashboard")).content.decode()  # cached
    monkeypatch.setattr(timezone, "now", lambda: eleven)
    html = client.get(reverse("supervision:dashboard")).content.decode()
    assert link not in html and "Inget planerat" in html


def test_the_quick_log_link_opens_the_session_form_for_the_newcomer(
    client, settings, plan, newcomer, supervisor, manager
):
    session = held(supervisor, newcomer, plan.start_date + 4 * WEEK)
    html = _get(client, supervisor).content.decode()
    assert f'href="/supervision/sessions/new/?newcomer={newcomer.pk}"' in html
    assert "Logga ett tillfälle" in html
    assert f'href="/supervision/sessions/{session.pk}/"' in html
    # A manager who is not the newcomer's helper does not log sessions for them.
    assert "Logga ett tillfälle" not in _get(client, manager).content.decode()


# -- the newcomer page -----------------------------------------------------------------------


def _page(client, person, newcomer):
    return _get(client, person, reverse("supervision:newcomer", args=[newcomer.pk]))


def test_the_newcomer_page_shows_the_weeks_of_the_first_year(client, plan, newcomer, supervisor):
    AbsenceFactory(
        newcomer=newcomer,
        starts_on=plan.start_date + 2 * WEEK,
        ends_on=plan.start_date + 2 * WEEK + 4 * DAY,
    )
    response = _page(client, supervisor, newcomer)
    html = response.content.decode()
    assert response.status_code == 200
    weeks = response.context["row"].compliance.weeks
    assert [w.status for w in weeks[:6]] == ["met", "met", "excused", "met", "missed", "to_come"]
    assert len(weeks) >= 51
    assert "<caption>" in html and '<th scope="row">v. ' in html
    assert "Ingen 1:1" in html and "1:1 hölls" in html and "Frånvaro" in html
    assert "Kommande" in html and 'aria-current="date"' in html
    assert "Markera frånvaro" in html  # the supervisor may mark absences


def test_the_mentor_sees_the_weeks_but_cannot_mark_absences(client, plan, newcomer, mentor):
    response = _page(client, mentor, newcomer)
    assert response.status_code == 200
    assert response.context["row"].compliance.weeks
    assert 'name="starts_on"' not in response.content.decode()
    url = reverse("supervision:newcomer", args=[newcomer.pk])
    data = {"kind": "holiday", "starts_on": plan.start_date, "ends_on": plan.start_date}
    assert client.post(url, data).status_code == 403
    assert not Absence.objects.exists()


def test_the_manager_may_open_the_page_and_mark_absences(client, plan, newcomer, manager):
    response = _page(client, manager, newcomer)
    assert response.status_code == 200 and response.context["view"].can_mark


@pytest.mark.parametrize(
    "who", ["other_supervisor", "other_manager", "hr", "admin_user", "newcomer"]
)
def test_anyone_else_gets_404_on_the_newcomer_page(client, plan, newcomer, who, request, unit):
    if who == "other_supervisor":
        person = UserFactory(unit=unit, roles=[(Role.SUPERVISOR, unit)])
    elif who == "other_manager":
        other_unit = request.getfixturevalue("other_unit")
        person = UserFactory(unit=other_unit, roles=[(Role.MANAGER, other_unit)], mfa_exempt=True)
    else:
        person = request.getfixturevalue(who)
    assert _page(client, person, newcomer).status_code == 404


def test_a_guessed_newcomer_id_gives_404(client, plan, supervisor):
    assert _get(client, supervisor, "/supervision/newcomers/999999/").status_code == 404


def test_marking_an_absence_excuses_the_week(client, plan, newcomer, supervisor):
    missed = plan.start_date + 2 * WEEK
    client.force_login(supervisor)
    url = reverse("supervision:newcomer", args=[newcomer.pk])
    response = client.post(
        url, {"kind": "holiday", "starts_on": missed, "ends_on": missed + 2 * DAY}
    )
    assert response.status_code == 302 and response["Location"].endswith("#absences")
    absence = Absence.objects.get()
    assert (absence.newcomer, absence.created_by) == (newcomer, supervisor)
    response = client.get(url)
    assert response.context["row"].compliance.weeks[2].status == "excused"
    assert "Frånvaron är markerad." in response.content.decode()


def test_bad_input_is_shown_on_the_form_in_swedish(client, plan, newcomer, supervisor):
    client.force_login(supervisor)
    url = reverse("supervision:newcomer", args=[newcomer.pk])
    day = plan.start_date + WEEK
    response = client.post(url, {"kind": "holiday", "starts_on": day, "ends_on": day - DAY})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sista dagen kan inte vara före första dagen." in html
    assert 'aria-invalid="true"' in html
    response = client.post(url, {"kind": "holiday", "starts_on": "", "ends_on": "igår"})
    assert response.status_code == 200
    assert "Det här fältet är obligatoriskt" in response.content.decode()
    assert not Absence.objects.exists()


def test_an_absence_is_removed_from_the_page(client, plan, newcomer, supervisor, mentor):
    absence = AbsenceFactory(newcomer=newcomer, created_by=supervisor)
    url = reverse("supervision:absence_remove", args=[absence.pk])
    client.force_login(mentor)
    assert client.post(url).status_code == 403
    client.force_login(supervisor)
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302
    assert not Absence.objects.exists()
    assert client.post(url).status_code == 404  # already gone


def test_an_absence_of_someone_elses_newcomer_gives_404(client, plan, other_newcomer, supervisor):
    plan_for(other_newcomer)
    absence = AbsenceFactory(newcomer=other_newcomer)
    client.force_login(supervisor)
    response = client.post(reverse("supervision:absence_remove", args=[absence.pk]))
    assert response.status_code == 404
    assert Absence.objects.filter(pk=absence.pk).exists()


def test_late_follow_ups_on_the_newcomer_page(client, plan, newcomer, supervisor, manager):
    session = held(supervisor, newcomer, plan.start_date + 4 * WEEK)
    late_follow_up(session, newcomer, text="Boka tid hos juristen")
    assert "Boka tid hos juristen" in _page(client, supervisor, newcomer).content.decode()
    html = _page(client, manager, newcomer).content.decode()
    assert "1 överenskommelse från samtalen är försenad." in html
    assert "Boka tid hos juristen" not in html


def test_the_newcomer_page_costs_a_fixed_number_of_queries(
    client, plan, newcomer, supervisor, django_assert_num_queries
):
    for n in range(3):
        AbsenceFactory(
            newcomer=newcomer,
            starts_on=plan.start_date + (10 + n) * WEEK,
            ends_on=plan.start_date + (10 + n) * WEEK + DAY,
        )
    client.force_login(supervisor)
    url = reverse("supervision:newcomer", args=[newcomer.pk])
    client.get(url)
    # session, user, plans, sessions, follow-ups, 1:1s, absences (grid), absences (list)
    with django_assert_num_queries(9):  # + 1: the version counters, read once per request
        client.get(url)


def test_the_plan_before_its_first_day(client, newcomer, supervisor):
    plan_for(newcomer, supervisor=supervisor, weeks_ago=-3)
    html = _get(client, supervisor).content.decode()
    assert f"Räknas från första dagen, {first_monday(-3).isoformat()}." in html
