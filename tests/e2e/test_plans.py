"""Plans in the browser: the newcomer's checklist and the manager's list, with axe."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from .helpers import ROLES, log_in

pytestmark = pytest.mark.e2e
PHONE = {"width": 390, "height": 844}


def test_newcomer_ticks_an_item_with_a_reflection(page, a11y):
    log_in(page, a11y, ROLES["newcomer"][0])
    page.get_by_role("link", name="Öppna min introduktionsplan").click()
    expect(page.get_by_role("heading", level=1, name="Min introduktion")).to_be_visible()
    a11y.check()
    # A plan item, not one of the supervision follow-ups that also have the button.
    done = page.get_by_role("button", name=re.compile(r"^Markera som klar"))
    item = page.locator("li.plan-item").filter(has=done).first
    button = item.get_by_role("button", name=re.compile(r"^Markera som klar"))
    title = item.locator("h3").inner_text()
    item.get_by_text("Lägg till en reflektion").click()
    item.get_by_label("Reflektion").fill("Bra att gå igenom detta tidigt.")
    button.click()
    expect(page.get_by_text(f"”{title}” är klar.")).to_be_visible()
    expect(page.get_by_text("Bra att gå igenom detta tidigt.")).to_be_visible()
    a11y.check()


@pytest.mark.parametrize("context_options", [{"viewport": PHONE, "is_mobile": True}])
def test_the_plan_fits_a_phone(page, a11y, context_options):
    log_in(page, a11y, ROLES["newcomer2"][0])
    page.goto("/plans/mine/")
    expect(page.get_by_role("heading", level=2, name=re.compile(r"^Välkommen"))).to_be_visible()
    a11y.check()
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= PHONE["width"], f"The plan is {scroll_width}px wide"


def test_manager_follows_the_units_plans(page, a11y):
    log_in(page, a11y, ROLES["manager"][0])
    page.get_by_role("link", name="Planer", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Introduktionsplaner")).to_be_visible()
    a11y.check()
    page.locator("table tbody tr th a").first.click()
    expect(page.get_by_role("heading", level=2, name="Historik")).to_be_visible()
    a11y.check()
    page.get_by_role("link", name="Lägg till en punkt").click()
    expect(page.get_by_role("heading", level=1, name="Ny punkt")).to_be_visible()
    a11y.check()


def test_manager_adds_an_item_to_a_used_template_and_applies_the_new_version(page, a11y):
    log_in(page, a11y, ROLES["manager"][0])
    page.get_by_role("link", name="Planer", exact=True).click()
    a11y.check()
    page.get_by_role("link", name="Planmallar").click()
    expect(page.get_by_role("heading", level=1, name="Planmallar")).to_be_visible()
    a11y.check()
    page.get_by_role("link", name="Barn och unga: utredning").click()
    expect(page.get_by_role("heading", level=1, name="Barn och unga: utredning")).to_be_visible()
    expect(page.get_by_text("Den här versionen används av 1 plan.")).to_be_visible()
    a11y.check()
    page.get_by_role("link", name="Lägg till en punkt").click()
    expect(page.get_by_role("heading", level=1, name="Ny punkt i mallen")).to_be_visible()
    a11y.check()
    page.get_by_label("Rubrik").fill("Besök familjerätten")
    page.get_by_label("Typ:", exact=True).select_option("shadowing")
    page.get_by_label("Ansvarig:", exact=True).select_option("mentor")
    page.get_by_label("Klart, räknat från första dagen").fill("5")
    page.get_by_label("Räknat i").select_option("weeks")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text(re.compile(r"Ändringen sparades i en ny version, v3"))).to_be_visible()
    expect(page.get_by_role("heading", level=3, name="Besök familjerätten")).to_be_visible()
    expect(page.get_by_text("Dag 35 (vecka 6)")).to_be_visible()
    a11y.check()
    page.get_by_label("Amira Hassan").check()
    page.get_by_role("button", name="Visa vad som läggs till i de valda planerna").click()
    expect(
        page.get_by_role("heading", level=1, name="För över version 3 till planer")
    ).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Besök familjerätten")).to_be_visible()
    a11y.check()
    # A day inside every window whatever today is: a year after today.
    in_a_year = (datetime.date.today() + datetime.timedelta(days=365)).isoformat()
    page.get_by_label("Klar senast: Besök familjerätten").fill(in_a_year)
    page.get_by_role("button", name="För över version 3 till de valda planerna").click()
    expect(
        page.get_by_text(re.compile(r"^Planen för Amira Hassan: 2 punkter tillagda"))
    ).to_be_visible()
    a11y.check()
    page.goto("/plans/")
    a11y.check()
    page.get_by_role("link", name="Amira Hassan").click()
    expect(page.get_by_role("heading", level=3, name="Besök familjerätten")).to_be_visible()
    expect(page.get_by_text("Ny mallversion införd").first).to_be_visible()
    a11y.check()


@pytest.mark.parametrize("context_options", [{"viewport": PHONE, "is_mobile": True}])
def test_the_template_page_fits_a_phone(page, a11y, context_options):
    log_in(page, a11y, ROLES["manager"][0])
    page.goto("/plans/templates/")
    a11y.check()
    page.get_by_role("link", name="Barn och unga: utredning").click()
    expect(
        page.get_by_role("heading", level=2, name=re.compile(r"^För över version"))
    ).to_be_visible()
    a11y.check()
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= PHONE["width"], f"The template page is {scroll_width}px wide"
