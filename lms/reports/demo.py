"""Programme history for the follow-up: among the demo's newcomers whose Part 1
deadline has passed, most finished Part 1 in time, some late and a few not yet, and
those further on have done some of Part 2. So HR's and the managers' follow-up shows
figures other than 0 %. The logins the browser journeys use are left as they are.

Completions are historical, so they are written directly and announced with
`module_completed`, as attendance would, so the plans tick their module items.
"""

from __future__ import annotations

import datetime

from lms.accounts.models import User
from lms.plans.models import IntroductionPlan, ItemKind, PlanItem
from lms.programme.models import ModuleCompletion
from lms.programme.signals import module_completed

ORDER = 80  # after the plans (40), the programme's own history (30) and certificates (75)

#: Of every five whose deadline has passed: three in time, one late, one not done.
PATTERN = ("in_time", "in_time", "late", "in_time", "open")


def load(demo) -> None:
    coordinator = User.objects.get(email="samordnare@demo.test")
    plans = (
        IntroductionPlan.objects.exclude(newcomer__email__endswith="@demo.test")
        .filter(start_date__lte=demo.today - datetime.timedelta(days=130))
        .select_related("newcomer")
        .order_by("start_date", "pk")
    )
    items = PlanItem.objects.filter(
        plan__in=plans, kind=ItemKind.MODULE, removed_at__isnull=True, module__isnull=False
    ).values_list("plan_id", "module_id", "module__part__number", "due_date")
    by_plan: dict[int, list[tuple[int, int, datetime.date]]] = {}
    for plan_id, module_id, part, due in items:
        by_plan.setdefault(plan_id, []).append((module_id, part, due))
    done = set(ModuleCompletion.objects.values_list("person_id", "module_id"))
    yesterday = demo.today - datetime.timedelta(days=1)
    written = 0
    for index, plan in enumerate(plans):
        how = PATTERN[index % len(PATTERN)]
        if how == "open":
            continue
        modules = sorted(by_plan.get(plan.pk, []), key=lambda m: (m[1], m[2] or demo.today))
        part2 = [m for m in modules if m[1] == 2]
        # Part 2 goes on for a while after Part 1: one module a month after day 150.
        wanted = [m for m in modules if m[1] == 1] + part2[: max(0, (index % 4))]
        for n, (module_id, part, due) in enumerate(wanted):
            if (plan.newcomer_id, module_id) in done:
                continue
            if part == 1:
                day = (due or plan.start_date) + datetime.timedelta(
                    days=21 if how == "late" else -14 + n
                )
            else:
                day = plan.start_date + datetime.timedelta(days=150 + 30 * n)
            if day > yesterday:
                continue
            completion = ModuleCompletion.objects.create(
                person_id=plan.newcomer_id,
                module_id=module_id,
                completed_on=day,
                recorded_by=coordinator,
            )
            module_completed.send(sender=ModuleCompletion, completion=completion)
            done.add((plan.newcomer_id, module_id))
            written += 1
    demo.note(f"Follow-up: {written} module completions in the newcomers' history.")
