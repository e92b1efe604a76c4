"""Certificates in the browser: a manager finds the demo's certificate and downloads it;
anyone types the code from the paper at /intyg/ and sees that it is valid."""

import pytest
from playwright.sync_api import expect

from .helpers import ROLES, log_in

pytestmark = pytest.mark.e2e


def test_a_manager_downloads_a_certificate(page, a11y):
    log_in(page, a11y, ROLES["manager"][0])
    page.get_by_role("link", name="Intyg", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Intyg")).to_be_visible()
    a11y.check()
    with page.expect_download() as download:
        page.get_by_role("link", name="Giltigt, ladda ner (PDF)").first.click()
    assert download.value.suggested_filename.endswith(".pdf")


def test_anyone_checks_a_code_typed_as_it_comes(page, a11y):
    page.goto("/intyg/")
    expect(page.get_by_role("heading", level=1, name="Kontrollera ett intyg")).to_be_visible()
    a11y.check()
    page.get_by_label("Kontrollkod").fill("dema 2345 kxrt")
    page.get_by_role("button", name="Kontrollera").click()
    expect(page.get_by_role("heading", level=2, name="Intyget är giltigt")).to_be_visible()
    a11y.check()
