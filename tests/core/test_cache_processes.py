"""Caches that are never wrong across processes: two servers, one database, no Redis.

Each server process has a local-memory cache of its own; the data versions that decide
what in it is fresh live in the database (lms/core/versions.py). Two gunicorn servers on
two ports share the demo city's database (a SQLite file copied from the test database,
or the PostgreSQL test database itself). Both read and cache a page; a write through
one must show in the other's very next answer.
"""

import contextlib
import datetime
import os
import re
import sqlite3
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from django.utils import timezone

from cms.models import ModulePage
from lms.core.demo import DEMO_PASSWORD
from lms.programme.models import CourseSession, SessionDay
from lms.programme.selectors import current_programme
from tests.bench import load as bench

#: Committed: the servers read what the test writes, from their own connections.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ITEM_ACTION = re.compile(r'formaction="/plans/items/(\d+)/complete/"')
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Browser:
    """One person's cookies, sent to both servers: the session lives in the database."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def _send(self, port: int, method: str, path: str, form: dict | None = None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        status, response_headers, content = bench.request(
            port, method, path, headers=headers, body=body, timeout=30
        )
        self.cookies.update(bench.cookies_from(response_headers))
        return status, response_headers, content.decode(errors="replace")

    def get(self, port: int, path: str) -> str:
        status, _headers, html = self._send(port, "GET", path)
        assert status == 200, (port, path, status)
        return html

    def post(self, port: int, path: str, form: dict) -> str:
        """Post with the CSRF token; returns where the answer sends the browser."""
        status, headers, html = self._send(
            port, "POST", path, {**form, "csrfmiddlewaretoken": self.cookies["csrftoken"]}
        )
        assert status == 302, (port, path, status, html[-2000:])
        return headers["Location"]

    def log_in(self, port: int, email: str) -> None:
        self.get(port, "/accounts/login/")
        self.post(port, "/accounts/login/", {"login": email, "password": DEMO_PASSWORD})
        assert "sessionid" in self.cookies


class _FormFields(HTMLParser):
    """The fields a browser would send from the form holding `field`."""

    def __init__(self, field: str) -> None:
        super().__init__()
        self.field, self.forms, self._form, self._select, self._text = field, [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {}
        if self._form is None or ("name" not in attrs and tag != "option"):
            return
        name = attrs.get("name")
        if tag == "input" and attrs.get("type") not in {"submit", "button", "checkbox", "radio"}:
            self._form[name] = attrs.get("value") or ""
        elif tag == "input" and "checked" in attrs:
            self._form[name] = attrs.get("value") or "on"
        elif tag == "textarea":
            self._text = name
            self._form[name] = ""
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self._form[self._select] = attrs.get("value") or ""

    def handle_data(self, data):
        if self._form is not None and self._text:
            self._form[self._text] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._text = None
        elif tag == "select":
            self._select = None
        elif tag == "form" and self._form is not None:
            if self.field in self._form:
                self.forms.append(self._form)
            self._form = None


def _form(html: str, field: str) -> dict:
    parser = _FormFields(field)
    parser.feed(html)
    assert parser.forms, f"no form with {field}"
    return {k: v for k, v in parser.forms[0].items() if k != "csrfmiddlewaretoken"}


def _shared_database(tmp_path) -> str:
    """The database both servers use: the test database itself on PostgreSQL, a copy of
    the in-memory SQLite test database in a file otherwise."""
    settings = connection.settings_dict
    if connection.vendor != "sqlite":
        password = quote(settings["PASSWORD"] or "", safe="")
        return (
            f"postgres://{quote(settings['USER'], safe='')}:{password}"
            f"@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"
        )
    path = tmp_path / "shared.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)
    finally:
        target.close()
    return f"sqlite:///{path}"


def _environment(tmp_path, database_url: str) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key not in {"DATABASE_URL", "REDIS_URL"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="lms.test_settings",  # the demo's passwords use its hasher
        DATABASE_URL=database_url,
        DJANGO_MEDIA_ROOT=str(tmp_path / "media"),
        DJANGO_LOG_LEVEL="WARNING",
        PYTHONPATH=str(bench.ROOT),
        PYTHONUNBUFFERED="1",
    )
    return env


@contextlib.contextmanager
def _two_servers(tmp_path, database_url: str):
    env = _environment(tmp_path, database_url)
    servers = []
    try:
        for name in ("a", "b"):
            port = bench.free_port()
            servers.append((port, bench.start_gunicorn(env, port, 1, tmp_path / f"{name}.log")))
        for port, process in servers:
            bench.wait_for_health(port, process, timeout=60)
        yield [port for port, _process in servers]
    except Exception:
        for name in ("a", "b"):
            log = tmp_path / f"{name}.log"
            if log.exists():
                print(f"server {name}:\n{log.read_text(errors='replace')[-3000:]}")
        raise
    finally:
        for _port, process in servers:
            bench.stop_gunicorn(process)


def _upcoming_session_on_the_site() -> tuple[CourseSession, str]:
    """A published session of the current programme, all days ahead, with its module's
    page on the public site."""
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    sessions = (
        CourseSession.objects.filter(
            status=CourseSession.Status.PUBLISHED,
            module__part__programme=current_programme(),
            days__isnull=False,
        )
        .exclude(days__date__lt=tomorrow)
        .distinct()
        .order_by("pk")
    )
    for session in sessions:
        page = ModulePage.objects.live().filter(module__slug=session.module.slug).first()
        if page is not None:
            return session, page.get_url()
    raise AssertionError("the demo has no upcoming session on a module page")


def _weeks_later(session: CourseSession) -> list[datetime.date]:
    """The session's days moved whole weeks on, to dates no session of its module has."""
    taken = set(
        SessionDay.objects.filter(session__module__slug=session.module.slug).values_list(
            "date", flat=True
        )
    )
    days = [day.date for day in session.days.order_by("date")]
    for weeks in range(1, 9):
        moved = [day + datetime.timedelta(weeks=weeks) for day in days]
        if not taken.intersection(moved):
            return moved
    raise AssertionError("no free week for the session")


