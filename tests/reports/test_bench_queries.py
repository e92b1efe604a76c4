"""The follow-up's CSV costs the same queries however many newcomers it counts, as the
page does (test_views.py); tests/bench/figures.py measures both on a whole city."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .conftest import START

pytestmark = pytest.mark.django_db

CSV_URL = reverse("reports:figures_csv")


def _queries(client, params) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(CSV_URL, params).status_code == 200
    return len(ctx)


@pytest.mark.parametrize("breakdown", ["", "unit", "gender"])
def test_the_csv_costs_the_same_queries_for_more_newcomers(
    client, hr, city, newcomer, programme, breakdown
):
    client.force_login(hr)
    params = {
        "scope": f"m:{city['administration'].municipality_id}",
        "start": "2025-01-01",
        "end": "2025-06-30",
        "breakdown": breakdown,
    }
    for _n in range(5):
        newcomer(city["a"], mentor_on=START, done={"m1": START})
    client.get(CSV_URL, params)  # warm the session and role caches
    small = _queries(client, params)
    for unit in ("a", "b", "c"):
        for _n in range(6):
            newcomer(city[unit], mentor_on=START, done={"m1": START, "m2a": START}, gender="woman")
    client.get(CSV_URL, params)  # new people: the role cache is read again once
    assert _queries(client, params) == small
    assert small <= 16, small
