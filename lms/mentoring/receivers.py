"""Mentoring follows the plans: when a plan is made (or reopened) for a newcomer who
already has a mentor, the plan joins the pairing and copies the mentor. Plans do not
know about mentoring; this listens to the plan's history, whose first entry is written
at the end of plan_create."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from lms.plans.models import PlanEvent

from . import services

STARTS = (PlanEvent.Kind.CREATED, PlanEvent.Kind.PLAN_REOPENED)


@receiver(post_save, sender=PlanEvent, dispatch_uid="mentoring-plan-made")
def copy_mentor_into_new_plan(sender, instance, created, **kwargs):
    if created and instance.kind in STARTS:
        services.plan_made(plan=instance.plan, by=instance.actor)
