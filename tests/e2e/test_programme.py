"""The programme's main paths in the browser, each page checked with axe."""

import pytest
from playwright.sync_api import expect

from .helpers import ROLES, log_in, path_is

pytestmark = pytest.mark.e2e


def test_coordinator_plans_sessions_and_opens_the_planning_pages(page, a11y):
    log_in(page, a11y, ROLES["coordinator"][0])
    page.goto("/programme/sessions/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    a11y.check()
    page.locator("table tbody tr th a, table tbody tr td a").first.click()
    expect(page.locator("h1")).to_be_visible()
    expect(page.get_by_text("Prenumerera på").first).to_be_visible()
    a11y.check()
    page.goto("/programme/sessions/series/")
    expect(page).to_have_url(path_is("/programme/sessions/series/"))
    a11y.check()
    page.goto("/programme/sessions/import/")
    a11y.check()


def test_newcomer_sees_courses_and_subscribe_link(page, a11y):
    log_in(page, a11y, ROLES["newcomer"][0])
    page.goto("/programme/courses/")
    expect(page.get_by_role("heading", level=1, name="Kurser")).to_be_visible()
    expect(
        page.get_by_role("link", name="Prenumerera på kursdatumen i din kalender")
    ).to_be_visible()
    a11y.check()


def test_manager_opens_a_session_to_book(page, a11y):
    log_in(page, a11y, ROLES["manager"][0])
    page.goto("/programme/courses/")
    a11y.check()
    page.locator("table tbody tr th a").first.click()
    expect(page.locator("h1")).to_be_visible()
    a11y.check()
