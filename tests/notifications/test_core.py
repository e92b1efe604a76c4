"""The outbox itself: one row per key, preferences, sending, retries and refusals."""

import datetime
import io
import smtplib
from unittest import mock

import pytest
from django.core import mail
from django.core.management import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lms.accounts.models import User
from lms.notifications import sending, services, tasks
from lms.notifications.kinds import Candidate
from lms.notifications.models import EmailChoice, EmailStatus, Notification, Preference
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MORNING = timezone.make_aware(datetime.datetime(2026, 3, 2, 8, 0))


def candidate(user, n=1, **kw):
    return Candidate(
        key=f"test_kind:{n}:{user.pk}",
        kind="test_kind",
        recipient_id=user.pk,
        params={"n": n},
        url="/plans/",
        **kw,
    )


def test_the_same_key_twice_is_one_row_and_one_email(test_kind):
    user = UserFactory(preferred_language="sv")
    test_kind.due.append(candidate(user))
    assert tasks.morning(MORNING)["found"]["test_kind"] == 1
    assert tasks.morning(MORNING)["found"]["test_kind"] == 0
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Test 1"
    assert "Rad 1" in message.body
    assert "http://testserver/plans/" in message.body or "/plans/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html = message.alternatives[0][0]
    assert "<h1" in html and "Rad 1" in html
    user.refresh_from_db()
    assert user.unread_notifications == 1


def test_many_candidates_are_one_insert_with_every_value_intact(test_kind):
    people = UserFactory.create_batch(3)
    Preference.objects.create(user=people[1], kind="test_kind", email=EmailChoice.OFF)
    services.record([candidate(people[0], n=999)], now=MORNING)  # written before
    candidates = [
        Candidate(
            key=f"test_kind:{n}:{person.pk}",
            kind="test_kind",
            recipient_id=person.pk,
            params={"n": n, "namn": "Åsa Öberg", "lista": [1, "två"]},
            url=f"/plans/{n}/",
            in_inbox=n % 2 == 0,
        )
        for n in range(400)
        for person in people
    ] + [candidate(people[0], n=999)]
    with CaptureQueriesContext(connection) as queries:
        assert services.record(candidates, now=MORNING) == 1200
    inserts = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("INSERT")]
    assert len(inserts) == 1
    assert Notification.objects.count() == 1201
    row = Notification.objects.get(key=f"test_kind:7:{people[1].pk}")
    assert row.params == {"n": 7, "namn": "Åsa Öberg", "lista": [1, "två"]}
    assert (row.kind, row.recipient_id, row.url) == ("test_kind", people[1].pk, "/plans/7/")
    assert row.in_inbox is False
    assert row.created_at == MORNING
    assert row.email_status == EmailStatus.NOT_WANTED
    assert (row.attempts, row.read_at, row.claim, row.sent_at, row.reason) == (
        0,
        None,
        None,
        None,
        "",
    )
    assert Notification.objects.get(key=f"test_kind:8:{people[0].pk}").in_inbox is True
    assert Notification.objects.get(key=f"test_kind:8:{people[0].pk}").email_status == (
        EmailStatus.PENDING
    )
    people[2].refresh_from_db()
    assert people[2].unread_notifications == 200


def test_outside_working_hours_nothing_is_looked_for(test_kind):
    user = UserFactory()
    test_kind.due.append(candidate(user))
    night = timezone.make_aware(datetime.datetime(2026, 3, 2, 3, 0))
    assert tasks.morning(night)["found"] == {}
    assert Notification.objects.count() == 0


def test_preferences_decide_immediate_digest_or_off(test_kind):
    now_user, daily_user, off_user = UserFactory(), UserFactory(), UserFactory()
    services.set_email_choices(daily_user, {"test_kind": EmailChoice.DAILY})
    services.set_email_choices(off_user, {"test_kind": EmailChoice.OFF})
    test_kind.due.extend(candidate(u) for u in (now_user, daily_user, off_user))
    tasks.morning(MORNING)
    status = dict(Notification.objects.values_list("recipient_id", "email_status"))
    assert status == {
        now_user.pk: EmailStatus.SENT,
        daily_user.pk: EmailStatus.IN_DIGEST,  # 08:00 is after the digest hour
        off_user.pk: EmailStatus.NOT_WANTED,
    }
    assert sorted(m.to[0] for m in mail.outbox) == sorted([now_user.email, daily_user.email])
    digest = Notification.objects.get(kind="daily_digest")
    assert digest.recipient == daily_user and not digest.in_inbox
    # the digest is not found twice the same day, and the notice is not in tomorrow's
    tasks.morning(MORNING + datetime.timedelta(hours=1))
    tasks.morning(MORNING + datetime.timedelta(days=1))
    assert Notification.objects.filter(kind="daily_digest").count() == 1


