"""The "plans" version (lms.core.versions): bumped by any change to a plan, an item, its
history or a template, so the cached plan pages are made afresh."""

from django.db.models.signals import post_delete, post_save

from lms.core import versions

from .models import IntroductionPlan, PlanEvent, PlanItem, PlanTemplate, TemplateItem

PLANS = "plans"


def bump(**kwargs) -> None:
    versions.bump(PLANS)


def connect() -> None:
    for model in (IntroductionPlan, PlanItem, PlanEvent, PlanTemplate, TemplateItem):
        name = model.__name__
        post_save.connect(bump, sender=model, dispatch_uid=f"plans-v-{name}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"plans-v-del-{name}")
        versions.follow(model, PLANS)  # bulk writes
