"""What is private stays private on every surface, proved by walking the demo city.

Every private note in the demo gets a marker naming its session; every shared summary,
every request's message to the manager and every check-in text gets one too. Then each
demo account follows every link it is shown (pages, plan PDFs, the Django admin for the
administrator), reads its personal calendar feed, and the e-mails and the audit log are
read. A marker may show only where its owner's rules allow it:
- a private note: on its own session's page and edit form, for its author;
- a shared summary: for the author and the newcomers in the session;
- a request's message to the manager: the newcomer, managers of the unit, administrators;
- a check-in text: the newcomer, and the managers of the unit if it is shared.
"""

import io
import re
from collections import Counter, deque
from urllib.parse import urldefrag, urlsplit

import pytest
from auditlog.models import LogEntry
from django.core import mail
from pypdf import PdfReader

from lms.accounts.models import Role, User
from lms.checkins.models import TEXT_FIELDS, CheckIn
from lms.core.demo import DEMO_PASSWORD
from lms.feeds.services import feed_token_issue
from lms.mentoring.models import MentorChangeRequest
from lms.supervision.models import Session

pytestmark = pytest.mark.django_db

ACCOUNTS = [
    "nyanstalld@demo.test",
    "nyanstalld2@demo.test",
    "mentor@demo.test",
    "handledare@demo.test",
    "chef@demo.test",
    "samordnare@demo.test",
    "hr@demo.test",
    "admin@demo.test",
]
LINK = re.compile(r'href="(/[^"#]*)"')
#: Pages that change state on GET or leave the product, and files: never followed.
SKIP = re.compile(r"^/(accounts/logout|admin/|documents/|static/|media/|calendar/|favicon\.ico$)")
#: How many pages of one shape (digits replaced) a crawl opens; enough to reach every kind.
PER_SHAPE = 4
MAX_PAGES = 400
MARK = re.compile(r"(PRIVAT|DELAD|BESKED|SVAR)-(\d+)-X")


@pytest.fixture
def city(demo_city):
    for session in Session.objects.all():
        session.private_note = f"PRIVAT-{session.pk}-X"
        if session.shared_summary:
            session.shared_summary = f"DELAD-{session.pk}-X"
        session.save(update_fields=["private_note", "shared_summary"])  # audited saves
    for request in MentorChangeRequest.objects.all():
        request.message = f"BESKED-{request.pk}-X"
        request.save(update_fields=["message"])
    for checkin in CheckIn.objects.all():
        setattr(checkin, TEXT_FIELDS[0], f"SVAR-{checkin.pk}-X")
        checkin.save(update_fields=[TEXT_FIELDS[0]])
    assert Session.objects.exclude(shared_summary="").exists()
    assert MentorChangeRequest.objects.exists() and CheckIn.objects.exists()


def _allowed(user: User, kind: str, pk: int, url: str) -> bool:
    if kind == "PRIVAT":
        session = Session.objects.get(pk=pk)
        return session.author_id == user.pk and re.fullmatch(
            rf"/supervision/sessions/{pk}/(edit/)?", url
        )
    if kind == "DELAD":
        session = Session.objects.get(pk=pk)
        return session.author_id == user.pk or session.attendees.filter(newcomer=user).exists()
    if kind == "BESKED":
        request = MentorChangeRequest.objects.select_related("newcomer").get(pk=pk)
        return (
            request.newcomer_id == user.pk
            or request.newcomer.unit_id in user.managed_unit_ids
            or user.is_superuser
        )
    checkin = CheckIn.objects.get(pk=pk)
    return checkin.newcomer_id == user.pk or (
        checkin.shared and checkin.unit_id in user.managed_unit_ids
    )


def _text(response) -> str:
    if response.get("Content-Type", "").startswith("application/pdf"):
        reader = PdfReader(io.BytesIO(response.content))
        return "\n".join(page.extract_text() for page in reader.pages)
    return response.content.decode(errors="replace")


def _shape(url: str) -> str:
    return re.sub(r"\d+", "N", urlsplit(url).path)


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
            if not _allowed(user, kind, int(pk), urlsplit(url).path):
                leaks.append(f"{kind}-{pk} on {url}")
        if "html" not in response.get("Content-Type", ""):
            continue
        for link in LINK.findall(text):
            link = urldefrag(link.replace("&amp;", "&"))[0]
            if link in seen or SKIP.match(link):
                continue
            seen.add(link)
            if shapes[_shape(link)] < PER_SHAPE:
                shapes[_shape(link)] += 1
                queue.append(link)
    return opened, leaks


@pytest.mark.parametrize("email", ACCOUNTS)
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
    for email in ACCOUNTS:
        roles |= User.objects.get(email=email).roles
    assert roles >= {r for r in Role.values}
