"""The plans listen to the apps below them: a completed module ticks its plan items, and
the person's record carries life events (a new unit, a moved first day, leaving)."""

from django.dispatch import receiver

from lms.accounts.signals import person_changed
from lms.programme.signals import module_completed, module_withdrawn

from .services import lifecycle, module_completion


@receiver(module_completed, dispatch_uid="plans-module-completed")
def tick_plan_items(sender, completion, **kwargs):
    # Runs inside the attendance transaction: the plan changes with it or not at all.
    module_completion.module_completed(completion)


@receiver(module_withdrawn, dispatch_uid="plans-module-withdrawn")
def reopen_plan_items(sender, completion, by, **kwargs):
    # Same transaction as the corrected attendance, like the tick it undoes.
    module_completion.module_withdrawn(completion, by=by)


@receiver(person_changed, dispatch_uid="plans-person-changed")
def follow_life_events(sender, person, by, changes, **kwargs):
    lifecycle.person_changed(person=person, by=by, changes=changes)
