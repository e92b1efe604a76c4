"""The daily reminders: found each morning from what the plans, bookings, sessions,
pairings and check-ins say about today.

Each scan is a fixed handful of queries whatever the number of newcomers: rows are read
with their relations in one go, and people by unit from one query of role assignments.
Keys name the object and the date that made it due, so the same occasion found again is
the same key, and a moved due date is a new occasion.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.conf import settings
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lms.accounts.models import Role, RoleAssignment
from lms.checkins.models import CheckIn
from lms.checkins.points import point_label, schedule
from lms.mentoring.models import MentorPairing
from lms.plans.models import IntroductionPlan, PlanItem, Responsible
from lms.programme.models import Attendance, CourseSession, Enrolment, Evaluation, SessionDay
from lms.supervision.models import MENTOR_KINDS, Session, SessionParticipant

from .kinds import Candidate, Kind, register

#: Items are reminded this many days ahead of their due date.
DUE_SOON_DAYS = 3
#: An item overdue longer than this when first found was due before reminders existed
#: (or before the plan was made); the manager's weekly digest lists it instead.
OVERDUE_LOOKBACK_DAYS = 14
#: Evaluation requests go out during this many days after a course's last day.
EVALUATION_WINDOW_DAYS = 7

OPEN_STATUSES = (PlanItem.Status.OPEN, PlanItem.Status.SIGNOFF_REQUESTED)

PLAN_CLOSED = _("Planen är stängd.")
ITEM_DONE = _("Punkten är redan klar.")
ITEM_REMOVED = _("Punkten är borttagen.")
ITEM_MOVED = _("Punkten har fått ett nytt datum.")
BOOKING_CANCELLED = _("Bokningen är avbokad.")
SESSION_CALLED_OFF = _("Kurstillfället är inställt.")
EVALUATION_GIVEN = _("Utvärderingen är redan lämnad.")
SESSION_GONE = _("Tillfället är inställt eller flyttat.")
PAIRING_ENDED = _("Mentorskapet har avslutats.")
TALK_LOGGED = _("Ett samtal har loggats sedan påminnelsen.")
CHECKIN_ANSWERED = _("Avstämningen är redan besvarad.")


def _today(now) -> datetime.date:
    return timezone.localdate(now)


def next_working_day(today: datetime.date) -> datetime.date:
    """The day a reminder "the day before" is about: Friday's run covers the weekend and
    Monday, since no reminders are looked for on Saturdays and Sundays."""
    day = today + datetime.timedelta(days=1)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def _coming_days(now) -> tuple[datetime.date, datetime.date]:
    today = _today(now)
    return today + datetime.timedelta(days=1), next_working_day(today)


def _managers_by_unit(unit_ids) -> dict[int, list[int]]:
    managers = defaultdict(list)
    rows = RoleAssignment.objects.filter(
        role=Role.MANAGER, unit_id__in=set(unit_ids), user__is_active=True
    ).values_list("unit_id", "user_id")
    for unit_id, user_id in rows:
        managers[unit_id].append(user_id)
    return managers


def _item_recipients(item: PlanItem, managers: dict[int, list[int]]) -> list[int]:
    """Who answers for an item. A colleague, HR or the coordinator are no named person on
    the plan: the unit's manager owns the plan and sees that it gets done."""
    plan = item.plan
    if item.responsible == Responsible.NEWCOMER:
        return [plan.newcomer_id]
    if item.responsible == Responsible.MENTOR and plan.mentor_id:
        return [plan.mentor_id]
    if item.responsible == Responsible.SUPERVISOR and plan.supervisor_id:
        return [plan.supervisor_id]
    # The manager's own items, and those of a role nobody on the plan holds.
    return list(managers.get(plan.unit_id, []))


def _open_items(condition: Q):
    return (
        PlanItem.objects.filter(
            condition,
            status__in=OPEN_STATUSES,
            removed_at__isnull=True,
            plan__status=IntroductionPlan.Status.ACTIVE,
            plan__newcomer__is_active=True,
        )
        .select_related("plan__newcomer")
        .only(
            "pk",
            "title",
            "due_date",
            "responsible",
            "plan__unit_id",
            "plan__mentor_id",
            "plan__supervisor_id",
            "plan__newcomer_id",
            "plan__newcomer__first_name",
            "plan__newcomer__last_name",
        )
        .order_by("due_date", "pk")
    )


