"""The pool, pairing with capacity enforced, fit answers and requests for a new mentor:
every bad input refused in Swedish with nothing saved."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lms.accounts.models import Role
from lms.mentoring import services
from lms.mentoring.models import (
    EndReason,
    Fit,
    FitAnswer,
    MentorChangeRequest,
    MentorPairing,
    MentorProfile,
)
from lms.plans.models import IntroductionPlan, PlanEvent
from tests.factories import UserFactory
from tests.supervision.factories import PlanFactory

from .conftest import DAY
from .factories import MentorProfileFactory, PairingFactory, years_ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(newcomer, supervisor, manager):
    return PlanFactory(
        newcomer=newcomer, unit=newcomer.unit, start_date=newcomer.start_date, supervisor=supervisor
    )


def _messages(error) -> str:
    return " ".join(error.value.messages)


# -- the pool ------------------------------------------------------------------------


def test_a_colleague_volunteers_and_becomes_a_mentor(unit):
    person = UserFactory(unit=unit, in_profession_since=years_ago(6))
    profile = services.mentor_volunteer(by=person, languages=["so", "ar", "ar"])
    assert profile.capacity == 2 and profile.is_active
    assert profile.source == MentorProfile.Source.VOLUNTEERED
    assert profile.languages == ["ar", "so"]  # the list's order, each once
    assert person.has_role(Role.MENTOR)


def test_a_person_of_unknown_level_may_join(unit):
    person = UserFactory(unit=unit, in_profession_since=None)
    assert services.mentor_volunteer(by=person).is_active


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"capacity": 0}, "Ange ett antal mellan 1 och 5."),
        ({"capacity": 6}, "Ange ett antal mellan 1 och 5."),
        (
            {
                "available_from": datetime.date(2027, 3, 1),
                "available_until": datetime.date(2027, 2, 1),
            },
            "Slutdatumet kan inte vara före startdatumet.",
        ),
        ({"languages": ["klingon"]}, "Okänt språk: klingon."),
        ({"available_until": datetime.date(9999, 12, 31)}, "Ange ett datum mellan 2000-01-01 och"),
        ({"available_from": datetime.date(1, 1, 1)}, "Ange ett datum mellan 2000-01-01 och"),
    ],
)
def test_bad_profile_values_are_refused_in_swedish(unit, fields, message):
    person = UserFactory(unit=unit, in_profession_since=years_ago(6))
    with pytest.raises(ValidationError) as error:
        services.mentor_volunteer(by=person, **fields)
    assert message in _messages(error)
    assert not MentorProfile.objects.exists() and not person.role_assignments.exists()


def test_a_novice_is_refused_with_a_clear_message(unit, manager):
    person = UserFactory(unit=unit, in_profession_since=years_ago(1))
    with pytest.raises(ValidationError) as error:
        services.mentor_volunteer(by=person)
    assert "kortare än två år i yrket" in _messages(error)
    with pytest.raises(ValidationError):
        services.mentor_appoint(person=person, by=manager)
    assert not MentorProfile.objects.exists()


def test_someone_without_a_unit_cannot_volunteer():
    with pytest.raises(PermissionDenied):
        services.mentor_volunteer(by=UserFactory(in_profession_since=years_ago(5)))


def test_a_manager_appoints_a_colleague_of_their_unit_only(unit, other_unit, manager):
    mine = UserFactory(unit=unit, in_profession_since=years_ago(4))
    profile = services.mentor_appoint(person=mine, by=manager, capacity=3)
    assert profile.source == MentorProfile.Source.APPOINTED and profile.appointed_by == manager
    with pytest.raises(ValidationError, match="finns redan i mentorspoolen"):
        services.mentor_appoint(person=mine, by=manager)
    with pytest.raises(PermissionDenied):
        services.mentor_appoint(person=UserFactory(unit=other_unit), by=manager)
    with pytest.raises(ValidationError, match="Anmäl dig själv"):
        services.mentor_appoint(person=manager, by=manager)


def test_capacity_cannot_go_below_the_newcomers_one_has(mentor, profile):
    PairingFactory(mentor=mentor)
    PairingFactory(mentor=mentor)
    with pytest.raises(ValidationError, match="Du har redan 2 nyanställda"):
        services.mentor_profile_update(
            profile=profile,
            by=mentor,
            capacity=1,
            available_from=None,
            available_until=None,
            languages=[],
        )
    profile.refresh_from_db()
    assert profile.capacity == 2


def test_others_cannot_change_a_mentors_profile(profile, other_newcomer, manager):
    with pytest.raises(PermissionDenied):
        services.mentor_profile_update(
            profile=profile,
            by=other_newcomer,
            capacity=3,
            available_from=None,
            available_until=None,
            languages=[],
        )
    # The mentor's manager may.
    services.mentor_profile_update(
        profile=profile,
        by=manager,
        capacity=3,
        available_from=None,
        available_until=None,
        languages=["en"],
    )
    profile.refresh_from_db()
    assert (profile.capacity, profile.languages) == (3, ["en"])


def test_leaving_the_pool_keeps_running_pairings(mentor, profile):
    pairing = PairingFactory(mentor=mentor)
    services.mentor_leave(profile=profile, by=mentor)
    profile.refresh_from_db()
    pairing.refresh_from_db()
    assert not profile.is_active and pairing.ended_on is None
    services.mentor_volunteer(by=mentor)  # and comes back
    profile.refresh_from_db()
    assert profile.is_active


# -- pairing -------------------------------------------------------------------------


def test_the_manager_pairs_and_the_plan_and_the_mentor_follow(
    plan, newcomer, mentor, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        pairing = services.pairing_create(newcomer=newcomer, mentor=mentor, by=manager)
    assert pairing.starts_on == plan.start_date  # the first day, still to come
    assert pairing.planned_ends_on == plan.start_date.replace(year=plan.start_date.year + 1)
    assert pairing.plan == plan and pairing.created_by == manager
    plan.refresh_from_db()
    assert plan.mentor == mentor
    event = plan.events.first()
    assert event.kind == PlanEvent.Kind.PLAN_CHANGED and event.detail["changes"]["mentor"][
        1
    ] == str(mentor)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [mentor.email]


def test_a_pairing_for_someone_who_started_long_ago_starts_today(
    plan, newcomer, mentor, manager, today
):
    IntroductionPlan.objects.filter(pk=plan.pk).update(start_date=today - 90 * DAY)
    pairing = services.pairing_create(newcomer=newcomer, mentor=mentor, by=manager)
    assert pairing.starts_on == today


@pytest.mark.parametrize(
    "problem",
    [
        "self",
        "own manager",
        "supervisor",
        "novice",
        "not in pool",
        "left the pool",
        "unavailable",
        "end before start",
        "start far ahead",
        "end in another century",
        "full",
    ],
)
def test_bad_pairings_are_refused_in_swedish_and_nothing_is_saved(
    problem, plan, newcomer, mentor, profile, manager, supervisor, in_pool, unit, today
):
    chosen, extra = mentor, {}
    expected = {
        "self": "kan inte vara sin egen mentor",
        "own manager": "är chef för den nyanställdas enhet",
        "supervisor": "är den nyanställdas handledare",
        "novice": "kortare än två år i yrket",
        "not in pool": "finns inte i mentorspoolen",
        "left the pool": "finns inte i mentorspoolen",
        "unavailable": "är inte tillgänglig som mentor",
        "end before start": "Det planerade slutet måste vara efter starten.",
        "start far ahead": "Starten ligger mer än ett år fram.",
        "end in another century": "Ange ett datum mellan 2000-01-01 och",
        "full": "har redan 2 nyanställda och har inte plats för fler",
    }[problem]
    if problem == "self":
        chosen = newcomer
    elif problem == "own manager":
        chosen = manager
        MentorProfileFactory(user=manager)
        manager.in_profession_since = years_ago(10)
        manager.save()
    elif problem == "supervisor":
        chosen = supervisor
        MentorProfileFactory(user=supervisor)
    elif problem == "novice":
        mentor.in_profession_since = years_ago(1)  # the date was corrected after joining
        mentor.save()
    elif problem == "not in pool":
        chosen = UserFactory(unit=unit, in_profession_since=years_ago(5))
    elif problem == "left the pool":
        MentorProfile.objects.filter(pk=profile.pk).update(is_active=False)
    elif problem == "unavailable":
        MentorProfile.objects.filter(pk=profile.pk).update(available_until=today)
    elif problem == "end before start":
        extra = {"starts_on": today, "planned_ends_on": today - DAY}
    elif problem == "start far ahead":
        extra = {"starts_on": today + 400 * DAY}
    elif problem == "end in another century":
        extra = {"planned_ends_on": datetime.date(2099, 1, 1)}
    elif problem == "full":
        PairingFactory(mentor=mentor)
        PairingFactory(mentor=mentor)
    before = MentorPairing.objects.count()
    with pytest.raises(ValidationError) as error:
        services.pairing_create(newcomer=newcomer, mentor=chosen, by=manager, **extra)
    assert expected in _messages(error)
    assert MentorPairing.objects.count() == before
    plan.refresh_from_db()
    assert plan.mentor is None and plan.events.count() == 0


@pytest.mark.parametrize("who", ["newcomer", "mentor", "supervisor", "hr", "other_manager"])
def test_only_the_newcomers_manager_or_an_admin_pairs(request, who, newcomer, mentor, other_unit):
    if who == "other_manager":
        person = UserFactory(unit=other_unit, roles=[(Role.MANAGER, other_unit)])
    else:
        person = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.pairing_create(newcomer=newcomer, mentor=mentor, by=person)
    admin = request.getfixturevalue("admin_user")
    assert services.pairing_create(newcomer=newcomer, mentor=mentor, by=admin).mentor == mentor


def test_a_full_mentor_is_refused_and_the_profile_row_is_locked_first(
    newcomer, other_newcomer, mentor, profile, manager, admin_user
):
    MentorProfile.objects.filter(pk=profile.pk).update(capacity=1)
    services.pairing_create(newcomer=other_newcomer, mentor=mentor, by=admin_user)
    with (
        CaptureQueriesContext(connection) as queries,
        pytest.raises(ValidationError, match="har redan 1 nyanställd och har inte plats"),
    ):
        services.pairing_create(newcomer=newcomer, mentor=mentor, by=manager)
    sql = [q["sql"] for q in queries.captured_queries]
    lock = next(i for i, q in enumerate(sql) if 'FROM "mentoring_mentorprofile"' in q)
    count = next(i for i, q in enumerate(sql) if "COUNT(" in q and "mentoring_mentorpairing" in q)
    assert lock < count  # the count is made under the lock
    if connection.features.has_select_for_update:
        assert "FOR UPDATE" in sql[lock]
    assert MentorPairing.objects.filter(mentor=mentor).count() == 1


def test_a_place_is_free_again_after_the_planned_end(newcomer, mentor, profile, manager, today):
    MentorProfile.objects.filter(pk=profile.pk).update(capacity=1)
    PairingFactory(mentor=mentor, starts_on=today - 400 * DAY, planned_ends_on=today - DAY)
    assert services.pairing_create(newcomer=newcomer, mentor=mentor, by=manager)


def test_pairing_twice_with_the_same_mentor_changes_nothing(newcomer, mentor, manager):
    first = services.pairing_create(newcomer=newcomer, mentor=mentor, by=manager)
    assert services.pairing_create(newcomer=newcomer, mentor=mentor, by=manager) == first
    assert MentorPairing.objects.count() == 1


def test_re_pairing_ends_the_old_pairing_keeps_it_and_resolves_the_request(
    plan, newcomer, mentor, manager, in_pool, unit, django_capture_on_commit_callbacks, today
):
    first = services.pairing_create(newcomer=newcomer, mentor=mentor, by=manager, starts_on=today)
    services.fit_answer(pairing=first, by=newcomer, answer=Fit.NOT_GOOD)
    request = services.change_request_create(pairing=first, by=newcomer, message="Vi har inte tid.")
    other = in_pool(unit)
    with django_capture_on_commit_callbacks(execute=True):
        second = services.pairing_create(newcomer=newcomer, mentor=other, by=manager)
    first.refresh_from_db()
    request.refresh_from_db()
    plan.refresh_from_db()
    assert first.ended_on == today and first.end_reason == EndReason.NEW_MENTOR
    assert second.ended_on is None and plan.mentor == other
    assert request.status == MentorChangeRequest.Status.REPAIRED and request.new_pairing == second
    # The old mentor is told it ended, the new one that it started; no reason, no answer.
    assert [m.to for m in mail.outbox] == [[mentor.email], [other.email]]
    for message in mail.outbox:
        body = message.body + message.alternatives[0][0]
        for secret in ("Vi har inte tid", "inte en bra", "passar inte", "Ny mentor", "begäran"):
            assert secret not in body


def test_ending_a_pairing_needs_a_reason_and_leaves_the_plan_without_a_mentor(
    plan, newcomer, mentor, manager, django_capture_on_commit_callbacks
):
    pairing = services.pairing_create(newcomer=newcomer, mentor=mentor, by=manager)
    with pytest.raises(ValidationError, match="Välj varför mentorskapet avslutas"):
        services.pairing_end(pairing=pairing, by=manager, reason="")
    with pytest.raises(ValidationError, match="högst 300 tecken"):
        services.pairing_end(pairing=pairing, by=manager, reason=EndReason.OTHER, note="x" * 301)
    with pytest.raises(PermissionDenied):
        services.pairing_end(pairing=pairing, by=mentor, reason=EndReason.OTHER)
    with django_capture_on_commit_callbacks(execute=True):
        services.pairing_end(
            pairing=pairing, by=manager, reason=EndReason.MENTOR_UNAVAILABLE, note="Långtidssjuk"
        )
    pairing.refresh_from_db()
    plan.refresh_from_db()
    assert pairing.ended_on and pairing.end_reason == EndReason.MENTOR_UNAVAILABLE
    assert plan.mentor is None
    assert len(mail.outbox) == 1 and "avslutat" in mail.outbox[0].subject
    assert "Långtidssjuk" not in mail.outbox[0].body and "inte fortsätta" not in mail.outbox[0].body
    # Ending again changes nothing.
    assert services.pairing_end(pairing=pairing, by=manager, reason=EndReason.OTHER).end_reason == (
        EndReason.MENTOR_UNAVAILABLE
    )


def test_a_plan_made_after_the_pairing_copies_the_mentor(newcomer, mentor, manager):
    from lms.plans.models import PlanTemplate
    from lms.plans.services.creation import plan_create

    pairing = services.pairing_create(newcomer=newcomer, mentor=mentor, by=manager)
    template = PlanTemplate.objects.create(family="t", name="Mall")
    template.items.create(
        title="Läs", phase="first_week", due_offset_days=3, kind="reading", responsible="newcomer"
    )
    plan = plan_create(newcomer=newcomer, template=template, by=manager)
    plan.refresh_from_db()
    pairing.refresh_from_db()
    assert plan.mentor == mentor and pairing.plan == plan
    kinds = list(plan.events.order_by("pk").values_list("kind", flat=True))
    assert kinds == [PlanEvent.Kind.CREATED, PlanEvent.Kind.PLAN_CHANGED]


# -- fit answers and requests --------------------------------------------------------


@pytest.fixture
def pairing(newcomer, mentor):
    return PairingFactory(newcomer=newcomer, mentor=mentor)


def test_both_answer_the_fit_question_and_may_change_their_answer(pairing, newcomer, mentor):
    services.fit_answer(pairing=pairing, by=newcomer, answer=Fit.UNSURE)
    services.fit_answer(pairing=pairing, by=mentor, answer=Fit.GOOD)
    services.fit_answer(pairing=pairing, by=newcomer, answer=Fit.NOT_GOOD)
    answers = dict(FitAnswer.objects.values_list("person_id", "answer"))
    assert answers == {newcomer.pk: Fit.NOT_GOOD, mentor.pk: Fit.GOOD}


def test_the_fit_question_opens_when_the_pairing_starts(pairing, newcomer, today):
    MentorPairing.objects.filter(pk=pairing.pk).update(starts_on=today + 3 * DAY)
    pairing.refresh_from_db()
    with pytest.raises(ValidationError, match="Du kan svara när mentorskapet har börjat"):
        services.fit_answer(pairing=pairing, by=newcomer, answer=Fit.GOOD)
    with pytest.raises(ValidationError, match="Välj ett av svaren"):
        services.fit_answer(pairing=pairing, by=newcomer, answer="maybe")
    assert not FitAnswer.objects.exists()


@pytest.mark.parametrize("who", ["manager", "supervisor", "other_newcomer"])
def test_only_the_two_of_the_pairing_answer(request, pairing, who):
    with pytest.raises(PermissionDenied):
        services.fit_answer(pairing=pairing, by=request.getfixturevalue(who), answer=Fit.GOOD)


def test_an_ended_pairing_takes_no_more_answers_or_requests(pairing, newcomer, today):
    MentorPairing.objects.filter(pk=pairing.pk).update(ended_on=today)
    pairing.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.fit_answer(pairing=pairing, by=newcomer, answer=Fit.GOOD)
    with pytest.raises(PermissionDenied):
        services.change_request_create(pairing=pairing, by=newcomer)


def test_the_newcomer_asks_once_and_may_change_the_message(pairing, newcomer, mentor):
    first = services.change_request_create(pairing=pairing, by=newcomer)
    again = services.change_request_create(
        pairing=pairing, by=newcomer, message="Olika arbetstider."
    )
    assert again == first and MentorChangeRequest.objects.count() == 1
    assert again.message == "Olika arbetstider."
    with pytest.raises(ValidationError, match="högst 2000 tecken"):
        services.change_request_create(pairing=pairing, by=newcomer, message="x" * 2001)
    with pytest.raises(PermissionDenied):
        services.change_request_create(pairing=pairing, by=mentor)


def test_the_manager_closes_a_request_with_a_note(pairing, newcomer, manager, mentor):
    found = services.change_request_create(pairing=pairing, by=newcomer)
    with pytest.raises(ValidationError, match="Skriv en kort anteckning"):
        services.change_request_close(request=found, by=manager, note=" ")
    with pytest.raises(PermissionDenied):
        services.change_request_close(request=found, by=mentor, note="Nej")
    closed = services.change_request_close(request=found, by=manager, note="Vi fortsätter.")
    assert closed.status == MentorChangeRequest.Status.CLOSED and closed.resolved_by == manager
    # A new request may be made after that.
    assert services.change_request_create(pairing=pairing, by=newcomer).pk != found.pk


def test_a_plan_reopened_after_its_pairing_ended_loses_the_copy(plan, newcomer, mentor, manager):
    from lms.plans.services.lifecycle import plan_close, plan_reopen

    pairing = services.pairing_create(newcomer=newcomer, mentor=mentor, by=manager)
    plan_close(plan=plan, by=manager, reason="Föräldraledig")
    services.pairing_end(pairing=pairing, by=manager, reason=EndReason.NEWCOMER_LEFT)
    plan.refresh_from_db()
    assert plan.mentor == mentor  # a closed plan keeps what it had
    plan_reopen(plan=plan, by=manager)
    plan.refresh_from_db()
    assert plan.mentor is None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks need a server database; CI runs this on PostgreSQL",
)
def test_two_managers_cannot_overfill_a_mentor_at_once(unit, manager, mentor, profile):
    import threading

    from django.db import close_old_connections

    people = [UserFactory(unit=unit, roles=[Role.NEWCOMER]) for _ in range(8)]
    barrier = threading.Barrier(len(people))
    refused, errors = [], []

    def pair(person):
        try:
            barrier.wait(timeout=10)
            services.pairing_create(newcomer=person, mentor=mentor, by=manager)
        except ValidationError as error:
            refused.append(" ".join(error.messages))
        except Exception as error:
            errors.append(error)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=pair, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert MentorPairing.objects.filter(mentor=mentor).count() == profile.capacity == 2
    assert len(refused) == 6 and all("har inte plats för fler" in m for m in refused)
