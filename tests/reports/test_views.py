"""The follow-up page and its CSV: who may see it, what each person may choose, bad
input answered in Swedish, names only for a manager's own units, fixed queries."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lms.accounts.models import Role
from lms.core import versions
from lms.plans.caching import PLANS
from tests.factories import UserFactory

from .conftest import START

pytestmark = pytest.mark.django_db

URL = reverse("reports:figures")
CSV_URL = reverse("reports:figures_csv")
H1_2025 = {"start": "2025-01-01", "end": "2025-06-30"}


def query(scope, **extra):
    return {"scope": scope, **H1_2025, "breakdown": "", **extra}


@pytest.fixture
def cohort(city, newcomer):
    for unit, n in (("a", 6), ("b", 3)):
        for _n in range(n):
            newcomer(city[unit], mentor_on=START)
    return city


def test_anonymous_people_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", [Role.NEWCOMER, Role.MENTOR, Role.COORDINATOR])
def test_others_are_refused(client, role):
    client.force_login(UserFactory(roles=[role]))
    assert client.get(URL).status_code == 403
    assert client.get(CSV_URL, query("m:1")).status_code == 403


def test_hr_sees_every_level_and_no_names(client, hr, cohort):
    client.force_login(hr)
    page = client.get(URL).content.decode()
    municipality = cohort["administration"].municipality
    for key in (f"m:{municipality.pk}", f"a:{cohort['administration'].pk}", f"u:{cohort['a'].pk}"):
        assert f'value="{key}"' in page
    response = client.get(URL, query(f"a:{cohort['administration'].pk}", breakdown="unit"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<option value="a:{cohort["administration"].pk}" selected>' in html
    assert '<option value="2025-06-30" selected>' in html
    assert "Nyanställda i dina enheter" not in html
    # Unit b has three: hidden, and a with it; the total stands.
    assert html.count("färre än 5") >= 2 and ">9<" in html


def test_the_default_is_the_last_finished_half_year(client, hr, cohort):
    client.force_login(hr)
    response = client.get(URL)
    assert response.status_code == 200
    report = response.context["report"]
    assert report.end < datetime.date.today() and (report.end - report.start).days in (
        180,
        181,
        183,
    )


def test_a_manager_chooses_among_own_units_and_sees_their_names(client, manager_of, cohort):
    manager = manager_of(cohort["a"])
    client.force_login(manager)
    page = client.get(URL).content.decode()
    assert f'value="u:{cohort["a"].pk}"' in page
    assert f'value="u:{cohort["b"].pk}"' not in page and 'value="m:' not in page
    response = client.get(URL, query(f"u:{cohort['a'].pk}"))
    people = response.context["report"].people
    assert len(people) == 6 and {p.unit for p in people} == {"Barn och unga"}
    assert "Nyanställda i dina enheter" in response.content.decode()
    # Another unit's figures cannot be asked for by URL.
    refused = client.get(URL, query(f"u:{cohort['b'].pk}"))
    assert refused.status_code == 200 and refused.context["report"] is None
    assert "Välj ett giltigt alternativ" in refused.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"start": "2025-07-01", "end": "2025-06-30"},
            "Sista dagen kan inte vara före första dagen.",
        ),
        ({"start": "2018-01-01", "end": "2025-12-31"}, "Välj en period på högst fem år."),
        ({"start": "30/6", "end": "2025-06-30"}, "Välj ett giltigt alternativ"),
        # Whole half-years only: a period ending on any day could single out its starters.
        ({"start": "2025-01-01", "end": "2025-03-14"}, "Välj ett giltigt alternativ"),
        ({"start": "2025-03-15", "end": "2025-06-30"}, "Välj ett giltigt alternativ"),
        ({"breakdown": "salary"}, "Välj ett giltigt alternativ"),
    ],
)
def test_bad_input_is_answered_in_swedish(client, hr, cohort, params, message):
    client.force_login(hr)
    municipality = cohort["administration"].municipality
    response = client.get(URL, query(f"m:{municipality.pk}", **params))
    # The page shows the form again with the reason, as any filter does.
    assert response.status_code == 200 and response.context["report"] is None
    assert message in response.content.decode()
    assert client.get(CSV_URL, query(f"m:{municipality.pk}", **params)).status_code == 400


def test_a_period_without_newcomers_says_so(client, hr, cohort):
    client.force_login(hr)
    municipality = cohort["administration"].municipality
    params = query(f"m:{municipality.pk}", start="2018-01-01", end="2018-06-30")
    html = client.get(URL, params).content.decode()
    assert "Ingen nyanställd hade sin första dag under perioden." in html


def test_the_csv_opens_in_excel_with_swedish_letters_and_hidden_cells(client, hr, cohort):
    client.force_login(hr)
    administration = cohort["administration"]
    response = client.get(CSV_URL, query(f"a:{administration.pk}", breakdown="unit"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="uppfoljning-2025-01-01-2025-06-30.csv"'
    )
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Avsnitt", "Grupp", "Mått", "Värde", "Antal personer"]
    newcomers = {r[1]: r[3] for r in rows if r[2] == "Nyanställda" and r[0].startswith("Nyanst")}
    assert newcomers == {
        "Barn och unga (Stadsdelsförvaltning Norr)": "färre än 5",
        "Vuxen (Stadsdelsförvaltning Norr)": "färre än 5",
        "Totalt": "9",
    }
    mentor = [r for r in rows if r[1] == "Totalt" and r[2] == "Mentor utsedd senast första dagen"]
    assert mentor == [
        ["Nyanställda: Enhet", "Totalt", "Mentor utsedd senast första dagen", "100 %", "9"]
    ]
    # No base is given for a hidden figure: it would be the hidden count itself.
    hidden = [r for r in rows if r[3] == "färre än 5" and r[0].startswith("Nyanst")]
    assert hidden and all(r[4] == "" for r in hidden)
    assert not any("@" in cell for row in rows for cell in row)


def test_the_managers_csv_lists_their_own_newcomers(client, manager_of, cohort):
    client.force_login(manager_of(cohort["a"]))
    response = client.get(CSV_URL, query(f"u:{cohort['a'].pk}"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    named = [r for r in rows if r[0] == "Nyanställda i dina enheter"]
    assert len(named) == 6 and {r[1] for r in named} == {"Barn och unga"}


def _queries(client, params) -> int:
    versions.bump(PLANS)  # the figures' own cache: build them again
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(URL, params).status_code == 200
    return len(ctx)


def test_the_page_costs_the_same_queries_for_more_newcomers(client, hr, city, newcomer, programme):
    client.force_login(hr)
    params = query(f"a:{city['administration'].pk}", breakdown="unit")
    for _n in range(5):
        newcomer(city["a"], mentor_on=START, done={"m1": START})
    client.get(URL, params)  # warm the session and role caches
    small = _queries(client, params)
    for unit in ("a", "b", "c"):
        for _n in range(6):
            newcomer(city[unit], mentor_on=START, done={"m1": START, "m2a": START})
    client.get(URL, params)  # new people: the role cache is read again once
    assert _queries(client, params) == small
    assert small <= 14, small


def test_a_second_look_comes_from_the_cached_fragment_and_csv(client, hr, cohort, newcomer):
    from unittest import mock

    def figures(html: str) -> str:
        return html[html.index('id="h-report"') :]

    client.force_login(hr)
    params = query(f"a:{cohort['administration'].pk}", breakdown="unit")
    first = client.get(URL, params).content.decode()
    first_csv = client.get(CSV_URL, params).content
    built_again = AssertionError("built again")
    with mock.patch("lms.reports.selectors.figures.figures_for", side_effect=built_again):
        again = client.get(URL, params).content.decode()
        again_csv = client.get(CSV_URL, params).content
    assert figures(again) == figures(first) and again_csv == first_csv
    # A new plan in the period: the figures are made afresh.
    newcomer(cohort["c"])
    assert client.get(URL, params).context["report"].total.newcomers == 10
