"""Demo programme: the shared two-year introduction programme and a year of sessions.

Part 1 (about 2.5 days, within four months) runs monthly except July; part 2 (about
12.5 days across the case-handling process, within two years) runs once a year.
"""

import datetime
from decimal import Decimal

from lms.accounts.models import Role, User

from .models import (
    Attendance,
    CourseSession,
    Enrolment,
    Evaluation,
    Module,
    ModuleCompletion,
    Part,
    Programme,
    SessionDay,
)

ORDER = 30
#: Where the demo's own courses are held.
PLACE = "Socialförvaltningen, Storgatan 12, sal Älven"

PART1 = [
    (
        "politiskt-styrd-organisation",
        "Att arbeta i en politiskt styrd organisation",
        "1.5",
        "Gå igenom nämndens senaste beslut om riktlinjer med din handledare.",
    ),
    (
        "regler-dokumentation",
        "Regler, riktlinjer, dokumentation och kommunikation",
        "0.5",
        "Skriv en journalanteckning i ett av dina ärenden och gå igenom den med din handledare.",
    ),
    (
        "bemotande-samtal",
        "Bemötande, samtal och relationer",
        "0.5",
        "Förbered ett första samtal med en klient och reflektera efteråt med din handledare.",
    ),
]
PART2 = [
    ("lagstiftning", "Lagstiftning och riktlinjer", "0.5", ""),
    (
        "aktualisering",
        "Att ta emot ett ärende: aktualisering och förhandsbedömning",
        "1.5",
        "Gör en förhandsbedömning tillsammans med din handledare.",
    ),
    (
        "utredning",
        "Utredning och bedömning",
        "3.0",
        "Planera en utredning och gå igenom utredningsplanen med din handledare.",
    ),
    (
        "beslut",
        "Beslut, delegation och överklagande",
        "1.5",
        "Gå igenom delegationsordningen för ditt område med din handledare.",
    ),
    ("insatser", "Planera och beställa insatser", "2.0", ""),
    ("uppfoljning", "Uppföljning och utvärdering", "1.5", ""),
    ("barnperspektiv", "Barnperspektivet i handläggningen", "1.0", ""),
    ("dokumentation-fordjupning", "Dokumentation och kommunikation, fördjupning", "1.0", ""),
    ("samtal-fordjupning", "Bemötande, samtal och relationer, fördjupning", "1.5", ""),
    ("samverkan", "Samverkan med andra aktörer", "0.5", ""),
    ("hot-och-vald", "Hot och våld: säkerhetsrutiner", "0.5", ""),
    ("sekretess", "Offentlighet och sekretess", "0.5", ""),
]

# A few modules with an English name, so the English interface shows both cases: the
# English where it is set, the Swedish where it is not.
TITLES_EN = {
    "politiskt-styrd-organisation": "Working in a politically governed organisation",
    "regler-dokumentation": "Rules, guidelines, documentation and communication",
    "bemotande-samtal": "Meeting clients: conversations and relationships",
    "lagstiftning": "Legislation and guidelines",
    "utredning": "Investigation and assessment",
}


def _programme(demo):
    programme, _ = Programme.objects.update_or_create(
        name="Introduktionsprogrammet för socialsekreterare",
        version=1,
        defaults={"valid_from": datetime.date(demo.today.year - 1, 1, 1), "is_current": True},
    )
    parts = {}
    for number, title, months, specs in (
        (1, "Del 1: Grundläggande introduktion", 4, PART1),
        (2, "Del 2: Handläggningsprocessen", 24, PART2),
    ):
        part, _ = Part.objects.update_or_create(
            programme=programme,
            number=number,
            defaults={"title": title, "deadline_months": months},
        )
        for position, (slug, module_title, days, practise) in enumerate(specs, start=1):
            Module.objects.update_or_create(
                part=part,
                slug=slug,
                defaults={
                    "title": module_title,
                    "title_en": TITLES_EN.get(slug, ""),
                    "length_days": Decimal(days),
                    "position": position,
                    "practise_text": practise,
                },
            )
        parts[number] = part
    return programme, parts


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> datetime.date:
    first = datetime.date(year, month, 1)
    return first + datetime.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def _session(module, first_day, *, n_days, capacity, place, status, coordinator):
    """Find the demo session of this module on this first day, or make it."""
    session = CourseSession.objects.filter(module=module, first_day_cache=first_day).first()
    if session is None:
        session = CourseSession.objects.create(
            module=module,
            first_day_cache=first_day,
            capacity=capacity,
            created_by=coordinator,
            booking_deadline=first_day - datetime.timedelta(days=14),
        )
    session.capacity, session.place, session.status = capacity, place, status
    session.trainers = "Elin Sandberg, utbildarstöd från stadsdelarna"
    session.save()
    day = first_day
    for _i in range(n_days):
        while day.weekday() >= 5:
            day += datetime.timedelta(days=1)
        SessionDay.objects.get_or_create(
            session=session,
            date=day,
            defaults={"start": datetime.time(9, 0), "end": datetime.time(16, 0)},
        )
        day += datetime.timedelta(days=1)
    return session


