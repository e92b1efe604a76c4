"""HR reads the HR system's export in: the demo's own export (lms/staff/demo.py) with one
title changed and one new person, previewed, committed and seen on the person's page.
At 320 px too, where each page of the import must fit the screen (as test_reflow.py
requires of the pages its crawl reaches; the preview is reached only by an upload)."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from lms.accounts.models import User
from lms.staff.demo import EXPORT_PATH

from .helpers import ROLES, log_in, path_is
from .test_reflow import NARROW, WIDTH

pytestmark = pytest.mark.e2e

DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {"viewport": NARROW, "is_mobile": True}


def _fits(page) -> None:
    if page.viewport_size["width"] > NARROW["width"]:
        return
    found = page.evaluate(WIDTH)
    assert found["document"] <= found["viewport"], f"{page.url} is too wide: {found['wide']}"
    assert not found["offscreen"], f"{page.url}: off-screen {found['offscreen'][:5]}"


def _edited_export(tmp_path: Path) -> tuple[Path, User]:
    """The demo export with the mentor's title changed and a new person at the end."""
    text = (Path(settings.MEDIA_ROOT) / EXPORT_PATH).read_bytes().decode("cp1252")
    lines = text.split("\r\n")
    mentor = User.objects.get(email="mentor@demo.test")
    number = mentor.employee_number
    (index,) = [i for i, line in enumerate(lines) if line.startswith(f"{number};")]
    cells = lines[index].split(";")
    assert cells[4] == "Socialsekreterare"
    cells[4] = "Erfaren socialsekreterare"
    lines[index] = ";".join(cells)
    start = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    new = [
        "19001",
        "Greta",
        "Östlund",
        "greta.ostlund@alvstad.demo.test",
        "Socialsekreterare",
        *cells[5:8],  # the mentor's unit, by its code
        start,
        "",
        cells[10],
        "",
        "Kvinna",
        "Nyutexaminerad",
        "0",
    ]
    lines.insert(len(lines) - 1 if lines[-1] == "" else len(lines), ";".join(new))
    path = tmp_path / "personalexport.csv"
    path.write_bytes("\r\n".join(lines).encode("cp1252"))
    return path, mentor


@pytest.mark.parametrize("context_options", [DESKTOP, PHONE], ids=["desktop", "320px"])
def test_hr_previews_and_commits_the_hr_export(page, a11y, context_options, tmp_path):
    upload, mentor = _edited_export(tmp_path)
    log_in(page, a11y, ROLES["hr"][0])
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Personal").click()
    expect(page).to_have_url(path_is("/people/"))
    a11y.check()

    page.get_by_role("link", name="Att komplettera").click()
    expect(page).to_have_url(path_is("/people/to-complete/"))
    expect(page.get_by_role("main")).to_contain_text("Leo Virtanen")
    a11y.check()
    _fits(page)
    page.get_by_role("link", name="Tillbaka till personalen").click()
    a11y.check()

    page.get_by_role("link", name="Läs in från HR-systemet").click()
    expect(page).to_have_url(path_is("/people/import/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Läs in personal från HR-systemet")
    a11y.check()
    _fits(page)

    page.get_by_label("Fil från HR-systemet").set_input_files(str(upload))
    page.get_by_role("button", name="Förhandsgranska").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Förhandsgranskning av personalimport"
    )
    changed = page.get_by_role("region", name=re.compile("^Ändras"))
    expect(changed).to_contain_text(f"Karin Berg ({mentor.employee_number})")
    expect(changed.locator("del")).to_have_text(["Socialsekreterare"])
    expect(changed.locator("ins")).to_have_text(["Erfaren socialsekreterare"])
    new = page.get_by_role("region", name=re.compile("^Nya"))
    expect(new).to_contain_text("Greta Östlund (19001)")
    expect(page.get_by_role("region", name=re.compile("^Fel"))).to_have_count(0)
    a11y.check()
    _fits(page)

    page.get_by_role("button", name="Genomför importen").click()
    expect(page).to_have_url(path_is("/people/"))
    expect(page.get_by_role("status")).to_contain_text("1 nya, 1 ändrade, 0 slutar")
    a11y.check()

    main = page.get_by_role("main")
    main.get_by_label("Sök på namn, e-post eller enhet").fill("Karin Berg")
    main.get_by_role("button", name="Sök").click()
    expect(page).to_have_url(re.compile(r"/people/\?q="))
    a11y.check()
    main.get_by_role("link", name="Karin Berg").click()
    expect(page).to_have_url(path_is(f"/people/{mentor.pk}/"))
    expect(page.get_by_role("main")).to_contain_text("Erfaren socialsekreterare")
    a11y.check()
    _fits(page)
