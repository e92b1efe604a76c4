"""A module page: its upcoming dates read live from lms, its calendar link, and a logged-in
newcomer's own standing with the module (and nobody else's)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cms.models import ModulePage
from lms.programme import services
from lms.programme.models import Module, ModuleCompletion, Part, Programme

from .conftest import days_from, publish

pytestmark = pytest.mark.dates  # shows what comes and what is due: moment-dependent

URL = "/programmet/politiskt-styrd-organisation/"


def _html(client, url=URL) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _dates(html: str) -> str:
    """The dates section only, so a date elsewhere on the page cannot pass a test."""
    start = html.index('id="dates-heading"')
    return html[start : html.index("</section>", start)]


def _status(html: str) -> str:
    start = html.index('id="status-heading"')
    return html[start : html.index("</section>", start)]


def _iso(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


@pytest.fixture
def older_version(module):
    """The same module in the programme's previous version: same slug, another row."""
    programme = Programme.objects.create(
        name="Introduktionsprogrammet", version=0, valid_from=datetime.date(2024, 1, 1)
    )
    part = Part.objects.create(programme=programme, number=1, title="Del 1", deadline_months=4)
    return Module.objects.create(part=part, title=module.title, slug=module.slug, length_days=1)


# -- the dates --------------------------------------------------------------------------


def test_an_upcoming_session_shows_days_times_place_deadline_and_places_left(
    client, module_page, make_session
):
    make_session(in_days=20, n_days=2, capacity=12, deadline_in=10, place="Stadshuset, sal 3")
    dates = _dates(_html(client))
    assert f'<time datetime="{_iso(20)}">{_iso(20)}</time>' in dates
    assert "09:00–16:00" in dates
    assert _iso(21) in dates
    assert "Stadshuset, sal 3" in dates
    assert f"Sista anmälningsdag {_iso(10)}" in dates
    assert "12 platser kvar" in dates


def test_places_left_count_only_the_admitted_and_a_full_session_points_to_the_waitlist(
    client, module_page, make_session, manager, newcomer, unit
):
    from tests.factories import UserFactory

    session = make_session(capacity=2)
    services.enrolment_nominate(session=session, person=newcomer, by=manager)
    services.enrolment_request(session=session, person=UserFactory(unit=unit, roles=["newcomer"]))
    assert "1 plats kvar" in _dates(_html(client))

    services.enrolment_nominate(
        session=session, person=UserFactory(unit=unit, roles=["newcomer"]), by=manager
    )
    dates = _dates(_html(client))
    assert "Fullbokat" in dates
    assert "reservlistan" in dates
    assert "platser kvar" not in dates


def test_a_passed_booking_deadline_is_said(client, module_page, make_session):
    make_session(in_days=5, deadline_in=-1)
    assert f"Anmälan stängde {_iso(-1)}" in _dates(_html(client))


def test_a_draft_never_shows_and_appears_as_soon_as_it_is_published(
    client, module_page, make_session, coordinator
):
    session = make_session(publish=False, place="Utkastsalen")
    dates = _dates(_html(client))
    assert "Utkastsalen" not in dates
    assert "Inga kursdatum är publicerade" in dates

    services.session_publish(session=session, by=coordinator)
    assert "Utkastsalen" in _dates(_html(client))


def test_a_cancelled_session_disappears(client, module_page, make_session, coordinator):
    session = make_session(place="Stadshuset")
    assert "Stadshuset" in _dates(_html(client))
    services.session_cancel(session=session, by=coordinator)
    dates = _dates(_html(client))
    assert "Stadshuset" not in dates
    assert "Inga kursdatum är publicerade" in dates


def test_a_session_moved_into_the_past_disappears(client, module_page, make_session, coordinator):
    session = make_session(place="Stadshuset")
    assert "Stadshuset" in _dates(_html(client))
    first = timezone.localdate() - datetime.timedelta(days=40)
    services.session_update(
        session=session, by=coordinator, days=days_from(first, 2), place="Stadshuset"
    )
    assert "Stadshuset" not in _dates(_html(client))


