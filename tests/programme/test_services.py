import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import close_old_connections, connection
from django.utils import timezone

from lms.accounts.models import Role
from lms.programme import services
from lms.programme.models import Attendance, CourseSession, Enrolment, ModuleCompletion
from tests.factories import UserFactory

from .conftest import days_from

pytestmark = pytest.mark.django_db
S = Enrolment.Status


def newcomers(unit, n):
    return [UserFactory(unit=unit, roles=[Role.NEWCOMER]) for _ in range(n)]


# -- sessions -----------------------------------------------------------------------


def test_coordinator_creates_a_multi_day_session(make_session):
    session = make_session(n_days=3)
    assert session.days.count() == 3
    assert session.first_day_cache == session.days.first().date
    assert session.status == CourseSession.Status.PUBLISHED


def test_only_coordinators_create_sessions(manager, module):
    with pytest.raises(PermissionDenied):
        services.session_create(
            by=manager, module=module, days=days_from(timezone.localdate()), capacity=5
        )


@pytest.mark.parametrize(
    ("days", "message"),
    [
        ([], "Ett kurstillfälle behöver minst en dag."),
        (
            [services.DayInput(datetime.date(2027, 1, 12), datetime.time(16), datetime.time(9))],
            "2027-01-12: sluttiden måste vara efter starttiden.",
        ),
        (
            [services.DayInput(datetime.date(2027, 1, 12), datetime.time(9), datetime.time(12))]
            * 2,
            "Samma datum finns två gånger.",
        ),
        (
            [services.DayInput(datetime.date(9999, 12, 31), datetime.time(9), datetime.time(12))],
            "9999-12-31: Ange ett datum mellan 2000-01-01 och ",
        ),
        (
            [services.DayInput(datetime.date(1999, 12, 31), datetime.time(9), datetime.time(12))],
            "1999-12-31: Ange ett datum mellan 2000-01-01 och ",
        ),
    ],
)
def test_bad_days_are_refused_in_swedish_and_nothing_is_saved(coordinator, module, days, message):
    with pytest.raises(ValidationError, match=message):
        services.session_create(by=coordinator, module=module, days=days, capacity=5)
    assert not CourseSession.objects.exists()


def test_deadline_after_the_first_day_is_refused(coordinator, module):
    with pytest.raises(ValidationError, match="Sista anmälningsdag kan inte vara efter"):
        services.session_create(
            by=coordinator,
            module=module,
            days=days_from(datetime.date(2027, 1, 12)),
            capacity=5,
            booking_deadline=datetime.date(2027, 1, 13),
        )


def test_copy_moves_every_day_and_the_deadline(make_session, coordinator):
    original = make_session(n_days=2, deadline_in=20)
    copy = services.session_copy(
        session=original,
        by=coordinator,
        first_date=original.first_day_cache + datetime.timedelta(days=28),
    )
    assert [d.date for d in copy.days.all()] == [
        d.date + datetime.timedelta(days=28) for d in original.days.all()
    ]
    assert copy.booking_deadline == original.booking_deadline + datetime.timedelta(days=28)
    assert copy.status == CourseSession.Status.DRAFT


def test_cancelling_bumps_the_sequence_and_keeps_bookings(
    make_session, coordinator, manager, newcomer
):
    session = make_session()
    services.enrolment_nominate(session=session, person=newcomer, by=manager)
    before = session.sequence
    services.session_cancel(session=session, by=coordinator)
    session.refresh_from_db()
    assert session.status == CourseSession.Status.CANCELLED
    assert session.sequence == before + 1
    assert session.enrolments.count() == 1
    services.session_cancel(session=session, by=coordinator)  # idempotent
    session.refresh_from_db()
    assert session.sequence == before + 1


# -- booking --------------------------------------------------------------------------


def test_admits_while_seats_remain_then_waitlists(make_session, manager, unit):
    session = make_session(capacity=2)
    statuses = [
        services.enrolment_nominate(session=session, person=p, by=manager).status
        for p in newcomers(unit, 3)
    ]
    assert statuses == [S.ADMITTED, S.ADMITTED, S.WAITLISTED]


