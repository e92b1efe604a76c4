"""What is private stays private on every surface, proved by walking the demo city.

Every private text in the demo gets a marker (tests/privacy_markers.py says which and
who may read each). Then each demo account follows every link it is shown (pages, plan
PDFs, the Django admin for the administrator), reads its personal calendar feed, and the
e-mails and the audit log are read: a marker may show only where its owner's rules allow.
"""

import io
from collections import Counter, deque
from urllib.parse import urldefrag

import pytest
from auditlog.models import LogEntry
from django.core import mail
from pypdf import PdfReader

from lms.accounts.models import Role, User
from lms.core.demo import DEMO_PASSWORD
from lms.feeds.services import feed_token_issue
from lms.supervision.models import Session
from tests.demo_logins import DEMO_LOGINS
from tests.privacy_markers import LINK, MARK, SKIP, allowed, plant, shape

pytestmark = pytest.mark.django_db

#: How many pages of one shape (digits replaced) a crawl opens; enough to reach every kind.
PER_SHAPE = 4
MAX_PAGES = 400


@pytest.fixture
def city(demo_city):
    plant()


def _text(response) -> str:
    if response.get("Content-Type", "").startswith("application/pdf"):
        reader = PdfReader(io.BytesIO(response.content))
        return "\n".join(page.extract_text() for page in reader.pages)
    return response.content.decode(errors="replace")


def _crawl(client, user: User) -> tuple[int, list[str]]:
    """Follow every link from the start page (and the Django admin for administrators)."""
    start = ["/", "/django-admin/"] if user.is_superuser else ["/"]
    queue, seen, shapes, leaks = deque(start), set(start), Counter(), []
    opened = 0
    while queue and opened < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        opened += 1
        if response.status_code != 200:
            continue
        text = _text(response)
        for kind, pk in MARK.findall(text):
            if not allowed(user, kind, int(pk), url):
                leaks.append(f"{kind}-{pk} on {url}")
        if "html" not in response.get("Content-Type", ""):
            continue
        for link in LINK.findall(text):
            link = urldefrag(link.replace("&amp;", "&"))[0]
            if link in seen or SKIP.match(link):
                continue
            seen.add(link)
            if shapes[shape(link)] < PER_SHAPE:
                shapes[shape(link)] += 1
                queue.append(link)
    return opened, leaks


@pytest.mark.parametrize("email", DEMO_LOGINS)
def test_no_page_pdf_feed_or_admin_page_shows_what_the_viewer_may_not_read(client, city, email):
    user = User.objects.get(email=email)
    assert client.login(email=email, password=DEMO_PASSWORD)
    opened, leaks = _crawl(client, user)
    assert opened > 10
    assert leaks == []
    feed = client.get(f"/calendar/u/{feed_token_issue(user=user)}.ics").content.decode()
    assert "BEGIN:VCALENDAR" in feed and MARK.findall(feed) == []


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
