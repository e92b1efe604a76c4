"""The introduction figures in the browser: HR picks a half-year and a breakdown, reads the chart
and the table, and downloads the CSV; a manager sees their own newcomers by name."""

import re

import pytest
from playwright.sync_api import expect

from lms.organisation.models import Municipality

from .helpers import ROLES, log_in

pytestmark = pytest.mark.e2e


def test_hr_makes_the_twice_yearly_follow_up(page, a11y):
    log_in(page, a11y, ROLES["hr"][0])
    page.get_by_role("link", name="Uppföljning", exact=True).click()
    expect(
        page.get_by_role("heading", level=1, name="Uppföljning av introduktionen")
    ).to_be_visible()
    a11y.check()
    page.get_by_label("Vad").select_option(label="Älvstads kommun")
    page.get_by_label("Första dag").select_option("2025-07-01")
    page.get_by_label("Sista dag").select_option("2026-06-30")
    page.get_by_label("Dela upp på").select_option(label="Förvaltning")
    page.get_by_role("button", name="Visa").click()
    expect(
        page.get_by_role("heading", level=2, name=re.compile(r"^Älvstads kommun, 2025-07-01"))
    ).to_be_visible()
    expect(page.get_by_role("img", name="Andelar för alla nyanställda i perioden")).to_be_visible()
    expect(
        page.get_by_role("columnheader", name="Mentor utsedd senast första dagen")
    ).to_be_visible()
    expect(page.get_by_text("Nyanställda i dina enheter")).to_have_count(0)
    a11y.check()
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner som CSV").click()
    assert download.value.suggested_filename == "uppfoljning-2025-07-01-2026-06-30.csv"


def test_a_bad_period_is_explained(page, a11y):
    log_in(page, a11y, ROLES["hr"][0])
    municipality = Municipality.objects.get().pk  # ids differ between databases
    page.goto(f"/follow-up/?scope=m:{municipality}&start=2026-01-01&end=2025-12-31&breakdown=")
    expect(page.get_by_text("Sista dagen kan inte vara före första dagen.")).to_be_visible()
    a11y.check()


def test_a_manager_sees_their_own_newcomers(page, a11y):
    log_in(page, a11y, ROLES["manager"][0])
    page.get_by_role("link", name="Uppföljning", exact=True).click()
    a11y.check()
    page.get_by_label("Första dag").select_option("2025-07-01")
    page.get_by_label("Sista dag").select_option("2026-06-30")
    page.get_by_role("button", name="Visa").click()
    expect(page.get_by_role("heading", level=3, name="Nyanställda i dina enheter")).to_be_visible()
    a11y.check()
