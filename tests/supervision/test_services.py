"""Logging, changing, cancelling and holding sessions; reflections and follow-ups. Every
refusal is a Swedish message bound to its field, and nothing is saved half-way."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lms.accounts.models import Role
from lms.core import bounds
from lms.plans.models import IntroductionPlan, PlanEvent, PlanItem, Responsible
from lms.plans.services.lifecycle import plan_close
from lms.supervision import services
from lms.supervision.models import FollowUp, Session, SessionKind, SessionParticipant
from tests.factories import UserFactory

from .conftest import NOTE, SUMMARY, an_hour_ago
from .factories import PlanFactory

pytestmark = pytest.mark.django_db


def _errors(excinfo) -> dict:
    return excinfo.value.message_dict


def _nothing_saved():
    assert not Session.objects.exists()
    assert not SessionParticipant.objects.exists()
    assert not FollowUp.objects.exists()


# -- logging --------------------------------------------------------------------------


def test_a_held_one_to_one_is_logged_with_topics_and_follow_ups(log, newcomer, plan, item):
    due = timezone.localdate() + datetime.timedelta(days=14)
    session = log(
        topics=[item],
        place="Rum 3",
        follow_ups=[
            services.FollowUpInput(text="Läs delegationsordningen", due_date=due),
            services.FollowUpInput(text="   "),  # a blank row is skipped
        ],
    )
    session.refresh_from_db()
    assert session.status == Session.Status.HELD
    assert (session.private_note, session.shared_summary) == (NOTE, SUMMARY)
    assert session.place == "Rum 3"
    assert (session.sequence, session.revision) == (0, 1)
    (participant,) = session.attendees.all()
    assert (participant.newcomer, participant.plan) == (newcomer, plan)
    assert list(session.topics.all()) == [item]
    (follow_up,) = session.follow_ups.all()
    assert (follow_up.newcomer, follow_up.text, follow_up.due_date) == (
        newcomer,
        "Läs delegationsordningen",
        due,
    )
    assert follow_up.responsible == Responsible.NEWCOMER


def test_a_held_session_in_the_future_is_refused(log):
    with pytest.raises(ValidationError) as excinfo:
        log(starts_at=timezone.now() + datetime.timedelta(hours=2))
    assert _errors(excinfo)["starts_at"] == [
        "Ett genomfört tillfälle kan inte ligga i framtiden. Ändra tiden, eller välj "
        "”Planerat” om det ska hållas senare."
    ]
    _nothing_saved()


@pytest.mark.parametrize(
    ("starts_at", "status"),
    [
        (lambda: datetime.datetime(1, 1, 1, 12, tzinfo=datetime.UTC), "held"),
        (lambda: datetime.datetime(1999, 12, 31, 12, tzinfo=datetime.UTC), "held"),
        (lambda: timezone.now() + datetime.timedelta(days=2 * 366), "planned"),
    ],
)
def test_a_session_outside_its_window_is_refused(log, starts_at, status):
    with pytest.raises(ValidationError) as excinfo:
        log(starts_at=starts_at(), status=status)
    last = bounds.SESSION.bounds()[1]
    assert _errors(excinfo)["starts_at"] == [
        f"Ange ett datum mellan 2000-01-01 och {last.isoformat()}."
    ]
    _nothing_saved()


def test_a_follow_up_due_in_year_9999_is_refused(log, newcomer):
    far = services.FollowUpInput(text="Läs", due_date=datetime.date(9999, 12, 31))
    with pytest.raises(ValidationError) as excinfo:
        log(follow_ups=[far])
    (message,) = _errors(excinfo)["follow_ups"]
    assert message.startswith("”Läs”: Ange ett datum mellan 2000-01-01 och ")
    _nothing_saved()


def test_a_held_session_a_minute_ahead_of_the_server_clock_is_accepted(log):
    assert log(starts_at=timezone.now() + datetime.timedelta(minutes=1)).pk


@pytest.mark.parametrize(
    ("minutes", "message"),
    [
        (0, "Längden måste vara minst 1 minut."),
        (-5, "Längden måste vara minst 1 minut."),
        (721, "Ett tillfälle kan vara högst 12 timmar (720 minuter)."),
        (24 * 60, "Ett tillfälle kan vara högst 12 timmar (720 minuter)."),
        (None, "Ange hur länge tillfället varade."),
    ],
)
def test_a_length_of_zero_or_over_twelve_hours_is_refused(log, minutes, message):
    with pytest.raises(ValidationError) as excinfo:
        log(duration_minutes=minutes)
    assert _errors(excinfo)["duration_minutes"] == [message]
    _nothing_saved()


@pytest.mark.parametrize("minutes", [1, 720])
def test_the_length_limits_themselves_are_accepted(log, minutes):
    assert log(duration_minutes=minutes).duration_minutes == minutes


def test_a_planned_session_must_be_in_the_future(log):
    with pytest.raises(ValidationError) as excinfo:
        log(status=Session.Status.PLANNED)
    assert _errors(excinfo)["starts_at"] == [
        "Ett planerat tillfälle ska ligga i framtiden. Har det redan hållits, välj ”Genomfört”."
    ]
    planned = log(
        status=Session.Status.PLANNED, starts_at=timezone.now() + datetime.timedelta(days=7)
    )
    assert planned.status == Session.Status.PLANNED


def test_a_session_cannot_be_logged_as_cancelled(log):
    with pytest.raises(ValidationError) as excinfo:
        log(status=Session.Status.CANCELLED)
    assert _errors(excinfo)["status"] == ["Välj genomfört eller planerat."]


def test_the_mentor_logs_mentor_kinds_and_not_supervision(log, mentor, newcomer):
    assert log(by=mentor, kind=SessionKind.MENTOR_TALK).author == mentor
    assert log(by=mentor, kind=SessionKind.SHADOWING).author == mentor
    with pytest.raises(ValidationError) as excinfo:
        log(by=mentor, kind=SessionKind.ONE_TO_ONE)
    assert _errors(excinfo)["kind"] == [
        f"Du är mentor för {newcomer} och kan logga mentorsamtal och gå bredvid, "
        "inte individuell handledning (1:1)."
    ]


def test_the_supervisor_does_not_log_mentor_talks(log, newcomer):
    with pytest.raises(ValidationError) as excinfo:
        log(kind=SessionKind.MENTOR_TALK)
    assert _errors(excinfo)["kind"] == [
        f"Du är handledare för {newcomer} och loggar handledning, ärendegenomgång och gå "
        "bredvid, inte mentorsamtal."
    ]
    _nothing_saved()


def test_an_unknown_kind_is_refused(log):
    with pytest.raises(ValidationError) as excinfo:
        log(kind="coffee")
    assert _errors(excinfo)["kind"] == ["Välj vad det var för slags tillfälle."]


def test_the_units_manager_may_log_supervisor_kinds(log, manager, newcomer):
    session = log(by=manager, kind=SessionKind.CASE_REVIEW)
    assert session.attendees.get().newcomer == newcomer
    with pytest.raises(ValidationError) as excinfo:
        log(by=manager, kind=SessionKind.MENTOR_TALK)
    assert "kind" in _errors(excinfo)


def test_a_manager_of_another_unit_may_not(log, other_unit, newcomer):
    boss = UserFactory(roles=[(Role.MANAGER, other_unit)])
    with pytest.raises(ValidationError) as excinfo:
        log(by=boss)
    assert _errors(excinfo)["newcomers"] == [
        f"{newcomer} har ingen pågående introduktionsplan där du är mentor, handledare eller chef."
    ]


def test_newcomers_without_a_plan_naming_the_author_are_refused(log, other_newcomer, mentor):
    PlanFactory(newcomer=other_newcomer)  # a plan where the supervisor is not named
    with pytest.raises(ValidationError) as excinfo:
        log(newcomers=[other_newcomer])
    assert "ingen pågående introduktionsplan" in _errors(excinfo)["newcomers"][0]
    with pytest.raises(ValidationError) as excinfo:
        log(newcomers=[])
    assert _errors(excinfo)["newcomers"] == ["Välj minst en nyanställd."]
    _nothing_saved()


def test_a_closed_plan_does_not_count(log, plan, newcomer):
    IntroductionPlan.objects.filter(pk=plan.pk).update(status=IntroductionPlan.Status.CLOSED)
    with pytest.raises(ValidationError) as excinfo:
        log()
    assert "newcomers" in _errors(excinfo)


def test_one_to_ones_and_mentor_talks_have_exactly_one_newcomer(log, newcomer, newcomer2, plan2):
    with pytest.raises(ValidationError) as excinfo:
        log(newcomers=[newcomer, newcomer2])
    assert _errors(excinfo)["newcomers"] == [
        "Individuell handledning (1:1) är med en nyanställd. Välj grupphandledning för flera."
    ]
    group = log(kind=SessionKind.GROUP, newcomers=[newcomer, newcomer2])
    assert group.attendees.count() == 2
    assert log(kind=SessionKind.GROUP, newcomers=[newcomer]).attendees.count() == 1


def test_the_kind_must_fit_every_newcomer_of_a_group(log, mentor, newcomer, newcomer2):
    PlanFactory(newcomer=newcomer2, supervisor=mentor)  # mentor to one, supervisor to one
    both = log(by=mentor, kind=SessionKind.SHADOWING, newcomers=[newcomer, newcomer2])
    assert both.attendees.count() == 2
    with pytest.raises(ValidationError) as excinfo:
        log(by=mentor, kind=SessionKind.GROUP, newcomers=[newcomer, newcomer2])
    assert _errors(excinfo)["kind"] == [
        f"Du är mentor för {newcomer} och kan logga mentorsamtal och gå bredvid, "
        "inte grupphandledning."
    ]


def test_topics_must_be_items_of_the_participants_plans(log, other_newcomer, item):
    other_item = PlanItem.objects.create(
        plan=PlanFactory(newcomer=other_newcomer),
        phase=item.phase,
        title="Någon annans punkt",
        kind=item.kind,
        responsible=item.responsible,
        due_date=item.due_date,
        status=PlanItem.Status.OPEN,
    )
    with pytest.raises(ValidationError) as excinfo:
        log(topics=[item, other_item])
    assert _errors(excinfo)["topics"] == [
        "”Någon annans punkt” är inte en punkt i de nyanställdas planer."
    ]
    _nothing_saved()


def test_a_group_follow_up_names_its_newcomer(log, newcomer, newcomer2, plan2):
    with pytest.raises(ValidationError) as excinfo:
        log(
            kind=SessionKind.GROUP,
            newcomers=[newcomer, newcomer2],
            follow_ups=[services.FollowUpInput(text="Läs riktlinjen")],
        )
    assert _errors(excinfo)["follow_ups"] == [
        "Välj vilken av de nyanställda ”Läs riktlinjen” gäller."
    ]
    _nothing_saved()
    session = log(
        kind=SessionKind.GROUP,
        newcomers=[newcomer, newcomer2],
        follow_ups=[services.FollowUpInput(text="Läs riktlinjen", newcomer=newcomer2)],
    )
    assert session.follow_ups.get().newcomer == newcomer2


def test_a_follow_up_for_someone_outside_the_session_is_refused(log, newcomer2, plan2):
    with pytest.raises(ValidationError) as excinfo:
        log(follow_ups=[services.FollowUpInput(text="Ring", newcomer=newcomer2)])
    assert "follow_ups" in _errors(excinfo)
    _nothing_saved()


def test_too_long_texts_are_refused(log):
    with pytest.raises(ValidationError) as excinfo:
        log(private_note="x" * 8001, follow_ups=[services.FollowUpInput(text="y" * 301)])
    errors = _errors(excinfo)
    assert errors["private_note"] == ["Texten är för lång: högst 8000 tecken."]
    assert errors["follow_ups"] == ["En uppföljning kan vara högst 300 tecken."]
    _nothing_saved()


def test_someone_who_helps_no_one_may_not_log(log, newcomer, hr):
    for person in (newcomer, hr):
        with pytest.raises(PermissionDenied):
            log(by=person)
    _nothing_saved()


def test_every_error_is_reported_at_once(log):
    with pytest.raises(ValidationError) as excinfo:
        log(
            kind=SessionKind.MENTOR_TALK,
            duration_minutes=0,
            starts_at=timezone.now() + datetime.timedelta(days=1),
        )
    assert set(_errors(excinfo)) == {"kind", "duration_minutes", "starts_at"}


def test_participants_keep_the_plan_they_counted_for(log, newcomer, plan, manager):
    session = log()
    plan_close(plan=plan, by=manager, reason="Ny tjänst")
    PlanFactory(newcomer=newcomer)
    assert session.attendees.get().plan == plan


# -- changing ----------------------------------------------------------------------------


def test_changing_the_time_raises_sequence_and_revision(log):
    session = log()
    later = an_hour_ago() + datetime.timedelta(minutes=30)
    session = services.session_update(
        session=session, by=session.author, revision=1, starts_at=later
    )
    assert (session.sequence, session.revision) == (1, 2)
    session = services.session_update(
        session=session, by=session.author, revision=2, shared_summary="Ny sammanfattning"
    )
    assert (session.sequence, session.revision) == (1, 3)  # not a calendar change
    session.refresh_from_db()
    assert session.shared_summary == "Ny sammanfattning"
    assert session.private_note == NOTE


def test_nothing_changed_changes_nothing(log):
    session = log()
    same = services.session_update(
        session=session, by=session.author, revision=1, private_note=NOTE
    )
    assert (same.sequence, same.revision) == (0, 1)


def test_a_stale_form_is_refused(log):
    session = log()
    services.session_update(session=session, by=session.author, revision=1, place="Rum 2")
    with pytest.raises(ValidationError) as excinfo:
        services.session_update(session=session, by=session.author, revision=1, place="Rum 9")
    assert excinfo.value.messages == [
        "Någon har ändrat tillfället sedan du öppnade formuläret. Läs in sidan igen och gör "
        "din ändring på nytt."
    ]
    session.refresh_from_db()
    assert session.place == "Rum 2"


def test_only_the_author_changes_a_session(log, newcomer, manager, mentor):
    session = log()
    for person in (newcomer, manager, mentor):
        with pytest.raises(PermissionDenied):
            services.session_update(session=session, by=person, revision=1, place="X")


def test_a_change_is_checked_like_a_new_session(log):
    session = log()
    with pytest.raises(ValidationError) as excinfo:
        services.session_update(session=session, by=session.author, revision=1, duration_minutes=0)
    assert _errors(excinfo)["duration_minutes"] == ["Längden måste vara minst 1 minut."]
    with pytest.raises(ValidationError) as excinfo:
        services.session_update(
            session=session,
            by=session.author,
            revision=1,
            starts_at=timezone.now() + datetime.timedelta(days=2),
        )
    assert "starts_at" in _errors(excinfo)


def test_participants_can_be_added_and_removed(log, newcomer, newcomer2, plan2):
    session = log(kind=SessionKind.GROUP)
    session = services.session_update(
        session=session, by=session.author, revision=1, newcomers=[newcomer, newcomer2]
    )
    assert session.sequence == 1
    assert {a.plan for a in session.attendees.all()} == {newcomer.introduction_plans.get(), plan2}
    session = services.session_update(
        session=session, by=session.author, revision=2, newcomers=[newcomer2]
    )
    assert [a.newcomer for a in session.attendees.all()] == [newcomer2]


def test_a_newcomer_with_a_reflection_stays_in_the_session(log, newcomer, newcomer2, plan2):
    session = log(kind=SessionKind.GROUP, newcomers=[newcomer, newcomer2])
    services.session_reflect(session=session, by=newcomer, reflection="Lärorikt.")
    with pytest.raises(ValidationError) as excinfo:
        services.session_update(
            session=session, by=session.author, revision=1, newcomers=[newcomer2]
        )
    assert _errors(excinfo)["newcomers"] == [
        f"{newcomer} har en reflektion eller uppföljningar i tillfället och kan inte tas "
        "bort ur det."
    ]
    assert session.attendees.count() == 2


def test_a_one_to_one_cannot_grow_to_two(log, newcomer, newcomer2, plan2):
    session = log()
    with pytest.raises(ValidationError) as excinfo:
        services.session_update(
            session=session, by=session.author, revision=1, newcomers=[newcomer, newcomer2]
        )
    assert "newcomers" in _errors(excinfo)


# -- cancelling and holding ---------------------------------------------------------------


def _planned(log, days=3):
    return log(
        status=Session.Status.PLANNED,
        starts_at=timezone.now() + datetime.timedelta(days=days),
        private_note="",
        shared_summary="",
    )


def test_a_planned_session_is_cancelled_and_kept(log):
    session = _planned(log)
    cancelled = services.session_cancel(session=session, by=session.author)
    assert cancelled.status == Session.Status.CANCELLED
    assert (cancelled.sequence, cancelled.revision) == (1, 2)
    again = services.session_cancel(session=session, by=session.author)
    assert again.sequence == 1  # a double click changes nothing
    assert Session.objects.filter(pk=session.pk).exists()
    with pytest.raises(ValidationError) as excinfo:
        services.session_update(session=cancelled, by=session.author, revision=2, place="X")
    assert excinfo.value.messages == ["Tillfället är inställt och kan inte ändras."]


def test_a_held_session_cannot_be_cancelled(log):
    session = log()
    with pytest.raises(ValidationError) as excinfo:
        services.session_cancel(session=session, by=session.author)
    assert excinfo.value.messages == ["Bara ett planerat tillfälle kan ställas in."]


def test_only_the_author_cancels(log, newcomer):
    session = _planned(log)
    with pytest.raises(PermissionDenied):
        services.session_cancel(session=session, by=newcomer)


def test_a_planned_session_is_marked_held_once_it_has_begun(log):
    session = _planned(log)
    with pytest.raises(ValidationError) as excinfo:
        services.session_mark_held(session=session, by=session.author)
    assert excinfo.value.messages == [
        "Tillfället har inte börjat än. Markera det som genomfört efteråt."
    ]
    later = timezone.now() + datetime.timedelta(days=3, hours=2)
    held = services.session_mark_held(session=session, by=session.author, now=later)
    assert held.status == Session.Status.HELD
    assert held.sequence == 1
    assert services.session_mark_held(session=session, by=session.author).sequence == 1


def test_a_cancelled_session_is_not_held(log):
    session = _planned(log)
    services.session_cancel(session=session, by=session.author)
    with pytest.raises(ValidationError):
        services.session_mark_held(
            session=session, by=session.author, now=timezone.now() + datetime.timedelta(days=9)
        )


# -- reflections -------------------------------------------------------------------------


def test_the_newcomer_reflects_on_a_held_session(log, newcomer):
    session = log()
    mine = services.session_reflect(session=session, by=newcomer, reflection=" Bra samtal. ")
    assert mine.reflection == "Bra samtal."
    assert mine.reflected_at is not None
    cleared = services.session_reflect(session=session, by=newcomer, reflection="")
    assert (cleared.reflection, cleared.reflected_at) == ("", None)


def test_only_a_participant_reflects(log, supervisor, manager, newcomer2, plan2):
    session = log()
    for person in (supervisor, manager, newcomer2):
        with pytest.raises(PermissionDenied):
            services.session_reflect(session=session, by=person, reflection="Hej")


def test_no_reflection_before_the_session_is_held(log, newcomer):
    session = _planned(log)
    with pytest.raises(ValidationError) as excinfo:
        services.session_reflect(session=session, by=newcomer, reflection="Hej")
    assert _errors(excinfo)["reflection"] == [
        "Du kan skriva en reflektion när tillfället är genomfört."
    ]
    with pytest.raises(ValidationError) as excinfo:
        services.session_reflect(session=log(), by=newcomer, reflection="x" * 4001)
    assert _errors(excinfo)["reflection"] == ["Texten är för lång: högst 4000 tecken."]


# -- follow-ups --------------------------------------------------------------------------


def _follow_up(log, session_values=None, **values):
    values.setdefault("text", "Läs delegationsordningen")
    values.setdefault("due_date", timezone.localdate() + datetime.timedelta(days=14))
    session = log(follow_ups=[services.FollowUpInput(**values)], **(session_values or {}))
    return session.follow_ups.get()


def test_a_follow_up_becomes_a_plan_item_once(log, plan, supervisor):
    follow_up = _follow_up(log, responsible=Responsible.SUPERVISOR)
    item = services.follow_up_to_plan(follow_up=follow_up, by=supervisor)
    assert item.plan == plan
    assert (item.title, item.due_date, item.responsible) == (
        follow_up.text,
        follow_up.due_date,
        Responsible.SUPERVISOR,
    )
    assert item.status == PlanItem.Status.OPEN
    assert "Överenskommet vid individuell handledning (1:1)" in item.description
    follow_up.refresh_from_db()
    assert follow_up.plan_item == item
    assert PlanEvent.objects.filter(item=item, kind=PlanEvent.Kind.ITEM_ADDED).count() == 1
    # Once only: a second click returns the same item.
    assert services.follow_up_to_plan(follow_up=follow_up, by=supervisor) == item
    assert plan.items.count() == 1


def test_the_mentor_turns_their_follow_up_into_a_plan_item(log, mentor, plan):
    follow_up = _follow_up(log, {"by": mentor, "kind": SessionKind.MENTOR_TALK})
    assert services.follow_up_to_plan(follow_up=follow_up, by=mentor).plan == plan


def test_a_follow_up_without_a_date_needs_one_to_become_an_item(log, supervisor):
    follow_up = _follow_up(log, due_date=None)
    with pytest.raises(ValidationError) as excinfo:
        services.follow_up_to_plan(follow_up=follow_up, by=supervisor)
    assert _errors(excinfo)["due_date"] == [
        "Ange när det ska vara klart innan det blir en punkt i planen."
    ]
    due = timezone.localdate() + datetime.timedelta(days=3)
    item = services.follow_up_to_plan(follow_up=follow_up, by=supervisor, due_date=due)
    assert item.due_date == due
    follow_up.refresh_from_db()
    assert follow_up.due_date == due


def test_a_long_follow_up_keeps_its_whole_text_in_the_item(log, supervisor):
    follow_up = _follow_up(log, text="Ord " * 70)
    item = services.follow_up_to_plan(follow_up=follow_up, by=supervisor)
    assert len(item.title) == 200
    assert item.title.endswith("…")
    assert follow_up.text in item.description


def test_only_the_author_makes_a_plan_item(log, newcomer, manager):
    follow_up = _follow_up(log)
    for person in (newcomer, manager):
        with pytest.raises(PermissionDenied):
            services.follow_up_to_plan(follow_up=follow_up, by=person)
    assert not PlanItem.objects.exists()


def test_a_closed_plan_takes_no_new_item(log, plan, manager, supervisor, newcomer):
    follow_up = _follow_up(log)
    plan_close(plan=plan, by=manager, reason="Slutat")
    with pytest.raises(ValidationError) as excinfo:
        services.follow_up_to_plan(follow_up=follow_up, by=supervisor)
    assert excinfo.value.messages == [
        f"{newcomer} har ingen pågående plan som punkten kan läggas i."
    ]
    follow_up.refresh_from_db()
    assert follow_up.plan_item is None


def test_the_newcomer_or_the_author_marks_a_follow_up_done(log, newcomer, supervisor, manager):
    follow_up = _follow_up(log)
    done = services.follow_up_complete(follow_up=follow_up, by=newcomer)
    assert (done.done_by, bool(done.done_at)) == (newcomer, True)
    assert services.follow_up_complete(follow_up=follow_up, by=supervisor).done_by == newcomer
    reopened = services.follow_up_reopen(follow_up=follow_up, by=supervisor)
    assert reopened.done_at is None
    with pytest.raises(PermissionDenied):
        services.follow_up_complete(follow_up=follow_up, by=manager)


def test_a_follow_up_is_added_after_the_session(log, supervisor, newcomer):
    session = log()
    follow_up = services.follow_up_add(
        session=session,
        by=supervisor,
        follow_up=services.FollowUpInput(text="Boka hembesök", responsible=Responsible.MENTOR),
    )
    assert (follow_up.newcomer, follow_up.responsible) == (newcomer, Responsible.MENTOR)
    with pytest.raises(ValidationError) as excinfo:
        services.follow_up_add(
            session=session, by=supervisor, follow_up=services.FollowUpInput(text=" ")
        )
    assert _errors(excinfo)["text"] == ["Skriv vad ni kom överens om."]
    with pytest.raises(PermissionDenied):
        services.follow_up_add(
            session=session, by=newcomer, follow_up=services.FollowUpInput(text="Hej")
        )
