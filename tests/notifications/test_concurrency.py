"""Two workers at once: the same due things found by both, the same outbox drained by
both, and still one row and one e-mail per key. Needs a server database's row locks and
parallel connections; CI runs it on PostgreSQL."""

import datetime
import threading

import pytest
from django.core import mail
from django.db import close_old_connections, connection
from django.utils import timezone

from lms.notifications import tasks
from lms.notifications.kinds import Candidate
from lms.notifications.models import EmailStatus, Notification
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="parallel connections need a server database; CI runs this on PostgreSQL",
    ),
]

MORNING = timezone.make_aware(datetime.datetime(2026, 3, 2, 8, 0))


def _in_parallel(work, runs: int) -> list[Exception]:
    barrier = threading.Barrier(runs)
    errors: list[Exception] = []

    def run():
        try:
            barrier.wait(timeout=10)
            work()
        except Exception as error:  # collected and asserted empty below
            errors.append(error)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=run) for _ in range(runs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def test_two_morning_runs_at_once_record_and_send_each_key_once(test_kind):
    people = UserFactory.create_batch(40)
    test_kind.due.extend(
        Candidate(key=f"test_kind:{p.pk}:2026-03-02", kind="test_kind", recipient_id=p.pk)
        for p in people
    )
    mail.outbox = []
    errors = _in_parallel(lambda: tasks.morning(MORNING), runs=3)
    assert errors == []
    assert Notification.objects.filter(kind="test_kind").count() == 40
    assert set(Notification.objects.values_list("email_status", flat=True)) == {EmailStatus.SENT}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)


def test_two_outbox_runs_at_once_share_no_message(test_kind):
    people = UserFactory.create_batch(60)
    from lms.notifications import services

    services.record(
        [Candidate(key=f"test_kind:{p.pk}", kind="test_kind", recipient_id=p.pk) for p in people],
        now=MORNING,
    )
    mail.outbox = []
    errors = _in_parallel(lambda: tasks.send_all(MORNING), runs=4)
    assert errors == []
    assert len(mail.outbox) == 60
    assert len({m.to[0] for m in mail.outbox}) == 60
