"""The Django admin and the audit log never hold a session's private note: not the list,
the search, the change page, the add page, nor any audit entry."""

import pytest
from auditlog.models import LogEntry
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.urls import reverse
from django.utils import timezone

from lms.supervision import services
from lms.supervision.models import Session

from .conftest import NOTE, SUMMARY

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(log):
    return log(follow_ups=[services.FollowUpInput(text="Läs delegationsordningen")])


def test_the_changelist_shows_no_note_and_no_summary(client, admin_user, session):
    client.force_login(admin_user)
    response = client.get(reverse("admin:supervision_session_changelist"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Individuell handledning (1:1)" in html
    assert NOTE not in html
    assert SUMMARY not in html


def test_searching_for_the_notes_words_finds_nothing(client, admin_user, session):
    client.force_login(admin_user)
    response = client.get(reverse("admin:supervision_session_changelist"), {"q": "trött"})
    assert list(response.context["cl"].result_list) == []
    # Searching by the author works.
    response = client.get(
        reverse("admin:supervision_session_changelist"), {"q": session.author.last_name}
    )
    assert list(response.context["cl"].result_list) == [session]


def test_the_change_and_add_pages_leave_the_note_and_the_summary_out(client, admin_user, session):
    client.force_login(admin_user)
    change = client.get(reverse("admin:supervision_session_change", args=[session.pk]))
    html = change.content.decode()
    assert change.status_code == 200
    assert session.get_kind_display() in html
    assert SUMMARY not in html  # between the author and the newcomers
    assert NOTE not in html
    assert "private_note" not in html
    assert "private_note" not in change.context["adminform"].form.fields
    add = client.get(reverse("admin:supervision_session_add"))
    assert "private_note" not in add.content.decode()
    history = client.get(reverse("admin:supervision_session_history", args=[session.pk]))
    assert NOTE not in history.content.decode()


def test_saving_in_the_admin_keeps_the_note_and_raises_sequence(client, admin_user, session):
    client.force_login(admin_user)
    url = reverse("admin:supervision_session_change", args=[session.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["place"] = "Rum 7"
    local = timezone.localtime(data.pop("starts_at"))
    data["starts_at_0"], data["starts_at_1"] = local.date().isoformat(), local.strftime("%H:%M")
    data["topics"] = ""
    participant = session.attendees.get()
    follow_up = session.follow_ups.get()
    data.update(
        {
            "attendees-TOTAL_FORMS": "1",
            "attendees-INITIAL_FORMS": "1",
            "attendees-0-id": participant.pk,
            "attendees-0-session": session.pk,
            "attendees-0-newcomer": participant.newcomer_id,
            "attendees-0-plan": participant.plan_id,
            "attendees-0-reflection": "",
            "follow_ups-TOTAL_FORMS": "1",
            "follow_ups-INITIAL_FORMS": "1",
            "follow_ups-0-id": follow_up.pk,
            "follow_ups-0-session": session.pk,
            "follow_ups-0-newcomer": follow_up.newcomer_id,
            "follow_ups-0-text": follow_up.text,
            "follow_ups-0-responsible": follow_up.responsible,
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    session.refresh_from_db()
    assert session.place == "Rum 7"
    assert session.private_note == NOTE
    assert session.sequence == 1
    for entry in AdminLogEntry.objects.all():
        assert NOTE not in entry.change_message
        assert "privat" not in entry.change_message.lower()


def test_no_audit_entry_ever_holds_the_note(session, supervisor):
    services.session_update(
        session=session, by=supervisor, revision=1, private_note="Ännu en privat tanke."
    )
    services.session_update(
        session=session, by=supervisor, revision=2, place="Rum 2", private_note="Tredje."
    )
    Session.objects.get(pk=session.pk).delete()
    entries = list(LogEntry.objects.all())
    assert entries, "sessions are in the audit log"
    session_entries = [e for e in entries if e.content_type.model == "session"]
    assert {e.action for e in session_entries} >= {
        LogEntry.Action.CREATE,
        LogEntry.Action.UPDATE,
        LogEntry.Action.DELETE,
    }
    for entry in entries:
        text = f"{entry.changes} {entry.changes_text} {entry.object_repr} {entry.additional_data}"
        for secret in (NOTE, "Ännu en privat tanke.", "Tredje."):
            assert secret not in text
        assert "private_note" not in str(entry.changes)


def test_the_audit_log_page_shows_no_note(client, admin_user, session):
    client.force_login(admin_user)
    response = client.get(reverse("admin:auditlog_logentry_changelist"))
    assert response.status_code == 200
    assert NOTE not in response.content.decode()
    for entry in LogEntry.objects.all():
        page = client.get(reverse("admin:auditlog_logentry_change", args=[entry.pk]))
        assert NOTE not in page.content.decode()


def test_follow_ups_and_absences_have_admin_pages(client, admin_user, session):
    client.force_login(admin_user)
    assert client.get(reverse("admin:supervision_followup_changelist")).status_code == 200
    assert client.get(reverse("admin:supervision_absence_changelist")).status_code == 200
    follow_up = session.follow_ups.get()
    page = client.get(reverse("admin:supervision_followup_change", args=[follow_up.pk]))
    assert page.status_code == 200
    assert NOTE not in page.content.decode()
