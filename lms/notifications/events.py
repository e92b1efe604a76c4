"""Kinds that follow an event: a plan created, a sign-off asked for, a booking changed.

Plan events are found from the plan's own history (`PlanEvent`) every few minutes, so a
worker that was down finds them when it returns. Only the last LOOKBACK is read: older
events were found by earlier runs, and the scan stays small however long the history.
Booking changes are recorded by the signal receiver inside the booking's transaction:
the notice commits with the booking or not at all, and an outbox run is queued on commit.
"""

from __future__ import annotations

import datetime

from django.dispatch import receiver
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lms.feeds.ical import invitation_calendar, removed_days_calendar
from lms.plans.models import IntroductionPlan, PlanEvent, PlanItem
from lms.programme.models import Enrolment
from lms.programme.signals import BookingChange, booking_changed

from .kinds import Candidate, Kind, register
from .reminders import _managers_by_unit, place_lines
from .services import record

LOOKBACK = datetime.timedelta(days=2)

SIGNOFF_SETTLED = _("Punkten väntar inte längre på godkännande.")
BOOKING_SETTLED = _("Anmälan avbokades innan ändringen hann skickas.")


# -- plans -----------------------------------------------------------------------------


def scan_plan_created(now) -> list[Candidate]:
    events = PlanEvent.objects.filter(
        kind=PlanEvent.Kind.CREATED,
        at__gte=now - LOOKBACK,
        at__lte=now,
        plan__status=IntroductionPlan.Status.ACTIVE,
    ).select_related("plan__newcomer")
    found = []
    for event in events:
        plan = event.plan
        name = plan.newcomer.get_full_name()
        for user_id in dict.fromkeys(
            u for u in (plan.newcomer_id, plan.mentor_id, plan.supervisor_id) if u
        ):
            own = user_id == plan.newcomer_id
            found.append(
                Candidate(
                    key=f"plan_created:{plan.pk}:{user_id}",
                    kind="plan_created",
                    recipient_id=user_id,
                    params={
                        "plan": plan.pk,
                        "start": plan.start_date.isoformat(),
                        "newcomer": "" if own else name,
                    },
                    url=reverse("plans:plan_detail", args=[plan.pk]),
                )
            )
    return found


def _plan_created_title(p) -> str:
    if p.get("newcomer"):
        return gettext("Ny introduktionsplan för %(name)s") % {"name": p["newcomer"]}
    return gettext("Din introduktionsplan är klar")


register(
    Kind(
        code="plan_created",
        label=_("Ny introduktionsplan"),
        description=_(
            "När en plan skapas: till den nyanställda och planens mentor och handledare."
        ),
        title=_plan_created_title,
        lines=lambda p: [
            gettext("Första dagen är %(start)s. Planen visar vad som ska göras, när och av vem.")
            % {"start": p.get("start", "")}
        ],
        scan=scan_plan_created,
        cadence="often",
        order=5,
    )
)


def scan_signoff_requests(now) -> list[Candidate]:
    events = list(
        PlanEvent.objects.filter(
            kind=PlanEvent.Kind.SIGNOFF_REQUESTED,
            at__gte=now - LOOKBACK,
            at__lte=now,
            item__status=PlanItem.Status.SIGNOFF_REQUESTED,
            plan__status=IntroductionPlan.Status.ACTIVE,
        ).select_related("plan__newcomer", "item")
    )
    # Who may sign off (lms.plans.rules.signs_off): the unit's managers and the plan's
    # supervisor; never the person who asked.
    managers = _managers_by_unit(e.plan.unit_id for e in events)
    found = []
    for event in events:
        plan, item = event.plan, event.item
        for user_id in dict.fromkeys(
            [*managers.get(plan.unit_id, []), *([plan.supervisor_id] if plan.supervisor_id else [])]
        ):
            if user_id == event.actor_id:
                continue
            found.append(
                Candidate(
                    key=f"signoff_requested:{event.pk}:{user_id}",
                    kind="signoff_requested",
                    recipient_id=user_id,
                    params={
                        "item": item.pk,
                        "title": item.title,
                        "newcomer": plan.newcomer.get_full_name(),
                    },
                    url=reverse("plans:plan_detail", args=[plan.pk]) + f"#item-{item.pk}",
                )
            )
    return found


def stale_signoffs(notifications) -> dict[int, str]:
    ids = {n.pk: n.params.get("item") for n in notifications}
    waiting = set(
        PlanItem.objects.filter(
            pk__in=list(ids.values()),
            status=PlanItem.Status.SIGNOFF_REQUESTED,
            plan__status=IntroductionPlan.Status.ACTIVE,
        ).values_list("pk", flat=True)
    )
    return {pk: SIGNOFF_SETTLED for pk, item in ids.items() if item not in waiting}


register(
    Kind(
        code="signoff_requested",
        label=_("Godkännande begärt"),
        description=_("Till chef och handledare när en punkt i en plan väntar på godkännande."),
        title=lambda p: (
            gettext("Att godkänna: %(title)s (%(name)s)")
            % {"title": p.get("title", ""), "name": p.get("newcomer", "")}
        ),
        lines=lambda p: [
            gettext("%(name)s har gjort punkten och ber dig godkänna den.")
            % {"name": p.get("newcomer", "")}
        ],
        scan=scan_signoff_requests,
        stale=stale_signoffs,
        cadence="often",
        order=6,
    )
)


# -- bookings --------------------------------------------------------------------------

REQUEST = {BookingChange.ADMITTED, BookingChange.PROMOTED}
CANCEL = {BookingChange.CANCELLED, BookingChange.SESSION_CANCELLED}
ANNOUNCED = REQUEST | CANCEL | {BookingChange.WAITLISTED, BookingChange.SESSION_CHANGED}


