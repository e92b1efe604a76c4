"""Ending a pairing asks first, says who is told, and tells the mentor once."""

import pytest
from django.core import mail
from django.urls import reverse

from lms.mentoring.models import EndReason, MentorPairing
from tests.supervision.factories import PlanFactory

from .factories import PairingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pairing(newcomer, mentor, supervisor):
    plan = PlanFactory(newcomer=newcomer, supervisor=supervisor, mentor=mentor)
    return PairingFactory(newcomer=newcomer, mentor=mentor, plan=plan)


def _url(pairing):
    return reverse("mentoring:pairing_end", args=[pairing.pk])


def test_the_newcomer_page_links_to_the_confirmation(client, manager, newcomer, pairing):
    client.force_login(manager)
    html = client.get(reverse("mentoring:newcomer", args=[newcomer.pk])).content.decode()
    assert f'href="{_url(pairing)}"' in html


def test_the_confirmation_says_who_is_told_and_changes_nothing(
    client, manager, newcomer, mentor, pairing
):
    client.force_login(manager)
    html = client.get(_url(pairing)).content.decode()
    assert f"{mentor} får ett e-postmeddelande om att mentorskapet har avslutats" in html
    assert "men inte varför" in html
    assert f"{newcomer} får inget meddelande" in html
    assert 'name="reason"' in html and "csrfmiddlewaretoken" in html
    pairing.refresh_from_db()
    assert pairing.ended_on is None


def test_ending_without_a_reason_is_refused_in_swedish(
    client, manager, pairing, django_capture_on_commit_callbacks
):
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(pairing), {"reason": "", "note": "Flyttar"})
    assert "Välj varför mentorskapet avslutas." in response.content.decode()
    pairing.refresh_from_db()
    assert pairing.ended_on is None
    assert mail.outbox == []


def test_the_reason_and_note_are_kept_and_the_mentor_is_told_once(
    client, manager, mentor, newcomer, pairing, django_capture_on_commit_callbacks
):
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(pairing), {"reason": EndReason.NEWCOMER_LEFT, "note": "Ny tjänst."})
        again = client.post(_url(pairing), {"reason": EndReason.OTHER}, follow=True)
    assert "Mentorskapet är redan avslutat." in [str(m) for m in again.context["messages"]]
    pairing.refresh_from_db()
    assert (pairing.end_reason, pairing.end_note) == (EndReason.NEWCOMER_LEFT, "Ny tjänst.")
    [message] = mail.outbox
    assert message.to == [mentor.email]
    assert "Ny tjänst." not in message.body  # the mentor is told it ended, not why


def test_a_note_with_nul_is_refused(client, manager, pairing):
    client.force_login(manager)
    response = client.post(_url(pairing), {"reason": EndReason.OTHER, "note": "a\x00b"})
    assert response.status_code == 200
    pairing.refresh_from_db()
    assert pairing.ended_on is None


def test_the_service_refuses_a_note_with_nul(manager, pairing):
    from django.core.exceptions import ValidationError

    from lms.mentoring import services

    with pytest.raises(ValidationError, match="otillåtna tecken"):
        services.pairing_end(pairing=pairing, by=manager, reason=EndReason.OTHER, note="a\x00")


@pytest.mark.parametrize(("who", "status"), [("mentor", 403), ("newcomer", 403), ("hr", 404)])
def test_those_who_may_not_end_it_are_refused_the_page_and_the_post(
    client, request, pairing, who, status
):
    client.force_login(request.getfixturevalue(who))
    assert client.get(_url(pairing)).status_code == status
    assert client.post(_url(pairing), {"reason": EndReason.OTHER}).status_code == status
    assert MentorPairing.objects.get(pk=pairing.pk).ended_on is None


def test_the_mentor_is_still_refused_an_ended_pairing(client, manager, mentor, pairing):
    from lms.mentoring import services

    services.pairing_end(pairing=pairing, by=manager, reason=EndReason.PLANNED)
    client.force_login(mentor)
    assert client.get(_url(pairing)).status_code == 403
