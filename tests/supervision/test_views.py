"""The session log's pages: the quick form, the session page's layers, changing,
cancelling, holding, reflections and follow-ups; refusals are 404 for what the person
may not know of and 403 for what they may see but not do."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lms.core import versions
from lms.plans.models import PlanEvent, PlanItem
from lms.supervision import services
from lms.supervision.models import FollowUp, Session, SessionKind
from tests.markup import assert_whole_second_times

from .conftest import NOTE, SUMMARY

pytestmark = pytest.mark.django_db

CREATE = reverse("supervision:session_create")


def _detail(session):
    return reverse("supervision:session_detail", args=[session.pk])


def _form(newcomer, **values):
    now = timezone.localtime() - datetime.timedelta(hours=1)
    data = {
        "newcomers": [newcomer.pk],
        "status": "held",
        "kind": "one_to_one",
        "date": now.date().isoformat(),
        "time": now.strftime("%H:%M"),
        "duration_minutes": "60",
        "place": "",
        "shared_summary": SUMMARY,
        "private_note": NOTE,
        "fu-TOTAL_FORMS": "3",
        "fu-INITIAL_FORMS": "0",
        "fu-MIN_NUM_FORMS": "0",
        "fu-MAX_NUM_FORMS": "3",
        "fu-0-text": "Läs delegationsordningen",
        "fu-0-due_date": (timezone.localdate() + datetime.timedelta(days=7)).isoformat(),
        "fu-0-responsible": "newcomer",
        "fu-1-responsible": "newcomer",
        "fu-2-responsible": "newcomer",
    }
    data.update(values)
    return data


# -- the quick form -------------------------------------------------------------------------


def test_the_form_proposes_the_newcomer_now_an_hour_and_the_kind(client, supervisor, plan):
    client.force_login(supervisor)
    response = client.get(f"{CREATE}?newcomer={plan.newcomer_id}")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["newcomers"] == [plan.newcomer_id]
    assert form.initial["kind"] == SessionKind.ONE_TO_ONE
    assert form.initial["status"] == Session.Status.HELD
    assert form.initial["duration_minutes"] == 60
    assert form.initial["date"] == timezone.localdate()
    html = response.content.decode()
    assert 'name="private_note"' in html
    assert "Bara du ser den." in html


def test_the_mentor_gets_mentor_kinds_only(client, mentor, plan):
    client.force_login(mentor)
    response = client.get(f"{CREATE}?newcomer={plan.newcomer_id}")
    form = response.context["form"]
    assert form.initial["kind"] == SessionKind.MENTOR_TALK
    assert [k for k, _label in form.fields["kind"].choices] == ["mentor_talk", "shadowing"]


def test_a_session_is_logged_from_the_form(client, supervisor, newcomer, plan):
    client.force_login(supervisor)
    response = client.post(CREATE, _form(newcomer))
    session = Session.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _detail(session)
    assert (session.author, session.shared_summary, session.private_note) == (
        supervisor,
        SUMMARY,
        NOTE,
    )
    assert session.follow_ups.get().text == "Läs delegationsordningen"


def test_bad_input_shows_the_services_swedish_messages_by_field(client, supervisor, newcomer, plan):
    client.force_login(supervisor)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(CREATE, _form(newcomer, duration_minutes="0", date=tomorrow.isoformat()))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["duration_minutes"] == ["Längden måste vara minst 1 minut."]
    assert form.errors["date"][0].startswith("Ett genomfört tillfälle kan inte ligga i framtiden.")
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert not Session.objects.exists()
    response = client.post(CREATE, _form(newcomer, duration_minutes="721"))
    assert response.context["form"].errors["duration_minutes"] == [
        "Ett tillfälle kan vara högst 12 timmar (720 minuter)."
    ]


def test_follow_up_errors_are_shown_by_the_follow_ups(
    client, supervisor, newcomer, newcomer2, plan, plan2
):
    client.force_login(supervisor)
    response = client.post(
        CREATE, _form(newcomer, kind="group", newcomers=[newcomer.pk, newcomer2.pk])
    )
    assert response.status_code == 200
    assert response.context["follow_up_errors"] == [
        "Välj vilken av de nyanställda ”Läs delegationsordningen” gäller."
    ]
    assert not Session.objects.exists()


def test_a_forged_newcomer_is_refused(client, supervisor, other_newcomer, plan):
    client.force_login(supervisor)
    response = client.post(CREATE, _form(other_newcomer))
    assert response.status_code == 200
    assert "newcomers" in response.context["form"].errors
    assert not Session.objects.exists()


@pytest.mark.parametrize("who", ["newcomer", "hr", "coordinator"])
def test_people_who_help_no_one_cannot_open_the_form(client, request, who, plan):
    client.force_login(request.getfixturevalue(who))
    assert client.get(CREATE).status_code == 403


def test_a_helper_without_newcomers_is_told_so(client, stranger):
    client.force_login(stranger)
    response = client.get(CREATE)
    assert response.status_code == 200
    assert "ingen att logga ett tillfälle med" in response.content.decode()


# -- the session page ------------------------------------------------------------------------


def test_the_author_sees_the_note_on_the_session_page(client, log, supervisor):
    session = log()
    client.force_login(supervisor)
    html = client.get(_detail(session)).content.decode()
    assert NOTE in html
    assert SUMMARY in html


def test_the_newcomer_sees_the_summary_and_not_the_note(client, log, newcomer):
    session = log(follow_ups=[services.FollowUpInput(text="Boka hembesök")])
    client.force_login(newcomer)
    response = client.get(_detail(session))
    html = response.content.decode()
    assert SUMMARY in html
    assert "Boka hembesök" in html
    assert NOTE not in html
    assert "Privat anteckning" not in html
    assert response.context["can_reflect"]


def test_the_manager_sees_that_it_happened_only(client, log, manager):
    session = log(follow_ups=[services.FollowUpInput(text="Boka hembesök")])
    client.force_login(manager)
    response = client.get(_detail(session))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Individuell handledning (1:1)" in html
    for secret in (NOTE, SUMMARY, "Boka hembesök"):
        assert secret not in html


@pytest.mark.parametrize("who", ["hr", "admin_user", "stranger", "mentor", "other_newcomer"])
def test_everyone_else_gets_404(client, log, request, who):
    session = log()
    client.force_login(request.getfixturevalue(who))
    for name in ("session_detail", "session_edit", "session_cancel", "session_reflection"):
        assert client.get(reverse(f"supervision:{name}", args=[session.pk])).status_code == 404


def test_a_guessed_id_gives_404(client, supervisor, log):
    session = log()
    client.force_login(supervisor)
    assert (
        client.get(reverse("supervision:session_detail", args=[session.pk + 99])).status_code == 404
    )


def test_the_session_page_costs_a_fixed_number_of_queries(client, log, supervisor, item):
    session = log(
        topics=[item], follow_ups=[services.FollowUpInput(text=f"Sak {n}") for n in range(2)]
    )
    client.force_login(supervisor)
    client.get(_detail(session))
    with CaptureQueriesContext(connection) as few:
        client.get(_detail(session))
    for n in range(6):
        services.follow_up_add(
            session=session, by=supervisor, follow_up=services.FollowUpInput(text=f"Mer {n}")
        )
    with CaptureQueriesContext(connection) as many:
        client.get(_detail(session))
    assert len(many.captured_queries) == len(few.captured_queries)


# -- changing, cancelling, holding -------------------------------------------------------


def test_the_author_changes_a_session(client, log, supervisor, newcomer):
    session = log()
    client.force_login(supervisor)
    url = reverse("supervision:session_edit", args=[session.pk])
    form = client.get(url).context["form"]
    assert form.initial["private_note"] == NOTE
    data = _form(newcomer, place="Rum 4", revision=str(session.revision))
    response = client.post(url, data)
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.place == "Rum 4"
    # The same form again is stale.
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Någon har ändrat tillfället" in response.content.decode()


@pytest.mark.parametrize("who", ["newcomer", "manager"])
def test_others_who_see_it_may_not_change_it(client, log, request, who):
    session = log()
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("supervision:session_edit", args=[session.pk])).status_code == 403
    assert client.post(reverse("supervision:session_cancel", args=[session.pk])).status_code == 403
    assert client.post(reverse("supervision:session_held", args=[session.pk])).status_code == 403


def test_a_planned_session_is_cancelled_after_asking(client, log, supervisor):
    session = log(
        status="planned", starts_at=timezone.now() + datetime.timedelta(days=2), private_note=""
    )
    client.force_login(supervisor)
    url = reverse("supervision:session_cancel", args=[session.pk])
    assert "ställs in" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.status == Session.Status.CANCELLED
    edit = client.get(reverse("supervision:session_edit", args=[session.pk]))
    assert edit.status_code == 302


def test_a_held_session_cannot_be_cancelled_on_the_page(client, log, supervisor):
    session = log()
    client.force_login(supervisor)
    response = client.post(reverse("supervision:session_cancel", args=[session.pk]))
    assert "Bara ett planerat tillfälle kan ställas in." in response.content.decode()


def test_marking_held_too_early_says_why(client, log, supervisor):
    session = log(status="planned", starts_at=timezone.now() + datetime.timedelta(days=2))
    client.force_login(supervisor)
    response = client.post(reverse("supervision:session_held", args=[session.pk]), follow=True)
    assert "Tillfället har inte börjat än." in response.content.decode()


# -- reflections and follow-ups ------------------------------------------------------------


def test_the_newcomer_writes_a_reflection_and_returns_to_the_plan(client, log, newcomer):
    session = log()
    client.force_login(newcomer)
    url = reverse("supervision:session_reflection", args=[session.pk])
    assert client.get(url + "?next=/plans/mine/").status_code == 200
    response = client.post(url, {"reflection": "Jag tar med mig lugnet.", "next": "/plans/mine/"})
    assert response["Location"] == "/plans/mine/"
    assert session.attendees.get().reflection == "Jag tar med mig lugnet."
    # Somewhere else is not followed.
    response = client.post(url, {"reflection": "Igen", "next": "https://evil.example/"})
    assert response["Location"] == _detail(session)


def test_the_author_does_not_write_the_newcomers_reflection(client, log, supervisor):
    session = log()
    client.force_login(supervisor)
    assert (
        client.get(reverse("supervision:session_reflection", args=[session.pk])).status_code == 403
    )


def test_follow_up_actions(client, log, newcomer, supervisor, plan, manager):
    session = log(
        follow_ups=[
            services.FollowUpInput(
                text="Läs riktlinjen", due_date=timezone.localdate() + datetime.timedelta(days=5)
            )
        ]
    )
    follow_up = session.follow_ups.get()
    done = reverse("supervision:follow_up_done", args=[follow_up.pk])
    to_plan = reverse("supervision:follow_up_plan_item", args=[follow_up.pk])
    client.force_login(manager)
    assert client.post(done).status_code == 404  # managers do not read follow-ups
    client.force_login(newcomer)
    assert client.post(to_plan).status_code == 403
    response = client.post(done, {"next": "/plans/mine/"})
    assert response["Location"] == "/plans/mine/"
    follow_up.refresh_from_db()
    assert follow_up.done_at is not None
    client.post(done, {"undo": "1"})
    follow_up.refresh_from_db()
    assert follow_up.done_at is None
    client.force_login(supervisor)
    response = client.post(to_plan, follow=True)
    assert "är nu en punkt i planen" in response.content.decode()
    assert PlanItem.objects.get(plan=plan).title == "Läs riktlinjen"
    client.post(to_plan)
    assert PlanItem.objects.filter(plan=plan).count() == 1


def test_a_follow_up_is_added_on_the_session_page(client, log, supervisor):
    session = log()
    client.force_login(supervisor)
    url = reverse("supervision:follow_up_add", args=[session.pk])
    response = client.post(url, {"new-text": "Boka hembesök", "new-responsible": "mentor"})
    assert response.status_code == 302
    assert FollowUp.objects.get().responsible == "mentor"
    response = client.post(url, {"new-text": "", "new-responsible": "mentor"}, follow=True)
    assert "Skriv vad ni kom överens om." in response.content.decode()


# -- the log -------------------------------------------------------------------------------


def _log_many(log, n):
    for day in range(n):
        log(starts_at=timezone.now() - datetime.timedelta(days=day + 1))


@pytest.mark.parametrize("who", ["supervisor", "newcomer", "manager"])
def test_the_log_page_has_pinned_queries(client, log, request, who, django_assert_num_queries):
    person = request.getfixturevalue(who)
    _log_many(log, 3)
    client.force_login(person)
    url = reverse("supervision:session_list")
    client.get(url)
    # session, user: the list comes from the cache; and the version counters, read once per request
    with django_assert_num_queries(3):
        client.get(url)
    versions.bump("supervision")  # built afresh:
    # session, user, count, rows, participants (roles are cached under the people version)
    with django_assert_num_queries(6):  # + 1: the version counters, read once per request
        response = client.get(url)
    assert len(response.context["sessions"]) == 3
    _log_many(log, 10)  # logging bumps the version
    with django_assert_num_queries(6):  # + 1: the version counters, read once per request
        response = client.get(url)
    assert len(response.context["sessions"]) == 13
    html = response.content.decode()
    assert NOTE not in html
    assert SUMMARY not in html


def test_the_cached_log_follows_changes_pages_and_people(
    client, log, supervisor, newcomer, newcomer2, plan2, django_assert_num_queries
):
    _log_many(log, 26)  # two pages of 25
    url = reverse("supervision:session_list")
    client.force_login(supervisor)
    first = client.get(url).content.decode()
    second = client.get(url + "?page=2").content.decode()
    assert "Sida 1 av 2" in first and 'rel="next" href="?page=2"' in first
    assert "Sida 2 av 2" in second and 'rel="prev" href="?page=1"' in second
    assert client.get(url + "?page=x").content.decode().count("Sida 1 av 2") == 1
    # A change shows at once: a new session, a cancelled one.
    newest = log(
        newcomers=[newcomer2],
        status=Session.Status.PLANNED,
        starts_at=timezone.now() + datetime.timedelta(days=1),
    )
    html = client.get(url).content.decode()
    assert f"/supervision/sessions/{newest.pk}/" in html and "status-planned" in html
    services.session_cancel(session=newest, by=supervisor)
    assert "status-cancelled" in client.get(url).content.decode()
    # Narrowed to one person, cached too, and not mixed up with the whole log.
    narrowed = url + f"?newcomer={newcomer2.pk}"
    html = client.get(narrowed).content.decode()
    assert f"Tillfällen med {newcomer2}." in html and "Sida 1 av" not in html
    with django_assert_num_queries(3):  # + 1: the version counters, read once per request
        client.get(narrowed)
    assert "Sida 1 av 2" in client.get(url).content.decode()


def test_the_log_shows_what_each_may_know(client, log, supervisor, newcomer, manager, hr):
    session = log()
    url = reverse("supervision:session_list")
    for person in (supervisor, newcomer, manager):
        client.force_login(person)
        assert [s.pk for s in client.get(url).context["sessions"]] == [session.pk]
    client.force_login(hr)
    response = client.get(url)
    assert list(response.context["sessions"]) == []
    assert "Inga tillfällen att visa." in response.content.decode()


def test_the_log_narrows_to_one_newcomer(client, log, supervisor, newcomer, newcomer2, plan2):
    mine = log()
    log(newcomers=[newcomer2])
    client.force_login(supervisor)
    response = client.get(reverse("supervision:session_list") + f"?newcomer={newcomer.pk}")
    assert [s.pk for s in response.context["sessions"]] == [mine.pk]


def test_the_log_and_the_plan_page_give_machine_times_in_whole_seconds(
    client, log, supervisor, manager, plan
):
    starts_at = timezone.now().replace(microsecond=123456) - datetime.timedelta(hours=1)
    log(starts_at=starts_at)
    log(status="planned", starts_at=starts_at + datetime.timedelta(days=2))
    PlanEvent.objects.create(plan=plan, kind=PlanEvent.Kind.CREATED, actor=manager)  # now
    client.force_login(supervisor)
    listed = client.get(reverse("supervision:session_list")).content.decode()
    assert len(assert_whole_second_times(listed)) == 2
    # The manager's plan page lists the sessions by date and the plan's history.
    client.force_login(manager)
    on_plan = client.get(reverse("plans:plan_detail", args=[plan.pk])).content.decode()
    assert len(assert_whole_second_times(on_plan)) == 3


def test_a_guessed_newcomer_id_reveals_no_name(client, log, stranger, newcomer):
    log()
    client.force_login(stranger)
    response = client.get(reverse("supervision:session_list") + f"?newcomer={newcomer.pk}")
    assert response.context["newcomer"] is None
    assert str(newcomer) not in response.content.decode()
