"""Browser journeys: Playwright's sync API driving Debian's Chromium against the live server.

One browser per session, a fresh context (cookies, storage) per test, the demo city
put back into the test database for every test. Every page a journey shows is checked
with axe (except Wagtail's admin, see UNCHECKED_PATHS); serious and critical violations
fail the test. The same pages are saved as the server sent them, and at the end of the
session the Nu HTML Checker reads them all in one Java process (HtmlPages): any error
fails the run, listed by page, line and message.
"""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests import run_summary

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
#: The Nu HTML Checker, from the npm package pinned in package.json (`npm ci` installs it).
ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"


@pytest.fixture(scope="session")
def _serialized_db(django_db_setup):
    """The migrated database's contents, as serialized by pytest-django at setup.

    Django keeps them on the connection object, and connections are context-local:
    once Playwright's sync API is running, the test code gets new connection objects
    without them, and the serialized rollback would silently restore nothing. So they
    are taken here, before the browser starts, and `browser` hands them to the new
    connections.
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
    _hand_over(_serialized_db)
    yield browser
    browser.close()
    playwright.stop()


def _hand_over(serialized: dict) -> None:
    """Give the connections of Playwright's context the migrated contents.

    Here, as the browser starts, and not in a test's fixture: session fixtures come
    first, so the first journey's transactional database is set up before any of its
    function fixtures run. Without the contents there, a journey that follows another
    transactional test (on PostgreSQL) would find the database empty.
    """
    from django.db import connections

    assert serialized, "pytest-django did not serialize the test database"
    for alias, contents in serialized.items():
        connections[alias]._test_serialized_contents = contents


@pytest.fixture
def demo_server(
    browser, demo_cities, live_server, transactional_db, django_db_serialized_rollback, settings
):
    """The live server with the demo city (all demo logins, password 'demo').

    The live server needs a transactional database, which is emptied after each test;
    the serialized rollback puts back what the migrations created before each test, and
    the session's demo city (tests/demo_city.py) replaces it.
    It serves uploaded pictures too, as the proxy does in production (tests/e2e/urls.py).
    """
    settings.ROOT_URLCONF = "tests.e2e.urls"
    demo_cities.put_back(Path(settings.MEDIA_ROOT))
    return live_server


class HtmlPages:
    """The HTML of every page the journeys showed, checked at the end of the session.

    Pages are saved into one folder for the session; `validate()` then runs the Nu HTML
    Checker once, in one Java process, over all of them (a process per page would cost
    a Java start-up each), and returns its errors. Warnings are not reported.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self.pages: dict[str, tuple[str, str]] = {}  # file name: (address, test)

    def save(self, html: str, url: str, test: str) -> None:
        path = urlsplit(url).path.strip("/")
        slug = re.sub(r"[^A-Za-z0-9]+", "-", path)[:60].strip("-") or "home"
        name = f"{len(self.pages) + 1:04d}-{slug}.html"
        (self.folder / name).write_text(html, encoding="utf-8")
        self.pages[name] = (url, test)

    def validate(self) -> list[dict]:
        if not self.pages:
            return []
        files = [str(self.folder / name) for name in sorted(self.pages)]
        command = ["java", "-jar", str(VNU_JAR), "--errors-only", "--stdout", "--format", "json"]
        result = subprocess.run([*command, *files], capture_output=True, text=True, check=False)
        try:
            messages = json.loads(result.stdout)["messages"]
        except (ValueError, KeyError):
            messages = None
        if result.returncode not in (0, 1) or messages is None:
            raise RuntimeError(
                f"The Nu HTML Checker did not run (exit {result.returncode}):\n"
                f"{result.stderr or result.stdout}"
            )
        return [m for m in messages if m.get("type") != "info"]

    def report(self, errors: list[dict]) -> str:
        by_file: dict[str, list[dict]] = {}
        for error in errors:
            by_file.setdefault(Path(urlsplit(error.get("url", "")).path).name, []).append(error)
        lines = [
            f"The Nu HTML Checker found {len(errors)} error(s) on {len(by_file)} of the "
            f"{len(self.pages)} pages the journeys showed (saved in {self.folder}):"
        ]
        for name in sorted(by_file):
            url, test = self.pages.get(name, ("?", "?"))
            address = urlsplit(url)
            shown = address.path + (f"?{address.query}" if address.query else "")
            lines.append(f"{shown} ({name}, shown by {test})")
            for error in by_file[name]:
                where = f"line {error.get('lastLine', '?')}" if "lastLine" in error else "file"
                lines.append(f"  {where}: {error['message']}")
                if error.get("extract"):
                    lines.append(f"    {' '.join(error['extract'].split())}")
        return "\n".join(lines)