def test_mandatory_kinds_ignore_a_choice_to_turn_them_off():
    user = UserFactory()
    assert services.set_email_choices(user, {"account_security": EmailChoice.OFF}) == []
    assert not Preference.objects.exists()


def test_unsubscribe_token_round_trip_and_tampering(test_kind):
    user = UserFactory()
    token = services.unsubscribe_token(user.pk, "test_kind")
    assert services.read_unsubscribe_token(token) == (user.pk, "test_kind")
    assert services.read_unsubscribe_token(token + "x") is None
    assert (
        services.read_unsubscribe_token(services.unsubscribe_token(user.pk, "account_security"))
        is None
    )


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"is_active": False}, "inget aktivt konto"),
        ({"end_date": datetime.date(2026, 2, 1)}, "slutat"),
        ({"email": ""}, "saknar e-postadress"),
    ],
)
def test_people_who_cannot_get_mail_are_skipped_with_the_reason(test_kind, change, reason):
    user = UserFactory(start_date=datetime.date(2025, 1, 1))
    User.objects.filter(pk=user.pk).update(**change)
    test_kind.due.append(candidate(user))
    tasks.morning(MORNING)
    n = Notification.objects.get()
    assert n.email_status == EmailStatus.SKIPPED and reason in n.reason
    assert mail.outbox == []


def test_a_stale_notice_is_not_sent(test_kind):
    user = UserFactory()
    services.record([candidate(user)], now=MORNING)
    n = Notification.objects.get()
    test_kind.stale_reasons[n.pk] = "Punkten är redan klar."
    sending.send_pending(MORNING)
    n.refresh_from_db()
    assert (n.email_status, n.reason) == (EmailStatus.SKIPPED, "Punkten är redan klar.")


def test_a_failure_mid_batch_keeps_what_was_sent_and_retries_the_rest(test_kind):
    users = UserFactory.create_batch(3)
    services.record([candidate(u, i) for i, u in enumerate(users)], now=MORNING)
    real_send = sending.EmailMultiAlternatives.send
    calls = []

    def flaky(message, *args, **kwargs):
        calls.append(message.to[0])
        if len(calls) == 2:
            raise ConnectionError("server went away")
        return real_send(message, *args, **kwargs)

    with mock.patch.object(sending.EmailMultiAlternatives, "send", flaky):
        counts = sending.send_pending(MORNING)
    assert counts == {"sent": 2, "retry": 1}
    failed = Notification.objects.get(recipient__email=calls[1])
    assert failed.email_status == EmailStatus.PENDING
    assert failed.next_attempt_at == MORNING + sending.FIRST_PAUSE
    # not before the pause is over, then once
    assert sending.send_pending(MORNING) == {}
    assert sending.send_pending(MORNING + sending.FIRST_PAUSE)["sent"] == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in users)


def test_repeated_failures_back_off_then_give_up_and_report(test_kind, caplog):
    user = UserFactory()
    services.record([candidate(user)], now=MORNING)
    now = MORNING
    with mock.patch.object(sending.EmailMultiAlternatives, "send", side_effect=OSError("down")):
        for attempt in range(1, sending.MAX_ATTEMPTS + 1):
            sending.send_pending(now)
            n = Notification.objects.get()
            assert n.attempts == attempt
            if attempt < sending.MAX_ATTEMPTS:
                pause = n.next_attempt_at - now
                assert pause == sending.FIRST_PAUSE * 2 ** (attempt - 1)
                now = n.next_attempt_at
    assert n.email_status == EmailStatus.FAILED
    assert "flera försök" in n.reason
    assert "failed after 5 attempts" in caplog.text


