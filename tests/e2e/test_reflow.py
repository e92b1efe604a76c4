"""Every page of every role fits a 320 CSS px wide screen (WCAG 2.1 1.4.10, reflow).

Each role's crawl starts on the start page and follows the links it finds, one page per
shape of address (digits stand for any id), in the browser at 320 px. A page fails when
the document is wider than the screen, or when something to press (a link, a button, a
field) lies beyond its right edge outside a region that scrolls on its own (a truly wide
table scrolls inside its labelled, keyboard-reachable region).
"""

import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest
from playwright.sync_api import Error

from .helpers import ROLES, path_is, submit_login

pytestmark = pytest.mark.e2e

NARROW = {"width": 320, "height": 640}
#: Not followed: state changes on GET, files, feeds, the editors' and Django's admin.
SKIP = re.compile(
    r"^/(accounts/(logout|password|email|2fa|mfa|reauthenticate)|admin/|django-admin/|"
    r"documents/|static/|media/|calendar/|favicon\.ico|healthz)"
)
MAX_PAGES = 60

WIDTH = r"""() => ({
  document: document.documentElement.scrollWidth,
  viewport: window.innerWidth,
  offscreen: Array.from(
    document.querySelectorAll('a[href], button, input, select, textarea, summary'))
    .filter(el => {
      const box = el.getBoundingClientRect();
      if (!box.width || !box.height || getComputedStyle(el).visibility === 'hidden') return false;
      if (box.right <= window.innerWidth + 1) return false;
      for (let up = el.parentElement; up; up = up.parentElement) {
        if (['auto', 'scroll'].includes(getComputedStyle(up).overflowX)) return false;
      }
      return true;
    })
    .map(el => (el.innerText || el.getAttribute('aria-label') || el.name || el.tagName)
      .trim().slice(0, 40)),
  // The outermost elements that stick out, to say where the page grows.
  wide: Array.from(document.body.querySelectorAll('*'))
    .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1
      && el.parentElement.getBoundingClientRect().right <= window.innerWidth + 1)
    .slice(0, 3)
    .map(el => el.tagName.toLowerCase()
      + (typeof el.className === 'string' && el.className
        ? '.' + el.className.trim().split(/\s+/).join('.') : '')
      + ' ' + Math.round(el.getBoundingClientRect().right) + 'px'),
  links: Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href')),
})"""


def _shape(url: str) -> str:
    return re.sub(r"\d+", "N", urlsplit(url).path)


def _crawl(page) -> tuple[int, list[str]]:
    queue, seen, shapes, problems = deque(["/start/"]), {"/start/"}, set(), []
    opened = 0
    while queue and opened < MAX_PAGES:
        url = queue.popleft()
        try:
            response = page.goto(url)
        except Error as error:  # a link to a file (CSV, PDF, calendar) starts a download
            if "Download is starting" in str(error):
                continue
            raise
        opened += 1
        if (
            response is None
            or response.status != 200
            or "html" not in response.headers.get("content-type", "")
        ):
            continue
        found = page.evaluate(WIDTH)
        if found["document"] > found["viewport"]:
            problems.append(f"{url} is {found['document']} px wide: {found['wide']}")
        if found["offscreen"]:
            problems.append(f"{url}: off-screen {found['offscreen'][:5]}")
        for link in found["links"]:
            link = urldefrag(link)[0]
            if not link.startswith("/") or link.startswith("//") or SKIP.match(link):
                continue
            if link in seen or _shape(link) in shapes:
                continue
            seen.add(link)
            shapes.add(_shape(link))
            queue.append(link)
    return opened, problems


def test_every_page_of_every_role_fits_320_px(browser, demo_server):
    # One test for all roles: the demo city is built once, and every role's findings
    # are listed together.
    problems = []
    for role, (email, _heading) in sorted(ROLES.items()):
        context = browser.new_context(base_url=demo_server.url, locale="sv-SE", viewport=NARROW)
        try:
            page = context.new_page()
            page.goto("/accounts/login/")
            submit_login(page, email, "demo")
            assert path_is("/start/").match(page.url), f"{role} could not sign in"
            opened, found = _crawl(page)
        finally:
            context.close()
        assert opened >= 5, f"{role}: only {opened} pages reached"
        problems += [f"{role}: {problem}" for problem in found]
    assert problems == [], "\n".join(problems)