@pytest.fixture(scope="session")
def html_pages(tmp_path_factory, request):
    """Where the journeys save each page they show; checked once as the session ends.

    Any error fails the run: pytest reports it as an error in the teardown of the last
    journey, with every error listed by page, line and message.
    """
    if shutil.which("java") is None or not VNU_JAR.is_file():
        pytest.fail(
            "The browser journeys check their pages with the Nu HTML Checker, which needs "
            f"Java and {VNU_JAR.relative_to(ROOT)}. Install them with: "
            "sudo apt-get install default-jre-headless npm && npm ci "
            "(scripts/test does this).",
            pytrace=False,
        )
    pages = HtmlPages(tmp_path_factory.mktemp("html-pages"))
    yield pages
    try:
        errors = pages.validate()
    except RuntimeError as problem:
        pytest.fail(str(problem), pytrace=False)
    run_summary.record(request.config, len(pages.pages), len(errors))
    if errors:
        pytest.fail(pages.report(errors), pytrace=False)


class A11yChecker:
    """Runs axe on the current page and remembers which page states were checked.

    Every new document in the tab (a link, a form post, a redirect; not a jump to an
    anchor within the page) marks the page as unchecked; `check()` clears the mark.
    At the end of the test any navigation that was never checked fails the test, so a
    journey cannot visit a page without looking at its accessibility. `check()` also
    saves the page's HTML for the Nu HTML Checker (html_pages).
    """

    def __init__(self, page, html_pages: HtmlPages, test: str):
        from axe_playwright_python.sync_playwright import Axe

        self.page = page
        self.axe = Axe()
        self.html_pages = html_pages
        self.test = test
        self.document = None  # the response that brought the page shown now
        self.unchecked: str | None = None
        self.missed: list[str] = []
        self.checked: list[str] = []
        page.on("domcontentloaded", self._loaded)
        page.on("response", self._response)

    def _loaded(self, page) -> None:
        if self.unchecked is not None:
            self.missed.append(self.unchecked)
        self.unchecked = None if _unchecked_path(page.url) else page.url

    def _response(self, response) -> None:
        if response.request.is_navigation_request() and response.frame == self.page.main_frame:
            self.document = response

    def _html(self) -> str:
        """The page as the server sent it, so that markup the browser's parser quietly
        mends (a stray end tag, a duplicate attribute) is still found; the browser's
        copy of the document only when the server's is not at hand."""
        from playwright.sync_api import Error

        response = self.document
        if response is not None and _without_fragment(response.url) == _without_fragment(
            self.page.url
        ):
            try:
                return response.text()
            except Error:
                pass
        return self.page.content()

    def check(self) -> None:
        page = self.page
        assert not _unchecked_path(page.url), f"{page.url} is not checked with axe"
        page.wait_for_load_state("load")
        self.html_pages.save(self._html(), page.url, self.test)
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


def _without_fragment(url: str) -> str:
    return urlunsplit(urlsplit(url)._replace(fragment=""))


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
def _journey(browser, html_pages, demo_server, context_options, request):
    context = _new_context(browser, demo_server, **context_options)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"JavaScript error: {error}"))
    page.on("console", lambda message: _console_error(message, errors))
    page.on("response", lambda response: _failed_response(response, errors))
    checker = A11yChecker(page, html_pages, request.node.nodeid)
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
