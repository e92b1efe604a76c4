import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from lms.accounts.models import Role
from lms.core import versions
from lms.programme import services
from lms.programme.caching import PROGRAMME
from lms.programme.models import (
    Attendance,
    CourseSession,
    Enrolment,
    Evaluation,
    ModuleCompletion,
    SessionDay,
)
from tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db
S = Enrolment.Status


def url(name, *args):
    return reverse(f"programme:{name}", args=args)


def _html(response) -> str:
    return response.content.decode()


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


# -- permissions ----------------------------------------------------------------------

COORDINATOR_PAGES = [
    ("session_list", False),
    ("session_create", False),
    ("session_edit", True),
    ("session_copy", True),
    ("session_capacity", True),
    ("session_attendance", True),
    ("session_evaluations", True),
    ("participants_csv", True),
    ("attendance_pdf", True),
]


@pytest.mark.parametrize(("name", "needs_session"), COORDINATOR_PAGES)
@pytest.mark.parametrize("who", ["newcomer", "manager"])
def test_coordinator_pages_are_refused_to_others(
    client, request, make_session, name, needs_session, who
):
    session = make_session()
    client.force_login(request.getfixturevalue(who))
    response = client.get(url(name, session.pk) if needs_session else url(name))
    assert response.status_code == 403


@pytest.mark.parametrize(("name", "needs_session"), COORDINATOR_PAGES)
def test_coordinator_pages_open_for_a_coordinator(
    client, coordinator, make_session, name, needs_session
):
    session = make_session()
    client.force_login(coordinator)
    response = client.get(url(name, session.pk) if needs_session else url(name))
    assert response.status_code == 200


@pytest.mark.parametrize("name", ["session_publish", "session_cancel"])
def test_a_newcomer_cannot_publish_or_cancel(client, newcomer, make_session, name):
    session = make_session(publish=False)
    client.force_login(newcomer)
    assert client.post(url(name, session.pk)).status_code == 403
    session.refresh_from_db()
    assert session.status == CourseSession.Status.DRAFT


@pytest.mark.parametrize("who", ["newcomer", "manager"])
def test_a_guessed_draft_id_gives_404(client, request, make_session, who):
    draft = make_session(publish=False)
    client.force_login(request.getfixturevalue(who))
    assert client.get(url("session_detail", draft.pk)).status_code == 404
    assert client.post(url("enrolment_request", draft.pk)).status_code == 404


