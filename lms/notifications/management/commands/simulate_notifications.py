"""Run the reminder schedules over simulated days, to show (and check) what a month of
the worker sends, to whom, and that nothing goes out twice.

Each simulated day runs the same task functions the schedules run, with the clock moved:
the morning scan at 07:00, 12:00 and 16:00 (the later runs must find nothing new) and
the five-minute tick after each. By default the messages go to an in-memory mailbox and
are counted; --send-email uses the configured backend instead (the console in the demo),
and --worker queues the runs for a running `qcluster` rather than running them here.
"""

from __future__ import annotations

import datetime
from collections import Counter

from django.conf import settings
from django.core import mail
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from lms.notifications import tasks
from lms.notifications.kinds import get
from lms.notifications.models import EmailStatus, Notification

RUN_HOURS = (7, 12, 16)


class Command(BaseCommand):
    help = "Run the notification schedules over simulated days (demo installations only)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30, help="How many days (1–366).")
        parser.add_argument("--start", help="First simulated day, YYYY-MM-DD (default: tomorrow).")
        parser.add_argument(
            "--send-email",
            action="store_true",
            help="Send through the configured e-mail backend instead of counting in memory.",
        )
        parser.add_argument(
            "--worker",
            action="store_true",
            help="Queue the runs for a running worker (manage.py qcluster) instead.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DJANGO_DEBUG off: it writes notices dated in the future.",
        )

    def handle(
        self,
        *args,
        days: int,
        start: str | None,
        send_email: bool,
        worker: bool,
        force: bool,
        **options,
    ):
        if not settings.DEBUG and not force:
            raise CommandError(
                "simulate_notifications writes notices dated in the future and sends their "
                "e-mails; it refuses to run with DJANGO_DEBUG off. Use --force on a demo "
                "installation."
            )
        if not 1 <= days <= 366:
            raise CommandError("--days must be between 1 and 366.")
        try:
            first = (
                datetime.date.fromisoformat(start)
                if start
                else timezone.localdate() + datetime.timedelta(days=1)
            )
        except ValueError as error:
            raise CommandError(f"--start must be a date, YYYY-MM-DD: {error}") from error
        moments = [
            timezone.make_aware(
                datetime.datetime.combine(first + datetime.timedelta(days=d), datetime.time(h))
            )
            for d in range(days)
            for h in RUN_HOURS
        ]
        if worker:
            self._queue(moments)
            return
        connection = (
            None
            if send_email
            else mail.get_connection("django.core.mail.backends.locmem.EmailBackend")
        )
        before = set(Notification.objects.values_list("pk", flat=True))
        outbox_start = len(getattr(mail, "outbox", []))
        for now in moments:
            found = tasks.morning(now, connection=connection)["found"]
            tick = tasks.tick(now + datetime.timedelta(minutes=5), connection=connection)
            new = {k: n for k, n in {**found, **tick["found"]}.items() if n}
            if new and now.hour == RUN_HOURS[0]:
                line = ", ".join(f"{k} {n}" for k, n in sorted(new.items()))
                self.stdout.write(f"{now.date().isoformat()}: {line}")
            elif new:
                self.stdout.write(f"{now.isoformat()}: found again: {new}")
        self._summary(before, None if send_email else len(mail.outbox) - outbox_start)

    def _queue(self, moments) -> None:
        from django_q.tasks import async_task

        for now in moments:
            async_task("lms.notifications.tasks.morning", now, task_name="simulated-morning")
            async_task(
                "lms.notifications.tasks.tick",
                now + datetime.timedelta(minutes=5),
                task_name="simulated-tick",
            )
        self.stdout.write(
            f"Queued {2 * len(moments)} runs for the worker; the notification log "
            "(/notifications/log/) shows what it sends."
        )

    def _summary(self, before: set[int], messages: int | None) -> None:
        rows = Notification.objects.exclude(pk__in=before).values_list(
            "kind", "email_status", "recipient_id"
        )
        by_kind: Counter = Counter()
        by_status: Counter = Counter()
        people = set()
        for kind, status, recipient in rows:
            by_kind[kind] += 1
            by_status[status] += 1
            people.add(recipient)
        self.stdout.write("")
        self.stdout.write(f"New notices: {sum(by_kind.values())} to {len(people)} people")
        for kind, n in sorted(by_kind.items()):
            self.stdout.write(f"  {kind:<24} {n:>5}  {get(kind).label}")
        for status, n in sorted(by_status.items()):
            self.stdout.write(f"  {status:<24} {n:>5}  {EmailStatus(status).label}")
        if messages is not None:
            self.stdout.write(f"E-mails sent (in memory): {messages}")
