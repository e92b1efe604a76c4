"""The follow-up's figures cost the same number of queries for a few newcomers as for
many, and a second look within the cache's time costs none of them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lms.core import versions
from lms.organisation.workdays import closed_days
from lms.reports.selectors.figures import build, figures_for
from lms.reports.selectors.scopes import Scope

from .conftest import START, TODAY, days

pytestmark = pytest.mark.django_db

PERIOD = (days(-60), days(60))


def scope(city):
    units = frozenset(city[u].pk for u in ("a", "b", "c"))
    return Scope("a:test", "Norr", units, 1)


def build_queries(city, breakdown) -> int:
    with versions.unit_of_work(), CaptureQueriesContext(connection) as ctx:
        build(scope(city), *PERIOD, breakdown, TODAY)
    return len(ctx)


@pytest.mark.parametrize("breakdown", ["", "unit", "gender"])
def test_the_figures_cost_the_same_queries_for_more_newcomers(city, newcomer, breakdown):
    newcomer(city["a"], mentor_on=START, done={"m1": START})
    # The municipality's closed days are read once and then cached until one changes.
    closed_days(city["a"].administration.municipality_id)
    small = build_queries(city, breakdown)
    for unit in ("a", "b", "c"):
        for n in range(8):
            newcomer(city[unit], start=days(n), mentor_on=START, done={"m1": days(30)})
    # The organisation (kept until people change), the newcomers and their facts (6),
    # evaluations, check-ins and the staff: 10; and the version counters, read once per request.
    assert build_queries(city, breakdown) == small == 11


def test_a_second_look_is_served_from_the_cache_until_something_changes(city, newcomer, hr):
    newcomer(city["a"], mentor_on=START)
    first = figures_for(viewer=hr, scope=scope(city), start=PERIOD[0], end=PERIOD[1], today=TODAY)
    with versions.unit_of_work(), CaptureQueriesContext(connection) as ctx:
        again = figures_for(
            viewer=hr, scope=scope(city), start=PERIOD[0], end=PERIOD[1], today=TODAY
        )
    # the version counters, read once per request
    assert len(ctx) == 1 and again.total.newcomers == first.total.newcomers == 1
    newcomer(city["b"])  # a new plan bumps the plans version
    later = figures_for(viewer=hr, scope=scope(city), start=PERIOD[0], end=PERIOD[1], today=TODAY)
    assert later.total.newcomers == 2


def test_names_are_added_per_viewer_after_the_cache(city, newcomer, hr, manager_of):
    for unit in ("a", "b"):
        newcomer(city[unit])
    manager = manager_of(city["a"])
    args = {"scope": scope(city), "start": PERIOD[0], "end": PERIOD[1], "today": TODAY}
    assert figures_for(viewer=hr, **args).people == []
    mine = figures_for(viewer=manager, **args).people
    assert [p.unit for p in mine] == ["Barn och unga"]
    assert figures_for(viewer=hr, **args).people == []


def test_the_demo_shows_the_follow_up_with_part_1_figures(demo_city, client):
    import io

    from django.core.management import call_command

    from lms.accounts.models import User
    from lms.organisation.models import Municipality
    from lms.programme.models import ModuleCompletion

    before = ModuleCompletion.objects.count()
    client.force_login(User.objects.get(email="hr@demo.test"))
    response = client.get(
        "/follow-up/",
        {"scope": f"m:{Municipality.objects.get().pk}", "start": "2024-01-01", "end": "2026-06-30"},
    )
    report = response.context["report"]
    assert report.total.newcomers >= 5
    part1 = report.total.figures[1]
    assert part1.base >= 5 and not part1.hidden
    # Loading again writes no second completion, and says where to look.
    out = io.StringIO()
    call_command("load_demo", force=True, stdout=out)
    assert "Follow-up:" in out.getvalue()
    assert ModuleCompletion.objects.count() == before
