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

from lms.accounts.models import Role, RoleAssignment
from lms.certificates.models import Certificate, Scope
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
REQUEST_SETTLED = _("Önskemålet var redan besvarat eller återtaget.")


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


# -- certificates ------------------------------------------------------------------------

CERTIFICATE_SETTLED = _("Intyget är återkallat eller stämmer igen.")


def scan_certificate_reviews(now) -> list[Candidate]:
    """Certificates a corrected attendance has put in doubt, to every coordinator: they
    decide whether to revoke (certificates.revoke_certificate)."""
    flagged = list(
        Certificate.objects.filter(
            review_since__gte=now - LOOKBACK, review_since__lte=now, revoked_at__isnull=True
        ).select_related("person")
    )
    if not flagged:
        return []
    coordinators = dict.fromkeys(
        RoleAssignment.objects.filter(role=Role.COORDINATOR, user__is_active=True).values_list(
            "user_id", flat=True
        )
    )
    return [
        Candidate(
            # A certificate flagged again after it was cleared is a new key.
            key=f"certificate_review:{c.pk}:{c.review_since.timestamp():.0f}:{user_id}",
            kind="certificate_review",
            recipient_id=user_id,
            params={
                "certificate": c.pk,
                "name": c.person.get_full_name() or str(c.person),
                "scope": c.scope,
                "missing": c.review_missing,
            },
            url=reverse("certificates:person", args=[c.person_id]),
        )
        for c in flagged
        for user_id in coordinators
    ]


def stale_certificate_reviews(notifications) -> dict[int, str]:
    ids = {n.pk: n.params.get("certificate") for n in notifications}
    still = set(
        Certificate.objects.filter(
            pk__in=list(ids.values()), review_since__isnull=False, revoked_at__isnull=True
        ).values_list("pk", flat=True)
    )
    return {pk: CERTIFICATE_SETTLED for pk, c in ids.items() if c not in still}


def _certificate_review_title(p) -> str:
    scope = str(Scope(p["scope"]).label).lower() if p.get("scope") in Scope.values else ""
    return gettext("Granska intyget för %(name)s (%(scope)s)") % {
        "name": p.get("name", ""),
        "scope": scope,
    }


register(
    Kind(
        code="certificate_review",
        label=_("Intyg att granska"),
        description=_(
            "Till utbildningssamordnare när en rättad närvaro gör att ett utfärdat intyg "
            "inte längre stämmer."
        ),
        title=_certificate_review_title,
        lines=lambda p: [
            gettext(
                "Närvaron har rättats och det här är inte längre genomfört: %(missing)s. "
                "Återkalla intyget om det inte längre stämmer."
            )
            % {"missing": p.get("missing", "")}
        ],
        scan=scan_certificate_reviews,
        stale=stale_certificate_reviews,
        cadence="often",
        programme=True,
        order=16,
    )
)


# -- bookings --------------------------------------------------------------------------

REQUEST = {BookingChange.ADMITTED, BookingChange.PROMOTED}
CANCEL = {BookingChange.CANCELLED, BookingChange.SESSION_CANCELLED}
ANNOUNCED = (
    REQUEST
    | CANCEL
    | {BookingChange.WAITLISTED, BookingChange.SESSION_CHANGED, BookingChange.DECLINED}
)


def _days(session) -> list[list[str]]:
    # The days as they are when the change commits (the notice is written in the same
    # transaction), so no page reads them again.
    return [
        [
            d.date.isoformat(),
            date_filter(d.date, "W"),
            d.start.strftime("%H:%M"),
            d.end.strftime("%H:%M"),
        ]
        for d in session.days.order_by("date", "start")
    ]


