"""What each viewer may see of check-ins: the newcomer everything of their own, the
unit's manager what is shared (and messages), nobody else anything; HR only means of
units where five people or more answered."""

import datetime

import pytest
from django.utils import timezone

from lms.accounts.models import Role
from lms.checkins import selectors
from lms.checkins.models import CheckIn
from lms.plans.models import IntroductionPlan
from tests.factories import UnitFactory, UserFactory

from .factories import CheckInFactory, PlanFactory

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture
def shared(plan):
    return CheckInFactory(plan=plan, point=1, shared=True, message="Kan vi ses?")


@pytest.fixture
def unshared(unit, today):
    other = PlanFactory(
        newcomer=UserFactory(unit=unit, roles=[Role.NEWCOMER]),
        unit=unit,
        start_date=today - 45 * DAY,
    )
    return CheckInFactory(plan=other, point=1, shared=False)


def _seen(viewer):
    return {c.pk: c for c in selectors.checkin_list(viewer=viewer)}


def test_the_newcomer_sees_all_of_their_own_answer(newcomer, shared, unshared):
    seen = _seen(newcomer)
    assert list(seen) == [shared.pk]
    answers = selectors.answers_of(seen[shared.pk])
    assert [a.rating for a in answers] == [4, 3, 5, 2]
    assert answers[0].text == "Glädjetext: hembesöken"
    assert answers[0].rating_label == "Stämmer ganska bra"
    assert seen[shared.pk].shown_message == "Kan vi ses?"


def test_the_manager_reads_shared_answers_and_only_the_date_of_unshared(
    manager, shared, unshared, django_assert_num_queries
):
    assert manager.managed_unit_ids  # the roles are read once per request
    with django_assert_num_queries(1):
        seen = _seen(manager)
        assert set(seen) == {shared.pk, unshared.pk}
        assert selectors.answers_of(seen[shared.pk])[2].text == "Grupptext: ärendedragningarna"
        assert seen[shared.pk].shown_message == "Kan vi ses?"
        assert selectors.answers_of(seen[unshared.pk]) is None
        assert seen[unshared.pk].answered_at is not None
        assert seen[unshared.pk].shown_joy_text is None


def test_the_ratings_of_an_unshared_answer_are_not_even_loaded(manager, unshared):
    checkin = _seen(manager)[unshared.pk]
    assert "joy_rating" in checkin.get_deferred_fields()
    assert "message" in checkin.get_deferred_fields()


def test_an_unshared_answer_still_shows_its_message_to_the_manager(manager, unit, today):
    checkin = CheckInFactory(
        plan=PlanFactory(newcomer=UserFactory(unit=unit), unit=unit),
        shared=False,
        message="Jag vill prata om arbetsbelastningen.",
    )
    seen = _seen(manager)[checkin.pk]
    assert seen.shown_message == "Jag vill prata om arbetsbelastningen."
    assert selectors.answers_of(seen) is None


def test_a_manager_of_another_unit_sees_nothing(other_manager, shared, unshared):
    assert _seen(other_manager) == {}
    assert not selectors.plans_followed(viewer=other_manager).exists()


@pytest.mark.parametrize("who", ["mentor", "supervisor", "hr", "admin_user", "coordinator"])
def test_mentors_supervisors_hr_and_admins_see_no_check_in(request, who, shared, unshared):
    viewer = request.getfixturevalue(who)
    assert _seen(viewer) == {}
    assert not selectors.plans_followed(viewer=viewer).exists()


def test_answers_follow_the_unit_they_were_given_in_after_a_move(
    manager, other_manager, plan, shared, other_unit
):
    IntroductionPlan.objects.filter(pk=plan.pk).update(unit=other_unit)
    assert shared.pk in _seen(manager)  # shared with the manager the newcomer had then
    assert shared.pk not in _seen(other_manager)


def test_the_plan_rows_say_what_is_open_answered_and_to_come(plan, manager, shared, today):
    rows = selectors.plan_rows(plan=plan, viewer=manager, today=today)
    assert [(r.point.months, r.state, r.answered) for r in rows] == [
        (1, "open", True),
        (4, "later", False),
        (12, "later", False),
        (24, "later", False),
    ]
    assert rows[0].answers[0].rating == 4


def test_the_open_check_in_of_the_newcomer(newcomer, plan, today):
    found = selectors.open_checkin(person=newcomer, today=today)
    assert (found.plan, found.point.months, found.answer) == (plan, 1, None)
    assert selectors.open_checkin(person=newcomer, today=today - 30 * DAY) is None
    assert selectors.open_checkin_pending(person=newcomer, today=today).point.months == 1
    CheckInFactory(plan=plan)
    assert selectors.open_checkin_pending(person=newcomer, today=today) is None


