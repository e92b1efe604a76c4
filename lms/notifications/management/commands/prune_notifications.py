"""Delete old notices and log lines: a person's reminders are personal data and are kept
only as long as someone may need to see what was sent."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from lms.notifications.models import EmailStatus, Notification

DEFAULT_DAYS = 400


class Command(BaseCommand):
    help = "Delete notifications older than --older-than-days (default 400) that are settled."

    def add_arguments(self, parser):
        parser.add_argument("--older-than-days", type=int, default=DEFAULT_DAYS)

    def handle(self, *args, older_than_days: int, **options):
        if older_than_days < 30:
            raise CommandError("--older-than-days must be at least 30.")
        before = timezone.now() - datetime.timedelta(days=older_than_days)
        # Rows still waiting to be sent are never deleted, however old.
        settled = Notification.objects.filter(created_at__lt=before).exclude(
            email_status__in=[EmailStatus.PENDING, EmailStatus.SENDING, EmailStatus.DIGEST]
        )
        deleted, _ = settled.delete()
        self.stdout.write(f"Deleted {deleted} notifications created before {before.date()}.")
