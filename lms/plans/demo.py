"""Demo plans: templates for three areas of work and a plan for every demo newcomer,
at different stages (before day one, the first weeks, part 1 late, the second year, one
who left), with an item waiting for sign-off. The children-and-youth template has a
second version that one plan has been moved to, so the template page has plans left on
version 1 to apply it to."""

import datetime

from django.utils import timezone

from lms.accounts.models import Role, User
from lms.organisation.models import Area

from .models import (
    IntroductionPlan,
    ItemKind,
    Phase,
    PlanItem,
    PlanTemplate,
    Responsible,
    TemplateItem,
)
from .services.creation import plan_create
from .services.items import plan_item_request_signoff
from .services.lifecycle import plan_close
from .services.template_versions import template_apply
from .services.templates import template_item_add

ORDER = 40

K, R, P = ItemKind, Responsible, Phase
#: (title, phase, day, kind, responsible, waits for the item at this index or None)
COMMON = [
    ("Dator, telefon, passerkort och nycklar klara", P.BEFORE_START, -5, K.TASK, R.MANAGER, None),
    ("Mentor utsedd och presenterad", P.BEFORE_START, -3, K.TASK, R.MANAGER, None),
    ("Välkomstsamtal med chefen", P.FIRST_WEEK, 0, K.CONVERSATION, R.MANAGER, None),
    ("Genomgång av delegationsordningen", P.FIRST_WEEK, 3, K.READING, R.NEWCOMER, None),
    ("Säkerhetsrutiner: hot och våld", P.FIRST_WEEK, 4, K.READING, R.NEWCOMER, None),
    ("Första handledningen", P.FIRST_WEEK, 4, K.CONVERSATION, R.SUPERVISOR, None),
    ("Mentorsträff: hur arbetsgruppen fungerar", P.FIRST_MONTH, 10, K.CONVERSATION, R.MENTOR, None),
    ("Avstämning efter en månad", P.FIRST_MONTH, 30, K.CHECK_IN, R.MANAGER, None),
    ("Första egna ärendet, enkelt", P.FIRST_FOUR_MONTHS, 45, K.TASK, R.NEWCOMER, None),
    ("Avstämning efter fyra månader", P.FIRST_FOUR_MONTHS, 120, K.CHECK_IN, R.MANAGER, None),
    ("Avstämning efter ett år", P.FIRST_YEAR, 365, K.CHECK_IN, R.MANAGER, None),
    ("Avstämning efter två år", P.SECOND_YEAR, 730, K.CHECK_IN, R.MANAGER, None),
]
AREAS = {
    "barn-och-unga": (
        "Barn och unga: utredning",
        [
            (
                "Läs riktlinjen för barnavårdsutredningar (BBIC)",
                P.FIRST_WEEK,
                4,
                K.READING,
                R.NEWCOMER,
                None,
            ),
            ("Gå bredvid på ett hembesök", P.FIRST_MONTH, 14, K.SHADOWING, R.MENTOR, 0),
            ("Medhandlägg en utredning", P.FIRST_FOUR_MONTHS, 60, K.SHADOWING, R.SUPERVISOR, 1),
        ],
    ),
    "ekonomiskt-bistand": (
        "Ekonomiskt bistånd",
        [
            ("Läs riktlinjen för ekonomiskt bistånd", P.FIRST_WEEK, 3, K.READING, R.NEWCOMER, None),
            ("Sitt med vid nybesök", P.FIRST_MONTH, 10, K.SHADOWING, R.MENTOR, 0),
            (
                "Räkna ut ett försörjningsstöd med handledaren",
                P.FIRST_MONTH,
                20,
                K.TASK,
                R.SUPERVISOR,
                1,
            ),
        ],
    ),
    "aldre": (
        "Biståndshandläggning äldre",
        [
            ("Läs riktlinjen för bistånd enligt SoL", P.FIRST_WEEK, 3, K.READING, R.NEWCOMER, None),
            ("Gå bredvid på ett hembesök", P.FIRST_MONTH, 12, K.SHADOWING, R.MENTOR, 0),
            (
                "Delta i vårdplanering på sjukhus",
                P.FIRST_FOUR_MONTHS,
                50,
                K.SHADOWING,
                R.COLLEAGUE,
                None,
            ),
        ],
    ),
}

NAMES_EN = {
    "barn-och-unga": "Children and young people: investigation",
    "ekonomiskt-bistand": "Financial assistance",
    "aldre": "Needs assessment, older people",
    "alla": "All areas of work",
}


def _template(code: str, name: str, extra: list) -> PlanTemplate:
    area = Area.objects.filter(code=code).first()
    template, created = PlanTemplate.objects.get_or_create(
        family=code,
        version=1,
        defaults={"name": name, "area": area, "is_current": True},
    )
    # Every version, also those made before the English name existed; a name someone
    # has entered is left alone.
    PlanTemplate.objects.filter(family=code, name_en="").update(name_en=NAMES_EN.get(code, ""))
    template.refresh_from_db(fields=["name_en"])
    if not created:
        # A later run makes new plans from the version in force.
        return PlanTemplate.objects.get(family=code, is_current=True)
    made = []
    for position, (title, phase, day, kind, who, waits) in enumerate(COMMON + extra):
        offset = len(COMMON)
        made.append(
            TemplateItem.objects.create(
                template=template,
                title=title,
                phase=phase,
                due_offset_days=day,
                kind=kind,
                responsible=who,
                position=position,
                waits_for=made[offset + waits] if waits is not None else None,
            )
        )
    return template