@receiver(booking_changed, dispatch_uid="notifications-booking")
def booking_recorded(sender, enrolment, change, removed_days=(), reason="", **kwargs):
    if change == BookingChange.REQUESTED:
        _request_recorded(enrolment)
        return
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
                    "days": _days(session),
                    "place": session.place,
                    "online": session.online_url,
                    "removed": [list(day) for day in removed_days],
                    "reason": reason,
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
    BookingChange.DECLINED: _("Inte godkänd: %(title)s"),
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
    BookingChange.DECLINED: _(
        "Din chef har inte godkänt din intresseanmälan till kurstillfället nedan. Prata med "
        "din chef om ett annat tillfälle."
    ),
}


def _booking_title(p) -> str:
    title = BOOKING_TITLES.get(p.get("change"), BOOKING_TITLES[BookingChange.CANCELLED])
    return str(title) % {"title": p.get("module", "")}


def _day_lines(p) -> list[str]:
    return [
        gettext("%(date)s (v. %(week)s) kl. %(start)s–%(end)s")
        % {"date": day[0], "week": day[1], "start": day[2], "end": day[3]}
        for day in p.get("days", [])
    ]


def _booking_lines(p) -> list[str]:
    lines = [str(BOOKING_LEADS.get(p.get("change"), ""))]
    if p.get("reason"):
        lines.append(gettext("Motivering: %(reason)s") % {"reason": p["reason"]})
    return lines + _day_lines(p) + place_lines(p)


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


# -- a newcomer's request, to the managers who decide it ------------------------------


def _request_recorded(enrolment: Enrolment) -> None:
    from lms.programme.services import early_for, late_for

    from .tasks import send_soon

    person, session = enrolment.person, enrolment.session
    managers = _managers_by_unit([person.unit_id]).get(person.unit_id, []) if person.unit_id else []
    early, late = (
        early_for(person=person, session=session),
        late_for(person=person, session=session),
    )
    params = {
        "enrolment": enrolment.pk,
        "person": person.get_full_name(),
        "module": session.module.title,
        "days": _days(session),
        "place": session.place,
        "online": session.online_url,
        "starts_work": early.isoformat() if early else "",
        "deadline": late.isoformat() if late else "",
    }
    record(
        Candidate(
            key=f"booking_request:{enrolment.pk}:{enrolment.sequence}:{manager_id}",
            kind="booking_request",
            recipient_id=manager_id,
            params=params,
            url=reverse("core:start"),
        )
        for manager_id in managers
    )
    send_soon()


def stale_requests(notifications) -> dict[int, str]:
    wanted = {n.pk: n.params.get("enrolment") for n in notifications}
    open_ = set(
        Enrolment.objects.filter(
            pk__in=list(wanted.values()), status=Enrolment.Status.REQUESTED
        ).values_list("pk", flat=True)
    )
    return {pk: REQUEST_SETTLED for pk, e in wanted.items() if e not in open_}


def _request_lines(p) -> list[str]:
    lines = [
        gettext(
            "%(name)s vill gå kurstillfället nedan. Godkänn eller avslå önskemålet på din "
            "startsida."
        )
        % {"name": p.get("person", "")}
    ]
    if p.get("starts_work"):
        lines.append(
            gettext("Obs: kurstillfället börjar innan %(name)s börjar arbeta (%(start)s).")
            % {"name": p.get("person", ""), "start": p["starts_work"]}
        )
    if p.get("deadline"):
        lines.append(
            gettext("Obs: kurstillfället slutar efter fristen för delen (%(deadline)s).")
            % {"deadline": p["deadline"]}
        )
    return lines + _day_lines(p) + place_lines(p)


register(
    Kind(
        code="booking_request",
        label=_("Önskemål om kursplats"),
        description=_(
            "När en nyanställd i din enhet vill gå ett kurstillfälle och väntar på ditt svar."
        ),
        title=lambda p: (
            gettext("%(name)s vill gå %(title)s")
            % {"name": p.get("person", ""), "title": p.get("module", "")}
        ),
        lines=_request_lines,
        stale=stale_requests,
        programme=True,
        order=16,
    )
)
