"""The two schedules the reminders need on every installation, made here so that
`migrate` is enough: the five-minute tick (event kinds and the outbox, retries
included) and the hourly morning scan (daily kinds, only in working hours)."""

from django.db import migrations

SCHEDULES = [
    ("Notiser: händelser och utskick", "lms.notifications.tasks.tick", "I", 5),
    ("Notiser: dagliga påminnelser", "lms.notifications.tasks.morning", "H", None),
]


def create_schedules(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    for name, func, schedule_type, minutes in SCHEDULES:
        Schedule.objects.update_or_create(
            func=func,
            defaults={
                "name": name,
                "schedule_type": schedule_type,  # I = every `minutes`, H = hourly
                "minutes": minutes,
                "repeats": -1,
            },
        )


def remove_schedules(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(
        func__in=[func for _name, func, _type, _minutes in SCHEDULES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(create_schedules, remove_schedules)]
