"""The session log in the browser, on a 375 px phone: the supervisor logs a 1:1 from the
quick form (a private note, a shared summary, one follow-up), and the newcomer reads the
summary and the follow-up in their plan, never the note, and writes a reflection."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .helpers import ROLES, log_in, log_out, path_is

pytestmark = pytest.mark.e2e
PHONE = {"width": 375, "height": 812}

SUMMARY = "Vi gick igenom hembesöket i veckan och hur du skriver bedömningen."
NOTE = "Privat: verkar orolig inför nästa hembesök, följ upp."
FOLLOW_UP = "Läs rutinen för hembesök före tisdag"
REFLECTION = "Bra att få sätta ord på oron. Jag tar med mig checklistan."


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide"


@pytest.mark.parametrize("context_options", [{"viewport": PHONE, "is_mobile": True}])
def test_a_supervisor_logs_a_session_on_a_phone_and_the_newcomer_reads_it(
    page, a11y, context_options
):
    log_in(page, a11y, ROLES["supervisor"][0])
    page.get_by_role("link", name="Handledning", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Mina nyanställda")).to_be_visible()
    a11y.check()
    page.get_by_role("link", name="Handledningslogg").click()
    expect(page.get_by_role("heading", level=1, name="Handledningslogg")).to_be_visible()
    a11y.check()
    _fits(page)

    # The quick form: the newcomer, then only what was said. Kind, status, now and
    # 60 minutes are already filled in.
    page.get_by_role("link", name="Logga ett tillfälle").click()
    expect(page.get_by_role("heading", level=1, name="Logga ett tillfälle")).to_be_visible()
    a11y.check()
    _fits(page)
    expect(page.get_by_label("Individuell handledning (1:1)")).to_be_checked()
    expect(page.get_by_label("Genomfört")).to_be_checked()
    expect(page.get_by_label("Längd i minuter")).to_have_value("60")
    page.get_by_label("Amira Hassan").check()
    page.get_by_label("Sammanfattning till den nyanställda").fill(SUMMARY)
    page.get_by_label("Privat anteckning").fill(NOTE)
    page.get_by_label("Vad ni kom överens om").first.fill(FOLLOW_UP)
    page.get_by_role("button", name="Spara tillfället").click()

    expect(page.get_by_text("Tillfället är loggat.")).to_be_visible()
    expect(
        page.get_by_role("heading", level=1, name=re.compile("^Individuell handledning"))
    ).to_be_visible()
    expect(page.get_by_text(SUMMARY)).to_be_visible()
    expect(page.get_by_text(NOTE)).to_be_visible()  # the author's own page
    expect(page.get_by_text(FOLLOW_UP, exact=True)).to_be_visible()
    a11y.check()
    _fits(page)
    log_out(page, a11y)

    log_in(page, a11y, ROLES["newcomer"][0])
    page.goto("/plans/mine/")
    expect(
        page.get_by_role("heading", level=2, name="Handledning och mentorsamtal")
    ).to_be_visible()
    panel = page.locator("section.session-panel")
    expect(panel.get_by_text(SUMMARY)).to_be_visible()
    expect(panel.get_by_text(FOLLOW_UP, exact=True).first).to_be_visible()
    assert NOTE not in page.content()
    a11y.check()
    _fits(page)

    today = timezone.localdate().isoformat()
    panel.get_by_role("link", name=f"Skriv en reflektion om tillfället {today}").first.click()
    expect(page.get_by_role("heading", level=1, name="Min reflektion")).to_be_visible()
    expect(page.get_by_text(SUMMARY)).to_be_visible()
    assert NOTE not in page.content()
    a11y.check()
    _fits(page)
    page.get_by_label("Min reflektion").fill(REFLECTION)
    page.get_by_role("button", name="Spara reflektionen").click()

    expect(page).to_have_url(path_is("/plans/mine/"))
    expect(page.get_by_text("Din reflektion är sparad.")).to_be_visible()
    expect(page.locator("section.session-panel").get_by_text(REFLECTION)).to_be_visible()
    assert NOTE not in page.content()
    a11y.check()
