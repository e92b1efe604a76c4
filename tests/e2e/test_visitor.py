"""A visitor who is not logged in: landing page, login page, a wrong password, languages."""

import re

import pytest
from playwright.sync_api import expect

from .helpers import open_login, path_is, submit_login

pytestmark = pytest.mark.e2e


def test_visitor_finds_the_login_page_from_the_landing_page(page, a11y):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(
        page.get_by_role("heading", level=1, name="Introduktion för nya socialsekreterare")
    ).to_be_visible()
    a11y.check()

    page.get_by_role("main").get_by_role("link", name="Logga in").click()
    expect(page).to_have_url(path_is("/accounts/login/"))
    expect(page.get_by_role("heading", level=1, name="Logga in")).to_be_visible()
    a11y.check()


def test_wrong_password_gives_a_swedish_error_and_stays_on_the_login_page(page, a11y):
    open_login(page, a11y)
    submit_login(page, "nyanstalld@demo.test", "fel-lösenord")
    expect(page).to_have_url(path_is("/accounts/login/"))
    error = page.get_by_role("alert")
    expect(error).to_contain_text(re.compile(r"lösenord.*felaktig", re.IGNORECASE))
    expect(error).not_to_contain_text(re.compile(r"password", re.IGNORECASE))
    expect(page.locator("input[name='login']")).to_have_value("nyanstalld@demo.test")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("button", name="Logga ut")).to_have_count(0)
    a11y.check()


def test_visitor_switches_the_language_to_english_and_back(page, a11y):
    open_login(page, a11y)

    page.get_by_role("button", name="In English").click()
    expect(page).to_have_url(path_is("/accounts/login/"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1, name="Log in")).to_be_visible()
    expect(page.get_by_role("button", name="In English")).to_have_count(0)
    a11y.check()

    page.get_by_role("button", name="På svenska").click()
    expect(page).to_have_url(path_is("/accounts/login/"))
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("heading", level=1, name="Logga in")).to_be_visible()
    expect(page.get_by_role("button", name="In English")).to_be_visible()
    a11y.check()
