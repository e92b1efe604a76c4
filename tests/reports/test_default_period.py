"""The follow-up opens on figures: on the latest half-year whose "Del 1 klar i tid"
counts everyone who started in it, unless a period was chosen; and every dash says why
it stands and when it fills."""

import datetime

import pytest
from django.urls import reverse

from lms.reports.selectors.figures import build
from lms.reports.selectors.scopes import Scope
from tests.moments import STOCKHOLM

from .test_views import _queries

pytestmark = pytest.mark.django_db

URL = reverse("reports:figures")
H1_2026 = (datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))
H2_2026 = (datetime.date(2026, 7, 1), datetime.date(2026, 12, 31))
EARLY = datetime.date(2026, 2, 2)  # Part 1 due 2026-06-02
LATE = datetime.date(2026, 11, 2)  # Part 1 due 2027-03-02


def at(*day):
    return pytest.mark.moment(datetime.datetime(*day, 10, 0, tzinfo=STOCKHOLM))


@pytest.fixture
def starters(city, newcomer):
    for start in (EARLY, LATE):
        for _n in range(5):
            newcomer(city["a"], start=start)
    return city


def period(response):
    question = response.context["question"]
    return question["start"], question["end"]


def municipality(city):
    return f"m:{city['administration'].municipality.pk}"


@at(2027, 1, 15)
def test_the_page_skips_a_half_year_whose_part_1_deadlines_are_ahead(client, hr, starters):
    client.force_login(hr)
    response = client.get(URL)
    # H2 2026 is the latest ended half-year, but its starters' Part 1 ends in March.
    assert period(response) == H1_2026
    report = response.context["report"]
    assert report.total.figures[1].text == "0 %" and report.total.figures[1].base == 5
    html = response.content.decode()
    assert "Sidan öppnas på det senaste halvåret där ”Del 1 klar i tid”" in html
    assert '<option value="2026-01-01" selected>' in html


@at(2027, 7, 10)
def test_the_half_year_is_chosen_once_its_deadlines_have_passed(client, hr, starters):
    client.force_login(hr)
    # H1 2027 has ended but nobody started in it; H2 2026's Part 1 passed in March.
    assert period(client.get(URL)) == H2_2026


@at(2026, 9, 1)
def test_starters_still_ahead_of_the_count_day_do_not_hold_a_half_year_back(client, hr, starters):
    client.force_login(hr)
    assert period(client.get(URL)) == H1_2026


@at(2027, 1, 15)
def test_without_any_complete_half_year_the_latest_ended_one_is_shown(client, hr, city, newcomer):
    newcomer(city["a"], start=LATE)
    client.force_login(hr)
    assert period(client.get(URL)) == H2_2026


@at(2027, 1, 15)
def test_a_chosen_period_is_kept_and_its_dashes_say_when_they_fill(client, hr, starters):
    client.force_login(hr)
    params = {"scope": municipality(starters), "start": "2026-07-01", "end": "2026-12-31"}
    response = client.get(URL, params)
    assert period(response) == H2_2026
    part1 = response.context["report"].total.figures[1]
    assert part1.text == "–"
    assert part1.note == "fylls 2027-07-01, när fristen för Del 1 har gått ut"
    html = response.content.decode()
    # Visible text beside the dash, not a tooltip.
    assert (
        '– <span class="figure-note">(fylls 2027-07-01, när fristen för Del 1 har gått ut)' in html
    )
    assert "Sidan öppnas på det senaste halvåret" not in html


@at(2027, 1, 15)
def test_a_scope_without_a_period_opens_on_its_own_default(client, hr, starters, newcomer):
    for _n in range(5):
        newcomer(starters["b"], start=datetime.date(2025, 3, 3))
    client.force_login(hr)
    response = client.get(URL, {"scope": f"u:{starters['b'].pk}"})
    assert period(response) == (datetime.date(2025, 1, 1), datetime.date(2025, 6, 30))


@at(2027, 1, 15)
def test_each_dash_says_why_and_hidden_figures_keep_their_words(client, hr, starters, newcomer):
    for _n in range(2):
        newcomer(starters["b"], start=EARLY)
    client.force_login(hr)
    params = {
        "scope": f"a:{starters['administration'].pk}",
        "start": "2026-01-01",
        "end": "2026-06-30",
        "breakdown": "unit",
    }
    report = client.get(URL, params).context["report"]
    figures = zip(report.column_codes, report.total.figures, strict=True)
    notes = {code: figure.note for code, figure in figures}
    assert notes["part1_in_time"] == ""  # a figure: nothing to explain
    assert notes["part2_in_time"] == "fylls 2028-07-01, när fristen för Del 2 har gått ut"
    assert notes["employed_1y"] == "fylls 2027-07-01, när alla har varit anställda i ett år"
    # Unit b's two are hidden, and unit a with them: "färre än 5", no dash to explain.
    for row in report.rows:
        assert all(f.text == "färre än 5" and f.note == "" for f in row.figures)


@at(2027, 1, 15)
def test_a_figure_nobody_can_be_in_says_so(hr, starters, newcomer):
    from lms.plans.models import PlanItem

    PlanItem.objects.filter(module__part__number=2).delete()
    scope = Scope("m", "Kommunen", frozenset({starters["a"].pk}), 0)
    report = build(scope, *H1_2026, "", datetime.date(2027, 1, 15))
    part2 = report.total.figures[report.column_codes.index("part2_progress")]
    assert part2.note == "ingen i gruppen har moduler i del 2 i sin plan"


@at(2027, 1, 15)
def test_the_default_period_costs_one_query_once(client, hr, starters):
    client.force_login(hr)
    chosen = {"scope": municipality(starters), "start": "2026-01-01", "end": "2026-06-30"}
    client.get(URL)  # warm the session and role caches
    assert _queries(client, {}) == _queries(client, chosen) + 1
    # Within the cache's time the default costs nothing more.
    client.get(URL)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        client.get(URL)
    with CaptureQueriesContext(connection) as again:
        client.get(URL, chosen)
    assert len(ctx) == len(again)
