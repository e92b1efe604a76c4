"""Demo sessions: a realistic half year of supervision and mentor talks for the demo
newcomers with a plan (nyanstalld@demo.test and the Älvstad newcomers): weekly 1:1s by
their supervisor with a few weeks missed, a mentor talk about once a month by their
mentor (plan.mentor as it is when this step runs), shadowing in the first weeks, case
reviews, a monthly group supervision, Swedish summaries and private notes, follow-ups
(some done, some overdue, one made a plan item), reflections, planned sessions ahead
(they show in the personal feed), one cancelled, and two holidays for one newcomer.
No 1:1 is held in a week of holidays and the municipality's closed days (Älvstad closes
between Christmas and New Year, lms.organisation.demo): the week shows as holidays.

The history is written in bulk (like a migration of old records, so it is not in the
audit log); what a person would do on the pages (plan sessions ahead, cancel one, make a
follow-up a plan item) goes through the services. Idempotent: a newcomer who already has
sessions is left as they are, and each later step looks for what it made before.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from lms.core import versions
from lms.organisation.workdays import work_calendar
from lms.plans.models import IntroductionPlan, ItemKind, PlanItem
from lms.plans.models import Responsible as R

from . import services
from .caching import SUPERVISION
from .compliance import MIN_WORKING_DAYS
from .models import Absence, FollowUp, Session, SessionKind, SessionParticipant

ORDER = 70  # after plans (40) and mentoring, which names the mentors

#: How far back the history goes.
HISTORY_DAYS = 182
SHOWCASE = "nyanstalld@demo.test"

ONE_TO_ONE = [
    "Vi gick igenom din första barnavårdsutredning. Bedömningen håller; tänk på att "
    "skilja på vad vårdnadshavarna berättar och vad du själv har sett. Nästa steg är att "
    "boka ett samverkansmöte med skolan.",
    "Vi pratade om hur veckan har varit och om ärendemängden. Du har sex ärenden nu, "
    "vilket är lagom. Vi tar upp fördelningen igen om två veckor.",
    "Genomgång av dokumentationen: journalanteckningarna är tydliga. Skriv alltid vem som "
    "sagt vad och när. Vi övade på att formulera en skyddsbedömning.",
    "Vi förberedde hembesöket på torsdag: syftet, vilka frågor du vill ställa och hur du "
    "avslutar om samtalet blir laddat. Ta med checklistan för hembesök.",
    "Vi gick igenom delegationsordningen och vilka beslut du fattar själv. Beslut om "
    "placering går alltid via mig eller enhetschefen.",
    "Du berättade om ett telefonsamtal med en förälder som blev arg. Vi pratade om "
    "bemötande och om att det är helt i sin ordning att avsluta och boka en ny tid. "
    "Säkerhetsrutinen gäller även på telefon.",
    "Vi läste ditt utkast till utredning tillsammans. Analysen behöver knytas tydligare "
    "till barnets behov enligt BBIC-triangeln; i övrigt är den klar att gå vidare med.",
    "Kort avstämning: det flyter på. Du vill gå bredvid på ett nätverksmöte, vi ser om det "
    "går att ordna via din mentor.",
    "Vi pratade om gränsen mellan arbete och fritid och om att inte läsa mejl på kvällen. "
    "Hör av dig direkt om ett ärende tynger.",
    "Vi gick igenom hur en orosanmälan tas emot och förhandsbedöms. Nästa förhandsbedömning "
    "gör du själv, och vi läser den tillsammans efteråt.",
    "Vi följde upp kursdagen i samtalsmetodik. Du provar öppna frågor i nästa barnsamtal "
    "och berättar hur det gick.",
    "Genomgång av tidsfristerna: två utredningar närmar sig fyra månader. Vi planerade vad "
    "som återstår och när beslut ska fattas.",
]
NOTES = [
    "Verkar trött. Fråga nästa gång hur sömnen och arbetsbelastningen är.",
    "Osäker på sin egen bedömning, behöver mer bekräftelse än hon ber om.",
    "Bra analysförmåga. Kan få ett svårare ärende om en månad.",
    "Nämnde oro inför mötet med pappan i ärendet. Se till att hembesöket inte görs ensam.",
    "Tar mycket ansvar och riskerar att jobba över. Prata med chefen om fördelningen.",
    "Har svårt att säga nej när kollegor ber om hjälp. Ta upp gränssättning längre fram.",
    "Hanterade ett tufft möte lugnt och klokt. Ge beröm nästa gång.",
]
MENTOR_TALKS = [
    "Vi fikade och pratade om hur det är att vara ny i arbetsgruppen. Du känner dig "
    "välkommen men vet inte alltid vem du ska fråga, så vi gick igenom det och var "
    "rutinerna finns på intranätet.",
    "Vi pratade om hur man hinner med dokumentationen. Jag berättade hur jag lägger "
    "skrivtid på förmiddagarna och stänger av mejlen då.",
    "Samtal om yrkesrollen och om att det är vanligt att känna sig osäker första halvåret. "
    "Vi ses igen om en månad.",
    "Vi gick igenom hur arbetsplatsträffarna fungerar och vad du kan ta upp där.",
    "Du berättade om ditt första egna hembesök. Vi pratade om vad som gick bra och vad du "
    "vill göra annorlunda nästa gång.",
    "Vi pratade om hur man tar hand om sig själv efter svåra samtal och om kollegial "
    "avlastning i gruppen.",
]
CASE_REVIEWS = [
    "Ärendegenomgång av dina pågående utredningar. Vi prioriterade om ordningen och "
    "bestämde vilka som tas upp på nästa konsultation.",
    "Vi gick igenom de ärenden där beslut närmar sig och kontrollerade att "
    "kommunikationen med vårdnadshavarna är dokumenterad.",
    "Genomgång av ett ärende med flera anmälningar. Vi bedömde att utredning ska inledas "
    "och planerade de första samtalen.",
]
SHADOWING = [
    "Du gick bredvid på ett hembesök. Efteråt pratade vi om vad du såg och hur samtalet "
    "med barnet lades upp.",
    "Du satt med på ett nybesök och såg hur vi går igenom rättigheter och skyldigheter och "
    "hur beslutet motiveras.",
]
GROUP = [
    "Grupphandledning: vi tog upp ett avidentifierat ärende med flera orosanmälningar och "
    "diskuterade när det är rätt att inleda utredning. Alla delade erfarenheter av sitt "
    "första hembesök.",
    "Grupphandledning om barnsamtal: hur man anpassar frågorna efter barnets ålder och hur "
    "man dokumenterar barnets egna ord.",
    "Grupphandledning om hot och våld i mötet med klienter. Vi gick igenom rutinen och "
    "övade på att avbryta ett samtal.",
    "Grupphandledning om att skriva beslut som den enskilde förstår. Vi skrev om ett "
    "avidentifierat beslut tillsammans.",
]
FOLLOW_UPS = [
    ("Läs delegationsordningen och markera det du är osäker på", R.NEWCOMER),
    ("Boka samverkansmöte med skolan", R.NEWCOMER),
    ("Skicka utkastet till utredningen till handledaren", R.NEWCOMER),
    ("Ordna så att du får gå bredvid på ett nätverksmöte", R.MENTOR),
    ("Ta upp ärendefördelningen med enhetschefen", R.SUPERVISOR),
    ("Gå igenom säkerhetsrutinen för hembesök", R.NEWCOMER),
    ("Gör en förhandsbedömning själv och lämna den till handledaren", R.NEWCOMER),
]
REFLECTIONS = [
    "Det hjälpte att gå igenom bedömningen steg för steg. Jag känner mig tryggare inför "
    "nästa utredning.",
    "Skönt att höra att fler känner sig osäkra i början. Jag ska våga fråga mer.",
    "Jag tar med mig att det är okej att avsluta ett samtal som blir för laddat.",
]
#: The plan item a showcase follow-up becomes.
PLAN_ITEM_FOLLOW_UP = "Gå igenom säkerhetsrutinen för hembesök"


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def load(demo) -> None:
    today = demo.today
    plans = list(
        IntroductionPlan.objects.filter(
            status=IntroductionPlan.Status.ACTIVE, newcomer__email__endswith="demo.test"
        )
        .select_related("newcomer", "mentor", "supervisor", "unit__administration")
        .order_by("start_date", "pk")
    )
    started = [p for p in plans if p.start_date <= today - datetime.timedelta(days=3)]
    away = _absences(started, demo)
    made = 0
    for index, plan in enumerate(started):
        if SessionParticipant.objects.filter(newcomer=plan.newcomer).exists():
            continue
        _history(plan, index, today, away.get(plan.newcomer_id, []))
        made += 1
    _groups(started, today)
    _showcase(plans, demo)
    _ahead(started, demo)
    _catch_up()
    versions.bump(SUPERVISION)
    demo.note(
        f"Sessions: {Session.objects.count()} ({made} newcomers given a history), "
        f"{FollowUp.objects.count()} follow-ups, {Absence.objects.count()} absences."
    )


def _absences(plans: list[IntroductionPlan], demo) -> dict[int, list[tuple]]:
    """Two holidays for the newcomer who has been here longest: one taken, one ahead."""
    away: dict[int, list[tuple]] = {}
    long_ago = [p for p in plans if p.start_date <= demo.days(-120)]
    if not long_ago:
        return away
    plan = long_ago[0]
    if not Absence.objects.filter(newcomer=plan.newcomer).exists():
        for start, end in ((-75, -66), (30, 39)):
            Absence.objects.create(
                newcomer=plan.newcomer,
                kind=Absence.Kind.HOLIDAY,
                starts_on=demo.days(start),
                ends_on=demo.days(end),
                created_by=plan.supervisor,
            )
    away[plan.newcomer_id] = list(
        Absence.objects.filter(newcomer=plan.newcomer).values_list("starts_on", "ends_on")
    )
    return away


def _items_by_date(plan: IntroductionPlan) -> list[PlanItem]:
    return list(
        plan.items.filter(removed_at__isnull=True)
        .exclude(kind__in=[ItemKind.MODULE, ItemKind.CHECK_IN])
        .order_by("due_date", "pk")
    )


def _topic(items: list[PlanItem], day: datetime.date) -> PlanItem | None:
    return next((i for i in items if i.due_date >= day - datetime.timedelta(days=7)), None)


def _history(plan: IntroductionPlan, index: int, today: datetime.date, away: list) -> None:
    """Held sessions from the first day (at most half a year back) until yesterday."""
    first = max(plan.start_date, today - datetime.timedelta(days=HISTORY_DAYS))
    rows: list[tuple[Session, list[PlanItem], list[tuple]]] = []

    def add(kind, author, day, hour, minutes, summary, note="", topic=None, follow_up=None):
        if author is None or not (first <= day < today) or day.weekday() > 4:
            return
        session = Session(
            kind=kind,
            status=Session.Status.HELD,
            starts_at=_at(day, hour),
            duration_minutes=minutes,
            author=author,
            place="Handledningsrummet" if kind != SessionKind.SHADOWING else "",
            shared_summary=summary,
            private_note=note,
        )
        rows.append((session, [topic] if topic else [], [follow_up] if follow_up else []))

    _shadowing(plan, add)
    _weekly_one_to_ones(plan, index, first=first, today=today, away=away, add=add)
    _mentor_talks(plan, index, first=first, today=today, add=add)
    _case_reviews(plan, index, today=today, add=add)
    _write(rows, {plan.newcomer_id: plan}, today)


def _shadowing(plan: IntroductionPlan, add) -> None:
    """Shadowing in the first two weeks, with the mentor (or the supervisor)."""
    for n, offset in enumerate((2, 8)):
        day = plan.start_date + datetime.timedelta(days=offset)
        while day.weekday() > 4:  # a first day on a Friday would put both on weekends
            day += datetime.timedelta(days=1)
        add(
            SessionKind.SHADOWING,
            plan.mentor or plan.supervisor,
            day,
            10,
            120,
            SHADOWING[n % len(SHADOWING)],
        )


def _weekly_one_to_ones(
    plan: IntroductionPlan,
    index: int,
    *,
    first: datetime.date,
    today: datetime.date,
    away: list,
    add,
) -> None:
    """Weekly 1:1s, on the same weekday (or the week's next working day), a few weeks
    missed; none in a week of holidays and closed days, which is not expected to have
    one."""
    items = _items_by_date(plan)
    calendar = work_calendar(plan.unit.administration.municipality_id)
    monday = first - datetime.timedelta(days=first.weekday())
    week = 0
    while monday < today:
        workdays = calendar.working_days_in_week(monday)
        wanted = monday + datetime.timedelta(days=1 + index % 3)
        day = next((d for d in workdays if d >= wanted), workdays[-1] if workdays else wanted)
        missed = (
            (week + index) % 7 == 5
            or any(s <= day <= e for s, e in away)
            or len(workdays) < MIN_WORKING_DAYS
        )
        if not missed and day >= first:
            n = week + index
            add(
                SessionKind.ONE_TO_ONE,
                plan.supervisor,
                day,
                13 + index % 3,
                60 if n % 2 else 45,
                ONE_TO_ONE[n % len(ONE_TO_ONE)],
                NOTES[n % len(NOTES)] if n % 3 != 1 else "",
                _topic(items, day) if n % 4 == 0 else None,
                _agreed_follow_up(n, day, today),
            )
        monday += datetime.timedelta(days=7)
        week += 1


def _agreed_follow_up(n: int, day: datetime.date, today: datetime.date) -> tuple | None:
    """A follow-up in every third 1:1, due two weeks on."""
    if n % 3 != 0:
        return None
    due = day + datetime.timedelta(days=14)
    text, who = FOLLOW_UPS[n % len(FOLLOW_UPS)]
    # Older follow-ups are mostly done; a few stay overdue.
    done = due < today - datetime.timedelta(days=7) and n % 4 != 1
    return (text, who, due, done)


def _mentor_talks(
    plan: IntroductionPlan, index: int, *, first: datetime.date, today: datetime.date, add
) -> None:
    """A mentor talk about every four weeks."""
    day, n = plan.start_date + datetime.timedelta(days=7), index
    while day < today:
        if day >= first:
            add(
                SessionKind.MENTOR_TALK,
                plan.mentor,
                day,
                15,
                60,
                MENTOR_TALKS[n % len(MENTOR_TALKS)],
            )
        day += datetime.timedelta(days=28 + (n % 2) * 3)
        n += 1


def _case_reviews(plan: IntroductionPlan, index: int, *, today: datetime.date, add) -> None:
    """A case review about every six weeks once there are cases."""
    day, n = plan.start_date + datetime.timedelta(days=24), index
    while day < today:
        add(
            SessionKind.CASE_REVIEW,
            plan.supervisor,
            day,
            9,
            90,
            CASE_REVIEWS[n % len(CASE_REVIEWS)],
            NOTES[(n + 3) % len(NOTES)] if n % 2 else "",
        )
        day += datetime.timedelta(days=42)
        n += 1


def _write(rows: list, plans: dict[int, IntroductionPlan], today: datetime.date) -> None:
    """Sessions, their newcomers, topics and follow-ups in a few bulk inserts."""
    sessions = Session.objects.bulk_create([session for session, _topics, _f in rows])
    participants, links, follow_ups = [], [], []
    done_at = timezone.now()
    through = Session.topics.through
    for session, (_s, topics, agreed) in zip(sessions, rows, strict=True):
        for newcomer_id, plan in plans.items():
            participants.append(
                SessionParticipant(session=session, newcomer_id=newcomer_id, plan=plan)
            )
        links += [through(session_id=session.pk, planitem_id=item.pk) for item in topics]
        only = next(iter(plans))
        for text, who, due, done in agreed:
            follow_ups.append(
                FollowUp(
                    session=session,
                    newcomer_id=only,
                    text=text,
                    responsible=who,
                    due_date=due,
                    done_at=done_at if done else None,
                    done_by_id=only if done else None,
                )
            )
    SessionParticipant.objects.bulk_create(participants)
    through.objects.bulk_create(links)
    FollowUp.objects.bulk_create(follow_ups)


def _groups(plans: list[IntroductionPlan], today: datetime.date) -> None:
    """A group supervision every four weeks for the newcomers a supervisor has, once
    two or more of them had started."""
    by_supervisor: dict[int, list[IntroductionPlan]] = {}
    for plan in plans:
        if plan.supervisor_id:
            by_supervisor.setdefault(plan.supervisor_id, []).append(plan)
    for group in by_supervisor.values():
        author = group[0].supervisor
        if len(group) < 2 or Session.objects.filter(author=author, kind=SessionKind.GROUP).exists():
            continue
        rows = []
        day = today - datetime.timedelta(days=HISTORY_DAYS)
        day += datetime.timedelta(days=(3 - day.weekday()) % 7)  # a Thursday
        n = 0
        while day < today:
            members = {p.newcomer_id: p for p in group if p.start_date <= day}
            if len(members) >= 2:
                session = Session(
                    kind=SessionKind.GROUP,
                    status=Session.Status.HELD,
                    starts_at=_at(day, 9),
                    duration_minutes=90,
                    author=author,
                    place="Stora konferensrummet",
                    shared_summary=GROUP[n % len(GROUP)],
                    private_note="Gruppen kommer bra överens. Ge de tystare mer utrymme."
                    if n % 2
                    else "",
                )
                rows.append((session, members))
                n += 1
            day += datetime.timedelta(days=28)
        sessions = Session.objects.bulk_create([s for s, _m in rows])
        SessionParticipant.objects.bulk_create(
            SessionParticipant(session=session, newcomer_id=pk, plan=plan)
            for session, (_s, members) in zip(sessions, rows, strict=True)
            for pk, plan in members.items()
        )


def _showcase(plans: list[IntroductionPlan], demo) -> None:
    """What the demo newcomer's plan page should show: reflections, a follow-up made a
    plan item, an overdue follow-up."""
    plan = next((p for p in plans if p.newcomer.email == SHOWCASE), None)
    if plan is None:
        return
    mine = SessionParticipant.objects.filter(
        newcomer=plan.newcomer, session__kind=SessionKind.ONE_TO_ONE
    ).order_by("session__starts_at")
    if not mine.exclude(reflection="").exists():
        rows = list(mine.select_related("session"))
        chosen = list(dict.fromkeys(rows[:2] + rows[-1:]))
        for participant, text in zip(chosen, REFLECTIONS, strict=False):
            participant.reflection = text
            participant.reflected_at = participant.session.starts_at + datetime.timedelta(days=1)
            participant.save(update_fields=["reflection", "reflected_at"])
    follow_ups = FollowUp.objects.filter(newcomer=plan.newcomer).select_related("session")
    if not follow_ups.filter(plan_item__isnull=False).exists():
        # The newest open one; else the newest, reopened (a history with a week of
        # holidays at its end can leave only done ones).
        follow_up = (
            follow_ups.filter(done_at__isnull=True).order_by("-session__starts_at").first()
            or follow_ups.order_by("-session__starts_at").first()
        )
        if follow_up is not None:
            follow_up.text = PLAN_ITEM_FOLLOW_UP
            follow_up.done_at, follow_up.done_by = None, None
            follow_up.save(update_fields=["text", "done_at", "done_by"])
            author = follow_up.session.author
            if author.has_perm("supervision.plan_follow_up", follow_up) and author.has_perm(
                "plans.add_agreed_item", plan
            ):
                services.follow_up_to_plan(follow_up=follow_up, by=author)
    if not follow_ups.filter(done_at__isnull=True, due_date__lt=demo.today).exists():
        overdue = follow_ups.filter(plan_item__isnull=True).order_by("session__starts_at").first()
        if overdue is not None:
            FollowUp.objects.filter(pk=overdue.pk).update(done_at=None, done_by=None)


def _ahead(plans: list[IntroductionPlan], demo) -> None:
    """Planned sessions, logged through the services as a supervisor would: next week's
    1:1 for everyone, a mentor talk and a cancelled 1:1 for the demo newcomer, and the
    next group supervision."""
    now = timezone.now()
    for index, plan in enumerate(plans):
        supervisor = plan.supervisor
        if supervisor is None:
            continue
        upcoming = Session.objects.filter(
            status=Session.Status.PLANNED, starts_at__gt=now, attendees__newcomer=plan.newcomer
        )
        if upcoming.exists():
            continue
        day = demo.days(7 - demo.today.weekday() + 1 + index % 3)  # next week
        services.session_log(
            by=supervisor,
            kind=SessionKind.ONE_TO_ONE,
            status=Session.Status.PLANNED,
            starts_at=_at(day, 13 + index % 3),
            duration_minutes=60,
            newcomers=[plan.newcomer],
            place="Handledningsrummet",
        )
        if plan.newcomer.email == SHOWCASE:
            _showcase_ahead(plan, demo)
    _next_group_supervisions(plans, demo)


def _showcase_ahead(plan: IntroductionPlan, demo) -> None:
    """The demo newcomer's planned mentor talk, and a case review planned and cancelled."""
    if plan.mentor is not None:
        services.session_log(
            by=plan.mentor,
            kind=SessionKind.MENTOR_TALK,
            status=Session.Status.PLANNED,
            starts_at=_at(demo.days(10), 15),
            duration_minutes=60,
            newcomers=[plan.newcomer],
            place="Fikarummet",
        )
    moved = services.session_log(
        by=plan.supervisor,
        kind=SessionKind.CASE_REVIEW,
        status=Session.Status.PLANNED,
        starts_at=_at(demo.days(3), 9),
        duration_minutes=90,
        newcomers=[plan.newcomer],
        place="Handledningsrummet",
    )
    services.session_cancel(session=moved, by=plan.supervisor)


def _next_group_supervisions(plans: list[IntroductionPlan], demo) -> None:
    """The next group supervision, for the supervisors who hold one."""
    for author_id in (
        Session.objects.filter(kind=SessionKind.GROUP)
        .order_by("author_id")
        .values_list("author_id", flat=True)
        .distinct()
    ):
        if Session.objects.filter(
            author_id=author_id, kind=SessionKind.GROUP, status=Session.Status.PLANNED
        ).exists():
            continue
        group = [p for p in plans if p.supervisor_id == author_id]
        if len(group) < 2:
            continue
        day = demo.days(14)
        day += datetime.timedelta(days=(3 - day.weekday()) % 7)
        services.session_log(
            by=group[0].supervisor,
            kind=SessionKind.GROUP,
            status=Session.Status.PLANNED,
            starts_at=_at(day, 9),
            duration_minutes=90,
            newcomers=[p.newcomer for p in group],
            place="Stora konferensrummet",
        )


def _catch_up() -> None:
    """On a later run, planned sessions whose time has passed took place, as their
    author would have marked them."""
    past = Session.objects.filter(
        status=Session.Status.PLANNED, starts_at__lt=timezone.now() - datetime.timedelta(hours=2)
    )
    for session in past:
        session.status = Session.Status.HELD
        session.sequence += 1
        session.revision += 1
        session.save(update_fields=["status", "sequence", "revision", "updated_at"])
