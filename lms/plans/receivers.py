"""The plans listen to the programme: a completed module ticks its plan items."""

from django.dispatch import receiver

from lms.programme.signals import module_completed

from . import services


@receiver(module_completed, dispatch_uid="plans-module-completed")
def tick_plan_items(sender, completion, **kwargs):
    # Runs inside the attendance transaction: the plan changes with it or not at all.
    services.module_completed(completion)
