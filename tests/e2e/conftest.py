"""Browser journeys: Playwright's sync API driving Debian's Chromium against the live server.

One browser per session, a fresh context (cookies, storage) per test, the demo city
loaded into the test database for every test. Every page a journey shows is checked
with axe (except Wagtail's admin, see UNCHECKED_PATHS); serious and critical violations
fail the test.
"""

import io
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

# Playwright's sync API runs an event loop in the main thread; Django would otherwise
# refuse database access from the test (loading the demo, flushing between tests).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
FAILING_IMPACTS = {"serious", "critical"}
#: Pages the journeys do not check with axe: Wagtail's admin, for the site's editors only.
#: It is Wagtail's code, markup and scripts (excluded from the site's CSP too), and axe
#: reports serious findings in its own widgets (the rich text editor's textbox has no
#: name, the tag field's autocomplete input no label) that the project cannot fix; they
#: belong upstream. Every page of the product and of the public site is still checked.
UNCHECKED_PATHS = ("/admin/",)


@pytest.fixture(scope="session")
def _serialized_db(django_db_setup):
    """The migrated database's contents, as serialized by pytest-django at setup.

    Django keeps them on the connection object, and connections are context-local:
    once Playwright's sync API is running, the test code gets new connection objects
    without them, and the serialized rollback would silently restore nothing. So they
    are taken here, before the browser starts, and handed to each test's connection.
    """
    from django.db import connections

    return {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }


@pytest.fixture(scope="session")
def browser(_serialized_db):
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"The browser journeys need Debian's Chromium at {CHROMIUM}, which is missing. "
            "Install it with: sudo apt-get install chromium (scripts/test does this as root).",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
    except Exception as error:
        playwright.stop()
        pytest.fail(f"Could not start {CHROMIUM}: {error}", pytrace=False)
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def _restore_serialized_db(_serialized_db):
    from django.db import connections

    assert _serialized_db, "pytest-django did not serialize the test database"
    for alias, contents in _serialized_db.items():
        if not hasattr(connections[alias], "_test_serialized_contents"):
            connections[alias]._test_serialized_contents = contents


@pytest.fixture
def demo_server(
    _restore_serialized_db, live_server, transactional_db, django_db_serialized_rollback, settings
):
    """The live server with the demo city (all demo logins, password 'demo').

    The live server needs a transactional database, which is emptied after each test;
    the serialized rollback puts back what the migrations created (the areas of work,
    Wagtail's root page) before each test, so the demo city can be built on them.
    It serves uploaded pictures too, as the proxy does in production (tests/e2e/urls.py).
    """
    settings.ROOT_URLCONF = "tests.e2e.urls"
    call_command("load_demo", force=True, stdout=io.StringIO())
    return live_server


class A11yChecker:
    """Runs axe on the current page and remembers which page states were checked.

    Every new document in the tab (a link, a form post, a redirect; not a jump to an
    anchor within the page) marks the page as unchecked; `check()` clears the mark.
    At the end of the test any navigation that was never checked fails the test, so a
    journey cannot visit a page without looking at its accessibility.
    """

    def __init__(self, page):
        from axe_playwright_python.sync_playwright import Axe

        self.page = page
        self.axe = Axe()
        self.unchecked: str | None = None
        self.missed: list[str] = []
        self.checked: list[str] = []
        page.on("domcontentloaded", self._loaded)

    def _loaded(self, page) -> None:
        if self.unchecked is not None:
            self.missed.append(self.unchecked)
        self.unchecked = None if _unchecked_path(page.url) else page.url

    def check(self) -> None:
        page = self.page
        assert not _unchecked_path(page.url), f"{page.url} is not checked with axe"
        page.wait_for_load_state("load")
        results = self.axe.run(page)
        bad = [v for v in results.response["violations"] if v["impact"] in FAILING_IMPACTS]
        self.checked.append(page.url)
        self.unchecked = None
        if bad:
            pytest.fail(format_violations(page.url, bad), pytrace=False)

    def assert_all_checked(self) -> None:
        missed = [*self.missed, *([self.unchecked] if self.unchecked else [])]
        assert not missed, f"Pages shown but never checked with axe: {missed}"


def _unchecked_path(url: str) -> bool:
    return urlsplit(url).path.startswith(UNCHECKED_PATHS)


def format_violations(url: str, violations: list[dict]) -> str:
    lines = [f"axe found {len(violations)} serious/critical accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(f"    at {target}: {node['html'][:200]}")
            summary = node.get("failureSummary")
            if summary:
                lines.extend(f"      {line}" for line in summary.splitlines())
    return "\n".join(lines)


def _new_context(browser, live_server, **options):
    # axe is injected with page.evaluate, which runs through the DevTools protocol and is
    # not subject to the site's Content-Security-Policy (script-src 'self'), so the
    # context keeps CSP on and the journeys see the site as users do.
    context = browser.new_context(base_url=live_server.url, locale="sv-SE", **options)
    context.set_default_timeout(15_000)
    return context


@pytest.fixture
def context_options():
    """Overridden by tests that need another viewport."""
    return {"viewport": {"width": 1280, "height": 900}}


def _console_error(message, errors: list[str]) -> None:
    # Failed requests are reported with their address by _failed_response instead.
    if message.type == "error" and not message.text.startswith("Failed to load resource"):
        errors.append(f"Console error: {message.text}")


def _failed_response(response, errors: list[str]) -> None:
    if response.status >= 400:
        errors.append(f"HTTP {response.status} for {response.request.method} {response.url}")


@pytest.fixture
def _journey(browser, demo_server, context_options):
    context = _new_context(browser, demo_server, **context_options)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"JavaScript error: {error}"))
    page.on("console", lambda message: _console_error(message, errors))
    page.on("response", lambda response: _failed_response(response, errors))
    checker = A11yChecker(page)
    yield page, checker
    try:
        checker.assert_all_checked()
        assert not errors, "Errors in the browser:\n" + "\n".join(errors)
    finally:
        context.close()


@pytest.fixture
def page(_journey):
    """A fresh browser tab (own cookies) on the live server with the demo city."""
    return _journey[0]


@pytest.fixture
def a11y(_journey):
    """`a11y.check()` runs axe on the page shown now; call it on every page visited."""
    return _journey[1]