def test_a_freed_seat_goes_to_the_first_on_the_waitlist(make_session, manager, unit):
    session = make_session(capacity=1)
    first, second, third = (
        services.enrolment_nominate(session=session, person=p, by=manager)
        for p in newcomers(unit, 3)
    )
    services.enrolment_cancel(enrolment=first, by=manager)
    second.refresh_from_db()
    third.refresh_from_db()
    assert (second.status, third.status) == (S.ADMITTED, S.WAITLISTED)


def test_raising_capacity_promotes_and_lowering_below_admitted_is_refused(
    make_session, manager, coordinator, unit
):
    session = make_session(capacity=1)
    people = newcomers(unit, 3)
    for person in people:
        services.enrolment_nominate(session=session, person=person, by=manager)
    services.session_set_capacity(session=session, by=coordinator, capacity=2)
    assert session.enrolments.filter(status=S.ADMITTED).count() == 2
    with pytest.raises(ValidationError, match="2 personer är redan antagna"):
        services.session_set_capacity(session=session, by=coordinator, capacity=1)
    session.refresh_from_db()
    assert session.capacity == 2


def test_double_booking_is_refused(make_session, manager, newcomer):
    session = make_session()
    services.enrolment_nominate(session=session, person=newcomer, by=manager)
    with pytest.raises(ValidationError, match="är redan anmäld"):
        services.enrolment_nominate(session=session, person=newcomer, by=manager)
    assert session.enrolments.count() == 1


def test_rebooking_after_a_cancellation_is_allowed(make_session, manager, newcomer):
    session = make_session()
    services.enrolment_cancel(
        enrolment=services.enrolment_nominate(session=session, person=newcomer, by=manager),
        by=manager,
    )
    again = services.enrolment_nominate(session=session, person=newcomer, by=manager)
    assert again.status == S.ADMITTED


def test_booking_after_the_deadline_is_refused(make_session, manager, newcomer):
    session = make_session(deadline_in=-1)
    with pytest.raises(ValidationError, match="Sista anmälningsdag var"):
        services.enrolment_nominate(session=session, person=newcomer, by=manager)


def test_drafts_and_cancelled_sessions_take_no_bookings(
    make_session, coordinator, manager, newcomer
):
    draft = make_session(publish=False)
    with pytest.raises(ValidationError, match="inte öppet för anmälan"):
        services.enrolment_nominate(session=draft, person=newcomer, by=manager)


def test_a_manager_cannot_book_another_units_newcomer(make_session, manager, other_newcomer):
    with pytest.raises(PermissionDenied):
        services.enrolment_nominate(session=make_session(), person=other_newcomer, by=manager)


def test_a_newcomer_asks_and_the_manager_approves(make_session, manager, newcomer):
    session = make_session()
    request = services.enrolment_request(session=session, person=newcomer)
    assert request.status == S.REQUESTED
    assert services.enrolment_approve(enrolment=request, by=manager).status == S.ADMITTED


def test_a_newcomer_cannot_approve_their_own_request(make_session, newcomer):
    request = services.enrolment_request(session=make_session(), person=newcomer)
    with pytest.raises(PermissionDenied):
        services.enrolment_approve(enrolment=request, by=newcomer)


def test_a_newcomer_can_cancel_own_booking_but_not_anothers(make_session, manager, newcomer, unit):
    session = make_session()
    own = services.enrolment_nominate(session=session, person=newcomer, by=manager)
    [colleague] = newcomers(unit, 1)
    theirs = services.enrolment_nominate(session=session, person=colleague, by=manager)
    services.enrolment_cancel(enrolment=own, by=newcomer)
    with pytest.raises(PermissionDenied):
        services.enrolment_cancel(enrolment=theirs, by=newcomer)


def test_move_books_the_other_session_or_changes_nothing(make_session, manager, newcomer, unit):
    here, full = make_session(capacity=5), make_session(in_days=60, capacity=1)
    enrolment = services.enrolment_nominate(session=here, person=newcomer, by=manager)
    moved = services.enrolment_move(enrolment=enrolment, to=full, by=manager)
    assert (moved.session, moved.status) == (full, S.ADMITTED)
    enrolment.refresh_from_db()
    assert enrolment.status == S.CANCELLED
    closed = make_session(in_days=90, deadline_in=-1)
    with pytest.raises(ValidationError):
        services.enrolment_move(enrolment=moved, to=closed, by=manager)
    moved.refresh_from_db()
    assert moved.status == S.ADMITTED  # the failed move left the booking where it was


