"""Steps shared by the journeys. Each step checks the page it lands on with axe."""

import re

from playwright.sync_api import Page, expect

from lms.core.demo import DEMO_PASSWORD

# Demo login, the heading of the role's section on the start page.
ROLES = {
    "newcomer": ("nyanstalld@demo.test", "Min introduktion"),
    "newcomer2": ("nyanstalld2@demo.test", "Min introduktion"),
    "mentor": ("mentor@demo.test", "Mina adepter"),
    "supervisor": ("handledare@demo.test", "Mina nyanställda"),
    "manager": ("chef@demo.test", "Mina enheter"),
    "coordinator": ("samordnare@demo.test", "Kurstillfällen"),
    "hr": ("hr@demo.test", "Översikt per förvaltning"),
    "admin": ("admin@demo.test", "Administration"),
}


def path_is(path: str) -> re.Pattern:
    """A URL pattern for expect(page).to_have_url() that ignores host and port."""
    return re.compile(rf"^https?://[^/]+{re.escape(path)}(\?.*)?$")


def open_login(page: Page, a11y) -> None:
    page.goto("/accounts/login/")
    expect(page.get_by_role("heading", level=1, name="Logga in")).to_be_visible()
    a11y.check()


def submit_login(page: Page, email: str, password: str) -> None:
    page.locator("input[name='login']").fill(email)
    page.locator("input[name='password']").fill(password)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state("load")


def log_in(page: Page, a11y, email: str, password: str = DEMO_PASSWORD) -> None:
    """Log in through the form and land on the start page."""
    open_login(page, a11y)
    submit_login(page, email, password)
    expect(page).to_have_url(path_is("/start/"))
    a11y.check()


def log_out(page: Page, a11y) -> None:
    page.get_by_role("button", name="Logga ut").click()
    expect(page).to_have_url(path_is("/"))
    expect(
        page.get_by_role("heading", level=1, name="Introduktion för nya socialsekreterare")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Logga ut")).to_have_count(0)
    a11y.check()