def test_anonymous_visitors_are_sent_to_login(client, make_session):
    response = client.get(url("courses"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


# -- coordinator: list, create, copy, publish, cancel, capacity --------------------------


def test_session_list_shows_week_numbers_fill_rate_and_waitlist(
    client, coordinator, manager, unit, make_session
):
    session = make_session(capacity=1, place="Stadshuset")
    for _ in range(2):
        person = UserFactory(unit=unit, roles=[Role.NEWCOMER])
        services.enrolment_nominate(session=session, person=person, by=manager)
    client.force_login(coordinator)
    html = _html(client.get(url("session_list")))
    week = session.first_day_cache.isocalendar().week
    assert f"v. {week}" in html
    assert "1 / 1" in html
    assert "Stadshuset" in html


def test_session_list_costs_the_same_for_3_and_30_sessions(
    client, coordinator, make_session, django_assert_num_queries
):
    client.force_login(coordinator)
    for i in range(3):
        make_session(in_days=10 + i)
    client.get(url("session_list"))  # warm the role-policy cache
    versions.bump(PROGRAMME)
    with CaptureQueriesContext(connection) as few:
        client.get(url("session_list"))
    few_count = len(few.captured_queries)
    for i in range(27):
        make_session(in_days=20 + i)
    with django_assert_num_queries(few_count):  # built afresh: the same queries as for 3
        response = client.get(url("session_list"))
    assert len(response.context["sessions"]) == 30
    assert few_count <= 8
    # session, user, the version counters (once per request): rows cached until a change
    with django_assert_num_queries(3):
        client.get(url("session_list"))


def _day_fields(n, date, start="09:00", end="16:00"):
    return {f"day{n}_date": date.isoformat(), f"day{n}_start": start, f"day{n}_end": end}


def test_coordinator_creates_a_two_day_draft(client, coordinator, module):
    first = timezone.localdate() + datetime.timedelta(days=30)
    data = {
        "module": module.pk,
        "capacity": 20,
        "place": "Stadshuset",
        **_day_fields(1, first),
        **_day_fields(2, first + datetime.timedelta(days=1), "09:00", "12:00"),
    }
    client.force_login(coordinator)
    response = client.post(url("session_create"), data)
    session = CourseSession.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("session_detail", session.pk)
    assert session.status == CourseSession.Status.DRAFT
    assert session.days.count() == 2


def test_create_with_publish_ticked_publishes(client, coordinator, module):
    first = timezone.localdate() + datetime.timedelta(days=30)
    client.force_login(coordinator)
    client.post(
        url("session_create"),
        {"module": module.pk, "capacity": 5, "publish": "on", **_day_fields(1, first)},
    )
    assert CourseSession.objects.get().status == CourseSession.Status.PUBLISHED


def test_an_end_before_the_start_is_shown_in_swedish(client, coordinator, module):
    first = datetime.date(2027, 1, 12)
    client.force_login(coordinator)
    response = client.post(
        url("session_create"),
        {"module": module.pk, "capacity": 5, **_day_fields(1, first, "16:00", "09:00")},
    )
    assert response.status_code == 200
    assert "2027-01-12: sluttiden måste vara efter starttiden." in _html(response)
    assert not CourseSession.objects.exists()


def test_a_half_filled_day_row_is_refused(client, coordinator, module):
    first = timezone.localdate() + datetime.timedelta(days=30)
    client.force_login(coordinator)
    response = client.post(
        url("session_create"),
        {"module": module.pk, "capacity": 5, **_day_fields(1, first), "day2_start": "09:00"},
    )
    assert "Fyll i datum, starttid och sluttid för dag 2" in _html(response)
    assert not CourseSession.objects.exists()


def test_a_deadline_after_the_first_day_is_refused_on_its_field(client, coordinator, module):
    first = timezone.localdate() + datetime.timedelta(days=30)
    client.force_login(coordinator)
    response = client.post(
        url("session_create"),
        {
            "module": module.pk,
            "capacity": 5,
            "booking_deadline": (first + datetime.timedelta(days=1)).isoformat(),
            **_day_fields(1, first),
        },
    )
    assert response.context["form"].errors["booking_deadline"] == [
        "Sista anmälningsdag kan inte vara efter första kursdagen."
    ]


def test_edit_form_shows_the_current_days_and_saves_a_change(client, coordinator, make_session):
    session = make_session(n_days=2, place="Stadshuset")
    first, second = session.days.all()
    client.force_login(coordinator)
    page = _html(client.get(url("session_edit", session.pk)))
    assert f'value="{first.date.isoformat()}"' in page and 'value="Stadshuset"' in page
    response = client.post(
        url("session_edit", session.pk),
        {
            "place": "Sal Älven",
            **_day_fields(1, first.date, "08:30", "12:00"),
            **_day_fields(2, second.date),
        },
    )
    assert response["Location"] == url("session_detail", session.pk)
    session.refresh_from_db()
    assert session.place == "Sal Älven"
    assert session.days.first().start == datetime.time(8, 30)


def test_edit_refuses_bad_input_in_swedish_and_keeps_the_days(client, coordinator, make_session):
    session = make_session(n_days=1)
    day = session.days.get()
    client.force_login(coordinator)
    response = client.post(
        url("session_edit", session.pk), {**_day_fields(1, day.date, "16:00", "09:00")}
    )
    assert response.status_code == 200
    assert "sluttiden måste vara efter starttiden" in _html(response)
    assert session.days.get().start == day.start


def test_a_cancelled_session_has_no_edit_form(client, coordinator, make_session):
    session = make_session()
    services.session_cancel(session=session, by=coordinator)
    client.force_login(coordinator)
    response = client.get(url("session_edit", session.pk), follow=True)
    assert "Ett inställt kurstillfälle kan inte ändras." in _messages(response)


def test_copy_moves_every_day_to_the_new_first_date(client, coordinator, make_session):
    session = make_session(n_days=2)
    new_first = session.first_day_cache + datetime.timedelta(days=91)
    client.force_login(coordinator)
    response = client.post(url("session_copy", session.pk), {"first_date": new_first.isoformat()})
    copy = CourseSession.objects.exclude(pk=session.pk).get()
    assert response["Location"] == url("session_detail", copy.pk)
    assert [d.date for d in copy.days.all()] == [
        new_first,
        new_first + datetime.timedelta(days=1),
    ]
    assert copy.status == CourseSession.Status.DRAFT


def test_publish_and_cancel(client, coordinator, make_session):
    session = make_session(publish=False)
    client.force_login(coordinator)
    client.post(url("session_publish", session.pk))
    session.refresh_from_db()
    assert session.status == CourseSession.Status.PUBLISHED
    client.post(url("session_cancel", session.pk))
    session.refresh_from_db()
    assert session.status == CourseSession.Status.CANCELLED


def test_cancel_asks_first(client, coordinator, make_session):
    session = make_session()
    client.force_login(coordinator)
    assert client.get(url("session_cancel", session.pk)).status_code == 200
    session.refresh_from_db()
    assert session.status == CourseSession.Status.PUBLISHED


def test_capacity_below_the_admitted_is_refused_in_swedish(
    client, coordinator, manager, unit, make_session
):
    session = make_session(capacity=3)
    for _ in range(2):
        person = UserFactory(unit=unit, roles=[Role.NEWCOMER])
        services.enrolment_nominate(session=session, person=person, by=manager)
    client.force_login(coordinator)
    response = client.post(url("session_capacity", session.pk), {"capacity": 1})
    assert response.status_code == 200
    assert "2 personer är redan antagna." in _html(response)
    session.refresh_from_db()
    assert session.capacity == 3


def test_more_capacity_admits_from_the_waitlist(client, coordinator, manager, unit, make_session):
    session = make_session(capacity=1)
    people = [UserFactory(unit=unit, roles=[Role.NEWCOMER]) for _ in range(2)]
    for person in people:
        services.enrolment_nominate(session=session, person=person, by=manager)
    client.force_login(coordinator)
    response = client.post(url("session_capacity", session.pk), {"capacity": 2})
    assert response.status_code == 302
    assert session.enrolments.filter(status=S.ADMITTED).count() == 2


# -- coordinator: detail, participants, attendance, evaluations ---------------------------


def test_detail_lists_participants_with_unit_and_manager_and_the_waitlist_in_order(
    client, coordinator, manager, unit, make_session
):
    session = make_session(capacity=1)
    first = UserFactory(first_name="Åsa", last_name="Öberg", unit=unit, roles=[Role.NEWCOMER])
    second = UserFactory(first_name="Bo", last_name="Ek", unit=unit, roles=[Role.NEWCOMER])
    third = UserFactory(first_name="Cia", last_name="Al", unit=unit, roles=[Role.NEWCOMER])
    for person in (first, second, third):
        services.enrolment_nominate(session=session, person=person, by=manager)
    client.force_login(coordinator)
    response = client.get(url("session_detail", session.pk))
    html = _html(response)
    assert [e.person for e in response.context["participants"]] == [first]
    assert [e.person for e in response.context["waitlist"]] == [second, third]
    assert "Åsa Öberg" in html
    assert "Barn och unga Norr" in html
    assert str(manager) in html


def test_participant_detail_costs_the_same_for_3_and_30_participants(
    client, coordinator, make_session, django_assert_num_queries
):
    session = make_session(capacity=100)

    def book(n):
        for _ in range(n):
            unit = UnitFactory()
            UserFactory(roles=[(Role.MANAGER, unit)])
            person = UserFactory(unit=unit, roles=[Role.NEWCOMER])
            services.enrolment_nominate(session=session, person=person, by=coordinator)

    client.force_login(coordinator)
    book(3)
    client.get(url("session_detail", session.pk))
    with CaptureQueriesContext(connection) as few:
        client.get(url("session_detail", session.pk))
    few_count = len(few.captured_queries)  # read now: the next request empties the log
    book(27)
    client.get(url("session_detail", session.pk))  # new people: the role cache refills once
    with django_assert_num_queries(few_count):
        response = client.get(url("session_detail", session.pk))
    assert len(response.context["participants"]) == 30


def test_attendance_sheet_marks_each_day_and_records_completion(
    client, coordinator, manager, newcomer, make_session
):
    session = make_session(in_days=-2, n_days=2)
    enrolment = services.enrolment_nominate(session=session, person=newcomer, by=manager)
    days = list(session.days.all())
    client.force_login(coordinator)
    page = client.get(url("session_attendance", session.pk))
    assert f'name="a-{enrolment.pk}-{days[0].pk}"' in _html(page)
    response = client.post(
        url("session_attendance", session.pk),
        {f"a-{enrolment.pk}-{d.pk}": Attendance.Status.PRESENT for d in days},
        follow=True,
    )
    assert Attendance.objects.filter(enrolment=enrolment).count() == 2
    assert ModuleCompletion.objects.filter(person=newcomer, module=session.module).exists()
    assert "Närvaron är sparad. 1 genomförd modul registrerad, 0 återtagna." in _html(response)
    assert "Genomförd" in _html(response)


def _sheet(make_session, manager, people, n_days=2):
    session = make_session(in_days=-3, n_days=n_days, capacity=len(people) + 1)
    enrolments = [
        services.enrolment_nominate(session=session, person=p, by=manager) for p in people
    ]
    return session, enrolments, list(session.days.all())


def _all(enrolments, days, status):
    return {f"a-{e.pk}-{d.pk}": status for e in enrolments for d in days}


def test_a_day_corrected_to_absent_takes_the_module_back_on_the_sheet(
    client, coordinator, manager, newcomer, make_session
):
    session, (enrolment,), days = _sheet(make_session, manager, [newcomer])
    client.force_login(coordinator)
    client.post(url("session_attendance", session.pk), _all([enrolment], days, "present"))
    response = client.post(
        url("session_attendance", session.pk),
        {**_all([enrolment], days, "present"), f"a-{enrolment.pk}-{days[0].pk}": "absent"},
        follow=True,
    )
    html = _html(response)
    assert "Närvaron är sparad. 0 genomförda moduler registrerade, 1 återtagen." in html
    assert not ModuleCompletion.objects.exists()
    assert "<strong>Genomförd</strong>" not in html and "Inte klar" in html
    response = client.post(
        url("session_attendance", session.pk), _all([enrolment], days, "present"), follow=True
    )
    assert "1 genomförd modul registrerad, 0 återtagna." in _html(response)
    assert "<strong>Genomförd</strong>" in _html(response)


def test_a_partly_day_counts_on_the_sheet_only_when_ticked_enough(
    client, coordinator, manager, newcomer, make_session
):
    session, (enrolment,), days = _sheet(make_session, manager, [newcomer])
    client.force_login(coordinator)
    data = {**_all([enrolment], days, "present"), f"a-{enrolment.pk}-{days[1].pk}": "partly"}
    client.post(url("session_attendance", session.pk), data)
    assert not ModuleCompletion.objects.exists()
    enough = f"e-{enrolment.pk}-{days[1].pk}"
    response = client.post(url("session_attendance", session.pk), {**data, enough: "on"})
    assert ModuleCompletion.objects.filter(person=newcomer, session=session).exists()
    page = _html(client.get(url("session_attendance", session.pk)))
    assert f'name="{enough}" id="id_{enough}" checked' in page
    assert f'<label for="id_{enough}">räcker för modulen' in page
    assert response.status_code == 302


def test_the_sheet_says_where_a_completion_from_elsewhere_came_from(
    client, coordinator, manager, newcomer, make_session
):
    session, (enrolment,), days = _sheet(make_session, manager, [newcomer])
    ModuleCompletion.objects.create(
        person=newcomer, module=session.module, completed_on=datetime.date(2026, 2, 3)
    )
    client.force_login(coordinator)
    response = client.post(
        url("session_attendance", session.pk), _all([enrolment], days, "absent"), follow=True
    )
    assert "0 genomförda moduler registrerade, 0 återtagna." in _html(response)
    assert "registrerad för hand" in _html(response)
    assert ModuleCompletion.objects.exists()


@pytest.mark.parametrize("who", ["manager", "newcomer"])
def test_only_coordinators_may_correct_attendance(
    client, request, coordinator, manager, newcomer, make_session, who
):
    session, (enrolment,), days = _sheet(make_session, manager, [newcomer])
    services.attendance_save(
        marks=[services.AttendanceMark(enrolment, d, "present") for d in days], by=coordinator
    )
    client.force_login(request.getfixturevalue(who))
    response = client.post(
        url("session_attendance", session.pk), _all([enrolment], days[:1], "absent")
    )
    assert response.status_code == 403
    assert ModuleCompletion.objects.filter(person=newcomer).exists()


def test_the_attendance_sheet_reads_the_same_queries_for_three_or_twelve(
    client, coordinator, manager, unit, make_session, django_assert_num_queries
):
    people = [UserFactory(unit=unit, roles=[Role.NEWCOMER]) for _ in range(12)]
    session, enrolments, days = _sheet(make_session, manager, people)
    client.force_login(coordinator)
    # Some done here, one by hand: every kind of "Modulen" cell is on the page.
    services.attendance_save(
        marks=[services.AttendanceMark(e, d, "present") for e in enrolments[:4] for d in days],
        by=coordinator,
    )
    ModuleCompletion.objects.create(
        person=people[5], module=session.module, completed_on=datetime.date(2026, 2, 3)
    )
    Enrolment.objects.filter(pk__in=[e.pk for e in enrolments[3:]]).update(status=S.CANCELLED)
    client.get(url("session_attendance", session.pk))
    with CaptureQueriesContext(connection) as few:
        client.get(url("session_attendance", session.pk))
    few_count = len(few.captured_queries)
    Enrolment.objects.filter(pk__in=[e.pk for e in enrolments[3:]]).update(status=S.ADMITTED)
    client.get(url("session_attendance", session.pk))
    with django_assert_num_queries(few_count):
        response = client.get(url("session_attendance", session.pk))
    assert len(response.context["rows"]) == 12
    # session, user, roles, session, days, people, marks, completions, the version counters
    assert few_count == 9


def test_attendance_for_a_future_day_is_refused_in_swedish(
    client, coordinator, manager, newcomer, make_session
):
    session = make_session(in_days=5, n_days=1)
    enrolment = services.enrolment_nominate(session=session, person=newcomer, by=manager)
    day = session.days.get()
    client.force_login(coordinator)
    response = client.post(
        url("session_attendance", session.pk), {f"a-{enrolment.pk}-{day.pk}": "present"}
    )
    assert "Närvaro kan inte registreras för en dag som inte har varit." in _html(response)
    assert not Attendance.objects.exists()


def test_evaluation_results_show_average_and_comments_without_names(
    client, coordinator, manager, unit, make_session
):
    session = make_session(in_days=-1, n_days=1)
    for rating, comment in ((5, "Mycket lärorikt"), (4, "")):
        person = UserFactory(first_name="Hemlig", unit=unit, roles=[Role.NEWCOMER])
        enrolment = services.enrolment_nominate(session=session, person=person, by=manager)
        services.evaluation_submit(enrolment=enrolment, by=person, rating=rating, comment=comment)
    client.force_login(coordinator)
    html = _html(client.get(url("session_evaluations", session.pk)))
    assert "4,5 av 5" in html or "4.5 av 5" in html
    assert "Mycket lärorikt" in html
    assert "Hemlig" not in html


# -- exports ------------------------------------------------------------------------------


def test_participant_csv_has_a_bom_semicolons_and_swedish_letters(
    client, coordinator, manager, unit, make_session
):
    session = make_session()
    person = UserFactory(
        first_name="Åsa",
        last_name="Öberg",
        email="asa@example.test",
        unit=unit,
        roles=[Role.NEWCOMER],
    )
    services.enrolment_nominate(session=session, person=person, by=manager)
    client.force_login(coordinator)
    response = client.get(url("participants_csv", session.pk))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")
    lines = body.decode("utf-8-sig").splitlines()
    assert lines[0] == "Namn;E-post;Enhet;Chef;Status"
    assert lines[1] == f"Åsa Öberg;asa@example.test;Barn och unga Norr;{manager};Antagen"


def test_attendance_pdf_lists_admitted_people_with_swedish_names(
    client, coordinator, manager, unit, make_session
):
    session = make_session()
    person = UserFactory(first_name="Åsa", last_name="Öberg", unit=unit, roles=[Role.NEWCOMER])
    services.enrolment_nominate(session=session, person=person, by=manager)
    client.force_login(coordinator)
    response = client.get(url("attendance_pdf", session.pk))
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Åsa Öberg" in text
    assert session.module.title in text
    assert "Testkommun" in text
    assert f"v. {session.first_day_cache.isocalendar().week}" in text


# -- managers: booking ---------------------------------------------------------------------


def test_manager_sees_the_booking_form_with_own_newcomers_only(
    client, manager, newcomer, other_newcomer, make_session
):
    session = make_session()
    client.force_login(manager)
    response = client.get(url("session_detail", session.pk))
    html = _html(response)
    assert "Anmäl nyanställd" in html
    assert str(newcomer) in html
    assert str(other_newcomer) not in html
    assert "participants" not in response.context


def test_manager_books_own_newcomer(client, manager, newcomer, make_session):
    session = make_session()
    client.force_login(manager)
    response = client.post(
        url("enrolment_nominate", session.pk), {"person": newcomer.pk}, follow=True
    )
    enrolment = Enrolment.objects.get()
    assert (enrolment.person, enrolment.status, enrolment.nominated_by) == (
        newcomer,
        S.ADMITTED,
        manager,
    )
    assert f"{newcomer} är anmäld: antagen." in _messages(response)


def test_manager_cannot_book_another_units_newcomer(client, manager, other_newcomer, make_session):
    session = make_session()
    client.force_login(manager)
    response = client.post(url("enrolment_nominate", session.pk), {"person": other_newcomer.pk})
    assert response.status_code == 400
    assert "Välj ett giltigt alternativ" in _html(response)
    assert not Enrolment.objects.exists()


def test_booking_after_the_deadline_is_refused_in_swedish(client, manager, newcomer, make_session):
    session = make_session(deadline_in=-1)
    client.force_login(manager)
    response = client.post(url("enrolment_nominate", session.pk), {"person": newcomer.pk})
    assert response.status_code == 400
    deadline = session.booking_deadline.isoformat()
    assert f"Sista anmälningsdag var {deadline}." in _html(response)
    assert not Enrolment.objects.exists()


def test_double_booking_is_refused_in_swedish(client, manager, newcomer, make_session):
    session = make_session()
    services.enrolment_nominate(session=session, person=newcomer, by=manager)
    client.force_login(manager)
    response = client.post(url("enrolment_nominate", session.pk), {"person": newcomer.pk})
    assert f"{newcomer} är redan anmäld till det här tillfället." in _html(response)
    assert Enrolment.objects.count() == 1


def test_a_late_booking_warns_the_manager(client, manager, newcomer, make_session):
    newcomer.start_date = timezone.localdate() - datetime.timedelta(days=200)
    newcomer.save()
    session = make_session()
    client.force_login(manager)
    response = client.post(
        url("enrolment_nominate", session.pk), {"person": newcomer.pk}, follow=True
    )
    assert any(m.startswith("Obs: kurstillfället slutar") for m in _messages(response))


def test_manager_approves_a_requested_booking(client, manager, newcomer, make_session):
    session = make_session()
    enrolment = services.enrolment_request(session=session, person=newcomer)
    client.force_login(manager)
    page = _html(client.get(url("session_detail", session.pk)))
    assert f"Godkänn {newcomer}" in page
    client.post(url("enrolment_approve", enrolment.pk))
    enrolment.refresh_from_db()
    assert enrolment.status == S.ADMITTED


def test_manager_cannot_approve_or_cancel_another_units_booking(
    client, manager, other_newcomer, make_session
):
    session = make_session()
    enrolment = services.enrolment_request(session=session, person=other_newcomer)
    client.force_login(manager)
    assert client.post(url("enrolment_approve", enrolment.pk)).status_code == 404
    assert client.post(url("enrolment_cancel", enrolment.pk)).status_code == 404
    enrolment.refresh_from_db()
    assert enrolment.status == S.REQUESTED


def test_manager_cancels_a_booking_and_the_waitlist_moves_up(client, manager, unit, make_session):
    session = make_session(capacity=1)
    people = [UserFactory(unit=unit, roles=[Role.NEWCOMER]) for _ in range(2)]
    first, second = (
        services.enrolment_nominate(session=session, person=p, by=manager) for p in people
    )
    client.force_login(manager)
    response = client.post(url("enrolment_cancel", first.pk), {"reason": "Sjuk den veckan."})
    assert response["Location"] == url("session_detail", session.pk)
    second.refresh_from_db()
    assert second.status == S.ADMITTED


# -- newcomers -----------------------------------------------------------------------------


def test_courses_page_lists_published_sessions_of_the_current_programme(
    client, newcomer, make_session
):
    published = make_session()
    make_session(publish=False, in_days=40)
    client.force_login(newcomer)
    response = client.get(url("courses"))
    assert [s for s, _late, _early in response.context["rows"]] == [published]
    assert f"Anmäl intresse för {published.module.title}" in _html(response)


def test_each_newcomer_sees_own_bookings_and_late_warnings_in_the_cached_table(
    client, newcomer, unit, manager, make_session
):
    session = make_session(in_days=60)
    # Started 3.5 months ago: part 1 is due in about two weeks, before the session.
    newcomer.start_date = timezone.localdate() - datetime.timedelta(days=105)
    newcomer.save()
    other = UserFactory(unit=unit, roles=[Role.NEWCOMER], start_date=timezone.localdate())
    client.force_login(newcomer)
    html = _html(client.get(url("courses")))
    assert "Slutar efter din sista dag för Del 1" in html
    assert 'form="course-request-form"' in html
    assert f'formaction="{url("enrolment_request", session.pk)}"' in html
    services.enrolment_nominate(session=session, person=newcomer, by=manager)
    html = _html(client.get(url("courses")))
    assert "Anmäld</span>" in html  # the booking bumped the version: the table is new
    client.force_login(other)
    html = _html(client.get(url("courses")))
    assert "Slutar efter din sista dag" not in html
    assert f"Anmäl intresse för {session.module.title}" in html


def test_the_cached_rows_link_to_a_confirmation_with_a_fresh_csrf_token(
    newcomer, manager, make_session
):
    from django.test import Client

    session = make_session()
    services.enrolment_nominate(session=session, person=newcomer, by=manager)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(newcomer)
    browser.get(url("courses"))  # fills the cache with this login's page
    browser.logout()
    browser.force_login(newcomer)  # a new login rotates the CSRF secret
    html = _html(browser.get(url("courses")))
    enrolment = Enrolment.objects.get()
    link = re.search(rf'href="({url("enrolment_cancel", enrolment.pk)}[^"]*)"', html).group(1)
    confirm = _html(browser.get(link.replace("&amp;", "&")))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', confirm).group(1)
    response = browser.post(url("enrolment_cancel", enrolment.pk), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == S.CANCELLED


def test_session_list_shows_a_new_booking_at_once(
    client, coordinator, manager, newcomer, make_session
):
    session = make_session(capacity=3)
    client.force_login(coordinator)
    assert "0 / 3" in _html(client.get(url("session_list")))
    services.enrolment_nominate(session=session, person=newcomer, by=manager)
    assert "1 / 3" in _html(client.get(url("session_list")))


def test_newcomer_asks_for_a_place(client, newcomer, make_session):
    session = make_session()
    client.force_login(newcomer)
    response = client.post(url("enrolment_request", session.pk), follow=True)
    assert Enrolment.objects.get().status == S.REQUESTED
    assert "Din intresseanmälan är skickad. Din chef godkänner den." in _messages(response)
    assert "Önskad, väntar på chef" in _html(response)


def test_newcomer_asking_twice_is_told_in_swedish(client, newcomer, make_session):
    session = make_session()
    services.enrolment_request(session=session, person=newcomer)
    client.force_login(newcomer)
    response = client.post(url("enrolment_request", session.pk), follow=True)
    assert f"{newcomer} är redan anmäld till det här tillfället." in _messages(response)


def test_newcomer_cancels_own_booking(client, newcomer, manager, make_session):
    session = make_session()
    enrolment = services.enrolment_nominate(session=session, person=newcomer, by=manager)
    client.force_login(newcomer)
    response = client.post(
        url("enrolment_cancel", enrolment.pk), {"next": url("courses")}, follow=True
    )
    enrolment.refresh_from_db()
    assert enrolment.status == S.CANCELLED
    assert response.redirect_chain[-1][0] == url("courses")


def test_newcomer_cannot_cancel_someone_elses_booking(
    client, newcomer, other_newcomer, coordinator, make_session
):
    session = make_session()
    enrolment = services.enrolment_nominate(session=session, person=other_newcomer, by=coordinator)
    client.force_login(newcomer)
    assert client.post(url("enrolment_cancel", enrolment.pk)).status_code == 404


def test_cancel_does_not_redirect_off_site(client, newcomer, manager, make_session):
    enrolment = services.enrolment_nominate(session=make_session(), person=newcomer, by=manager)
    client.force_login(newcomer)
    response = client.post(url("enrolment_cancel", enrolment.pk), {"next": "https://evil.test/"})
    assert response["Location"] == url("session_detail", enrolment.session_id)


def test_newcomer_evaluates_an_attended_session(client, newcomer, manager, make_session):
    session = make_session(in_days=-1, n_days=1)
    enrolment = services.enrolment_nominate(session=session, person=newcomer, by=manager)
    client.force_login(newcomer)
    courses = _html(client.get(url("courses")))
    assert url("evaluation_create", enrolment.pk) in courses
    response = client.post(
        url("evaluation_create", enrolment.pk), {"rating": "4", "comment": "Bra!"}
    )
    assert response["Location"] == url("courses")
    evaluation = Evaluation.objects.get()
    assert (evaluation.rating, evaluation.comment) == (4, "Bra!")
    assert "Utvärderad, tack!" in _html(client.get(url("courses")))


def test_evaluating_twice_is_refused_in_swedish(client, newcomer, manager, make_session):
    session = make_session(in_days=-1, n_days=1)
    enrolment = services.enrolment_nominate(session=session, person=newcomer, by=manager)
    services.evaluation_submit(enrolment=enrolment, by=newcomer, rating=3)
    client.force_login(newcomer)
    response = client.post(url("evaluation_create", enrolment.pk), {"rating": "5"})
    assert "Du har redan lämnat en utvärdering av det här tillfället." in _html(response)


def test_a_missing_rating_is_refused(client, newcomer, manager, make_session):
    session = make_session(in_days=-1, n_days=1)
    enrolment = services.enrolment_nominate(session=session, person=newcomer, by=manager)
    client.force_login(newcomer)
    response = client.post(url("evaluation_create", enrolment.pk), {"comment": "x"})
    assert response.context["form"].errors["rating"]
    assert not Evaluation.objects.exists()


def test_a_manager_cannot_evaluate_for_the_newcomer(client, newcomer, manager, make_session):
    session = make_session(in_days=-1, n_days=1)
    enrolment = services.enrolment_nominate(session=session, person=newcomer, by=manager)
    client.force_login(manager)
    assert client.get(url("evaluation_create", enrolment.pk)).status_code == 403


# -- start page and navigation ---------------------------------------------------------------


def test_coordinator_start_shows_upcoming_sessions_with_fill_rate(
    client, coordinator, manager, newcomer, make_session
):
    session = make_session(capacity=4)
    services.enrolment_nominate(session=session, person=newcomer, by=manager)
    client.force_login(coordinator)
    html = _html(client.get(reverse("core:start")))
    assert ">Kurstillfällen</h2>" in html
    assert session.module.title in html
    assert "1 / 4" in html
    assert url("session_list") in html


def test_newcomer_start_shows_my_courses(client, newcomer, manager, make_session):
    session = make_session()
    services.enrolment_nominate(session=session, person=newcomer, by=manager)
    client.force_login(newcomer)
    html = _html(client.get(reverse("core:start")))
    assert ">Mina kurser</h2>" in html
    assert session.module.title in html
    assert url("courses") in html


def test_navigation_links_by_role(client, coordinator, newcomer, mentor):
    client.force_login(coordinator)
    assert url("session_list") in _html(client.get(reverse("core:start")))
    client.force_login(newcomer)
    assert url("courses") in _html(client.get(reverse("core:start")))
    client.force_login(mentor)
    html = _html(client.get(reverse("core:start")))
    assert url("courses") not in html
    assert url("session_list") not in html


LATE = "Slutar efter din sista dag för"


@pytest.mark.moment("monday-morning")
def test_the_late_warning_on_the_course_rows_follows_a_moved_start_date(
    client, make_session, newcomer, coordinator
):
    """The course table is cached: moving the session's days, or the newcomer's first
    day, must still change whether it ends after their part's last day."""
    newcomer.start_date = timezone.localdate() - datetime.timedelta(days=100)
    newcomer.save()  # part 1's last day is about three weeks from now
    session = make_session(in_days=60)
    client.force_login(newcomer)
    assert LATE in _html(client.get(url("courses")))

    soon = timezone.localdate() + datetime.timedelta(days=3)
    services.session_update(
        session=session,
        by=coordinator,
        days=[services.DayInput(soon, datetime.time(9), datetime.time(16))],
    )
    assert LATE not in _html(client.get(url("courses")))

    newcomer.start_date = timezone.localdate() - datetime.timedelta(days=200)
    newcomer.save()  # the first day moved back: part 1's last day has passed
    assert LATE in _html(client.get(url("courses")))


@pytest.mark.moment("monday-morning")
def test_bulk_writes_to_session_days_show_on_the_cached_course_rows(client, make_session, newcomer):
    session = make_session(in_days=30)
    client.force_login(newcomer)
    moved = timezone.localdate() + datetime.timedelta(days=45)
    assert moved.isoformat() not in _html(client.get(url("courses")))

    # .update() and bulk_create() send no signals; they bump the programme version.
    session.days.filter(date=session.days.first().date).update(date=moved)
    assert moved.isoformat() in _html(client.get(url("courses")))
    added = moved + datetime.timedelta(days=7)
    SessionDay.objects.bulk_create(
        [SessionDay(session=session, date=added, start=datetime.time(9), end=datetime.time(12))]
    )
    assert added.isoformat() in _html(client.get(url("courses")))
