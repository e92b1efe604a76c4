import datetime

import pytest

from lms.programme.models import (
    CourseSession,
    Enrolment,
    Module,
    Part,
    Programme,
    SessionDay,
)


@pytest.fixture
def programme(db):
    return Programme.objects.create(
        name="Introduktion för socialsekreterare",
        version=1,
        valid_from=datetime.date(2026, 1, 1),
        is_current=True,
    )


@pytest.fixture
def part(programme):
    return Part.objects.create(programme=programme, number=1, title="Del 1", deadline_months=4)


@pytest.fixture
def module(part):
    return Module.objects.create(
        part=part, title="Utredning enligt BBIC", slug="bbic", length_days=1
    )


@pytest.fixture
def other_module(part):
    return Module.objects.create(
        part=part, title="Samtalsmetodik", slug="samtal", length_days=2, position=1
    )


@pytest.fixture
def make_session(coordinator):
    """A session with its days, created as the coordinator would (published by default)."""

    def make(
        module,
        *days,
        status=CourseSession.Status.PUBLISHED,
        place="Stadshuset, sal 3",
        online_url="",
        notes="Ta med dator.",
        trainers="Karin Utbildare",
    ):
        days = days or ((datetime.date(2026, 3, 30), datetime.time(9), datetime.time(16)),)
        session = CourseSession.objects.create(
            module=module,
            status=status,
            capacity=20,
            place=place,
            online_url=online_url,
            notes=notes,
            trainers=trainers,
            first_day_cache=days[0][0],
            created_by=coordinator,
        )
        SessionDay.objects.bulk_create(
            SessionDay(session=session, date=d, start=s, end=e) for d, s, e in days
        )
        return session

    return make


@pytest.fixture
def book():
    def book(session, person, status=Enrolment.Status.ADMITTED):
        return Enrolment.objects.create(session=session, person=person, status=status)

    return book


# -- plans -------------------------------------------------------------------------

PLAN_START = datetime.date(2027, 1, 11)


@pytest.fixture
def make_plan():
    """An active plan for the newcomer in their own unit, made directly (no template)."""
    from lms.plans.models import IntroductionPlan

    def make(newcomer, *, mentor=None, supervisor=None, status=IntroductionPlan.Status.ACTIVE):
        return IntroductionPlan.objects.create(
            newcomer=newcomer,
            unit=newcomer.unit,
            start_date=PLAN_START,
            mentor=mentor,
            supervisor=supervisor,
            status=status,
        )

    return make


@pytest.fixture
def add_item():
    from lms.plans.models import ItemKind, Phase, PlanItem, Responsible

    def add(
        plan,
        title,
        due=PLAN_START,
        *,
        responsible=Responsible.NEWCOMER,
        status=PlanItem.Status.OPEN,
        **extra,
    ):
        return PlanItem.objects.create(
            plan=plan,
            phase=Phase.FIRST_MONTH,
            title=title,
            kind=extra.pop("kind", ItemKind.TASK),
            responsible=responsible,
            due_date=due,
            status=status,
            **extra,
        )

    return add
