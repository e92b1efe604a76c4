"""A plan's life in the browser: the manager's start page, a sign-off, moving the first
day, closing when someone leaves and reopening on return; with axe on every page."""

import re

import pytest
from playwright.sync_api import expect

from .helpers import ROLES, log_in

pytestmark = pytest.mark.e2e


def test_manager_signs_off_from_the_start_page(page, a11y):
    log_in(page, a11y, ROLES["manager"][0])
    section = page.get_by_role("region", name="Introduktionsplaner i mina enheter")
    expect(section.get_by_role("heading", name="Väntar på ditt godkännande")).to_be_visible()
    section.get_by_role("link", name="Säkerhetsrutiner: hot och våld").click()
    expect(page.get_by_role("heading", level=2, name="Historik")).to_be_visible()
    a11y.check()
    page.get_by_role("button", name=re.compile(r"^Godkänn Säkerhetsrutiner")).click()
    expect(page.get_by_text("”Säkerhetsrutiner: hot och våld” är godkänd.")).to_be_visible()
    a11y.check()


def test_manager_moves_the_first_day_then_closes_and_reopens_the_plan(page, a11y):
    log_in(page, a11y, ROLES["manager"][0])
    page.goto("/plans/")
    a11y.check()
    page.get_by_role("link", name="Amira Hassan").click()
    expect(page.get_by_role("heading", level=2, name="Historik")).to_be_visible()
    a11y.check()
    page.get_by_role("link", name="Ändra första dag eller handledare").click()
    expect(
        page.get_by_role("heading", level=1, name=re.compile("^Ändra planen för"))
    ).to_be_visible()
    a11y.check()
    first_day = page.get_by_label("Första dagen")
    first_day.fill("2026-10-19")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Planen är ändrad.")).to_be_visible()
    expect(page.get_by_text(re.compile("Första dagen: .* → 2026-10-19"))).to_be_visible()
    a11y.check()

    page.get_by_role("link", name="Stäng planen").click()
    expect(
        page.get_by_role("heading", level=1, name=re.compile("^Stäng planen för"))
    ).to_be_visible()
    a11y.check()
    page.get_by_role("button", name="Stäng planen").click()
    expect(page.get_by_text("Det här fältet är obligatoriskt")).to_be_visible()
    a11y.check()
    page.get_by_label("Varför stängs planen?").fill("Föräldraledig ett år")
    page.get_by_role("button", name="Stäng planen").click()
    expect(
        page.get_by_text("Planen är stängd. Den finns kvar och kan öppnas igen.")
    ).to_be_visible()
    a11y.check()

    page.get_by_role("link", name="Öppna planen igen").click()
    expect(page.get_by_text(re.compile("Planen stängdes .*: Föräldraledig ett år"))).to_be_visible()
    a11y.check()
    page.get_by_role("button", name="Öppna planen igen").click()
    expect(page.get_by_text("Planen är öppnad igen.")).to_be_visible()
    a11y.check()


def test_newcomer_sees_this_week_on_the_start_page(page, a11y):
    log_in(page, a11y, ROLES["newcomer"][0])
    section = page.get_by_role("region", name="Min introduktion")
    expect(section.get_by_role("heading", name=re.compile(r"^Den här veckan"))).to_be_visible()
    expect(section.get_by_text("Karin Berg")).to_be_visible()  # the mentor, by name
    a11y.check()


def test_supervisor_sees_their_newcomers(page, a11y):
    log_in(page, a11y, ROLES["supervisor"][0])
    section = page.get_by_role("region", name="Mina nyanställda")
    expect(section.get_by_role("link", name="Amira Hassan", exact=True)).to_be_visible()
    a11y.check()
