"""Mentoring in the browser: the manager pairs a newcomer from the suggestions, the
mentor finds the new mentee, and a newcomer answers "is this a good fit?" on a phone;
with axe on every page."""

import re

import pytest
from playwright.sync_api import expect

from lms.mentoring.models import MentorPairing

from .helpers import ROLES, log_in, log_out, path_is

pytestmark = pytest.mark.e2e
PHONE = {"width": 390, "height": 844}


def test_manager_pairs_a_newcomer_and_the_mentor_sees_the_new_mentee(page, a11y):
    log_in(page, a11y, ROLES["manager"][0])
    section = page.get_by_role("region", name="Mentorer att utse")
    expect(section.get_by_role("heading", name="Nyanställda utan mentor")).to_be_visible()
    expect(section.get_by_role("heading", name="Ber om en ny mentor")).to_be_visible()
    section.get_by_role("link", name="Johan Lindqvist").click()
    expect(page.get_by_role("heading", level=1, name="Mentor för Johan Lindqvist")).to_be_visible()
    a11y.check()
    first = page.locator("ol.suggestions > li").first
    expect(first.get_by_text("Samma verksamhetsområde")).to_be_visible()
    mentor_name = first.locator("h3").inner_text()
    first.get_by_role("button", name=f"Välj {mentor_name}").click()
    expect(
        page.get_by_text(re.compile(rf"^{re.escape(mentor_name)} är mentor för Johan Lindqvist"))
    ).to_be_visible()
    current = page.get_by_role("region", name="Nuvarande mentor")
    expect(current.get_by_text(mentor_name)).to_be_visible()
    a11y.check()
    # The plan shows the new mentor too.
    page.get_by_role("link", name="Öppna planen").click()
    expect(page.get_by_role("region", name="Mentor", exact=True)).to_contain_text(mentor_name)
    a11y.check()
    log_out(page, a11y)

    pairing = MentorPairing.objects.select_related("mentor").get(
        newcomer__email="nyanstalld2@demo.test", ended_on=None
    )
    log_in(page, a11y, pairing.mentor.email)
    page.get_by_role("link", name="Mitt mentorskap").click()
    mentees = page.get_by_role("region", name="Nyanställda jag är mentor för")
    expect(mentees.get_by_role("heading", level=3, name="Johan Lindqvist")).to_be_visible()
    a11y.check()


@pytest.mark.parametrize("context_options", [{"viewport": PHONE, "is_mobile": True}])
def test_newcomer_answers_the_fit_question_on_a_phone(page, a11y, context_options):
    log_in(page, a11y, ROLES["newcomer"][0])
    page.goto("/plans/mine/")
    panel = page.get_by_role("region", name="Mentor")
    expect(panel.get_by_text("Din mentor är Karin Berg")).to_be_visible()
    a11y.check()
    panel.get_by_label("Ja, det passar bra").check()
    panel.get_by_role("button", name="Svara").click()
    expect(page.get_by_text("Tack för ditt svar. Du kan ändra det när du vill.")).to_be_visible()
    expect(page.get_by_label("Ja, det passar bra")).to_be_checked()
    a11y.check()
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= PHONE["width"], f"The page is {scroll_width}px wide"
    page.get_by_label("Nej, det passar inte").check()
    page.get_by_role("button", name="Ändra svaret").click()
    expect(page.get_by_role("link", name="Be om en ny mentor")).to_be_visible()
    a11y.check()
    page.get_by_role("link", name="Be om en ny mentor").click()
    expect(page.get_by_role("heading", level=1, name="Be om en ny mentor")).to_be_visible()
    a11y.check()
    page.get_by_label("Meddelande till din chef").fill("Vi hinner inte ses.")
    page.get_by_role("button", name="Skicka till min chef").click()
    expect(page.get_by_text(re.compile("^Din chef har fått din begäran"))).to_be_visible()
    a11y.check()
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= PHONE["width"], f"The page is {scroll_width}px wide"


def test_the_mentor_answers_and_saves_on_their_cached_page(page, a11y):
    """Mitt mentorskap is cached without CSRF tokens; each form gets one from outside
    the cache through its form attribute, so a real browser's posts must go through."""
    log_in(page, a11y, ROLES["mentor"][0])
    page.get_by_role("link", name="Mitt mentorskap").click()
    mentees = page.get_by_role("region", name="Nyanställda jag är mentor för")
    a11y.check()
    first = mentees.locator("form.fit-form").first
    first.get_by_label("Ja, det passar bra").check()
    first.get_by_role("button").click()
    expect(page.get_by_text("Tack för ditt svar. Du kan ändra det när du vill.")).to_be_visible()
    expect(page).to_have_url(path_is("/mentoring/me/"))
    first = page.locator("form.fit-form").first
    expect(first.get_by_label("Ja, det passar bra")).to_be_checked()
    a11y.check()
    page.get_by_label("Antal nyanställda samtidigt").select_option("4")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Din mentorsprofil är sparad.")).to_be_visible()
    expect(page.get_by_text(re.compile(r"av högst 4 nyanställda"))).to_be_visible()
    a11y.check()
