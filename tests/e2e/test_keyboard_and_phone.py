"""Keyboard use and a phone-sized screen."""

import pytest
from playwright.sync_api import expect

from .helpers import ROLES, log_in

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
SCREENSHOT = "/tmp/e2e-start-phone.png"


def test_first_tab_focuses_the_skip_link(page, a11y):
    page.goto("/")
    a11y.check()
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_text("Hoppa till innehållet")
    expect(focused).to_have_attribute("href", "#main")
    expect(focused).to_be_in_viewport()

    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


@pytest.mark.parametrize("context_options", [{"viewport": PHONE, "is_mobile": True}])
def test_start_page_fits_a_phone_without_sideways_scrolling(page, a11y, context_options):
    log_in(page, a11y, ROLES["manager"][0])
    expect(page.get_by_role("heading", level=2, name="Mina enheter", exact=True)).to_be_visible()
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= PHONE["width"], f"The start page is {scroll_width}px wide"
    page.screenshot(path=SCREENSHOT, full_page=True)