def _item_candidates(kind: str, items) -> list[Candidate]:
    items = list(items)
    managers = _managers_by_unit(item.plan.unit_id for item in items)
    found = []
    for item in items:
        for user_id in _item_recipients(item, managers):
            own = user_id == item.plan.newcomer_id
            found.append(
                Candidate(
                    key=f"{kind}:{item.pk}:{item.due_date.isoformat()}:{user_id}",
                    kind=kind,
                    recipient_id=user_id,
                    params={
                        "item": item.pk,
                        "title": item.title,
                        "due": item.due_date.isoformat(),
                        # The recipient's own plan needs no name; anyone else's does.
                        "newcomer": "" if own else item.plan.newcomer.get_full_name(),
                    },
                    url=reverse("plans:plan_detail", args=[item.plan_id]) + f"#item-{item.pk}",
                )
            )
    return found


def scan_due_soon(now) -> list[Candidate]:
    today = _today(now)
    items = _open_items(
        Q(due_date__gte=today, due_date__lte=today + datetime.timedelta(days=DUE_SOON_DAYS))
    )
    return _item_candidates("item_due_soon", items)


def scan_overdue(now) -> list[Candidate]:
    today = _today(now)
    items = _open_items(
        Q(
            due_date__lt=today,
            due_date__gte=today - datetime.timedelta(days=OVERDUE_LOOKBACK_DAYS),
        )
    )
    return _item_candidates("item_overdue", items)


def stale_items(notifications) -> dict[int, str]:
    wanted = {n.pk: (n.params.get("item"), n.params.get("due")) for n in notifications}
    state = {
        pk: (status, removed, plan_status, due.isoformat())
        for pk, status, removed, plan_status, due in PlanItem.objects.filter(
            pk__in=[item for item, _due in wanted.values()]
        ).values_list("pk", "status", "removed_at", "plan__status", "due_date")
    }
    stale = {}
    for pk, (item, due) in wanted.items():
        status, removed, plan_status, current_due = state.get(item, (None, True, None, None))
        if plan_status is not None and plan_status != IntroductionPlan.Status.ACTIVE:
            stale[pk] = PLAN_CLOSED
        elif removed:
            stale[pk] = ITEM_REMOVED
        elif status not in OPEN_STATUSES:
            stale[pk] = ITEM_DONE
        elif current_due != due:
            stale[pk] = ITEM_MOVED
    return stale


def _for_whom(params) -> str:
    return gettext(" (%(name)s)") % {"name": params["newcomer"]} if params.get("newcomer") else ""


register(
    Kind(
        code="item_due_soon",
        label=_("Punkt i planen snart klar senast"),
        description=_("Till den som ansvarar, tre dagar innan en punkt ska vara klar."),
        title=lambda p: (
            gettext("Snart dags: %(title)s%(whom)s")
            % {"title": p.get("title", ""), "whom": _for_whom(p)}
        ),
        lines=lambda p: [
            gettext("Punkten ska vara klar senast %(due)s.") % {"due": p.get("due", "")}
        ],
        scan=scan_due_soon,
        stale=stale_items,
        order=10,
    )
)
register(
    Kind(
        code="item_overdue",
        label=_("Punkt i planen försenad"),
        description=_("Till den som ansvarar, dagen efter att en punkt skulle varit klar."),
        title=lambda p: (
            gettext("Försenad: %(title)s%(whom)s")
            % {"title": p.get("title", ""), "whom": _for_whom(p)}
        ),
        lines=lambda p: [
            gettext(
                "Punkten skulle ha varit klar %(due)s. Bocka av den när den är gjord, eller "
                "kom överens om ett nytt datum."
            )
            % {"due": p.get("due", "")}
        ],
        scan=scan_overdue,
        stale=stale_items,
        order=11,
    )
)


# -- course sessions -----------------------------------------------------------------


