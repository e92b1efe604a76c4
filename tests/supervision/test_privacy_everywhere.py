"""What is private stays private on every surface and through every cache, proved by
walking the demo city.

Every private text in the demo gets a marker (tests/privacy_markers.py says which and
who may read each), and every plan item's reflection one too (readable by whoever may
open the plan). Then a visitor not logged in, each demo login and the visitor again, one
after another on one cache that nothing clears, follow every link they are shown (pages,
plan PDFs and other files, the Django admin for the administrator), and each login reads
its personal calendar feed. Each viewer first opens every page the one before was shown,
so a page or fragment cached for one person and served to the next shows up too. On
every page a marker may show only where its owner's rules allow, and a link to a plan or
a supervision session only to whom the rules let know of it. The e-mails and the audit
log are read as well.
"""

import io
import re
from collections import Counter, deque
from urllib.parse import urldefrag

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.test import override_settings
from pypdf import PdfReader

from lms.accounts.models import Role, User
from lms.core.demo import DEMO_PASSWORD
from lms.feeds.services import feed_token_issue
from lms.plans.models import IntroductionPlan, PlanItem
from lms.supervision.models import Session
from tests.demo_logins import DEMO_LOGINS
from tests.privacy_markers import LINK, MARK, SKIP, allowed, plant, shape

pytestmark = pytest.mark.django_db

#: A visitor (None) first and last, so the public site's page cache meets everyone.
VIEWERS = [None, *DEMO_LOGINS, None]
#: How many pages of one shape (digits replaced) a viewer opens; enough to reach every kind.
PER_SHAPE = 4
#: Addresses a viewer opens besides the ones the previous viewer was shown.
MAX_PAGES = 400
#: The Django admin caches nothing, and files (PDF, CSV) hold no cached fragment: the
#: next viewer reopens only the pages outside the admin.
ADMIN = "/django-admin/"
REFLECTION = re.compile(r"REFL-(\d+)-X")
#: Links to a plan or a supervision session: shown only to whom the rule lets know of it.
LINKED = {
    re.compile(r'href="/plans/(\d+)/"'): (IntroductionPlan, "plans.view_plan"),
    re.compile(r'href="/supervision/sessions/(\d+)/"'): (Session, "supervision.know_of_session"),
}


@pytest.fixture
def city(demo_city):
    plant()


def _plant_reflections() -> None:
    marker = Concat(Value("REFL-"), Cast("pk", CharField()), Value("-X"))
    assert PlanItem.objects.update(reflection=marker)


def _text(response) -> str:
    if response.get("Content-Type", "").startswith("application/pdf"):
        reader = PdfReader(io.BytesIO(response.content))
        return "\n".join(page.extract_text() for page in reader.pages)
    return response.content.decode(errors="replace")


class Rules:
    """What `user` may not read in a text; remembers the rules' answers."""

    def __init__(self, user):
        self.user = user
        self.may: dict[tuple[str, str], bool] = {}

    def _may(self, model, perm: str, pk: str) -> bool:
        if (perm, pk) not in self.may:
            self.may[perm, pk] = self.user.has_perm(perm, model.objects.get(pk=pk))
        return self.may[perm, pk]

    def findings(self, url: str, text: str, *, marks_allowed: bool = True) -> list[str]:
        found = [
            f"{url}: {kind}-{pk}"
            for kind, pk in MARK.findall(text)
            if not (marks_allowed and allowed(self.user, kind, int(pk), url))
        ]
        for pk in REFLECTION.findall(text):
            plan_pk = str(PlanItem.objects.values_list("plan_id", flat=True).get(pk=pk))
            if not self._may(IntroductionPlan, "plans.view_plan", plan_pk):
                found.append(f"{url}: REFL-{pk} (the reflection of a plan they may not open)")
        for link, (model, perm) in LINKED.items():
            found += [
                f"{url}: a link to {model.__name__} {pk}"
                for pk in sorted(set(link.findall(text)))
                if not self._may(model, perm, pk)
            ]
        return found


