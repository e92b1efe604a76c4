"""A unit manager registers a new person through the staff pages."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from .helpers import ROLES, log_in, path_is

pytestmark = pytest.mark.e2e


def open_registration(page, a11y):
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Personal").click()
    expect(page).to_have_url(path_is("/people/"))
    expect(page.get_by_role("heading", level=1, name="Personal")).to_be_visible()
    a11y.check()

    page.get_by_role("link", name="Registrera en ny person").click()
    expect(page).to_have_url(path_is("/people/new/"))
    expect(page.get_by_role("heading", level=1, name="Registrera en ny person")).to_be_visible()
    a11y.check()


def test_manager_registers_a_new_person(page, a11y):
    log_in(page, a11y, ROLES["manager"][0])
    open_registration(page, a11y)

    start = datetime.date.today() + datetime.timedelta(days=21)
    page.get_by_label("Förnamn").fill("Nora")
    page.get_by_label("Efternamn").fill("Testsson")
    page.get_by_label("E-postadress").fill("nora.testsson@alvstad.demo.test")
    page.get_by_label("Enhet").select_option(label="Socialpsykiatri Norr")
    page.get_by_label("Startdatum").fill(start.isoformat())
    page.get_by_label("Typ av nyanställd").select_option(label="Nyutexaminerad")
    page.get_by_role("button", name="Registrera").click()

    expect(page).to_have_url(re.compile(r"/people/\d+/$"))
    expect(page.get_by_role("heading", level=1, name="Nora Testsson")).to_be_visible()
    main = page.get_by_role("main")
    expect(main).to_contain_text("nora.testsson@alvstad.demo.test")
    expect(main).to_contain_text("Socialpsykiatri Norr")
    expect(main).to_contain_text(start.isoformat())
    expect(main).to_contain_text("Nyutexaminerad")
    expect(page.get_by_role("status")).to_contain_text("registrerad")
    a11y.check()


def test_empty_registration_shows_swedish_errors_tied_to_the_fields(page, a11y):
    log_in(page, a11y, ROLES["manager"][0])
    open_registration(page, a11y)

    page.get_by_role("button", name="Registrera").click()
    expect(page).to_have_url(path_is("/people/new/"))
    expect(page.get_by_role("heading", level=1, name="Registrera en ny person")).to_be_visible()
    for label in ("Förnamn", "Efternamn", "E-postadress"):
        field = page.get_by_role("textbox", name=re.compile(rf"^{label}"))
        expect(field).to_have_attribute("aria-invalid", "true")
        described_by = (field.get_attribute("aria-describedby") or "").split()
        descriptions = " ".join(
            page.locator(f"[id='{ident}']").inner_text() for ident in described_by
        )
        assert "Det här fältet är obligatoriskt" in descriptions, (
            label,
            described_by,
            descriptions,
        )
    # Optional fields stay unmarked.
    expect(page.get_by_role("textbox", name=re.compile(r"^Titel"))).not_to_have_attribute(
        "aria-invalid", "true"
    )
    a11y.check()