def scan_course_reminders(now) -> list[Candidate]:
    first, last = _coming_days(now)
    days = (
        SessionDay.objects.filter(
            date__range=(first, last),
            session__status=CourseSession.Status.PUBLISHED,
        )
        .select_related("session__module")
        .order_by("pk")
    )
    days = list(days)
    enrolments = defaultdict(list)
    for session_id, enrolment_id, person_id in Enrolment.objects.filter(
        session_id__in=[d.session_id for d in days],
        status=Enrolment.Status.ADMITTED,
        person__is_active=True,
    ).values_list("session_id", "pk", "person_id"):
        enrolments[session_id].append((enrolment_id, person_id))
    found = []
    for day in days:
        session = day.session
        for enrolment_id, person_id in enrolments[session.pk]:
            found.append(
                Candidate(
                    key=f"course_reminder:{enrolment_id}:{day.date.isoformat()}",
                    kind="course_reminder",
                    recipient_id=person_id,
                    params={
                        "enrolment": enrolment_id,
                        "day": day.pk,
                        "module": session.module.title,
                        "date": day.date.isoformat(),
                        "start": day.start.strftime("%H:%M"),
                        "end": day.end.strftime("%H:%M"),
                        "place": session.place,
                        "online": session.online_url,
                    },
                    url=reverse("programme:courses"),
                )
            )
    return found


def stale_bookings(notifications) -> dict[int, str]:
    ids = {n.pk: n.params.get("enrolment") for n in notifications}
    state = {
        pk: (status, session_status)
        for pk, status, session_status in Enrolment.objects.filter(
            pk__in=list(ids.values())
        ).values_list("pk", "status", "session__status")
    }
    stale = {}
    for pk, enrolment in ids.items():
        status, session_status = state.get(enrolment, (None, None))
        if session_status != CourseSession.Status.PUBLISHED:
            stale[pk] = SESSION_CALLED_OFF
        elif status != Enrolment.Status.ADMITTED:
            stale[pk] = BOOKING_CANCELLED
    return stale


def place_lines(p) -> list[str]:
    """Where a course session is, for the reminder and the booking e-mail alike."""
    lines = []
    if p.get("place"):
        lines.append(gettext("Plats: %(place)s") % {"place": p["place"]})
    if p.get("online"):
        lines.append(gettext("Länk för distansdeltagande: %(url)s") % {"url": p["online"]})
    return lines


def _course_lines(p) -> list[str]:
    return [
        gettext("%(date)s kl. %(start)s–%(end)s.")
        % {"date": p.get("date", ""), "start": p.get("start", ""), "end": p.get("end", "")},
        *place_lines(p),
    ]


register(
    Kind(
        code="course_reminder",
        label=_("Påminnelse före kursdag"),
        description=_("Arbetsdagen före varje kursdag du är antagen till."),
        title=lambda p: (
            gettext("Påminnelse: %(module)s %(date)s")
            % {"module": p.get("module", ""), "date": p.get("date", "")}
        ),
        lines=_course_lines,
        scan=scan_course_reminders,
        stale=stale_bookings,
        programme=True,
        order=20,
    )
)


def scan_evaluation_requests(now) -> list[Candidate]:
    today = _today(now)
    ended = (
        CourseSession.objects.filter(status=CourseSession.Status.PUBLISHED)
        .annotate(last_day=Max("days__date"))
        .filter(
            last_day__lt=today,
            last_day__gte=today - datetime.timedelta(days=EVALUATION_WINDOW_DAYS),
        )
        .select_related("module")
    )
    sessions = {s.pk: s for s in ended}
    attended = set(
        Attendance.objects.filter(
            enrolment__session_id__in=list(sessions),
            status__in=[Attendance.Status.PRESENT, Attendance.Status.PARTLY],
        ).values_list("enrolment_id", flat=True)
    )
    rows = Enrolment.objects.filter(
        pk__in=attended,
        status=Enrolment.Status.ADMITTED,
        person__is_active=True,
        evaluation__isnull=True,
    ).values_list("pk", "session_id", "person_id")
    return [
        Candidate(
            key=f"evaluation_request:{enrolment_id}",
            kind="evaluation_request",
            recipient_id=person_id,
            params={
                "enrolment": enrolment_id,
                "module": sessions[session_id].module.title,
                "last_day": sessions[session_id].last_day.isoformat(),
            },
            url=reverse("programme:evaluation_create", args=[enrolment_id]),
        )
        for enrolment_id, session_id, person_id in rows
    ]