def _walk(client, user, revisit: list[str]) -> tuple[int, list[str], list[str]]:
    """Open the pages the previous viewer was shown, then follow every link from the start
    page (and the Django admin for administrators). Returns how many addresses this viewer
    opened, the pages to hand to the next viewer (HTML, outside the Django admin) and
    what this viewer should not have read."""
    start = ["/", ADMIN] if user.is_superuser else ["/"]
    queue = deque(dict.fromkeys([*revisit, *start]))
    seen, shapes, rules = set(queue), Counter(), Rules(user)
    opened, shown, findings = 0, [], []
    while queue and opened < MAX_PAGES + len(revisit):
        url = queue.popleft()
        response = client.get(url)
        opened += 1
        if response.status_code != 200:
            continue
        text = _text(response)
        findings += rules.findings(url, text)
        if "html" not in response.get("Content-Type", ""):
            continue
        if not url.startswith(ADMIN):
            shown.append(url)
        for link in LINK.findall(text):
            link = urldefrag(link.replace("&amp;", "&"))[0]
            if link in seen or SKIP.match(link):
                continue
            seen.add(link)
            if shapes[shape(link)] < PER_SHAPE:
                shapes[shape(link)] += 1
                queue.append(link)
    return opened, shown, findings


#: Nothing may fall out of the cache during the walk: a culled copy would hide a wrong key.
@override_settings(
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 1_000_000},
        }
    }
)
def test_every_viewer_in_turn_on_one_cache_is_shown_only_what_they_may_read(client, city):
    _plant_reflections()
    previous: list[str] = []
    findings: dict[str, list[str]] = {}
    walked: dict[str, tuple[int, int]] = {}
    for turn, email in enumerate(VIEWERS):
        client.logout()
        if email is None:
            viewer, user = ("visitor, first" if turn == 0 else "visitor, last"), AnonymousUser()
        else:
            viewer, user = email, User.objects.get(email=email)
            assert client.login(email=email, password=DEMO_PASSWORD), email
        opened, shown, found = _walk(client, user, previous)
        if email is not None:
            url = f"/calendar/u/{feed_token_issue(user=user)}.ics"
            feed = client.get(url).content.decode()
            if "BEGIN:VCALENDAR" not in feed:
                found.append(f"{url}: the personal feed is no calendar")
            # No private text at all in a feed, not even the viewer's own.
            found += Rules(user).findings(url, feed, marks_allowed=False)
        if found:
            findings[viewer] = found
        walked[viewer] = (opened, len(shown))
        previous = shown
    assert not findings, "What a viewer was shown but may not read:\n" + "\n".join(
        f"{viewer}:\n" + "\n".join(f"  {finding}" for finding in found)
        for viewer, found in findings.items()
    )
    # Every viewer got somewhere: the walk read real pages, not only the login form.
    assert all(opened > 10 and shown > 5 for opened, shown in walked.values()), walked


def test_the_author_reads_their_private_note_and_the_administrator_does_not(client, city):
    session = Session.objects.filter(author__email="handledare@demo.test").first()
    client.login(email="handledare@demo.test", password=DEMO_PASSWORD)
    assert f"PRIVAT-{session.pk}-X" in _text(client.get(f"/supervision/sessions/{session.pk}/"))
    client.login(email="admin@demo.test", password=DEMO_PASSWORD)
    page = _text(client.get(f"/django-admin/supervision/session/{session.pk}/change/"))
    assert session.get_kind_display() in page
    assert MARK.findall(page) == []


def test_no_audit_entry_and_no_e_mail_holds_a_note_a_summary_or_a_message(
    city, django_capture_on_commit_callbacks
):
    # The demo sends no mail; pair someone now so the mentor's e-mail goes out.
    from lms.mentoring import selectors, services

    manager = User.objects.get(email="chef@demo.test")
    newcomer = User.objects.get(email="nyanstalld2@demo.test")
    plan = selectors.active_plan(newcomer=newcomer)
    best = selectors.suggestions(newcomer=newcomer, start_date=plan.start_date, plan=plan)
    with django_capture_on_commit_callbacks(execute=True):
        services.pairing_create(newcomer=newcomer, mentor=best[0].profile.user, by=manager)
    assert mail.outbox
    for message in mail.outbox:
        bodies = [message.body, *(content for content, _type in message.alternatives)]
        assert not any(MARK.search(body) for body in bodies)
    logged = "\n".join(str(entry.changes) for entry in LogEntry.objects.all())
    assert MARK.findall(logged) == []


def test_the_roles_walked_cover_every_role(city):
    roles = set()
    for email in DEMO_LOGINS:
        roles |= User.objects.get(email=email).roles
    assert roles >= {r for r in Role.values}