def load(demo) -> None:
    templates = {code: _template(code, *spec) for code, spec in AREAS.items()}
    general = _template("alla", "Alla verksamhetsområden", [])
    admin = User.objects.get(email="admin@demo.test")
    supervisor = User.objects.get(email="handledare@demo.test")
    newcomers = User.objects.filter(
        role_assignments__role=Role.NEWCOMER, is_active=True, start_date__isnull=False
    ).select_related("unit__area")
    made = 0
    for person in newcomers.distinct():
        if person.introduction_plans.exists():
            continue
        code = person.unit.area.code if person.unit and person.unit.area else None
        plan = plan_create(
            newcomer=person,
            template=templates.get(code, general),
            by=admin,
            # The mentors are paired by lms.mentoring's demo, which copies them in here.
            supervisor=supervisor,
        )
        _progress(plan, demo.today, admin)
        made += 1
    _life_events(demo.today)
    _second_version(admin)
    demo.note(f"Plans: {IntroductionPlan.objects.count()} ({made} new), 4 templates.")


def _life_events(today: datetime.date) -> None:
    """What the manager's view should show: someone who left (the plan closed and kept)
    and an item waiting for the manager's and supervisor's sign-off. Once only."""
    chef = User.objects.get(email="chef@demo.test")
    plans = IntroductionPlan.objects.filter(unit_id__in=chef.managed_unit_ids).exclude(
        newcomer__email__endswith="@demo.test"
    )
    left = plans.filter(status=IntroductionPlan.Status.CLOSED).first()
    if left is None:
        left = plans.filter(status=IntroductionPlan.Status.ACTIVE).order_by("start_date").first()
        if left is not None:
            plan_close(plan=left, by=chef, reason="Slutade sin anställning")
    if left is not None:
        # The accounts demo resets last days on every run; the leaver's stays.
        User.objects.filter(pk=left.newcomer_id).update(end_date=today - datetime.timedelta(7))
    mine = IntroductionPlan.objects.get(newcomer__email="nyanstalld@demo.test")
    if mine.items.filter(status=PlanItem.Status.SIGNOFF_REQUESTED).exists():
        return
    item = (
        mine.items.filter(responsible=Responsible.NEWCOMER, status=PlanItem.Status.OPEN)
        .order_by("due_date")
        .first()
    )
    if item is not None:
        PlanItem.objects.filter(pk=item.pk).update(needs_signoff=True)
        item.refresh_from_db()
        plan_item_request_signoff(item=item, by=mine.newcomer)


def _progress(plan: IntroductionPlan, today: datetime.date, by: User) -> None:
    """Tick what a real plan would have ticked by now, leaving a few things overdue."""
    late = timezone.now()
    items = plan.items.exclude(kind=ItemKind.MODULE).order_by("due_date", "pk")
    for n, item in enumerate(items):
        # Everything due more than a week ago is done, except every fifth item.
        if item.due_date < today - datetime.timedelta(days=7) and n % 5 != 4:
            PlanItem.objects.filter(pk=item.pk).update(
                status=PlanItem.Status.DONE, done_at=late, done_by=by
            )
    # Released items: what waited for a done item is open now.
    PlanItem.objects.filter(
        plan=plan, status=PlanItem.Status.WAITING, waits_for__status=PlanItem.Status.DONE
    ).update(status=PlanItem.Status.OPEN)


def _second_version(admin: User) -> None:
    """Version 2 of the children-and-youth template, made through the services as a
    person would; one plan (not the demo newcomer's) is moved to it."""
    family = "barn-och-unga"
    if PlanTemplate.objects.filter(family=family, version__gte=2).exists():
        return
    first = PlanTemplate.objects.get(family=family, version=1)
    read = first.items.get(title__startswith="Läs riktlinjen för barnavårdsutredningar")
    change = template_item_add(
        template=first,
        by=admin,
        revision=first.revision,
        title="Läs rutinen för orosanmälningar",
        description="Hur en orosanmälan tas emot, skyddsbedöms och dokumenteras.",
        due_offset_days=10,
        kind=ItemKind.READING,
        responsible=Responsible.NEWCOMER,
        waits_for=read,
    )
    # Another district's plan: the demo manager's plans all stay on version 1.
    on_first = IntroductionPlan.objects.filter(
        template=first, status=IntroductionPlan.Status.ACTIVE
    ).order_by("pk")
    moved = on_first.exclude(unit__name="Barn och unga, utredning Norr").first()
    if moved is not None:
        template_apply(template=change.template, plans=[moved], by=admin)