def stale_evaluations(notifications) -> dict[int, str]:
    ids = {n.pk: n.params.get("enrolment") for n in notifications}
    given = set(
        Evaluation.objects.filter(enrolment_id__in=list(ids.values())).values_list(
            "enrolment_id", flat=True
        )
    )
    return {pk: EVALUATION_GIVEN for pk, enrolment in ids.items() if enrolment in given}


register(
    Kind(
        code="evaluation_request",
        label=_("Utvärdera en kurs"),
        description=_("Efter en kurs du deltagit i: en fråga om vad du tyckte."),
        title=lambda p: gettext("Vad tyckte du om %(module)s?") % {"module": p.get("module", "")},
        lines=lambda p: [
            gettext(
                "Kursen slutade %(day)s. Din utvärdering tar två minuter och gör kursen "
                "bättre för nästa grupp."
            )
            % {"day": p.get("last_day", "")}
        ],
        scan=scan_evaluation_requests,
        stale=stale_evaluations,
        programme=True,
        order=21,
    )
)


# -- supervision and mentoring -------------------------------------------------------


def scan_supervision_reminders(now) -> list[Candidate]:
    first, last = _coming_days(now)
    sessions = list(
        Session.objects.filter(
            status=Session.Status.PLANNED, starts_at__date__range=(first, last)
        ).only("pk", "kind", "starts_at", "place", "author_id")
    )
    if not sessions:
        return []
    attendees = defaultdict(list)
    for session_id, newcomer_id in SessionParticipant.objects.filter(
        session_id__in=[s.pk for s in sessions]
    ).values_list("session_id", "newcomer_id"):
        attendees[session_id].append(newcomer_id)
    found = []
    for session in sessions:
        local = timezone.localtime(session.starts_at)
        params = {
            "session": session.pk,
            "kind_label": str(session.get_kind_display()),
            "kind": session.kind,
            "when": local.isoformat(),
            "date": local.date().isoformat(),
            "time": local.strftime("%H:%M"),
            "place": session.place,
        }
        url = reverse("supervision:session_detail", args=[session.pk])
        for user_id in {session.author_id, *attendees[session.pk]}:
            found.append(
                Candidate(
                    key=f"supervision_reminder:{session.pk}:{user_id}:{params['date']}",
                    kind="supervision_reminder",
                    recipient_id=user_id,
                    params=params,
                    url=url,
                )
            )
    return found


def stale_sessions(notifications) -> dict[int, str]:
    wanted = {n.pk: (n.params.get("session"), n.params.get("when")) for n in notifications}
    alive = {
        (pk, timezone.localtime(at).isoformat())
        for pk, at in Session.objects.filter(
            pk__in=[s for s, _when in wanted.values()], status=Session.Status.PLANNED
        ).values_list("pk", "starts_at")
    }
    return {pk: SESSION_GONE for pk, ref in wanted.items() if ref not in alive}


def _session_kind_label(p) -> str:
    from lms.supervision.models import SessionKind

    try:
        return str(SessionKind(p.get("kind")).label)
    except ValueError:
        return p.get("kind_label", "")


register(
    Kind(
        code="supervision_reminder",
        label=_("Påminnelse före handledning eller mentorsamtal"),
        description=_("Arbetsdagen före ett planerat tillfälle du är med på."),
        title=lambda p: (
            gettext("Påminnelse: %(kind)s %(date)s kl. %(time)s")
            % {"kind": _session_kind_label(p), "date": p.get("date", ""), "time": p.get("time", "")}
        ),
        lines=lambda p: [
            gettext("%(date)s kl. %(time)s.")
            % {"date": p.get("date", ""), "time": p.get("time", "")},
            *([gettext("Plats: %(place)s") % {"place": p["place"]}] if p.get("place") else []),
        ],
        scan=scan_supervision_reminders,
        stale=stale_sessions,
        order=30,
    )
)