def test_no_open_check_in_without_an_active_plan(newcomer, plan, today):
    IntroductionPlan.objects.filter(pk=plan.pk).update(status=IntroductionPlan.Status.CLOSED)
    assert selectors.open_checkin(person=newcomer, today=today) is None


def test_the_managers_overview_counts_per_point(manager, plan, shared, unshared, unit, today):
    PlanFactory(newcomer=UserFactory(unit=unit), unit=unit, start_date=today - 50 * DAY)
    PlanFactory(newcomer=UserFactory(), start_date=today - 50 * DAY)  # another unit
    (entry,) = selectors.overview(viewer=manager, today=today)
    assert entry.unit == unit and len(entry.plans) == 3
    assert entry.counts[0] == {"months": 1, "answered": 2, "waiting": 1, "shared": 1}
    assert entry.counts[1] == {"months": 4, "answered": 0, "waiting": 0, "shared": 0}
    cells = {p.pk: p.cells[0] for p in entry.plans}
    assert cells[plan.pk]["checkin"].has_message
    assert "message" in cells[plan.pk]["checkin"].get_deferred_fields()


def test_the_managers_news_are_shared_answers_and_messages_of_two_weeks(
    manager, shared, unshared, unit, today
):
    old = CheckInFactory(
        plan=PlanFactory(newcomer=UserFactory(unit=unit), unit=unit),
        shared=True,
        answered_at=timezone.now() - 20 * DAY,
    )
    news = selectors.manager_news(viewer=manager, today=today)
    assert [c.pk for c in news] == [shared.pk]
    assert old.pk not in [c.pk for c in news]


# -- HR's figures -----------------------------------------------------------------------


def _answers(unit, people: int, when: datetime.datetime, rating=4):
    made = []
    for _n in range(people):
        checkin = CheckInFactory(
            plan=PlanFactory(newcomer=UserFactory(unit=unit), unit=unit),
            joy_rating=rating,
            answered_at=when,
        )
        CheckIn.objects.filter(pk=checkin.pk).update(created_at=when)
        made.append(checkin)
    return made


def _last_half_year(today):
    year, half = selectors.previous_half_year(selectors.half_year(today))
    start = selectors.half_year_start((year, half))
    return (year, half), timezone.make_aware(datetime.datetime.combine(start, datetime.time(12)))


def _row(periods, period, unit_name):
    (found,) = [p for p in periods if (p.year, p.half) == period]
    return next(r for r in found.rows if r.unit_name == unit_name)


def test_hr_sees_no_figures_for_four_people(today):
    unit = UnitFactory(name="Liten enhet")
    period, when = _last_half_year(today)
    _answers(unit, 4, when)
    row = _row(selectors.figures(today=today), period, "Liten enhet")
    assert row.people.hidden and row.means is None


def test_hr_sees_the_means_of_five_people(today):
    unit = UnitFactory(name="Stor enhet")
    period, when = _last_half_year(today)
    _answers(unit, 4, when, rating=4)
    _answers(unit, 1, when, rating=1)
    row = _row(selectors.figures(today=today), period, "Stor enhet")
    assert not row.people.hidden and row.people.value == 5
    assert row.means == [3.4, 3.0, 5.0, 2.0]


def test_a_person_counts_once_per_half_year_with_the_latest_answer(today):
    unit = UnitFactory(name="Enhet")
    period, when = _last_half_year(today)
    people = _answers(unit, 4, when)
    later = CheckInFactory(plan=people[0].plan, point=4, joy_rating=1, answered_at=when)
    CheckIn.objects.filter(pk=later.pk).update(created_at=when)
    row = _row(selectors.figures(today=today), period, "Enhet")
    assert row.people.hidden  # still four different people


def test_the_running_half_year_shows_only_how_many_answered(today):
    unit = UnitFactory(name="Enhet")
    _answers(unit, 5, timezone.now())
    running = selectors.figures(today=today)[0]
    assert not running.ended
    (row,) = running.rows
    assert row.people.value == 5 and row.means is None


def test_the_figures_hold_no_names_texts_or_messages(today):
    unit = UnitFactory(name="Enhet")
    _period, when = _last_half_year(today)
    answers = _answers(unit, 5, when)
    CheckIn.objects.update(message="Hemligt meddelande")
    text = repr(selectors.figures(today=today))
    for checkin in answers:
        assert str(checkin.newcomer) not in text
    assert "Glädjetext" not in text and "Hemligt" not in text
