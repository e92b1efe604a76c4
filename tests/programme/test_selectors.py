import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lms.accounts.models import Role
from lms.programme import selectors, services
from lms.programme.models import CourseSession, Enrolment
from tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db
S = Enrolment.Status


def test_counts_are_annotated_per_status(make_session, coordinator, manager, unit):
    session = make_session(capacity=1)
    first, second = (UserFactory(unit=unit, roles=[Role.NEWCOMER]) for _ in range(2))
    services.enrolment_nominate(session=session, person=first, by=manager)
    services.enrolment_nominate(session=session, person=second, by=manager)
    services.enrolment_request(session=session, person=UserFactory(roles=[Role.NEWCOMER]))
    row = selectors.session_list(viewer=coordinator).get(pk=session.pk)
    assert (row.admitted_count, row.waitlisted_count, row.requested_count) == (1, 1, 1)


def test_drafts_are_listed_only_for_coordinators(make_session, coordinator, manager, newcomer):
    draft = make_session(publish=False)
    published = make_session(in_days=40)
    assert set(selectors.session_list(viewer=coordinator)) == {draft, published}
    assert list(selectors.session_list(viewer=manager)) == [published]
    assert list(selectors.session_list(viewer=newcomer)) == [published]


def test_upcoming_only_leaves_out_finished_sessions_but_keeps_running_ones(
    make_session, coordinator
):
    make_session(in_days=-10, n_days=1)
    running = make_session(in_days=-1, n_days=3)
    later = make_session(in_days=20)
    assert list(selectors.session_list(viewer=coordinator)) == [running, later]
    assert selectors.session_list(viewer=coordinator, upcoming_only=False).count() == 3


def test_session_list_costs_the_same_for_3_and_30_sessions(make_session, coordinator):
    def queries():
        with CaptureQueriesContext(connection) as ctx:
            rows = list(selectors.session_list(viewer=coordinator))
            for row in rows:
                list(row.days.all()), row.module.title, row.module.part.title
        return len(ctx.captured_queries)

    for i in range(3):
        make_session(in_days=10 + i)
    few = queries()
    for i in range(27):
        make_session(in_days=20 + i)
    assert queries() == few == 2  # sessions with counts, then their days


def test_participants_bring_unit_and_its_managers_without_n_plus_1(
    make_session, coordinator, manager, unit
):
    session = make_session(capacity=50)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            rows = selectors.participants(session=session)
            for e in rows:
                str(e.person), e.person.unit.name, [str(m) for m in e.managers]
        return len(ctx.captured_queries), rows

    for _ in range(3):
        other = UnitFactory()
        UserFactory(roles=[(Role.MANAGER, other)])
        person = UserFactory(unit=other, roles=[Role.NEWCOMER])
        services.enrolment_nominate(session=session, person=person, by=coordinator)
    few, rows = queries()
    for _ in range(27):
        person = UserFactory(unit=unit, roles=[Role.NEWCOMER])
        services.enrolment_nominate(session=session, person=person, by=coordinator)
    many, rows = queries()
    assert few == many == 2  # bookings with person and unit, then managers
    assert rows[-1].managers == [manager]


def test_bookable_people_are_own_units_newcomers_for_a_manager(
    manager, newcomer, other_newcomer, coordinator, mentor
):
    assert list(selectors.bookable_people(viewer=manager)) == [newcomer]
    assert set(selectors.bookable_people(viewer=coordinator)) == {newcomer, other_newcomer}
    assert list(selectors.bookable_people(viewer=mentor)) == []


def test_my_enrolments_leave_out_cancelled_bookings(make_session, newcomer, manager):
    kept = make_session()
    dropped = make_session(in_days=50)
    services.enrolment_nominate(session=kept, person=newcomer, by=manager)
    gone = services.enrolment_nominate(session=dropped, person=newcomer, by=manager)
    services.enrolment_cancel(enrolment=gone, by=manager)
    assert [e.session for e in selectors.my_enrolments(person=newcomer)] == [kept]


def test_cancelled_sessions_stay_visible_to_those_booked(make_session, coordinator, newcomer):
    session = make_session()
    services.session_cancel(session=session, by=coordinator)
    assert selectors.session_get(viewer=newcomer, pk=session.pk).status == (
        CourseSession.Status.CANCELLED
    )
