"""The programme's main paths in the browser, each page checked with axe."""

import re

import pytest
from playwright.sync_api import expect

from .helpers import ROLES, log_in, path_is

pytestmark = pytest.mark.e2e
PHONE = {"width": 390, "height": 844}
NARROW = {"width": 320, "height": 640}


def test_coordinator_plans_sessions_and_opens_the_planning_pages(page, a11y):
    log_in(page, a11y, ROLES["coordinator"][0])
    page.goto("/programme/sessions/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    a11y.check()
    page.locator("table tbody tr th a, table tbody tr td a").first.click()
    expect(page.locator("h1")).to_be_visible()
    expect(page.get_by_text("Prenumerera på").first).to_be_visible()
    a11y.check()
    # Cancelling asks first and says who will be told; "Avbryt" leaves it as it was.
    page.get_by_role("link", name="Ställ in kurstillfället").click()
    expect(page.get_by_role("heading", level=1, name=re.compile(r"^Ställa in "))).to_be_visible()
    a11y.check()
    page.get_by_role("link", name="Avbryt").click()
    expect(page.get_by_role("link", name="Ställ in kurstillfället")).to_be_visible()
    a11y.check()
    page.goto("/programme/sessions/series/")
    expect(page).to_have_url(path_is("/programme/sessions/series/"))
    a11y.check()
    page.goto("/programme/sessions/import/")
    a11y.check()


@pytest.mark.parametrize("context_options", [{"viewport": NARROW, "is_mobile": True}])
def test_coordinator_imports_from_a_calendar_file_on_a_small_phone(page, a11y, context_options):
    """The demo's regional calendar: two events already imported, one new, one repeating."""
    from django.utils import timezone

    from lms.programme.demo import demo_calendar

    log_in(page, a11y, ROLES["coordinator"][0])
    page.goto("/programme/sessions/")
    a11y.check()
    page.get_by_role("link", name="Importera från kalenderfil").click()
    a11y.check()
    page.get_by_label(re.compile(r"^Modul")).select_option(label="Samverkan med andra aktörer")
    page.get_by_label(re.compile(r"^Kalenderfil")).set_input_files(
        {
            "name": "utbildningar.ics",
            "mimeType": "text/calendar",
            "buffer": demo_calendar(timezone.localdate()),
        }
    )
    page.get_by_role("button", name="Visa händelserna").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Välj händelser att importera")
    a11y.check()
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= NARROW["width"], f"The preview is {scroll_width}px wide"
    new = page.get_by_role("checkbox", name="Samverkan med andra aktörer, tillfälle 3")
    expect(new).to_be_checked()
    done = page.get_by_role("checkbox", name="Samverkan med andra aktörer, tillfälle 1")
    expect(done).to_be_disabled()
    expect(page.get_by_role("checkbox", name="Samverkansforum")).not_to_be_checked()
    expect(page.get_by_text("Redan importerad till modulen.")).to_have_count(2)
    page.get_by_label(re.compile(r"^Antal platser")).fill("20")
    page.get_by_role("button", name="Importera valda händelser").click()
    expect(page.get_by_text("1 kurstillfälle är skapat.", exact=False)).to_be_visible()
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


def test_coordinator_pages_through_the_calendar_and_edits_a_session(page, a11y):
    log_in(page, a11y, ROLES["coordinator"][0])
    page.goto("/programme/sessions/")
    a11y.check()
    page.get_by_role("link", name="Visa som kalender").click()
    expect(page.get_by_role("heading", level=1, name=re.compile(r"^Kalender "))).to_be_visible()
    a11y.check()
    # Next month by keyboard, and back to the list from an entry in the grid.
    page.locator("a[rel='next']").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"\?month=\d{4}-\d{2}$"))
    a11y.check()
    page.goto("/programme/sessions/")
    a11y.check()
    page.locator("table tbody tr th a").first.click()
    expect(page.get_by_role("link", name="Ändra dagar och plats")).to_be_visible()
    a11y.check()
    page.get_by_role("link", name="Ändra dagar och plats").click()
    expect(page.get_by_role("heading", level=1, name=re.compile(r"^Ändra "))).to_be_visible()
    a11y.check()
    page.get_by_role("textbox", name=re.compile(r"^Plats")).fill("Stadshuset, sal Ån")
    page.get_by_role("button", name="Spara ändringarna").click()
    expect(page.get_by_text("Kurstillfället är ändrat.")).to_be_visible()
    expect(page.get_by_text("Stadshuset, sal Ån")).to_be_visible()
    a11y.check()
    page.goto("/programme/versions/")
    expect(page.get_by_role("heading", level=1, name="Programversioner")).to_be_visible()
    a11y.check()


@pytest.mark.parametrize("context_options", [{"viewport": PHONE, "is_mobile": True}])
def test_the_month_calendar_fits_a_phone(page, a11y, context_options):
    log_in(page, a11y, ROLES["coordinator"][0])
    page.goto("/programme/sessions/calendar/")
    a11y.check()
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= PHONE["width"], f"The calendar is {scroll_width}px wide"


def test_newcomer2_asks_for_a_place_and_cancels_it(page, a11y):
    log_in(page, a11y, ROLES["newcomer2"][0])
    page.goto("/programme/courses/")
    a11y.check()
    ask = page.get_by_role("button", name=re.compile(r"^Anmäl intresse för ")).first
    ask.click()
    expect(page.get_by_text("Din intresseanmälan är skickad.")).to_be_visible()
    a11y.check()
    before = page.get_by_role("link", name=re.compile(r"^Avboka ")).count()
    page.get_by_role("link", name=re.compile(r"^Avboka ")).last.click()
    # Cancelling asks first, on a page of its own.
    expect(page.get_by_text("Du får en bekräftelse på avbokningen.")).to_be_visible()
    a11y.check()
    page.get_by_role("button", name="Avboka mig").click()
    expect(page.get_by_text(re.compile(r"Anmälan för .* är avbokad\."))).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(r"^Avboka "))).to_have_count(before - 1)
    a11y.check()