def test_a_session_under_way_still_shows_until_its_last_day(client, module_page, make_session):
    make_session(in_days=-1, n_days=3, place="Stadshuset")
    assert "Stadshuset" in _dates(_html(client))


def test_a_session_of_another_programme_version_with_the_slug_shows(
    client, module_page, make_session, older_version
):
    make_session(module=older_version, place="Gamla rådhuset")
    assert "Gamla rådhuset" in _dates(_html(client))


def test_another_modules_sessions_do_not_show(client, module_page, make_session, part1):
    other = Module.objects.create(part=part1, title="Sekretess", slug="sekretess", length_days=1)
    make_session(module=other, place="Annan sal")
    assert "Annan sal" not in _dates(_html(client))


def test_the_modules_calendar_feed_is_offered(client, module_page):
    dates = _dates(_html(client))
    assert 'href="webcal://' in dates
    assert "/calendar/modules/politiskt-styrd-organisation.ics" in dates


# -- the newcomer's own status ----------------------------------------------------------


@pytest.fixture
def newcomer(newcomer):
    """Started a month ago: part 1 (four months) is due in three."""
    newcomer.start_date = timezone.localdate() - datetime.timedelta(days=30)
    newcomer.save()
    return newcomer


def test_anonymous_mentors_and_managers_see_no_status(
    client, module_page, make_session, mentor, manager, newcomer
):
    session = make_session()
    services.enrolment_nominate(session=session, person=newcomer, by=manager)
    assert "Din status" not in _html(client)
    for person in (mentor, manager):
        client.force_login(person)
        assert "Din status" not in _html(client), person


def test_a_newcomer_not_booked_is_pointed_to_the_courses_page(client, module_page, newcomer):
    client.force_login(newcomer)
    status = _status(_html(client))
    assert "Du är inte anmäld till något kurstillfälle" in status
    assert 'href="/programme/courses/"' in status


def test_the_due_date_comes_from_the_parts_deadline(client, module_page, newcomer):
    client.force_login(newcomer)
    due = services.part_deadline(person=newcomer, module=module_page.module)
    status = _status(_html(client))
    assert f"Ska vara genomförd senast {due.isoformat()}" in status
    assert "Försenad" not in status


def test_a_newcomer_past_the_due_date_is_warned(client, module_page, newcomer):
    newcomer.start_date = timezone.localdate() - datetime.timedelta(days=200)
    newcomer.save()
    client.force_login(newcomer)
    status = _status(_html(client))
    assert "Försenad" in status
    assert "Ska vara genomförd senast" not in status


def test_an_admitted_newcomer_sees_the_session_booked(
    client, module_page, make_session, manager, newcomer
):
    session = make_session(in_days=14)
    services.enrolment_nominate(session=session, person=newcomer, by=manager)
    client.force_login(newcomer)
    status = _status(_html(client))
    assert "Du har en plats på kurstillfället som börjar" in status
    assert f'href="/programme/sessions/{session.pk}/">{_iso(14)}</a>' in status


def test_a_waitlisted_newcomer_sees_the_waitlist(
    client, module_page, make_session, coordinator, newcomer, other_newcomer
):
    session = make_session(capacity=1)
    services.enrolment_nominate(session=session, person=other_newcomer, by=coordinator)
    services.enrolment_nominate(session=session, person=newcomer, by=coordinator)
    client.force_login(newcomer)
    assert "Du står på reservlistan" in _status(_html(client))


def test_a_request_waiting_for_the_manager_is_said(client, module_page, make_session, newcomer):
    session = make_session()
    services.enrolment_request(session=session, person=newcomer)
    client.force_login(newcomer)
    status = _status(_html(client))
    assert "Du har anmält intresse" in status
    assert "väntar på att din chef godkänner" in status