def _monthly_part1(demo, intro, coordinator) -> list[CourseSession]:
    """Part 1: second Tuesday monthly, from three months back to eight ahead, not July."""
    sessions = []
    start = demo.today.replace(day=1)
    for offset in range(-3, 9):
        month_index = start.month - 1 + offset
        year, month = start.year + month_index // 12, month_index % 12 + 1
        if month == 7:
            continue
        first = _nth_weekday(year, month, 1, 2)
        sessions.append(
            _session(
                intro,
                first,
                n_days=2,
                capacity=20,
                place=PLACE,
                status=CourseSession.Status.PUBLISHED,
                coordinator=coordinator,
            )
        )
    return sessions


def load(demo) -> None:
    _programme_obj, parts = _programme(demo)
    coordinator = User.objects.get(email="samordnare@demo.test")
    part1 = list(parts[1].modules.all())
    intro = part1[0]
    sessions = _monthly_part1(demo, intro, coordinator)
    # One cancelled and one draft, as coordinators have them.
    sessions[-1].status = CourseSession.Status.CANCELLED
    sessions[-1].cancel_reason = "Lokalen är inte tillgänglig. Ett nytt datum kommer i vår."
    sessions[-1].save()
    draft = _session(
        part1[1],
        sessions[-2].first_day_cache + datetime.timedelta(days=7),
        n_days=1,
        capacity=25,
        place=PLACE,
        status=CourseSession.Status.DRAFT,
        coordinator=coordinator,
    )
    # Part 2: once a year, its first theme early next spring.
    next_year = demo.today.year + 1
    utredning = parts[2].modules.get(slug="utredning")
    _session(
        utredning,
        _nth_weekday(next_year, 3, 2, 2),
        n_days=3,
        capacity=30,
        place=PLACE,
        status=CourseSession.Status.PUBLISHED,
        coordinator=coordinator,
    )

    imported = _imported_from_calendar(demo, parts[2].modules.get(slug="samverkan"), coordinator)
    _bookings(demo, sessions, coordinator)
    _changed_and_next_year(demo, sessions, coordinator)
    demo.objects["course_sessions"] = sessions
    demo.note(
        f"Programme: 2 parts, "
        f"{Module.objects.filter(part__programme__is_current=True).count()} modules, "
        f"{CourseSession.objects.count()} sessions (one draft: {draft.pk}; "
        f"{imported} imported from a calendar file)."
    )


