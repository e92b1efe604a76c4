"""Issue 8's "done when": a month of the worker over the demo city sends the right
messages to the right people, each exactly once, and a second run of the same month
sends nothing more."""

import io
from collections import Counter

import pytest
from django.core import mail
from django.core.management import call_command

from lms.accounts.models import User
from lms.notifications.models import EmailStatus, Notification
from lms.plans.models import PlanItem, Responsible
from lms.supervision.models import Session

pytestmark = pytest.mark.django_db


@pytest.fixture
def debug_city(demo_city, settings):
    settings.DEBUG = True


def test_a_month_of_the_worker_sends_each_message_once_to_the_right_person(debug_city):
    before = set(Notification.objects.values_list("pk", flat=True))
    # This morning's notices from the demo wait for the worker: the month sends them too.
    waiting = set(
        Notification.objects.filter(email_status=EmailStatus.PENDING).values_list("pk", flat=True)
    )
    mail.outbox = []
    out = io.StringIO()
    call_command("simulate_notifications", days=30, stdout=out)
    again = [line for line in out.getvalue().splitlines() if "found again" in line]
    assert not again, again
    month = Notification.objects.exclude(pk__in=before).select_related("recipient")
    kinds = Counter(n.kind for n in month)
    # The demo city gives every daily kind something to say within a month.
    assert {
        "item_due_soon",
        "item_overdue",
        "supervision_reminder",
        "mentor_nudge",
        "weekly_manager",
        "weekly_coordinator",
        "daily_digest",
    } <= set(kinds), kinds

    # Exactly once: one e-mail per row marked sent, none for the others.
    sent = [n for n in month if n.email_status == EmailStatus.SENT] + list(
        Notification.objects.filter(pk__in=waiting, email_status=EmailStatus.SENT).select_related(
            "recipient"
        )
    )
    assert len(mail.outbox) == len(sent)
    assert Counter(m.to[0] for m in mail.outbox) == Counter(n.recipient.email for n in sent)
    assert not [n for n in month if n.email_status in (EmailStatus.PENDING, EmailStatus.FAILED)]

    # The right person: an item's reminder goes to whoever answers for it.
    items = PlanItem.objects.select_related("plan").in_bulk(
        [n.params["item"] for n in month if n.kind in ("item_due_soon", "item_overdue")]
    )
    for n in month:
        if n.kind not in ("item_due_soon", "item_overdue"):
            continue
        item = items[n.params["item"]]
        expected = {
            Responsible.NEWCOMER: item.plan.newcomer_id,
            Responsible.MENTOR: item.plan.mentor_id,
            Responsible.SUPERVISOR: item.plan.supervisor_id,
        }.get(item.responsible)
        if expected:
            assert n.recipient_id == expected, (n.key, item.responsible)
        else:
            assert item.plan.unit_id in n.recipient.managed_unit_ids, n.key
    # Nobody who may not get mail got any, and no private note left the product.
    assert all(n.recipient.is_active and not n.recipient.has_left for n in sent)
    notes = [
        s for s in Session.objects.exclude(private_note="").values_list("private_note", flat=True)
    ]
    bodies = "\n".join(m.body + m.alternatives[0][0] for m in mail.outbox)
    assert notes and not any(note[:40] in bodies for note in notes)

    # The same month again: every key is taken, nothing is sent.
    sent_before = len(mail.outbox)
    rows_before = Notification.objects.count()
    call_command("simulate_notifications", days=30, stdout=io.StringIO())
    assert Notification.objects.count() == rows_before
    assert len(mail.outbox) == sent_before


def test_the_demo_shows_a_week_of_history_and_this_mornings_notices(debug_city):
    newcomer = User.objects.get(email="nyanstalld@demo.test")
    samordnare = User.objects.get(email="samordnare@demo.test")
    assert Notification.objects.filter(email_status=EmailStatus.SENT).exists()
    assert newcomer.notifications.exists()
    assert Notification.objects.filter(recipient=samordnare, kind="weekly_coordinator").exists()
    # A second load adds nothing for the days already run.
    count = Notification.objects.count()
    call_command("load_demo", force=True, stdout=io.StringIO())
    assert Notification.objects.count() == count
