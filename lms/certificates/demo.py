"""A demo certificate: a newcomer in one of chef@demo.test's units who started more
than four months ago has done every part 1 module and has a certificate for part 1.
chef@demo.test sees it on that plan's page and at /certificates/; anyone can check it at
/intyg/ with the code below, which stays the same on every run.

The completions are historical, so they are written directly (as the programme's demo
writes its own) and announced with `module_completed`, as attendance would, so the plan
ticks its module items. The certificate itself is issued through the service.
"""

from __future__ import annotations

import datetime

from lms.accounts.models import User
from lms.plans.models import IntroductionPlan
from lms.programme.models import Module, ModuleCompletion
from lms.programme.signals import module_completed

from . import codes, selectors, services
from .models import Certificate, Scope

ORDER = 75  # after plans (40), and after check-ins (70), which read the same plans
DEMO_CODE = "DEMA2345KXRT"  # shown as DEMA-2345-KXRT


def _holder(today: datetime.date) -> User | None:
    chef = User.objects.get(email="chef@demo.test")
    plans = (
        IntroductionPlan.objects.filter(
            unit_id__in=chef.managed_unit_ids,
            status=IntroductionPlan.Status.ACTIVE,
            start_date__lte=today - datetime.timedelta(days=130),
        )
        .exclude(newcomer__email__endswith="@demo.test")
        .select_related("newcomer")
        .order_by("start_date", "pk")
    )
    plan = plans.first()
    return plan.newcomer if plan else None


def load(demo) -> None:
    existing = Certificate.objects.filter(code=DEMO_CODE).select_related("person").first()
    if existing is not None:
        demo.note(_line(existing))
        return
    person = _holder(demo.today)
    if person is None:
        demo.note("Certificates: no newcomer started long enough ago; none issued.")
        return
    coordinator = User.objects.get(email="samordnare@demo.test")
    programme = selectors.followed_programme(person=person)
    modules = Module.objects.filter(part__programme=programme, part__number=1).order_by(
        "position", "title", "pk"
    )
    # One module every other week from the first month, the last a week ago at the latest.
    last = demo.today - datetime.timedelta(days=7)
    day = min(person.start_date + datetime.timedelta(days=30), last)
    for module in modules:
        completion, created = ModuleCompletion.objects.get_or_create(
            person=person,
            module=module,
            defaults={"completed_on": day, "recorded_by": coordinator},
        )
        if created:
            module_completed.send(sender=ModuleCompletion, completion=completion)
        day = min(day + datetime.timedelta(days=14), last)
    chef = User.objects.get(email="chef@demo.test")
    certificate = services.certificate_issue(person=person, scope=Scope.PART_1, by=chef)
    if not Certificate.objects.filter(code=DEMO_CODE).exists():
        Certificate.objects.filter(pk=certificate.pk).update(code=DEMO_CODE)
        certificate.code = DEMO_CODE
    demo.note(_line(certificate))


def _line(certificate: Certificate) -> str:
    return (
        f"Certificates: {certificate.snapshot['name']} has part 1 done; "
        f"verify at /intyg/{codes.display(certificate.code)}/"
    )