def test_a_done_module_shows_the_date_and_no_due_date(client, module_page, module, newcomer):
    done = timezone.localdate() - datetime.timedelta(days=3)
    ModuleCompletion.objects.create(person=newcomer, module=module, completed_on=done)
    client.force_login(newcomer)
    status = _status(_html(client))
    assert f"Genomförd {done.isoformat()}" in status
    assert "senast" not in status


def test_completion_and_booking_of_another_version_with_the_slug_count(
    client, module_page, make_session, manager, newcomer, older_version
):
    session = make_session(module=older_version, in_days=9)
    services.enrolment_nominate(session=session, person=newcomer, by=manager)
    client.force_login(newcomer)
    assert "Du har en plats på kurstillfället" in _status(_html(client))

    ModuleCompletion.objects.create(
        person=newcomer, module=older_version, completed_on=datetime.date(2025, 5, 6)
    )
    assert "Genomförd 2025-05-06" in _status(_html(client))


def test_a_newcomer_never_sees_someone_elses_booking(
    client, module_page, make_session, coordinator, newcomer, other_newcomer, module
):
    session = make_session()
    services.enrolment_nominate(session=session, person=other_newcomer, by=coordinator)
    ModuleCompletion.objects.create(
        person=other_newcomer, module=module, completed_on=timezone.localdate()
    )
    client.force_login(newcomer)
    status = _status(_html(client))
    assert "Du är inte anmäld" in status
    assert "Genomförd" not in status


# -- bad content ------------------------------------------------------------------------


def test_a_page_whose_module_is_removed_says_so_and_shows_no_dates(client, module_page, module):
    module.delete()
    html = _html(client)
    assert "finns inte längre i programmet" in html
    assert 'id="dates-heading"' not in html
    assert "Din status" not in html


def test_a_page_whose_module_is_removed_shows_no_status_to_a_newcomer(
    client, module_page, module, newcomer
):
    module.delete()
    client.force_login(newcomer)
    html = _html(client)
    assert "finns inte längre i programmet" in html
    assert "Din status" not in html


def test_a_module_page_with_an_empty_body_is_shown(client, programme_page, part1):
    module = Module.objects.create(part=part1, title="Tom", slug="tom", length_days=1)
    publish(programme_page, ModulePage(title="Tom", slug="tom", module=module, body=[]))
    html = _html(client, "/programmet/tom/")
    assert "<h1" in html
    assert "Inga kursdatum är publicerade" in html


# -- cost -------------------------------------------------------------------------------


def _count_after_warming(client, url=URL) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)  # now: the next request empties the log


def test_the_page_costs_the_same_for_one_and_many_sessions(
    client, module_page, make_session, django_assert_num_queries
):
    make_session(in_days=10)
    one = _count_after_warming(client)
    for i in range(8):
        make_session(in_days=20 + i * 7, capacity=3)
    client.get(URL)  # the programme changed: the dates are read afresh once
    with django_assert_num_queries(one):
        html = _html(client)
    assert _dates(html).count('<li class="session">') == 9


def test_an_anonymous_visit_costs_a_pinned_number_of_queries(
    client, module_page, make_session, django_assert_max_num_queries
):
    make_session()
    client.get(URL)
    # Wagtail: the site, the locale, the route (four pages), aliases, view restrictions;
    # the page's module, its part, the breadcrumbs and the locale of the language links.
    # The dates come from the cache until the programme changes.
    with django_assert_max_num_queries(13):
        assert "platser kvar" in _html(client)


def test_a_newcomers_visit_adds_only_the_status_queries(
    client, module_page, make_session, manager, newcomer, django_assert_max_num_queries
):
    session = make_session()
    services.enrolment_nominate(session=session, person=newcomer, by=manager)
    client.force_login(newcomer)
    client.get(URL)
    # Session and user, the page as for anyone, and the completion and the booking.
    with django_assert_max_num_queries(17):
        assert "Du har en plats" in _html(client)
