"""Administrators see that check-ins exist, never what was answered: not in the Django
admin (list, page, search) and not in the audit log."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from lms.checkins.services import checkin_answer

from .factories import SECRETS, CheckInFactory

pytestmark = pytest.mark.django_db
MESSAGE = "Ett hemligt meddelande till chefen"


@pytest.fixture
def checkin(plan):
    return CheckInFactory(plan=plan, shared=True, message=MESSAGE)


def _assert_private(text: str) -> None:
    for secret in (*SECRETS, MESSAGE):
        assert secret not in text
    assert "Stämmer" not in text


def test_the_admin_list_shows_who_and_when_but_no_answer(client, admin_user, checkin):
    client.force_login(admin_user)
    html = client.get(reverse("admin:checkins_checkin_changelist")).content.decode()
    assert str(checkin.newcomer) in html and checkin.unit.name in html
    _assert_private(html)


def test_the_admin_page_of_a_check_in_holds_no_answer_and_cannot_change_it(
    client, admin_user, checkin
):
    client.force_login(admin_user)
    url = reverse("admin:checkins_checkin_change", args=[checkin.pk])
    html = client.get(url).content.decode()
    assert str(checkin.newcomer) in html
    _assert_private(html)
    assert 'name="joy_rating"' not in html and "<textarea" not in html
    client.post(url, {"joy_rating": 1, "message": "ändrat"})
    checkin.refresh_from_db()
    assert checkin.joy_rating == 4 and checkin.message == MESSAGE


def test_the_admin_search_does_not_look_in_answers(client, admin_user, checkin):
    client.force_login(admin_user)
    url = reverse("admin:checkins_checkin_changelist")
    html = client.get(url, {"q": "Glädjetext"}).content.decode()
    assert "0 avstämningar" in html or "0 av 1" in html or str(checkin.newcomer) not in html
    assert (
        str(checkin.newcomer) in client.get(url, {"q": checkin.newcomer.last_name}).content.decode()
    )


def test_nobody_adds_check_ins_in_the_admin(client, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse("admin:checkins_checkin_add")).status_code == 403


def test_the_audit_log_records_answers_without_their_content(plan, newcomer, ratings):
    answer = dict(plan=plan, point=1, by=newcomer, ratings=ratings)
    texts = {"joy": "Glädjetext: hembesöken", "manager": "Chefstext", "group": "Grupptext"}
    checkin_answer(**answer, texts={**texts, "contribution": "Bidragstext"}, message=MESSAGE)
    checkin_answer(**answer, shared=True)  # unshare → share, texts removed
    entries = list(LogEntry.objects.filter(content_type__model="checkin"))
    assert [e.action for e in entries] == [LogEntry.Action.UPDATE, LogEntry.Action.CREATE]
    assert entries[0].changes_dict["shared"] == ["False", "True"]
    assert set(entries[0].changes_dict) == {"shared", "answered_at"}
    for entry in entries:
        _assert_private(str(entry.changes) + entry.object_repr + str(entry.serialized_data))
        assert not {"joy_rating", "message", "joy_text"} & set(entry.changes_dict)
