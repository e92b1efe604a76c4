import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from lms.programme import services
from lms.programme.models import Module, Part, Programme


@pytest.fixture
def programme(db):
    return Programme.objects.create(
        name="Introduktionsprogrammet",
        version=1,
        valid_from=datetime.date(2026, 1, 1),
        is_current=True,
    )


@pytest.fixture
def part1(programme):
    return Part.objects.create(programme=programme, number=1, title="Del 1", deadline_months=4)


@pytest.fixture
def module(part1):
    return Module.objects.create(
        part=part1,
        title="Att arbeta i en politiskt styrd organisation",
        slug="politiskt-styrd-organisation",
        length_days=Decimal("1.5"),
    )


def days_from(first: datetime.date, n: int = 2):
    return [
        services.DayInput(first + datetime.timedelta(days=i), datetime.time(9), datetime.time(16))
        for i in range(n)
    ]


@pytest.fixture
def make_session(coordinator, module):
    def make(*, in_days=30, n_days=2, capacity=2, publish=True, deadline_in=None, **extra):
        first = timezone.localdate() + datetime.timedelta(days=in_days)
        deadline = (
            timezone.localdate() + datetime.timedelta(days=deadline_in)
            if deadline_in is not None
            else None
        )
        return services.session_create(
            by=coordinator,
            module=extra.pop("module", module),
            days=days_from(first, n_days),
            capacity=capacity,
            booking_deadline=deadline,
            publish=publish,
            **extra,
        )

    return make
