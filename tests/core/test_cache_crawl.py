"""Caches that are never wrong: one cache, every viewer in turn.

The demo city is loaded once and its private texts are marked (tests/privacy_markers.py),
plus every plan item's reflection (readable by whoever may open the plan). Then a visitor
not logged in and each demo login, one after another, follow every link from the start
page, with the same cache throughout: nothing clears it between them. Each viewer also
opens first every page the one before them was shown, so a page or fragment cached for
one person and served to the next shows up as a marker the next may not read.
"""

import io
import re
from collections import Counter, deque
from urllib.parse import urldefrag

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat

from lms.accounts.models import User
from lms.core.demo import DEMO_PASSWORD
from lms.plans.models import PlanItem
from tests.demo_logins import DEMO_LOGINS
from tests.privacy_markers import LINK, MARK, SKIP, allowed, plant, shape

pytestmark = pytest.mark.django_db

#: A visitor (None) first and last, so the public site's page cache meets everyone.
VIEWERS = [None, *DEMO_LOGINS, None]
#: Files are not pages: no cached fragment is in them. The Django admin caches nothing.
FILES = re.compile(r"\.(pdf|csv|ics)$")
ADMIN = "/django-admin/"
PER_SHAPE = 2
MAX_PAGES = 150
REFLECTION = re.compile(r"REFL-(\d+)-X")


def _plant_reflections() -> None:
    marker = Concat(Value("REFL-"), Cast("pk", CharField()), Value("-X"))
    assert PlanItem.objects.update(reflection=marker)


def _leaks(user, url: str, html: str) -> list[str]:
    found = [
        f"{kind}-{pk} on {url}"
        for kind, pk in MARK.findall(html)
        if not allowed(user, kind, int(pk), url)
    ]
    for pk in REFLECTION.findall(html):
        plan = PlanItem.objects.select_related("plan").get(pk=pk).plan
        if not user.has_perm("plans.view_plan", plan):
            found.append(f"REFL-{pk} on {url}")
    return found


def _walk(client, user, revisit: list[str]) -> tuple[list[str], list[str]]:
    """Open the pages the previous viewer was shown, then every link from the start page.
    Returns the pages this viewer was shown and what they should not have read."""
    start = list(dict.fromkeys([*revisit, "/"]))
    queue, seen, shapes = deque(start), set(start), Counter()
    shown, leaks = [], []
    while queue and len(shown) < MAX_PAGES + len(revisit):
        url = queue.popleft()
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        shown.append(url)
        html = response.content.decode(errors="replace")
        leaks += _leaks(user, url, html)
        for link in LINK.findall(html):
            link = urldefrag(link.replace("&amp;", "&"))[0]
            if (
                link in seen
                or SKIP.match(link)
                or link.startswith(ADMIN)
                or FILES.search(link.split("?")[0])
            ):
                continue
            seen.add(link)
            if shapes[shape(link)] < PER_SHAPE:
                shapes[shape(link)] += 1
                queue.append(link)
    return shown, leaks


def test_no_cached_page_or_fragment_shows_one_viewers_private_data_to_the_next(client):
    call_command("load_demo", "--force", stdout=io.StringIO())
    plant()
    _plant_reflections()
    previous: list[str] = []
    leaks, walked = [], {}
    for email in VIEWERS:
        client.logout()
        if email is None:
            user = AnonymousUser()
        else:
            user = User.objects.get(email=email)
            assert client.login(email=email, password=DEMO_PASSWORD)
        shown, found = _walk(client, user, previous)
        leaks += [f"{email or 'visitor'}: {leak}" for leak in found]
        walked[email] = len(shown)
        previous = shown
    assert leaks == []
    # Every viewer got somewhere: the walk read real pages, not only the login form.
    assert all(count > 5 for count in walked.values()), walked
