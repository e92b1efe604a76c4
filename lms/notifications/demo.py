"""Demo notifications: a week of history and this morning's reminders.

The last seven mornings are run through the ordinary pipeline (scans, keys, choices,
sending) with the clock moved and the e-mails kept in memory, so the bell, the list and
the notification log show what a week of the worker looks like. Today's scan is only
recorded: the worker that `scripts/run` starts sends those e-mails (to the console in
the demo). A few demo people have made choices: the mentor takes nudges in the daily
digest, the manager has turned item reminders off by e-mail. The keys make a rerun add
nothing for days already run. Runs last, after every app whose data it reads.
"""

from __future__ import annotations

import datetime

from django.core import mail
from django.utils import timezone

from lms.accounts.models import User

from . import services, tasks
from .models import EmailChoice, Notification

ORDER = 95
HISTORY_DAYS = 7
CHOICES = {
    "mentor@demo.test": {"mentor_nudge": EmailChoice.DAILY},
    "chef@demo.test": {"item_due_soon": EmailChoice.OFF},
}
#: The demo newcomer has read what came before yesterday, so the bell shows the rest.
READ_BEFORE_YESTERDAY = "nyanstalld@demo.test"


def load(demo) -> None:
    people = {u.email: u for u in User.objects.filter(email__in=[*CHOICES, READ_BEFORE_YESTERDAY])}
    for email, choices in CHOICES.items():
        if email in people:
            services.set_email_choices(people[email], choices)
    before = Notification.objects.count()
    connection = mail.get_connection("django.core.mail.backends.locmem.EmailBackend")
    for back in range(HISTORY_DAYS, 0, -1):
        day = demo.today - datetime.timedelta(days=back)
        morning = timezone.make_aware(datetime.datetime.combine(day, datetime.time(7)))
        tasks.morning(morning, connection=connection)
        tasks.tick(morning + datetime.timedelta(minutes=5), connection=connection)
    now = timezone.now()
    tasks.scan("daily", now)
    tasks.scan("often", now)
    newcomer = people.get(READ_BEFORE_YESTERDAY)
    if newcomer:
        yesterday = timezone.make_aware(
            datetime.datetime.combine(demo.today - datetime.timedelta(days=1), datetime.time())
        )
        older = Notification.objects.filter(
            recipient=newcomer, read_at__isnull=True, created_at__lt=yesterday
        ).values_list("pk", flat=True)
        services.mark_read(newcomer, list(older), now=yesterday)
    demo.note(f"Notifications: {Notification.objects.count() - before} new notices.")
