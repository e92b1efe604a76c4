"""The demo site: the central programme's pages as a municipality would publish them.

Pages are found by their slug under their parent and updated, so `load_demo` can run
again without making copies; each ends published with one fresh revision.
"""

from __future__ import annotations

from wagtail.models import Page

from lms.programme.public import module_choices

from .editorial import load_editorial_demo
from .models import HomePage, ModulePage, ProgrammePage

ORDER = 90


def upsert(parent: Page, model: type[Page], slug: str, **fields) -> Page:
    """The child page with this slug, created or updated, and published."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
    else:
        for name, value in fields.items():
            setattr(page, name, value)
    page.save_revision().publish()
    return page


def home() -> HomePage:
    page = HomePage.objects.filter(locale__language_code="sv").first()
    if page is None:  # the migration makes it; a database from before it does not have it
        root = Page.get_first_root_node()
        page = root.add_child(instance=HomePage(title="Introduktion", slug="home"))
    return page


def load(demo) -> None:
    start = home()
    start.title = "Introduktion för nya socialsekreterare"
    start.intro = "Det gemensamma introduktionsprogrammet för socialtjänsten."
    start.save_revision().publish()
    programme = upsert(
        start,
        ProgrammePage,
        "programmet",
        title="Introduktionsprogrammet",
        intro="Två delar under de två första åren.",
        show_in_menus=True,
    )
    for module in module_choices():
        upsert(
            programme,
            ModulePage,
            module.slug,
            title=module.title,
            intro=module.description[:600],
            module=module,
        )
    demo.note("Webbplatsen: startsida, programmet och en sida per modul.")
    load_editorial_demo(demo)