@receiver(booking_changed, dispatch_uid="notifications-booking")
def booking_recorded(sender, enrolment, change, removed_days=(), **kwargs):
    if change not in ANNOUNCED:
        return
    from .tasks import send_soon

    session = enrolment.session
    record(
        [
            Candidate(
                # Each change bumps the booking's or the session's sequence: a real new
                # change is a new key, a repeated signal for the same one is not.
                key=(f"booking:{enrolment.pk}:{change}:{enrolment.sequence}:{session.sequence}"),
                kind="booking",
                recipient_id=enrolment.person_id,
                params={
                    "enrolment": enrolment.pk,
                    "change": change,
                    "module": session.module.title,
                    # The days as they are when the change commits (the notice is
                    # written in the same transaction), so no page reads them again.
                    "days": [
                        [
                            d.date.isoformat(),
                            date_filter(d.date, "W"),
                            d.start.strftime("%H:%M"),
                            d.end.strftime("%H:%M"),
                        ]
                        for d in session.days.order_by("date", "start")
                    ],
                    "place": session.place,
                    "online": session.online_url,
                    "removed": [list(day) for day in removed_days],
                },
                url=reverse("programme:courses"),
            )
        ]
    )
    send_soon()


def _enrolment(n) -> Enrolment | None:
    if not hasattr(n, "_enrolment"):
        n._enrolment = (
            Enrolment.objects.select_related("session__module", "person")
            .prefetch_related("session__days")
            .filter(pk=n.params.get("enrolment"))
            .first()
        )
    return n._enrolment


def _booking_method(n) -> str | None:
    change, enrolment = n.params.get("change"), _enrolment(n)
    if enrolment is None:
        return None
    if change in CANCEL:
        return "CANCEL"
    if change in REQUEST or (
        change == BookingChange.SESSION_CHANGED and enrolment.status == Enrolment.Status.ADMITTED
    ):
        return "REQUEST"
    return None


def _booking_attachments(n) -> list[tuple[str, bytes, str]]:
    method, enrolment = _booking_method(n), _enrolment(n)
    if method is None:
        return []
    files = [
        (
            "kurstillfalle.ics",
            invitation_calendar(enrolment, cancel=method == "CANCEL"),
            "application/ics",
        )
    ]
    removed = n.params.get("removed") or []
    if method == "REQUEST" and removed:
        # Days dropped from the session: their events must leave the calendar too.
        files.append(
            (
                "borttagna-dagar.ics",
                removed_days_calendar(enrolment, [tuple(d) for d in removed]),
                "application/ics",
            )
        )
    return files


def stale_bookings(notifications) -> dict[int, str]:
    changed = {
        n.pk: n.params.get("enrolment")
        for n in notifications
        if n.params.get("change") == BookingChange.SESSION_CHANGED
    }
    cancelled = set(
        Enrolment.objects.filter(
            pk__in=list(changed.values()), status=Enrolment.Status.CANCELLED
        ).values_list("pk", flat=True)
    )
    return {pk: BOOKING_SETTLED for pk, e in changed.items() if e in cancelled}


BOOKING_TITLES = {
    BookingChange.ADMITTED: _("Du har fått plats: %(title)s"),
    BookingChange.PROMOTED: _("Du har fått plats: %(title)s"),
    BookingChange.WAITLISTED: _("Du står på reservlistan: %(title)s"),
    BookingChange.SESSION_CHANGED: _("Ändrat: %(title)s"),
    BookingChange.SESSION_CANCELLED: _("Inställt: %(title)s"),
    BookingChange.CANCELLED: _("Avbokad: %(title)s"),
}
BOOKING_LEADS = {
    BookingChange.ADMITTED: _(
        "Du har fått plats på kurstillfället nedan. Kalenderinbjudan finns i det här meddelandet."
    ),
    BookingChange.PROMOTED: _(
        "En plats har blivit ledig och du har fått den. Kalenderinbjudan finns i det här "
        "meddelandet."
    ),
    BookingChange.WAITLISTED: _(
        "Kurstillfället är fullt och du står på reservlistan. Du får ett nytt meddelande om "
        "en plats blir ledig."
    ),
    BookingChange.SESSION_CHANGED: _("Kurstillfället nedan, som du är anmäld till, har ändrats."),
    BookingChange.SESSION_CANCELLED: _(
        "Kurstillfället nedan är inställt. Din chef eller utbildningssamordnaren hjälper dig "
        "att boka ett nytt."
    ),
    BookingChange.CANCELLED: _("Din anmälan till kurstillfället nedan är avbokad."),
}


def _booking_title(p) -> str:
    title = BOOKING_TITLES.get(p.get("change"), BOOKING_TITLES[BookingChange.CANCELLED])
    return str(title) % {"title": p.get("module", "")}


def _booking_lines(p) -> list[str]:
    lines = [str(BOOKING_LEADS.get(p.get("change"), ""))]
    for day in p.get("days", []):
        lines.append(
            gettext("%(date)s (v. %(week)s) kl. %(start)s–%(end)s")
            % {"date": day[0], "week": day[1], "start": day[2], "end": day[3]}
        )
    return lines + place_lines(p)


register(
    Kind(
        code="booking",
        label=_("Bokningar av kurstillfällen"),
        description=_(
            "När du får plats, står på reservlistan, blir avbokad eller när ett kurstillfälle "
            "ändras eller ställs in, med kalenderinbjudan."
        ),
        title=_booking_title,
        lines=_booking_lines,
        stale=stale_bookings,
        attachments=_booking_attachments,
        calendar_method=_booking_method,
        programme=True,
        order=15,
    )
)
