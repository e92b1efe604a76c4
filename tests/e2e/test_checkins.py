"""Check-ins in the browser, on a phone: the newcomer answers and shares with a message,
the manager reads it, HR sees only the figures per unit. Every page is checked with axe."""

import re

import pytest
from playwright.sync_api import expect

from .helpers import ROLES, log_in, log_out, path_is

pytestmark = pytest.mark.e2e
PHONE = {"width": 375, "height": 812}
SCREENSHOT = "/tmp/e2e-checkin-phone.png"
MESSAGE = "Kan vi prata om hur många ärenden jag har? Det känns mycket just nu."
JOY = "Hembesöket i tisdags, när familjen tackade för hjälpen."
STATEMENTS = [
    ("Jag har något i mitt arbete som ger mig glädje.", "5 – Stämmer helt"),
    ("Jag får något från min chef som stärker mig i arbetet.", "3 – Stämmer delvis"),
    ("Jag får något från min arbetsgrupp som stärker mig i arbetet.", "4 – Stämmer ganska bra"),
    ("Jag bidrar med något till min arbetsgrupp.", "2 – Stämmer ganska dåligt"),
]


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide on a phone"


@pytest.mark.parametrize("context_options", [{"viewport": PHONE, "is_mobile": True}])
def test_a_newcomer_shares_a_check_in_the_manager_reads_it_and_hr_sees_figures(
    page, a11y, context_options
):
    # The newcomer: the start page says a check-in waits; answer it on the phone.
    log_in(page, a11y, ROLES["newcomer"][0])
    expect(page.get_by_role("heading", name="Din avstämning efter 1 månad väntar")).to_be_visible()
    page.get_by_role("link", name="Svara på avstämningen").click()
    expect(
        page.get_by_role("heading", level=1, name="Din avstämning efter 1 månad")
    ).to_be_visible()
    a11y.check()
    _fits(page)
    # Sending without a rating: the message is at the statement, nothing is saved.
    page.get_by_role("button", name="Skicka mina svar").click()
    first = page.get_by_role("group", name=STATEMENTS[0][0])
    expect(first.get_by_text(re.compile(r"^Välj hur väl påståendet stämmer"))).to_be_visible()
    a11y.check()
    page.screenshot(path=SCREENSHOT, full_page=True)
    for statement, choice in STATEMENTS:
        page.get_by_role("group", name=statement).get_by_label(choice).check()
    page.get_by_label("Berätta gärna mer: vad ger dig glädje i arbetet?").fill(JOY)
    page.get_by_label("Meddelande till din chef (frivilligt)").fill(MESSAGE)
    page.get_by_label(re.compile(r"^Dela mina svar med min chef")).check()
    page.get_by_role("button", name="Skicka mina svar").click()
    expect(page).to_have_url(path_is("/check-ins/"))
    expect(page.get_by_text("Tack! Dina svar är sparade och delade med din chef.")).to_be_visible()
    expect(page.get_by_text(JOY)).to_be_visible()
    a11y.check()
    _fits(page)
    log_out(page, a11y)

    # The manager: the start page lists the shared answer and the message.
    log_in(page, a11y, ROLES["manager"][0])
    section = page.locator("section", has=page.locator("#start-checkins-manager"))
    expect(section.get_by_text("skrev till dig")).to_be_visible()
    section.get_by_role("link", name="Amira Hassan").click()
    expect(page.get_by_role("heading", level=1, name="Avstämningar: Amira Hassan")).to_be_visible()
    expect(page.get_by_text(MESSAGE)).to_be_visible()
    expect(page.get_by_text(JOY)).to_be_visible()
    expect(page.get_by_text("Stämmer helt")).to_be_visible()
    a11y.check()
    _fits(page)
    page.get_by_role("link", name="Alla i mina enheter").click()
    expect(page.get_by_role("heading", level=1, name="Avstämningar i mina enheter")).to_be_visible()
    a11y.check()
    log_out(page, a11y)

    # HR: figures per unit, and nothing of any one person's answer. At a desk: HR's
    # start page has a wide staff table from before check-ins.
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, a11y, ROLES["hr"][0])
    page.get_by_role("link", name="Siffror per enhet").click()
    expect(
        page.get_by_role("heading", level=1, name="Avstämningar: siffror per enhet")
    ).to_be_visible()
    main = page.locator("main")
    expect(main).to_contain_text("Barn och unga Centrum")
    expect(main).to_contain_text("färre än 5 svar")
    expect(main).not_to_contain_text("Amira")
    expect(main).not_to_contain_text(MESSAGE)
    expect(main).not_to_contain_text(JOY)
    a11y.check()
    expect(page.get_by_role("link", name=re.compile("Avstämningar i mina enheter"))).to_have_count(
        0
    )
