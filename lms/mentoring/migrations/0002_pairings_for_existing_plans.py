"""Plans that named a mentor before mentoring existed get a running pairing and their
mentor a place in the pool, so capacity, the pairing page and the plan panel see them.
The pairing starts on the plan's first day and is planned for a year, like a new one.
"""

import datetime

from django.db import migrations

DEFAULT_CAPACITY, MAX_CAPACITY = 2, 5


def _a_year_after(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def pair_existing(apps, schema_editor):
    IntroductionPlan = apps.get_model("plans", "IntroductionPlan")
    MentorPairing = apps.get_model("mentoring", "MentorPairing")
    MentorProfile = apps.get_model("mentoring", "MentorProfile")
    running = set(
        MentorPairing.objects.filter(ended_on__isnull=True).values_list("newcomer_id", flat=True)
    )
    counts: dict[int, int] = {}
    for plan in IntroductionPlan.objects.filter(status="active", mentor__isnull=False):
        if plan.newcomer_id in running or plan.mentor_id == plan.newcomer_id:
            continue
        MentorPairing.objects.create(
            newcomer_id=plan.newcomer_id,
            mentor_id=plan.mentor_id,
            plan_id=plan.pk,
            starts_on=plan.start_date,
            planned_ends_on=_a_year_after(plan.start_date),
        )
        counts[plan.mentor_id] = counts.get(plan.mentor_id, 0) + 1
    for mentor_id, count in counts.items():
        MentorProfile.objects.get_or_create(
            user_id=mentor_id,
            defaults={
                "capacity": min(MAX_CAPACITY, max(DEFAULT_CAPACITY, count)),
                "source": "appointed",
            },
        )


class Migration(migrations.Migration):
    dependencies = [("mentoring", "0001_initial")]

    operations = [migrations.RunPython(pair_existing, migrations.RunPython.noop)]
