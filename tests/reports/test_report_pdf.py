"""The follow-up as a PDF report: the page's permission and choices, the page's figures
and hidden cells, names only in a manager's own copy, and a fixed number of queries."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from lms.accounts.models import Role
from lms.core import versions
from lms.documents.figures_report import FiguresReportDocument
from lms.plans.caching import PLANS
from lms.reports.documents import figures_report_document
from lms.reports.selectors.figures import Figures, figures_for
from lms.reports.selectors.scopes import Scope
from tests.factories import UserFactory

from .conftest import START, TODAY, days

pytestmark = pytest.mark.django_db

URL = reverse("reports:figures_pdf")
PAGE_URL = reverse("reports:figures")
H1_2025 = {"start": "2025-01-01", "end": "2025-06-30"}
HIDDEN = "färre än 5"


def query(scope, **extra):
    return {"scope": scope, **H1_2025, "breakdown": "", **extra}


def _text(response) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture
def cohort(city, newcomer):
    """Six in unit a, five with a mentor by the first day; three in unit b, all with one."""
    for n in range(6):
        newcomer(city["a"], mentor_on=START if n < 5 else days(10), done={"m1": days(30)})
    for _n in range(3):
        newcomer(city["b"], mentor_on=START)
    return city


def test_anonymous_people_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", [Role.NEWCOMER, Role.MENTOR, Role.COORDINATOR])
def test_others_are_refused(client, role):
    client.force_login(UserFactory(roles=[role]))
    assert client.get(URL).status_code == 403
    assert client.get(URL, query("m:1")).status_code == 403


def test_hr_gets_the_figures_with_small_groups_hidden_and_no_names(client, hr, cohort):
    client.force_login(hr)
    administration = cohort["administration"]
    response = client.get(URL, query(f"a:{administration.pk}", breakdown="unit"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="uppfoljning-2025-01-01-2025-06-30.pdf"'
    )
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    text = _text(response)
    for expected in (
        "Uppföljning av introduktionen",
        "Stadsdelsförvaltning Norr",
        administration.municipality.name,
        "2025-01-01 – 2025-06-30",
        "Nyanställda: Enhet",
        # Nine newcomers: eight had a mentor by the first day, all did Part 1 in time.
        "89 %",
        "100 %",
        "Kursutvärderingar",
        "Kompetensnivåer bland medarbetarna",
    ):
        assert expected in text, expected
    # Unit b has three: hidden, and unit a with it; the total stands.
    after_b = text.split("Vuxen (Stadsdelsförvaltning Norr)", 1)[1]
    assert after_b.split("Totalt", 1)[0].split() == ["färre", "än", "5"] * 8
    assert "Nyanställda i dina enheter" not in text
    assert not any(person.get_full_name() in text for person in _newcomers())


def _newcomers():
    from lms.plans.models import IntroductionPlan

    return [plan.newcomer for plan in IntroductionPlan.objects.select_related("newcomer")]


def test_the_pdf_says_the_same_as_the_page(client, hr, cohort):
    client.force_login(hr)
    params = query(f"a:{cohort['administration'].pk}", breakdown="unit")
    report = client.get(PAGE_URL, params).context["report"]
    text = _text(client.get(URL, params))
    for figure in report.total.figures:
        assert figure.text in text
    for row in report.staff:
        assert f"{row.label} {row.text}" in text


def test_a_managers_pdf_lists_their_own_newcomers_by_name(client, manager_of, cohort):
    client.force_login(manager_of(cohort["a"]))
    response = client.get(URL, query(f"u:{cohort['a'].pk}"))
    assert response.status_code == 200
    text = _text(response)
    assert "Nyanställda i dina enheter" in text
    assert "Namnen visas bara för dig som är chef för enheten." in text
    mine = [p for p in _newcomers() if p.unit_id == cohort["a"].pk]
    others = [p for p in _newcomers() if p.unit_id != cohort["a"].pk]
    assert len(mine) == 6 and all(person.get_full_name() in text for person in mine)
    assert not any(person.get_full_name() in text for person in others)


def test_a_manager_cannot_ask_for_another_units_report(client, manager_of, cohort):
    client.force_login(manager_of(cohort["a"]))
    response = client.get(URL, query(f"u:{cohort['b'].pk}"))
    assert response.status_code == 400
    assert "Välj ett giltigt alternativ" in response.content.decode()


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
def test_bad_input_is_answered_with_the_form_and_400(client, hr, cohort, params, message):
    client.force_login(hr)
    municipality = cohort["administration"].municipality
    response = client.get(URL, query(f"m:{municipality.pk}", **params))
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert message in response.content.decode()


def test_a_period_without_newcomers_still_gives_a_readable_report(client, hr, cohort):
    client.force_login(hr)
    municipality = cohort["administration"].municipality
    params = query(f"m:{municipality.pk}", start="2018-01-01", end="2018-06-30")
    response = client.get(URL, params)
    assert response.status_code == 200
    text = _text(response)
    assert "Uppföljning av introduktionen" in text and "2018-01-01 – 2018-06-30" in text
    assert "Ingen nyanställd hade sin första dag under perioden." in text
    assert "Inga utvärderingar av kurstillfällen i perioden." in text
    assert "Inga avstämningar besvarade i perioden." in text


def test_the_page_links_to_the_report_with_its_choices(client, hr, cohort):
    client.force_login(hr)
    params = query(f"a:{cohort['administration'].pk}", breakdown="unit")
    html = client.get(PAGE_URL, params).content.decode()
    assert f"{URL}?scope=a%3A{cohort['administration'].pk}&amp;start=2025-01-01" in html
    assert "Ladda ner rapport (PDF)" in html


def test_an_english_speaking_viewer_gets_the_report_in_english(client, hr, cohort):
    hr.preferred_language = "en"
    hr.save()
    client.force_login(hr)
    text = _text(client.get(URL, query(f"a:{cohort['administration'].pk}")))
    assert "Follow-up of the introduction" in text and "Course evaluations" in text
    assert "Uppföljning av introduktionen" not in text


# -- the document, without a request ------------------------------------------------------


def _report(viewer, units, **extra) -> Figures:
    scope = Scope("test", "Test", frozenset(u.pk for u in units), 0)
    return figures_for(
        viewer=viewer,
        scope=scope,
        start=datetime.date(2025, 1, 1),
        end=datetime.date(2025, 6, 30),
        today=TODAY,
        **extra,
    )


def test_a_small_total_draws_no_chart_and_hides_every_figure(hr, city, newcomer):
    for _n in range(4):
        newcomer(city["a"], mentor_on=START)
    document = figures_report_document(_report(hr, [city["a"]]))
    assert isinstance(document, FiguresReportDocument)
    section = document.sections[0]
    assert section.chart is None
    assert section.table.rows == []
    assert section.table.footer == ["Totalt", *[HIDDEN] * 8]


def test_the_chart_of_a_report_leaves_out_no_figure_of_the_table(hr, cohort):
    units = [cohort["a"], cohort["b"], cohort["c"]]
    document = figures_report_document(_report(hr, units, breakdown="unit"))
    section = document.sections[0]
    texts = [bar.text for bar in section.chart.bars]
    assert texts == section.table.footer[2:]
    # The definitions name each measure the table has; the two "still employed" as one.
    assert [note.term for note in section.notes][-1] == "Kvar efter ett år / Kvar efter två år"


# -- queries -------------------------------------------------------------------------------


def _queries(client, params) -> int:
    """A request that builds the figures: cached ones would cost none of their queries."""
    client.get(URL, params)  # warm the session and role caches
    versions.bump(PLANS)  # the figures' own cache: build them again
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(URL, params).status_code == 200
    return len(ctx)


def test_the_report_costs_the_same_queries_for_more_newcomers(client, hr, city, newcomer):
    client.force_login(hr)
    params = query(f"a:{city['administration'].pk}", breakdown="unit")
    for _n in range(5):
        newcomer(city["a"], mentor_on=START, done={"m1": START})
    small = _queries(client, params)
    for unit in ("a", "b", "c"):
        for _n in range(6):
            newcomer(city[unit], mentor_on=START, done={"m1": START, "m2a": START})
    assert _queries(client, params) == small
    assert small <= 14, small
