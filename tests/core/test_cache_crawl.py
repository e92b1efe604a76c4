"""Caches that are never wrong: one cache, every viewer in turn.

The demo city is put back once and its private texts are marked (tests/privacy_markers.py),
plus every plan item's reflection (readable by whoever may open the plan). Then a visitor
not logged in and each demo login, one after another, follow every link from the start
page, with the same cache throughout: nothing clears it between them. Each viewer also
opens first every page the one before them was shown, so a page or fragment cached for
one person and served to the next shows up as a marker the next may not read, or as a
link to a plan or a supervision session the next may not know of.
"""

import re
from collections import Counter, deque
from urllib.parse import urldefrag

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat

from lms.accounts.models import User
from lms.core.demo import DEMO_PASSWORD
from lms.plans.models import IntroductionPlan, PlanItem
from lms.supervision.models import Session
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


#: Links to a plan or a supervision session: shown only to whom the rule lets know of it.
LINKED = {
    re.compile(r'href="/plans/(\d+)/"'): (IntroductionPlan, "plans.view_plan"),
    re.compile(r'href="/supervision/sessions/(\d+)/"'): (Session, "supervision.know_of_session"),
}


def _leaks(user, url: str, html: str, may: dict) -> list[str]:
    """What on the page `user` may not read. `may` remembers the rules' answers."""

    def rule(model, perm: str, pk: str) -> bool:
        if (perm, pk) not in may:
            may[perm, pk] = user.has_perm(perm, model.objects.get(pk=pk))
        return may[perm, pk]

    found = [
        f"{kind}-{pk} on {url}"
        for kind, pk in MARK.findall(html)
        if not allowed(user, kind, int(pk), url)
    ]
    for pk in REFLECTION.findall(html):
        plan_pk = str(PlanItem.objects.values_list("plan_id", flat=True).get(pk=pk))
        if not rule(IntroductionPlan, "plans.view_plan", plan_pk):
            found.append(f"REFL-{pk} on {url}")
    for link, (model, perm) in LINKED.items():
        found += [
            f"a link to {model.__name__} {pk} on {url}"
            for pk in set(link.findall(html))
            if not rule(model, perm, pk)
        ]
    return found


def _walk(client, user, revisit: list[str]) -> tuple[list[str], list[str]]:
    """Open the pages the previous viewer was shown, then every link from the start page.
    Returns the pages this viewer was shown and what they should not have read."""
    start = list(dict.fromkeys([*revisit, "/"]))
    queue, seen, shapes = deque(start), set(start), Counter()
    shown, leaks, may = [], [], {}
    while queue and len(shown) < MAX_PAGES + len(revisit):
        url = queue.popleft()
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        shown.append(url)
        html = response.content.decode(errors="replace")
        leaks += _leaks(user, url, html, may)
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


def test_no_cached_page_or_fragment_shows_one_viewers_private_data_to_the_next(client, demo_city):
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