def demo_calendar(today: datetime.date) -> bytes:
    """The region's training calendar, as the coordinator would export it from Outlook:
    three afternoons of "Samverkan med andra aktörer" and a weekly forum that repeats
    (which the import refuses). The demo imports the first two; the third is left for
    trying the import, whose preview then shows the two as already imported."""
    wednesday = today + datetime.timedelta(days=(2 - today.weekday()) % 7 + 7 * 6)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Regionen//Utbildningskalender//SV"]
    for n in range(3):
        day = wednesday + datetime.timedelta(weeks=5 * n)
        lines += [
            "BEGIN:VEVENT",
            f"UID:samverkan-{n + 1}@utbildning.region.example",
            f"SUMMARY:Samverkan med andra aktörer, tillfälle {n + 1}",
            f"DTSTART;TZID=Europe/Stockholm:{day:%Y%m%d}T130000",
            f"DTEND;TZID=Europe/Stockholm:{day:%Y%m%d}T163000",
            "LOCATION:Regionens hus, sal Kustlinjen",
            "END:VEVENT",
        ]
    lines += [
        "BEGIN:VEVENT",
        "UID:forum@utbildning.region.example",
        "SUMMARY:Samverkansforum",
        f"DTSTART;TZID=Europe/Stockholm:{wednesday:%Y%m%d}T090000",
        f"DTEND;TZID=Europe/Stockholm:{wednesday:%Y%m%d}T100000",
        "RRULE:FREQ=WEEKLY",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return ("\r\n".join(lines) + "\r\n").encode()


def _imported_from_calendar(demo, module, coordinator) -> int:
    """Two draft sessions imported from the region's calendar file, as a coordinator
    would through the preview (the service skips them when the demo is loaded again)."""
    from . import ics_import, services

    events = ics_import.ics_events(demo_calendar(demo.today), today=demo.today)
    services.sessions_import_ics(
        by=coordinator, module=module, events=events[:2], capacity=24, deadline_days_before=21
    )
    return CourseSession.objects.filter(module=module, ics_uid__isnull=False).count()


def _changed_and_next_year(demo, sessions, coordinator):
    """A session whose room changed after it was published (SEQUENCE 1, as calendars saw
    it), and next year's programme prepared as a version not yet in force."""
    from . import services

    upcoming = [s for s in sessions if s.first_day_cache >= demo.today and s.status == "published"]
    if len(upcoming) > 2 and upcoming[2].sequence == 0:
        moved = upcoming[2]
        moved.place = "Stadshuset, sal Älven"
        moved.notes = "Ny lokal: sal Älven, plan 3. Samma tider som tidigare."
        moved.sequence = 1
        moved.save()
    current = Programme.objects.get(is_current=True)
    if not Programme.objects.filter(name=current.name, version__gt=current.version).exists():
        services.programme_new_version(
            programme=current,
            by=coordinator,
            valid_from=datetime.date(demo.today.year + 1, 1, 1),
        )


def _bookings(demo, sessions, coordinator):
    """Past sessions attended and evaluated; the next one full with a waitlist."""
    newcomers = list(
        User.objects.filter(role_assignments__role=Role.NEWCOMER, is_active=True).order_by(
            "start_date", "pk"
        )
    )
    past = [s for s in sessions if s.first_day_cache < demo.today and s.status == "published"]
    upcoming = [s for s in sessions if s.first_day_cache >= demo.today and s.status == "published"]
    for index, person in enumerate(newcomers):
        if (
            person.start_date
            and person.start_date < demo.today - datetime.timedelta(days=60)
            and past
            and person.email != "nyanstalld@demo.test"
        ):
            _attended(past[index % len(past)], person, index, coordinator)
    if not upcoming:
        return
    # The demo newcomer is booked on the next Part 1 session; the one after fills up.
    amira = User.objects.get(email="nyanstalld@demo.test")
    Enrolment.objects.get_or_create(
        session=upcoming[0],
        person=amira,
        defaults={"status": Enrolment.Status.ADMITTED, "nominated_by": coordinator},
    )
    johan = User.objects.get(email="nyanstalld2@demo.test")
    Enrolment.objects.get_or_create(
        session=upcoming[0],
        person=johan,
        defaults={"status": Enrolment.Status.REQUESTED},
    )
    if len(upcoming) > 1:
        _full_with_waitlist(upcoming[1], newcomers, {amira.pk, johan.pk}, coordinator)


def _attended(session, person, index: int, coordinator) -> None:
    """Booked, present every day, the course done and evaluated."""
    ratings = [5, 4, 4, 5, 3, 4]
    enrolment, _ = Enrolment.objects.get_or_create(
        session=session,
        person=person,
        defaults={"status": Enrolment.Status.ADMITTED, "nominated_by": coordinator},
    )
    days = list(session.days.all())
    for day in days:
        # Now and then someone left early on the last day, and the coordinator judged it
        # enough: the sheet shows "räcker för modulen" ticked.
        partly = index % 5 == 2 and day == days[-1]
        Attendance.objects.get_or_create(
            enrolment=enrolment,
            day=day,
            defaults={
                "status": Attendance.Status.PARTLY if partly else Attendance.Status.PRESENT,
                "enough": partly,
                "marked_by": coordinator,
            },
        )
    ModuleCompletion.objects.get_or_create(
        person=person,
        module=session.module,
        defaults={
            "session": session,
            "completed_on": session.days.last().date,
            "recorded_by": coordinator,
        },
    )
    Evaluation.objects.get_or_create(
        enrolment=enrolment,
        defaults={
            "session": session,
            "rating": ratings[index % len(ratings)],
            "comment": "Bra genomgång av nämndens roll, gärna fler fallövningar.",
        },
    )


def _full_with_waitlist(full, newcomers: list, booked: set[int], coordinator) -> None:
    """Four places taken and two on the waitlist: newcomers first, then experienced
    staff who may also attend."""
    full.capacity = 4
    full.save()
    colleagues = [p for p in newcomers if p.pk not in booked and not p.module_completions.exists()]
    colleagues += list(
        User.objects.filter(role_assignments__role=Role.MENTOR)
        .exclude(pk__in=booked)
        .order_by("pk")
    )
    colleagues = colleagues[:6]
    for n, person in enumerate(colleagues):
        Enrolment.objects.get_or_create(
            session=full,
            person=person,
            defaults={
                "status": Enrolment.Status.ADMITTED if n < 4 else Enrolment.Status.WAITLISTED,
                "nominated_by": coordinator,
            },
        )
