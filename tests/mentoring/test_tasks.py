"""The e-mail to the mentor: in the mentor's language, text and HTML, with the newcomer,
the dates and the link, and nothing about fit answers, requests or reasons."""

import pytest
from django.core import mail
from django.urls import reverse

from lms.mentoring import services, tasks
from lms.mentoring.models import EndReason, Fit
from tests.supervision.factories import PlanFactory

from .factories import PairingFactory

pytestmark = pytest.mark.django_db


def test_the_mentor_is_told_of_a_new_pairing_in_swedish(
    newcomer, mentor, manager, django_capture_on_commit_callbacks
):
    plan = PlanFactory(newcomer=newcomer, start_date=newcomer.start_date)
    with django_capture_on_commit_callbacks(execute=True):
        pairing = services.pairing_create(newcomer=newcomer, mentor=mentor, by=manager)
    [message] = mail.outbox
    html = message.alternatives[0][0]
    assert message.subject == f"Du är mentor för {newcomer}"
    for part in (message.body, html):
        assert str(newcomer) in part and str(manager) in part
        assert pairing.starts_on.isoformat() in part and pairing.planned_ends_on.isoformat() in part
        assert reverse("plans:plan_detail", args=[plan.pk]) in part


def test_the_mail_follows_the_mentors_language(newcomer, mentor, manager):
    mentor.preferred_language = "en"
    mentor.save()
    pairing = PairingFactory(newcomer=newcomer, mentor=mentor, created_by=manager)
    assert tasks.pairing_notify(pairing.pk, "started") is True
    html = mail.outbox[0].alternatives[0][0]
    assert '<html lang="en">' in html


def test_the_end_mail_gives_no_reason_and_no_answer(newcomer, mentor, manager):
    pairing = PairingFactory(newcomer=newcomer, mentor=mentor)
    services.fit_answer(pairing=pairing, by=newcomer, answer=Fit.NOT_GOOD)
    services.change_request_create(pairing=pairing, by=newcomer, message="Hemligt skäl")
    services.pairing_end(
        pairing=pairing, by=manager, reason=EndReason.OTHER, note="Konflikt i gruppen"
    )
    assert tasks.pairing_notify(pairing.pk, "ended") is True
    [message] = mail.outbox
    text = message.subject + message.body + message.alternatives[0][0]
    assert str(newcomer) in text and reverse("mentoring:me") in text
    for secret in ("Hemligt skäl", "Konflikt", "Annat", "passar inte", "begäran", "ny mentor"):
        assert secret not in text


def test_a_pairing_ended_before_the_task_ran_sends_no_start_mail(newcomer, mentor, today):
    pairing = PairingFactory(newcomer=newcomer, mentor=mentor, ended_on=today)
    assert tasks.pairing_notify(pairing.pk, "started") is False
    assert tasks.pairing_notify(0, "started") is False
    assert tasks.pairing_notify(pairing.pk, "nonsense") is False
    assert mail.outbox == []


def test_nothing_is_sent_before_the_pairing_commits(
    newcomer, mentor, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.pairing_create(newcomer=newcomer, mentor=mentor, by=manager)
    assert mail.outbox == []  # queued only for after the commit
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
