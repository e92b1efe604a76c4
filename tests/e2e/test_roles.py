"""Every demo role logs in, sees its own start page and profile, and logs out."""

import pytest
from playwright.sync_api import expect

from .helpers import ROLES, log_in, log_out, path_is

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("role", ROLES)
def test_role_logs_in_sees_start_and_profile_and_logs_out(page, a11y, role):
    email, section_heading = ROLES[role]
    log_in(page, a11y, email)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hej ")
    expect(page.get_by_role("heading", level=2, name=section_heading, exact=True)).to_be_visible()
    expect(page.get_by_role("navigation", name="Huvudmeny")).to_be_visible()

    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Min profil").click()
    expect(page).to_have_url(path_is("/profile/"))
    expect(page.get_by_role("heading", level=1, name="Min profil")).to_be_visible()
    expect(page.get_by_text(email).first).to_be_visible()
    a11y.check()

    log_out(page, a11y)
