"""The daily schedule that closes the accounts of people whose end date has come, made
here so that `migrate` is enough (like lms.notifications' schedules)."""

import datetime

from django.db import migrations
from django.utils import timezone

FUNC = "lms.staff.tasks.leavers_deactivate"


def _next_morning() -> datetime.datetime:
    # Just after midnight: an account closes at the start of the person's end date.
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time(0, 5)))


def create_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.update_or_create(
        func=FUNC,
        defaults={
            "name": "Personal: stäng konton vars slutdatum har kommit",
            "schedule_type": "D",  # daily
            "repeats": -1,
            "next_run": _next_morning(),
        },
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(func=FUNC).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
