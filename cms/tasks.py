"""Background work of the site, run by the django-q2 worker.

Pages with a go-live or expiry date are published and unpublished by Wagtail's
`publish_scheduled` command; nothing happens at that moment unless somebody runs it.
The worker runs it every few minutes from a django-q2 schedule, so no cron job is needed
(and none should be added: two runners could publish the same revision twice).
"""

from __future__ import annotations

import io

from django.core.management import call_command

#: The schedule's name, its function and how often it runs. Migration cms 0004 makes the
#: same row, so every installation has it from `migrate` on.
SCHEDULE_NAME = "Publicera schemalagda sidor"
SCHEDULE_FUNC = "cms.tasks.publish_scheduled_pages"
SCHEDULE_MINUTES = 5


def publish_scheduled_pages() -> str:
    """Publish what has reached its go-live time and unpublish what has expired."""
    out = io.StringIO()
    call_command("publish_scheduled", stdout=out)
    return out.getvalue()


def publishing_schedule_ensure():
    """The schedule, created or put back as it should be (for an installation where
    somebody deleted or changed it in the admin)."""
    from django_q.models import Schedule

    schedule, _ = Schedule.objects.update_or_create(
        name=SCHEDULE_NAME,
        defaults={
            "func": SCHEDULE_FUNC,
            "schedule_type": Schedule.MINUTES,
            "minutes": SCHEDULE_MINUTES,
            "repeats": -1,
        },
    )
    return schedule
