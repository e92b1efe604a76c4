"""Markers in the demo city's private texts, and who may read each, for the walk through
the demo as each of its people (tests/supervision/test_privacy_everywhere.py).

Every private note in the demo gets a marker naming its session; every shared summary,
every request's message to the manager and every check-in text gets one too. A marker
may show only where its owner's rules allow it:
- a private note: on its own session's page and edit form, for its author;
- a shared summary: for the author and the newcomers in the session;
- a request's message to the manager: the newcomer, managers of the unit, administrators;
- a check-in text: the newcomer, and the managers of the unit if it is shared.
"""

import re
from urllib.parse import urlsplit

from lms.checkins.models import TEXT_FIELDS, CheckIn
from lms.mentoring.models import MentorChangeRequest
from lms.supervision.models import Session

MARK = re.compile(r"(PRIVAT|DELAD|BESKED|SVAR)-(\d+)-X")
LINK = re.compile(r'href="(/[^"#]*)"')
#: Pages that change state on GET or leave the product, and files: never followed.
SKIP = re.compile(r"^/(accounts/logout|admin/|documents/|static/|media/|calendar/|favicon\.ico$)")


def plant() -> None:
    """Put a marker in every private text of the demo city (audited saves)."""
    for session in Session.objects.all():
        session.private_note = f"PRIVAT-{session.pk}-X"
        if session.shared_summary:
            session.shared_summary = f"DELAD-{session.pk}-X"
        session.save(update_fields=["private_note", "shared_summary"])
    for request in MentorChangeRequest.objects.all():
        request.message = f"BESKED-{request.pk}-X"
        request.save(update_fields=["message"])
    for checkin in CheckIn.objects.all():
        setattr(checkin, TEXT_FIELDS[0], f"SVAR-{checkin.pk}-X")
        checkin.save(update_fields=[TEXT_FIELDS[0]])
    assert Session.objects.exclude(shared_summary="").exists()
    assert MentorChangeRequest.objects.exists() and CheckIn.objects.exists()


def allowed(user, kind: str, pk: int, url: str) -> bool:
    """May `user` (anonymous too) read the marked text `kind`-`pk` on the page `url`?"""
    if not user.is_authenticated:
        return False
    if kind == "PRIVAT":
        session = Session.objects.get(pk=pk)
        return session.author_id == user.pk and bool(
            re.fullmatch(rf"/supervision/sessions/{pk}/(edit/)?", urlsplit(url).path)
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


def shape(url: str) -> str:
    """A page's address with its numbers left out: pages of one kind share a shape."""
    return re.sub(r"\d+", "N", urlsplit(url).path)