def nudge_weeks() -> int:
    return max(1, int(getattr(settings, "NOTIFICATIONS_MENTOR_NUDGE_WEEKS", 3)))


def scan_mentor_nudges(now) -> list[Candidate]:
    """A mentor who has logged no talk with a mentee for N weeks is reminded once per
    N-week stretch; a logged talk starts a new stretch (a new key)."""
    today = _today(now)
    weeks = nudge_weeks()
    pairings = _pairings_old_enough(today, weeks)
    if not pairings:
        return []
    newcomer_ids = {p.newcomer_id for p in pairings}
    last_talk = _last_mentor_talks(newcomer_ids)
    booked = _mentor_talks_booked(newcomer_ids, today)
    found = []
    for pairing in pairings:
        if (pairing.mentor_id, pairing.newcomer_id) in booked:
            continue
        talk = last_talk.get((pairing.mentor_id, pairing.newcomer_id))
        since = max(pairing.starts_on, timezone.localdate(talk)) if talk else pairing.starts_on
        stretch = (today - since).days // (7 * weeks)
        if stretch < 1:
            continue
        found.append(
            Candidate(
                key=f"mentor_nudge:{pairing.pk}:{since.isoformat()}:{stretch}",
                kind="mentor_nudge",
                recipient_id=pairing.mentor_id,
                params={
                    "pairing": pairing.pk,
                    "since": since.isoformat(),
                    "talked": bool(talk),
                    "weeks": (today - since).days // 7,
                    "newcomer": pairing.newcomer.get_full_name(),
                },
                url=reverse("mentoring:newcomer", args=[pairing.newcomer_id]),
            )
        )
    return found


def _pairings_old_enough(today: datetime.date, weeks: int) -> list[MentorPairing]:
    """Running pairings of active people that began at least N weeks ago."""
    return list(
        MentorPairing.objects.filter(
            ended_on__isnull=True,
            starts_on__lte=today - datetime.timedelta(weeks=weeks),
            mentor__is_active=True,
            newcomer__is_active=True,
        )
        .select_related("newcomer")
        .only(
            "pk",
            "starts_on",
            "mentor_id",
            "newcomer_id",
            "newcomer__first_name",
            "newcomer__last_name",
        )
    )


def _last_mentor_talks(newcomer_ids: set[int]) -> dict[tuple[int, int], datetime.datetime]:
    """When each (author, newcomer) last held a mentor talk."""
    return {
        (author, newcomer): at
        for author, newcomer, at in SessionParticipant.objects.filter(
            newcomer_id__in=newcomer_ids,
            session__kind__in=MENTOR_KINDS,
            session__status=Session.Status.HELD,
        )
        .values_list("session__author_id", "newcomer_id")
        .annotate(last=Max("session__starts_at"))
        .values_list("session__author_id", "newcomer_id", "last")
    }


def _mentor_talks_booked(newcomer_ids: set[int], today: datetime.date) -> set[tuple[int, int]]:
    """(author, newcomer) with a talk booked for today or later: as good as a logged one,
    so no nudge. Today's counts all day, so the afternoon's run does not nudge about
    this morning's talk."""
    start_of_today = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    return set(
        SessionParticipant.objects.filter(
            newcomer_id__in=newcomer_ids,
            session__kind__in=MENTOR_KINDS,
            session__status=Session.Status.PLANNED,
            session__starts_at__gte=start_of_today,
        ).values_list("session__author_id", "newcomer_id")
    )


