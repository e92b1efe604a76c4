import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lms.programme import services
from lms.programme.models import CourseSession

pytestmark = pytest.mark.django_db


def rule(**extra):
    data = {
        "first_month": datetime.date(2027, 1, 1),
        "last_month": datetime.date(2027, 12, 1),
        "weekday": 1,  # Tuesday
        "nth": 2,
    }
    data.update(extra)
    return services.SeriesRule(**data)


def test_second_tuesday_monthly_except_july():
    dates = [days[0] for days in services.series_dates(rule())]
    assert len(dates) == 11
    assert dates[0] == datetime.date(2027, 1, 12)
    assert all(d.weekday() == 1 and 8 <= d.day <= 14 for d in dates)
    assert 7 not in {d.month for d in dates}


def test_multi_day_series_skips_weekends():
    [days] = services.series_dates(
        rule(
            first_month=datetime.date(2027, 1, 1),
            last_month=datetime.date(2027, 1, 1),
            weekday=4,
            nth=-1,
            n_days=2,
        )
    )
    assert days == [datetime.date(2027, 1, 29), datetime.date(2027, 2, 1)]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            {"first_month": datetime.date(2027, 7, 1), "last_month": datetime.date(2027, 7, 1)},
            "Serien ger inga datum",
        ),
        ({"last_month": datetime.date(2026, 1, 1)}, "sista månad kan inte vara före"),
        (
            {
                "nth": 5,
                "first_month": datetime.date(2027, 2, 1),
                "last_month": datetime.date(2027, 2, 1),
            },
            "Serien ger inga datum",
        ),
    ],
)
def test_a_series_without_dates_is_refused(extra, message):
    with pytest.raises(ValidationError, match=message):
        services.series_dates(rule(**extra))


def test_series_creates_every_session_with_deadlines(coordinator, module):
    sessions = services.session_series_create(
        by=coordinator,
        module=module,
        rule=rule(),
        capacity=20,
        deadline_days_before=14,
        place="Sal Älven",
        publish=True,
    )
    assert len(sessions) == 11
    first = sessions[0]
    assert first.booking_deadline == datetime.date(2026, 12, 29)
    assert first.status == CourseSession.Status.PUBLISHED


def test_series_is_for_coordinators(manager, module):
    with pytest.raises(PermissionDenied):
        services.session_series_create(by=manager, module=module, rule=rule(), capacity=5)
    assert not CourseSession.objects.exists()