def test_late_warning_when_part_1_would_finish_after_four_months(make_session, newcomer):
    newcomer.start_date = timezone.localdate() - datetime.timedelta(days=100)
    newcomer.save()
    late = make_session(in_days=60)
    assert "Obs: kurstillfället slutar" in services.late_warning(person=newcomer, session=late)
    early = make_session(in_days=3)
    assert services.late_warning(person=newcomer, session=early) is None


def test_part_deadline_is_months_after_the_start(module, newcomer):
    newcomer.start_date = datetime.date(2026, 10, 31)
    assert services.part_deadline(person=newcomer, module=module) == datetime.date(2027, 2, 28)


# -- attendance, completion, evaluation ------------------------------------------------


def _past_session(make_session, manager, person):
    session = make_session(in_days=10)
    enrolment = services.enrolment_nominate(session=session, person=person, by=manager)
    past = timezone.localdate() - datetime.timedelta(days=5)
    for offset, day in enumerate(session.days.all()):
        day.date = past + datetime.timedelta(days=offset)
        day.save()
    return session, enrolment


def test_all_days_present_marks_the_module_done(make_session, manager, coordinator, newcomer):
    session, enrolment = _past_session(make_session, manager, newcomer)
    first, second = session.days.all()
    assert (
        services.attendance_mark(
            enrolment=enrolment, day=first, status=Attendance.Status.PRESENT, by=coordinator
        )
        is None
    )
    completion = services.attendance_mark(
        enrolment=enrolment, day=second, status=Attendance.Status.PRESENT, by=coordinator
    )
    assert completion.person == newcomer
    assert completion.recorded_by == coordinator
    assert completion.completed_on == second.date


def test_a_partial_day_does_not_complete_the_module(make_session, manager, coordinator, newcomer):
    session, enrolment = _past_session(make_session, manager, newcomer)
    first, second = session.days.all()
    services.attendance_mark(enrolment=enrolment, day=first, status="present", by=coordinator)
    services.attendance_mark(enrolment=enrolment, day=second, status="partly", by=coordinator)
    assert not ModuleCompletion.objects.exists()


def test_attendance_is_for_coordinators_and_past_days_only(
    make_session, manager, coordinator, newcomer
):
    session = make_session()
    enrolment = services.enrolment_nominate(session=session, person=newcomer, by=manager)
    with pytest.raises(PermissionDenied):
        services.attendance_mark(
            enrolment=enrolment, day=session.days.first(), status="present", by=manager
        )
    with pytest.raises(ValidationError, match="inte har varit"):
        services.attendance_mark(
            enrolment=enrolment, day=session.days.first(), status="present", by=coordinator
        )


def test_a_completed_module_cannot_be_booked_again(make_session, manager, coordinator, newcomer):
    session, enrolment = _past_session(make_session, manager, newcomer)
    for day in session.days.all():
        services.attendance_mark(enrolment=enrolment, day=day, status="present", by=coordinator)
    with pytest.raises(ValidationError, match="har redan gått den här modulen"):
        services.enrolment_nominate(session=make_session(in_days=40), person=newcomer, by=manager)


def test_evaluation_once_by_the_attendee_with_a_rating_from_1_to_5(
    make_session, manager, newcomer, mentor
):
    _session, enrolment = _past_session(make_session, manager, newcomer)
    with pytest.raises(PermissionDenied):
        services.evaluation_submit(enrolment=enrolment, by=mentor, rating=4)
    with pytest.raises(ValidationError, match=r"Välj ett betyg från 1 till 5\."):
        services.evaluation_submit(enrolment=enrolment, by=newcomer, rating=6)
    services.evaluation_submit(enrolment=enrolment, by=newcomer, rating=4, comment=" Bra dag ")
    with pytest.raises(ValidationError, match="redan lämnat"):
        services.evaluation_submit(enrolment=enrolment, by=newcomer, rating=5)


