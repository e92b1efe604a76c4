"""Demo check-ins: answers at every point that has opened for the demo newcomers, with
realistic Swedish texts, some shared with the manager and some not, and one message to
the manager (in a unit chef@demo.test leads).

Barn och unga Centrum gets five different people with an answer in the last ended
half-year, so HR's figures page shows that unit's means; the other units have fewer and
show "färre än 5 svar". nyanstalld@demo.test's open check-in is left unanswered, so a
visitor (and the browser journey) can answer it; any earlier point of hers is answered.

Answers are historical, so they are written directly rather than through the service
(which only accepts the open point, today). Dates follow today: an answer falls in the
last ended half-year where its point was open then, otherwise early in its window (or in
the last days, for a point open now). Reruns update the same rows.
"""

from __future__ import annotations

import datetime
import zoneinfo

from django.utils import timezone

from lms.plans.models import IntroductionPlan

from .models import CheckIn
from .points import schedule
from .selectors import half_year, half_year_start, previous_half_year

ORDER = 70  # after plans (40) and the apps between plans and check-ins
KEYS = ("joy", "manager", "group", "contribution")
LEFT_OPEN_FOR = "nyanstalld@demo.test"
MESSAGE_FROM = ("fatima.magnusson.3@alvstad.demo.test", 1)
MESSAGE = (
    "Jag skulle vilja prata om hur många ärenden jag har just nu. Det känns mycket, och "
    "jag hinner inte alltid dokumentera samma dag. Kan vi ta det på nästa uppföljningssamtal?"
)
#: (joy, manager, group, contribution): (rating, text)
PROFILES = [
    (
        (5, "Mötena med familjerna, särskilt när en förälder börjar lita på oss."),
        (4, "Att chefen tar sig tid för mina frågor, även när det är mycket."),
        (5, "Ärendedragningarna på tisdagar. Alla hjälper till att tänka."),
        (4, "Jag har berättat för gruppen om det vi gick igenom på utbildningsdagen."),
    ),
    (
        (4, "När en utredning blir klar och jag vet att den håller."),
        (3, ""),
        (4, "Kollegorna svarar alltid när jag ringer från ett hembesök."),
        (3, ""),
    ),
    (
        (3, "Jag lär mig något nytt varje dag, även om det är mycket på en gång."),
        (2, "Jag skulle behöva tydligare besked om vad som ska prioriteras."),
        (4, "Min mentor och gruppens gemensamma luncher."),
        (3, "Jag ställer många frågor, och det har startat bra diskussioner i gruppen."),
    ),
    (
        (4, "Att få följa ett barn över tid och se att insatsen gör skillnad."),
        (4, "Återkopplingen efter mitt första samtal med en vårdnadshavare."),
        (3, ""),
        (4, "Jag har tagit med mig ett nytt sätt att strukturera journalanteckningar."),
    ),
    (
        (5, "Samarbetet med skolan i ett ärende som länge stått still."),
        (5, "Chefen backade upp mig i ett svårt beslut."),
        (4, "Att vi skrattar ihop, också när dagarna är tunga."),
        (4, "Jag håller i vår gemensamma genomgång av nya rutiner."),
    ),
    (
        (2, "Det är svårt att känna glädje just nu, arbetsbelastningen är hög."),
        (3, ""),
        (3, "Stödet finns, men alla har mycket att göra."),
        (2, ""),
    ),
]
STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


def _answer_day(point, today: datetime.date, until: datetime.date) -> datetime.date | None:
    """A believable day to have answered: in the last ended half-year if the point was
    open then, else a week into its window (a point open now: within the last days)."""
    last = min(point.closes, until) - datetime.timedelta(days=1)
    if point.opens > last:
        return None
    previous = previous_half_year(half_year(today))
    begins = half_year_start(previous)
    ends = half_year_start(half_year(today)) - datetime.timedelta(days=1)
    start, end = max(point.opens, begins), min(last, ends)
    if start <= end:
        return min(start + datetime.timedelta(days=9), end)
    if point.is_open(today):
        return max(point.opens, today - datetime.timedelta(days=3))
    return min(point.opens + datetime.timedelta(days=7), last)


def load(demo) -> None:
    today = demo.today
    plans = (
        IntroductionPlan.objects.exclude(status=IntroductionPlan.Status.DONE)
        .select_related("newcomer")
        .order_by("newcomer__email", "pk")
    )
    written = 0
    for index, plan in enumerate(plans):
        email = plan.newcomer.email
        # A closed plan's answers were given before it closed.
        until = timezone.localtime(plan.closed_at).date() if plan.closed_at else today
        for point in schedule(plan.start_date):
            if email == LEFT_OPEN_FOR and point.is_open(today):
                continue  # left for the visitor to answer
            day = _answer_day(point, today, until=until)
            if day is None:
                continue
            profile = PROFILES[(index + point.months) % len(PROFILES)]
            ratings = {f"{key}_rating": r for key, (r, _t) in zip(KEYS, profile, strict=True)}
            texts = {f"{key}_text": t for key, (_r, t) in zip(KEYS, profile, strict=True)}
            at = timezone.make_aware(
                datetime.datetime.combine(day, datetime.time(10 + index % 6, 15)), STOCKHOLM
            )
            is_message = (email, point.months) == MESSAGE_FROM
            checkin, _created = CheckIn.objects.update_or_create(
                plan=plan,
                point=point.months,
                defaults={
                    "newcomer": plan.newcomer,
                    "unit_id": plan.unit_id,
                    **ratings,
                    **texts,
                    "message": MESSAGE if is_message else "",
                    # Two in three share; the one who writes to the manager shares too.
                    "shared": is_message or (index + point.months) % 3 != 0,
                    "answered_at": at,
                },
            )
            # created_at is set on insert; the half-year of an answer follows it.
            CheckIn.objects.filter(pk=checkin.pk).update(created_at=at, updated_at=at)
            written += 1
    demo.note(f"Check-ins: {written} answers, one message to a manager.")
