"""The weekly digests: for managers, their units' overdue items, flags and the course
requests waiting for their answer; for course
coordinators, fill rates, waiting lists and booking deadlines.

Found by the morning scan on any weekday under a key per ISO week, so Monday's first run
sends them and a missed Monday is caught up on Tuesday. The content is computed once for
everybody (a fixed number of queries however many managers and units) and kept in the
notice's params, so the e-mail shows the week as it was when it was found.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from lms.accounts.models import Role, RoleAssignment
from lms.plans.models import IntroductionPlan, PlanItem
from lms.plans.selectors import add_flags, late_item_counts
from lms.programme.models import CourseSession, Enrolment
from lms.programme.selectors import count_enrolments

from .kinds import Candidate, Kind, register

#: Rows listed in one digest; the page behind the link has the rest.
MAX_ROWS = 15
COURSE_WEEKS = 6
DEADLINE_DAYS = 14


def _week(now) -> str:
    year, week, _day = timezone.localdate(now).isocalendar()
    return f"{year}-W{week:02d}"


def _people_with_role(role: str) -> dict[int, set[int]]:
    """person → units (empty for roles not tied to a unit), active people only."""
    people: dict[int, set[int]] = defaultdict(set)
    for user_id, unit_id in RoleAssignment.objects.filter(
        role=role, user__is_active=True
    ).values_list("user_id", "unit_id"):
        people[user_id]
        if unit_id:
            people[user_id].add(unit_id)
    return people


def _open_requests_by_unit(units: set[int], today: datetime.date) -> dict[int, list[dict]]:
    rows = defaultdict(list)
    for enrolment in (
        Enrolment.objects.filter(
            status=Enrolment.Status.REQUESTED,
            person__unit_id__in=units,
            session__first_day_cache__gte=today,
        )
        .select_related("person", "session__module")
        .order_by("session__first_day_cache", "queued_at", "pk")
    ):
        rows[enrolment.person.unit_id].append(
            {
                "newcomer": enrolment.person.get_full_name(),
                "module": enrolment.session.module.title,
                "first_day": enrolment.session.first_day_cache.isoformat(),
            }
        )
    return rows


def scan_manager_digest(now) -> list[Candidate]:
    today = timezone.localdate(now)
    managers = _people_with_role(Role.MANAGER)
    units = set().union(*managers.values()) if managers else set()
    if not units:
        return []
    plans = list(
        IntroductionPlan.objects.filter(status=IntroductionPlan.Status.ACTIVE, unit_id__in=units)
        .select_related("newcomer")
        .annotate(**late_item_counts(today))
        .order_by("start_date", "pk")
    )
    add_flags(plans, today)
    overdue_items = _overdue_items_by_plan(plans, today)
    by_unit = defaultdict(list)
    for plan in plans:
        by_unit[plan.unit_id].append(plan)
    requests_by_unit = _open_requests_by_unit(units, today)
    week = _week(now)
    found = []
    for manager_id, unit_ids in managers.items():
        mine = [p for u in sorted(unit_ids) for p in by_unit.get(u, [])]
        requests = [r for u in sorted(unit_ids) for r in requests_by_unit.get(u, [])]
        if not mine and not requests:
            continue  # a manager with no running plans has nothing to follow up
        items = _overdue_rows(mine, overdue_items)
        flagged = _flagged_rows(mine)
        found.append(
            Candidate(
                key=f"weekly_manager:{manager_id}:{week}",
                kind="weekly_manager",
                recipient_id=manager_id,
                params={
                    "week": week,
                    "plans": len(mine),
                    "overdue": len(items),
                    "items": items[:MAX_ROWS],
                    "flagged": flagged[:MAX_ROWS],
                    "flagged_total": len(flagged),
                    "requests": requests[:MAX_ROWS],
                    "requests_total": len(requests),
                },
                url=reverse("plans:plan_list"),
                in_inbox=False,
            )
        )
    return found


def _overdue_items_by_plan(plans: list[IntroductionPlan], today) -> dict[int, list[PlanItem]]:
    overdue_items = defaultdict(list)
    for item in (
        PlanItem.objects.filter(
            plan__in=[p.pk for p in plans if p.overdue],
            removed_at__isnull=True,
            due_date__lt=today,
        )
        .exclude(status=PlanItem.Status.DONE)
        .only("pk", "title", "due_date", "plan_id")
        .order_by("due_date", "pk")
    ):
        overdue_items[item.plan_id].append(item)
    return overdue_items


def _overdue_rows(plans: list[IntroductionPlan], overdue_items: dict) -> list[dict]:
    """The digest's late items across the manager's plans, earliest due first."""
    items = [
        {
            "title": item.title,
            "newcomer": plan.newcomer.get_full_name(),
            "due": item.due_date.isoformat(),
            "url": reverse("plans:plan_detail", args=[plan.pk]) + f"#item-{item.pk}",
        }
        for plan in plans
        for item in overdue_items.get(plan.pk, [])
    ]
    items.sort(key=lambda row: row["due"])
    return items


def _flagged_rows(plans: list[IntroductionPlan]) -> list[dict]:
    return [
        {
            "newcomer": plan.newcomer.get_full_name(),
            # Found in Swedish (scans run in the default language), so each flag is its
            # own msgid and reads in the manager's language when shown.
            "flags": [str(f) for f in plan.flags],
            "url": reverse("plans:plan_detail", args=[plan.pk]),
        }
        for plan in plans
        if plan.flags
    ]


def _manager_lines(p) -> list[str]:
    lines = [
        ngettext(
            "%(n)s pågående introduktionsplan i dina enheter.",
            "%(n)s pågående introduktionsplaner i dina enheter.",
            p.get("plans", 0),
        )
        % {"n": p.get("plans", 0)},
        ngettext("%(n)s försenad punkt.", "%(n)s försenade punkter.", p.get("overdue", 0))
        % {"n": p.get("overdue", 0)},
    ]
    if p.get("requests_total"):
        lines.append(
            ngettext(
                "%(n)s önskemål om kursplats väntar på ditt svar.",
                "%(n)s önskemål om kursplats väntar på ditt svar.",
                p["requests_total"],
            )
            % {"n": p["requests_total"]}
        )
    if not p.get("overdue") and not p.get("flagged_total"):
        lines.append(gettext("Inget är försenat och ingen plan är flaggad. Bra jobbat!"))
    hidden = p.get("overdue", 0) - len(p.get("items", []))
    if hidden > 0:
        lines.append(
            gettext("Listan visar de %(n)s äldsta; resten finns i planerna.") % {"n": MAX_ROWS}
        )
    return lines


def _manager_items(p) -> list[dict]:
    rows = [
        {
            "title": gettext("Försenad: %(title)s (%(name)s)")
            % {"title": row["title"], "name": row["newcomer"]},
            "detail": gettext("Skulle ha varit klar %(due)s.") % {"due": row["due"]},
            "url": row["url"],
        }
        for row in p.get("items", [])
    ]
    rows += [
        {
            "title": gettext("Att se till: %(name)s") % {"name": row["newcomer"]},
            "detail": ", ".join(gettext(flag) for flag in row["flags"]),
            "url": row["url"],
        }
        for row in p.get("flagged", [])
    ]
    rows += [
        {
            "title": gettext("Önskar kursplats: %(name)s, %(module)s")
            % {"name": row["newcomer"], "module": row["module"]},
            "detail": gettext("Börjar %(date)s. Svara på din startsida.")
            % {"date": row["first_day"]},
            "url": reverse("core:start"),
        }
        for row in p.get("requests", [])
    ]
    return rows


register(
    Kind(
        code="weekly_manager",
        label=_("Veckobrev till chefer"),
        description=_(
            "Varje måndag: försenade punkter och flaggor i dina enheters planer, och "
            "önskemål om kursplats som väntar på ditt svar."
        ),
        title=lambda p: (
            gettext("Veckans introduktioner, vecka %(week)s")
            % {"week": p.get("week", "").split("W")[-1]}
        ),
        lines=_manager_lines,
        items=_manager_items,
        scan=scan_manager_digest,
        order=50,
    )
)


def scan_coordinator_digest(now) -> list[Candidate]:
    coordinators = _people_with_role(Role.COORDINATOR)
    if not coordinators:
        return []
    today = timezone.localdate(now)
    sessions = list(
        CourseSession.objects.filter(status=CourseSession.Status.PUBLISHED)
        .annotate(
            first_day=Min("days__date"),
            admitted=count_enrolments(Enrolment.Status.ADMITTED),
            waiting=count_enrolments(Enrolment.Status.WAITLISTED),
        )
        .filter(first_day__gte=today, first_day__lt=today + datetime.timedelta(weeks=COURSE_WEEKS))
        .select_related("module")
        .order_by("first_day", "pk")
    )
    rows = [
        {
            "module": s.module.title,
            "first_day": s.first_day.isoformat(),
            "admitted": s.admitted,
            "capacity": s.capacity,
            "waiting": s.waiting,
            "deadline": s.booking_deadline.isoformat()
            if s.booking_deadline
            and today <= s.booking_deadline <= today + datetime.timedelta(days=DEADLINE_DAYS)
            else "",
            "url": reverse("programme:session_detail", args=[s.pk]),
        }
        for s in sessions
    ]
    params = {
        "week": _week(now),
        "sessions": len(rows),
        "waiting": sum(r["waiting"] for r in rows),
        "deadlines": sum(1 for r in rows if r["deadline"]),
        "rows": rows[: MAX_ROWS * 2],
    }
    return [
        Candidate(
            key=f"weekly_coordinator:{user_id}:{params['week']}",
            kind="weekly_coordinator",
            recipient_id=user_id,
            params=params,
            url=reverse("programme:session_list"),
            in_inbox=False,
        )
        for user_id in coordinators
    ]


def _coordinator_lines(p) -> list[str]:
    return [
        ngettext(
            "%(n)s kurstillfälle de närmaste %(weeks)s veckorna.",
            "%(n)s kurstillfällen de närmaste %(weeks)s veckorna.",
            p.get("sessions", 0),
        )
        % {"n": p.get("sessions", 0), "weeks": COURSE_WEEKS},
        ngettext(
            "%(n)s person på reservlistor.", "%(n)s personer på reservlistor.", p.get("waiting", 0)
        )
        % {"n": p.get("waiting", 0)},
        ngettext(
            "%(n)s sista anmälningsdag inom två veckor.",
            "%(n)s sista anmälningsdagar inom två veckor.",
            p.get("deadlines", 0),
        )
        % {"n": p.get("deadlines", 0)},
    ]


def _coordinator_items(p) -> list[dict]:
    rows = []
    for row in p.get("rows", []):
        detail = gettext("%(admitted)s av %(capacity)s platser, %(waiting)s på reservlistan") % row
        if row.get("deadline"):
            detail += ". " + gettext("Sista anmälningsdag %(day)s") % {"day": row["deadline"]}
        rows.append(
            {
                "title": gettext("%(day)s: %(module)s")
                % {"day": row["first_day"], "module": row["module"]},
                "detail": detail,
                "url": row["url"],
            }
        )
    return rows


register(
    Kind(
        code="weekly_coordinator",
        label=_("Veckobrev till utbildningssamordnare"),
        description=_("Varje måndag: beläggning, reservlistor och sista anmälningsdagar."),
        title=lambda p: (
            gettext("Kurstillfällena, vecka %(week)s") % {"week": p.get("week", "").split("W")[-1]}
        ),
        lines=_coordinator_lines,
        items=_coordinator_items,
        scan=scan_coordinator_digest,
        programme=True,
        order=51,
    )
)