def test_evaluation_waits_until_the_course_has_started(make_session, manager, newcomer):
    enrolment = services.enrolment_nominate(session=make_session(), person=newcomer, by=manager)
    with pytest.raises(ValidationError, match="öppnar när kursen har börjat"):
        services.evaluation_submit(enrolment=enrolment, by=newcomer, rating=4)


# -- concurrency ----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks need a server database; CI runs this on PostgreSQL",
)
def test_no_overbooking_when_many_managers_book_the_last_seats_at_once(make_session, unit, manager):
    session = make_session(capacity=3)
    people = newcomers(unit, 12)
    barrier = threading.Barrier(len(people))
    errors = []

    def book(person):
        try:
            barrier.wait(timeout=10)
            services.enrolment_nominate(session=session, person=person, by=manager)
        except Exception as error:
            errors.append(error)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=book, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert session.enrolments.filter(status=S.ADMITTED).count() == 3
    assert session.enrolments.filter(status=S.WAITLISTED).count() == 9


# -- signals for the apps above -------------------------------------------------------


def test_booking_changes_are_announced_in_order(make_session, manager, coordinator, unit):
    from lms.programme.signals import booking_changed

    heard = []

    def listen(sender, enrolment, change, **kwargs):
        heard.append((enrolment.person_id, change))

    booking_changed.connect(listen)
    try:
        session = make_session(capacity=1)
        first, second = newcomers(unit, 2)
        one = services.enrolment_nominate(session=session, person=first, by=manager)
        services.enrolment_nominate(session=session, person=second, by=manager)
        services.enrolment_cancel(enrolment=one, by=manager)
        services.session_cancel(session=session, by=coordinator)
    finally:
        booking_changed.disconnect(listen)
    assert heard == [
        (first.pk, "admitted"),
        (second.pk, "waitlisted"),
        (first.pk, "cancelled"),
        (second.pk, "promoted"),
        (second.pk, "session_cancelled"),
    ]


def test_completion_is_announced_once(make_session, manager, coordinator, newcomer):
    from lms.programme.signals import module_completed

    heard = []
    module_completed.connect(
        lambda sender, completion, **kw: heard.append(completion),
        weak=False,
        dispatch_uid="test-completed",
    )
    try:
        session, enrolment = _past_session(make_session, manager, newcomer)
        for _ in range(2):
            for day in session.days.all():
                services.attendance_mark(
                    enrolment=enrolment, day=day, status="present", by=coordinator
                )
    finally:
        module_completed.disconnect(dispatch_uid="test-completed")
    assert len(heard) == 1


# -- corrected attendance --------------------------------------------------------------


def _attend_all(session, enrolment, by, status="present"):
    for day in session.days.all():
        services.attendance_mark(enrolment=enrolment, day=day, status=status, by=by)


def test_a_day_corrected_to_absent_takes_back_the_completion_and_present_restores_it(
    make_session, manager, coordinator, newcomer
):
    session, enrolment = _past_session(make_session, manager, newcomer)
    _attend_all(session, enrolment, coordinator)
    first = session.days.first()
    assert ModuleCompletion.objects.get(person=newcomer).session == session

    assert (
        services.attendance_mark(enrolment=enrolment, day=first, status="absent", by=coordinator)
        is None
    )
    assert not ModuleCompletion.objects.filter(person=newcomer).exists()

    again = services.attendance_mark(
        enrolment=enrolment, day=first, status="present", by=coordinator
    )
    assert again.session == session and again.recorded_by == coordinator
    assert again.completed_on == session.days.last().date


@pytest.mark.parametrize(("enough", "done"), [(False, False), (True, True)])
def test_a_partly_attended_day_counts_only_when_marked_enough(
    make_session, manager, coordinator, newcomer, enough, done
):
    session, enrolment = _past_session(make_session, manager, newcomer)
    _attend_all(session, enrolment, coordinator)
    services.attendance_mark(
        enrolment=enrolment,
        day=session.days.first(),
        status="partly",
        by=coordinator,
        enough=enough,
    )
    assert ModuleCompletion.objects.filter(person=newcomer).exists() is done
    assert Attendance.objects.get(day=session.days.first()).enough is enough


