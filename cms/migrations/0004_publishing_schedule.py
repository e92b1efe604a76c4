"""Scheduled publishing needs Wagtail's `publish_scheduled` run every few minutes: a
django-q2 schedule on every installation, made here so that `migrate` is enough."""

from django.db import migrations


def create_schedule(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.update_or_create(
        name="Publicera schemalagda sidor",
        defaults={
            "func": "cms.tasks.publish_scheduled_pages",
            "schedule_type": "I",  # Schedule.MINUTES
            "minutes": 5,
            "repeats": -1,
        },
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(
        func="cms.tasks.publish_scheduled_pages"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0003_standard_page"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
