"""An editor changes a knowledge article in Wagtail's admin and submits it for review; the
reviewer approves it and the public page shows the change.

The admin's pages are Wagtail's and not checked with axe (see UNCHECKED_PATHS in
conftest.py); the start pages and the public article are.
"""

import pytest
from playwright.sync_api import expect

from .helpers import log_in, path_is

pytestmark = pytest.mark.e2e

NEW_INTRO = "Så skriver du en journalanteckning som håller också om tre år."


def _article():
    """A published Swedish article that is not already waiting for review (the demo
    leaves one waiting); made here when the demo has no knowledge bank."""
    from wagtail.models import Locale

    from cms import editorial
    from cms.models import HomePage, KnowledgeArticlePage, KnowledgeIndexPage

    sv = Locale.get_default()
    for article in KnowledgeArticlePage.objects.filter(locale=sv, live=True).order_by("path"):
        if not article.workflow_in_progress:
            return article
    index = KnowledgeIndexPage.objects.filter(locale=sv).first()
    if index is None:
        index = KnowledgeIndexPage(title="Kunskapsbank", slug="kunskap")
        HomePage.objects.get(locale=sv).add_child(instance=index)
        index.save_revision().publish()
        editorial.editorial_setup()
    article = KnowledgeArticlePage(
        title="Att dokumentera i akten",
        slug="att-dokumentera",
        intro="Vad som ska stå i journalen och varför.",
        body=[("text", "<p>Dokumentationen ska vara saklig och begriplig.</p>")],
    )
    index.add_child(instance=article)
    article.save_revision().publish()
    return article


def test_an_editors_change_is_approved_by_the_reviewer_and_published(page, a11y):
    article = _article()
    old_intro = article.intro

    log_in(page, a11y, "redaktor@demo.test")
    section = page.locator("#start-site-editing").locator("..")
    expect(section.get_by_role("heading", name="Webbplatsen")).to_be_visible()
    section.get_by_role("link", name="Redigera webbplatsen").click()
    expect(page).to_have_url(path_is("/admin/"))

    page.goto(f"/admin/pages/{article.pk}/edit/")
    intro = page.locator("#id_intro")
    expect(intro).to_have_value(old_intro)
    intro.fill(NEW_INTRO)
    page.get_by_role("button", name="Fler åtgärder").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Lämna in till Granskning").click()
    expect(page.get_by_text("har blivit inlämnad för moderering")).to_be_visible()

    # Not live yet: the public page still has the old introduction.
    page.goto(article.url)
    expect(page.get_by_text(old_intro)).to_be_visible()
    expect(page.get_by_text(NEW_INTRO)).to_have_count(0)
    a11y.check()

    page.context.clear_cookies()
    log_in(page, a11y, "granskare@demo.test")
    page.locator("#start-site-editing").locator("..").get_by_role(
        "link", name="Ändringar som väntar på granskning"
    ).click()
    expect(page.get_by_text("Inväntar din granskning")).to_be_visible()

    page.goto(f"/admin/pages/{article.pk}/edit/")
    expect(page.locator("#id_intro")).to_have_value(NEW_INTRO)
    page.get_by_role("button", name="Fler åtgärder").click()
    with page.expect_navigation():
        # The last (and only) step of the workflow: approving publishes.
        page.get_by_role("button", name="Godkänn och Publicera", exact=True).click()

    page.goto(article.url)
    expect(page.get_by_text(NEW_INTRO)).to_be_visible()
    a11y.check()