def test_enough_is_not_kept_on_a_day_that_is_not_partly(
    make_session, manager, coordinator, newcomer
):
    session, enrolment = _past_session(make_session, manager, newcomer)
    services.attendance_mark(
        enrolment=enrolment,
        day=session.days.first(),
        status="absent",
        by=coordinator,
        enough=True,
    )
    assert Attendance.objects.get().enough is False


def test_a_completion_entered_by_hand_is_not_taken_back(
    make_session, manager, coordinator, newcomer
):
    session, enrolment = _past_session(make_session, manager, newcomer)
    by_hand = ModuleCompletion.objects.create(
        person=newcomer, module=session.module, completed_on=datetime.date(2026, 3, 2)
    )
    saved = services.attendance_save(
        marks=[services.AttendanceMark(enrolment, d, "absent") for d in session.days.all()],
        by=coordinator,
    )
    assert saved == services.AttendanceSaved(recorded=0, withdrawn=0)
    assert ModuleCompletion.objects.get() == by_hand


def test_a_completion_earned_in_another_session_is_not_taken_back(
    make_session, manager, coordinator, newcomer
):
    earlier, earlier_enrolment = _past_session(make_session, manager, newcomer)
    _attend_all(earlier, earlier_enrolment, coordinator)
    # Booked again on a later run (the first one did not count for the manager, say).
    later = make_session(in_days=20, capacity=5)
    enrolment = Enrolment.objects.create(session=later, person=newcomer, status=S.ADMITTED)
    past = timezone.localdate() - datetime.timedelta(days=2)
    for offset, day in enumerate(later.days.all()):
        day.date = past + datetime.timedelta(days=offset)
        day.save()
    _attend_all(later, enrolment, coordinator, status="absent")
    assert ModuleCompletion.objects.get(person=newcomer).session == earlier


def test_saving_a_sheet_counts_completions_recorded_and_withdrawn(
    make_session, manager, coordinator, unit
):
    session = make_session(in_days=10, capacity=3)
    people = newcomers(unit, 3)
    enrolments = [
        services.enrolment_nominate(session=session, person=p, by=manager) for p in people
    ]
    past = timezone.localdate() - datetime.timedelta(days=5)
    for offset, day in enumerate(session.days.all()):
        day.date = past + datetime.timedelta(days=offset)
        day.save()
    days = list(session.days.all())
    Mark = services.AttendanceMark
    first = services.attendance_save(
        marks=[Mark(e, d, "present") for e in enrolments[:2] for d in days], by=coordinator
    )
    assert first == services.AttendanceSaved(recorded=2, withdrawn=0)
    second = services.attendance_save(
        marks=[
            Mark(enrolments[0], days[0], "absent"),  # taken back
            Mark(enrolments[1], days[0], "partly", enough=True),  # still enough
            *[Mark(enrolments[2], d, "present") for d in days],  # newly done
        ],
        by=coordinator,
    )
    assert second == services.AttendanceSaved(recorded=1, withdrawn=1)
    assert set(ModuleCompletion.objects.values_list("person_id", flat=True)) == {
        people[1].pk,
        people[2].pk,
    }


def test_only_coordinators_save_attendance(make_session, manager, coordinator, newcomer):
    session, enrolment = _past_session(make_session, manager, newcomer)
    _attend_all(session, enrolment, coordinator)
    with pytest.raises(PermissionDenied):
        services.attendance_save(
            marks=[services.AttendanceMark(enrolment, session.days.first(), "absent")],
            by=manager,
        )
    assert ModuleCompletion.objects.filter(person=newcomer).exists()
    assert Attendance.objects.filter(status="absent").count() == 0


def test_a_withdrawn_completion_is_in_the_audit_log(make_session, manager, coordinator, newcomer):
    from auditlog.models import LogEntry

    session, enrolment = _past_session(make_session, manager, newcomer)
    _attend_all(session, enrolment, coordinator)
    services.attendance_mark(
        enrolment=enrolment, day=session.days.first(), status="absent", by=coordinator
    )
    actions = list(
        LogEntry.objects.filter(content_type__model="modulecompletion")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [LogEntry.Action.CREATE, LogEntry.Action.DELETE]