def test_a_refused_address_is_not_retried(test_kind):
    user = UserFactory()
    services.record([candidate(user)], now=MORNING)
    refused = smtplib.SMTPRecipientsRefused({user.email: (550, b"no such user")})
    with mock.patch.object(sending.EmailMultiAlternatives, "send", side_effect=refused):
        sending.send_pending(MORNING)
    n = Notification.objects.get()
    assert n.email_status == EmailStatus.FAILED and "tog inte emot" in n.reason
    assert sending.send_pending(MORNING + datetime.timedelta(days=1)) == {}


def test_a_row_left_sending_by_a_dead_worker_is_sent_later(test_kind):
    user = UserFactory()
    services.record([candidate(user)], now=MORNING)
    sending.claim(MORNING)  # the worker dies here
    assert sending.send_pending(MORNING + datetime.timedelta(minutes=1)) == {}
    assert sending.send_pending(
        MORNING + sending.CLAIM_TIMEOUT + datetime.timedelta(seconds=1)
    ) == {"sent": 1}
    assert len(mail.outbox) == 1


def test_two_claims_never_share_a_row(test_kind):
    user = UserFactory()
    services.record([candidate(user, i) for i in range(5)], now=MORNING)
    first = sending.claim(MORNING)
    second = sending.claim(MORNING)
    assert len(first) == 5 and second == []


def test_english_recipients_get_english(test_kind):
    user = UserFactory(preferred_language="en")
    test_kind.due.append(candidate(user))
    tasks.morning(MORNING)
    assert "Hi" in mail.outbox[0].body or "Hello" in mail.outbox[0].body


def test_reading_recounts_and_an_old_user_object_does_not_write_the_count_back(test_kind):
    user = UserFactory()
    stale_copy = User.objects.get(pk=user.pk)
    services.record([candidate(user, i) for i in range(3)], now=MORNING)
    stale_copy.title = "Socialsekreterare"
    stale_copy.save()
    user.refresh_from_db()
    assert user.unread_notifications == 3
    one = Notification.objects.filter(recipient=user).first()
    assert services.mark_read(user, [one.pk]) == 1
    assert user.unread_notifications == 2
    assert services.mark_read(user) == 2
    assert user.unread_notifications == 0


def test_pruning_keeps_what_is_recent_or_still_waiting(test_kind):
    from django.core.management import call_command

    user = UserFactory()
    old = timezone.now() - datetime.timedelta(days=500)
    services.record([candidate(user, 1)], now=old)
    services.record([candidate(user, 2)], now=old)
    services.record([candidate(user, 3)], now=timezone.now())
    Notification.objects.filter(key=candidate(user, 1).key).update(email_status=EmailStatus.SENT)
    call_command("prune_notifications", stdout=io.StringIO())
    assert sorted(Notification.objects.values_list("params__n", flat=True)) == [2, 3]
    with pytest.raises(CommandError):
        call_command("prune_notifications", older_than_days=3)


def test_the_simulated_month_sends_each_key_once_even_when_run_again(test_kind, settings):
    from django.core.management import call_command

    settings.DEBUG = True
    user = UserFactory()
    test_kind.due.extend(candidate(user, i) for i in range(3))
    out = io.StringIO()
    call_command("simulate_notifications", days=3, start="2026-03-02", stdout=out)
    call_command("simulate_notifications", days=3, start="2026-03-02", stdout=io.StringIO())
    assert Notification.objects.filter(kind="test_kind").count() == 3
    assert len(mail.outbox) == 3
    text = out.getvalue()
    assert "2026-03-02: test_kind 3" in text and "found again" not in text
    assert "New notices: 3 to 1 people" in text


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"days": 0}, "between 1 and 366"),
        ({"start": "2026-13-01"}, "YYYY-MM-DD"),
    ],
)
def test_the_simulation_refuses_bad_input(settings, options, message):
    from django.core.management import call_command

    settings.DEBUG = True
    with pytest.raises(CommandError, match=message):
        call_command("simulate_notifications", stdout=io.StringIO(), **options)


def test_the_simulation_refuses_to_run_in_production(settings):
    from django.core.management import call_command

    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG"):
        call_command("simulate_notifications", stdout=io.StringIO())


def test_sending_stops_when_its_time_is_spent_and_the_next_run_goes_on(test_kind):
    users = UserFactory.create_batch(3)
    services.record([candidate(u, i) for i, u in enumerate(users)], now=MORNING)
    assert tasks.send_all(MORNING, budget=0) == {}
    assert tasks.send_all(MORNING) == {"sent": 3}