def stale_pairings(notifications) -> dict[int, str]:
    wanted = {n.pk: (n.params.get("pairing"), n.params.get("since")) for n in notifications}
    pairings = {
        p.pk: p
        for p in MentorPairing.objects.filter(
            pk__in=[pairing for pairing, _since in wanted.values()], ended_on__isnull=True
        ).only("pk", "mentor_id", "newcomer_id")
    }
    talks = {
        (author, newcomer): timezone.localdate(at)
        for author, newcomer, at in SessionParticipant.objects.filter(
            newcomer_id__in={p.newcomer_id for p in pairings.values()},
            session__kind__in=MENTOR_KINDS,
            session__status=Session.Status.HELD,
        )
        .values_list("session__author_id", "newcomer_id")
        .annotate(last=Max("session__starts_at"))
        .values_list("session__author_id", "newcomer_id", "last")
    }
    stale = {}
    for pk, (pairing_id, since) in wanted.items():
        pairing = pairings.get(pairing_id)
        if pairing is None:
            stale[pk] = PAIRING_ENDED
            continue
        talk = talks.get((pairing.mentor_id, pairing.newcomer_id))
        if talk and since and talk.isoformat() > since:
            stale[pk] = TALK_LOGGED
    return stale


register(
    Kind(
        code="mentor_nudge",
        label=_("Påminnelse om mentorsamtal"),
        description=_("Till mentorn när inget samtal med en adept loggats på några veckor."),
        title=lambda p: (
            gettext("Dags för ett samtal med %(name)s?") % {"name": p.get("newcomer", "")}
        ),
        lines=lambda p: [
            (
                gettext("Ert senaste samtal loggades %(since)s, för %(weeks)s veckor sedan.")
                if p.get("talked")
                else gettext(
                    "Inget samtal har loggats sedan mentorskapet började %(since)s, "
                    "för %(weeks)s veckor sedan."
                )
            )
            % {"since": p.get("since", ""), "weeks": p.get("weeks", "")},
            gettext(
                "Ett kort samtal i veckan betyder mycket det första året. Har ni redan "
                "träffats? Logga samtalet så vet alla att det blivit av."
            ),
        ],
        scan=scan_mentor_nudges,
        stale=stale_pairings,
        order=31,
    )
)


# -- check-ins -----------------------------------------------------------------------


def scan_checkins(now) -> list[Candidate]:
    today = _today(now)
    plans = list(
        IntroductionPlan.objects.filter(
            status=IntroductionPlan.Status.ACTIVE,
            newcomer__is_active=True,
            start_date__lte=today,
        ).only("pk", "start_date", "newcomer_id")
    )
    answered = set(
        CheckIn.objects.filter(plan_id__in=[p.pk for p in plans]).values_list("plan_id", "point")
    )
    found = []
    for plan in plans:
        point = next((p for p in schedule(plan.start_date) if p.is_open(today)), None)
        if point is None or (plan.pk, point.months) in answered:
            continue
        found.append(
            Candidate(
                key=f"checkin_due:{plan.pk}:{point.months}",
                kind="checkin_due",
                recipient_id=plan.newcomer_id,
                params={
                    "plan": plan.pk,
                    "months": point.months,
                    "until": point.last_day.isoformat(),
                },
                url=reverse("checkins:answer"),
            )
        )
    return found


def stale_checkins(notifications) -> dict[int, str]:
    wanted = {n.pk: (n.params.get("plan"), n.params.get("months")) for n in notifications}
    answered = set(
        CheckIn.objects.filter(plan_id__in=[p for p, _m in wanted.values()]).values_list(
            "plan_id", "point"
        )
    )
    active = set(
        IntroductionPlan.objects.filter(
            pk__in=[p for p, _m in wanted.values()], status=IntroductionPlan.Status.ACTIVE
        ).values_list("pk", flat=True)
    )
    stale = {}
    for pk, (plan, months) in wanted.items():
        if plan not in active:
            stale[pk] = PLAN_CLOSED
        elif (plan, months) in answered:
            stale[pk] = CHECKIN_ANSWERED
    return stale


register(
    Kind(
        code="checkin_due",
        label=_("Avstämning att besvara"),
        description=_("När det är dags att svara på frågorna om din arbetssituation."),
        title=lambda p: (
            gettext("Dags för din avstämning %(when)s")
            % {"when": point_label(int(p.get("months", 0) or 0))}
        ),
        lines=lambda p: [
            gettext(
                "Fyra korta frågor om hur du har det på jobbet. Du kan svara till och med "
                "%(until)s, och du väljer själv om chefen får se svaren."
            )
            % {"until": p.get("until", "")}
        ],
        scan=scan_checkins,
        stale=stale_checkins,
        order=40,
    )
)