def _row(html: str, session: CourseSession) -> str:
    """The session list's row for the session."""
    match = re.search(rf'<a href="/programme/sessions/{session.pk}/">.*?</tr>', html, re.S)
    assert match, "the session is not in the list"
    return match.group(0)


def test_a_write_through_one_server_shows_at_once_in_the_other(tmp_path, demo_cities, settings):
    demo_cities.put_back(Path(settings.MEDIA_ROOT))
    session, module_page = _upcoming_session_on_the_site()
    old = [day.date.isoformat() for day in session.days.order_by("date")]
    new = [day.isoformat() for day in _weeks_later(session)]
    with _two_servers(tmp_path, _shared_database(tmp_path)) as (a, b):
        # A newcomer ticks an item on A; B, which has the plan page cached, shows it done.
        newcomer = Browser()
        newcomer.log_in(a, "nyanstalld@demo.test")
        plan_on_a = newcomer.get(a, "/plans/mine/")
        item = ITEM_ACTION.search(plan_on_a).group(1)
        done = f'id="item-{item}" class="plan-item status-done'
        for _ in range(2):  # the second answer comes from B's cache
            assert done not in newcomer.get(b, "/plans/mine/")
        newcomer.post(a, f"/plans/items/{item}/complete/", {f"reflection-{item}": "Klar via A"})
        plan_on_b = newcomer.get(b, "/plans/mine/")
        assert done in plan_on_b
        assert "Klar via A" in plan_on_b

        # A coordinator moves a course on A; B's session list (a fragment shared by the
        # coordinators) and the module's page on the public site (the page cache, for
        # visitors) show the new dates at once.
        coordinator, visitor = Browser(), Browser()
        coordinator.log_in(a, "samordnare@demo.test")
        for _ in range(2):
            row_on_b = _row(coordinator.get(b, "/programme/sessions/"), session)
            page_on_b = visitor.get(b, module_page)
            assert all(day in row_on_b and day in page_on_b for day in old)
            assert not any(day in page_on_b for day in new)

        form = _form(coordinator.get(a, f"/programme/sessions/{session.pk}/edit/"), "day1_date")
        for n, (before, after) in enumerate(zip(old, new, strict=True), start=1):
            assert form[f"day{n}_date"] == before
            form[f"day{n}_date"] = after
        coordinator.post(a, f"/programme/sessions/{session.pk}/edit/", form)

        row_on_b = _row(coordinator.get(b, "/programme/sessions/"), session)
        page_on_b = visitor.get(b, module_page)
        assert all(day in row_on_b and day in page_on_b for day in new)
        assert not any(day in row_on_b for day in old)
