"""checkin_answer: only the newcomer, only while open, every bad input told in Swedish,
nothing saved half-way."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lms.checkins.models import CheckIn
from lms.checkins.points import point_for
from lms.checkins.services import checkin_answer
from lms.plans.models import IntroductionPlan

from .factories import PlanFactory

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def _answer(plan, by, ratings, **extra):
    return checkin_answer(plan=plan, point=extra.pop("point", 1), by=by, ratings=ratings, **extra)


def _messages(error: ValidationError) -> dict:
    return {field: [str(m) for m in messages] for field, messages in error.message_dict.items()}


def test_the_newcomer_answers_the_open_check_in(plan, newcomer, unit, ratings):
    checkin = _answer(
        plan,
        newcomer,
        ratings,
        texts={"joy": "  Hembesöken  ", "group": "Ärendedragningen"},
        message="Kan vi prata om ärendemängden?",
        shared=True,
    )
    checkin.refresh_from_db()
    assert (checkin.joy_rating, checkin.manager_rating) == (4, 3)
    assert (checkin.group_rating, checkin.contribution_rating) == (5, 2)
    assert checkin.joy_text == "Hembesöken" and checkin.manager_text == ""
    assert checkin.message == "Kan vi prata om ärendemängden?"
    assert checkin.shared and checkin.answered_at
    assert (checkin.newcomer, checkin.unit, checkin.point) == (newcomer, unit, 1)


def test_the_answer_can_be_changed_and_unshared_while_open(plan, newcomer, ratings):
    first = _answer(plan, newcomer, ratings, shared=True, message="Hej")
    changed = _answer(plan, newcomer, {**ratings, "joy": 2}, shared=False)
    assert changed.pk == first.pk and CheckIn.objects.count() == 1
    changed.refresh_from_db()
    assert changed.joy_rating == 2 and not changed.shared and changed.message == ""


def test_answering_twice_the_same_way_keeps_one_answer(plan, newcomer, ratings):
    _answer(plan, newcomer, ratings)
    _answer(plan, newcomer, ratings)
    assert CheckIn.objects.filter(plan=plan).count() == 1


def test_the_unit_is_the_one_at_the_time_of_answering(plan, newcomer, ratings, other_unit):
    IntroductionPlan.objects.filter(pk=plan.pk).update(unit=other_unit)
    assert _answer(plan, newcomer, ratings).unit == other_unit


@pytest.mark.parametrize("who", ["manager", "mentor", "supervisor", "hr", "admin_user"])
def test_nobody_else_answers_for_the_newcomer(request, plan, ratings, who):
    with pytest.raises(PermissionDenied):
        _answer(plan, request.getfixturevalue(who), ratings)
    assert not CheckIn.objects.exists()


def test_a_newcomer_cannot_answer_on_someone_elses_plan(plan, other_newcomer, ratings):
    with pytest.raises(PermissionDenied):
        _answer(plan, other_newcomer, ratings)


def test_a_missing_rating_is_named_in_swedish(plan, newcomer, ratings):
    with pytest.raises(ValidationError) as error:
        _answer(plan, newcomer, {**ratings, "manager": None, "group": ""})
    assert _messages(error.value) == {
        "manager_rating": [
            "Välj hur väl påståendet stämmer: "
            "”Jag får något från min chef som stärker mig i arbetet.”"
        ],
        "group_rating": [
            "Välj hur väl påståendet stämmer: "
            "”Jag får något från min arbetsgrupp som stärker mig i arbetet.”"
        ],
    }
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize("bad", [0, 6, -1, "fem", 2.5, True])
def test_a_rating_out_of_range_is_refused(plan, newcomer, ratings, bad):
    with pytest.raises(ValidationError) as error:
        _answer(plan, newcomer, {**ratings, "joy": bad})
    assert _messages(error.value) == {"joy_rating": ["Svaret ska vara ett tal från 1 till 5."]}
    assert not CheckIn.objects.exists()


def test_too_long_a_text_is_refused(plan, newcomer, ratings):
    with pytest.raises(ValidationError) as error:
        _answer(plan, newcomer, ratings, message="x" * 2001)
    assert _messages(error.value) == {"message": ["Skriv högst 2000 tecken (nu 2001)."]}


def test_a_point_not_yet_open_is_refused(plan, newcomer, ratings):
    with pytest.raises(ValidationError) as error:
        _answer(plan, newcomer, ratings, point=4)
    opens = point_for(plan.start_date, 4).opens
    assert error.value.messages == [f"Avstämningen efter 4 månader öppnar {opens.isoformat()}."]
    assert not CheckIn.objects.exists()


def test_a_closed_point_is_refused_even_to_change(plan, newcomer, ratings, today):
    _answer(plan, newcomer, ratings)
    later = today + 100 * DAY  # month four has started: month one is closed
    with pytest.raises(ValidationError) as error:
        _answer(plan, newcomer, {**ratings, "joy": 1}, today=later)
    last = point_for(plan.start_date, 1).last_day
    assert error.value.messages == [
        f"Avstämningen efter 1 månad var öppen till och med {last.isoformat()} och kan inte "
        "besvaras eller ändras längre."
    ]
    assert CheckIn.objects.get().joy_rating == 4


def test_a_late_answer_is_welcome_while_the_point_is_open(newcomer, unit, ratings, today):
    # Month one opened almost three months ago; month four has not started yet.
    plan = PlanFactory(newcomer=newcomer, unit=unit, start_date=today - 118 * DAY)
    assert _answer(plan, newcomer, ratings).point == 1


def test_a_point_that_does_not_exist_is_refused(plan, newcomer, ratings):
    with pytest.raises(ValidationError) as error:
        _answer(plan, newcomer, ratings, point=5)
    assert error.value.messages == ["Det finns ingen avstämning efter 5 månader."]


@pytest.mark.parametrize("status", [IntroductionPlan.Status.CLOSED, IntroductionPlan.Status.DONE])
def test_a_plan_that_is_not_active_is_refused(plan, newcomer, ratings, status):
    IntroductionPlan.objects.filter(pk=plan.pk).update(status=status)
    with pytest.raises(ValidationError) as error:
        _answer(plan, newcomer, ratings)
    assert error.value.messages == [
        "Introduktionsplanen är inte aktiv längre, så avstämningen kan inte besvaras."
    ]
    assert not CheckIn.objects.exists()
