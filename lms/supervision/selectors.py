"""Reads for the session log, already filtered for the viewer (twins of rules.py).

Three layers, read in that order and only as far as the viewer may go:
1. that a session happened (kind, status, time, length, place, who held it, who was
   there): `session_list`, for the author, the newcomers in it and the managers of
   their units. Its rows never hold the private note or the shared summary (both are
   deferred), so no list, panel or feed can show them by mistake;
2. what was shared: the summary (the author and every newcomer in the session), and
   what belongs to one newcomer, their follow-ups, reflection and plan items discussed
   (the author and that newcomer: another newcomer of a group does not read them);
3. the private note: read in its own query, for the author's own session page and
   edit form only (`session_contents(..., with_note=True)`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import rules
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from lms.accounts.models import User
from lms.plans.models import IntroductionPlan, PlanItem

from .models import (
    MENTOR_KINDS,
    SUPERVISOR_KINDS,
    FollowUp,
    Session,
    SessionKind,
    SessionParticipant,
)

#: Never loaded with a session row: each is read on purpose, for those who may see it.
CONTENT_FIELDS = ("private_note", "shared_summary")


# -- who the author may log a session with -----------------------------------------------


def followed_plans(*, viewer: User) -> QuerySet[IntroductionPlan]:
    """Active plans whose newcomer the viewer follows: as the plan's mentor or supervisor,
    or as manager of its unit. The one scope for logging sessions and for the dashboards
    (twin of supervision.follow_newcomer)."""
    if not viewer.is_authenticated:
        return IntroductionPlan.objects.none()
    scope = Q(mentor=viewer) | Q(supervisor=viewer)
    if viewer.managed_unit_ids:
        scope |= Q(unit_id__in=viewer.managed_unit_ids)
    return (
        IntroductionPlan.objects.filter(status=IntroductionPlan.Status.ACTIVE)
        .filter(scope)
        .select_related("newcomer", "unit__administration__municipality")
    )


def loggable_plans(*, author: User) -> QuerySet[IntroductionPlan]:
    """Active plans whose newcomer the author may log a session with: those they follow,
    never their own."""
    return (
        followed_plans(viewer=author)
        .exclude(newcomer=author)
        .order_by("newcomer__first_name", "newcomer__last_name", "pk")
    )


def kinds_for(*, plan: IntroductionPlan, author: User) -> set[str]:
    """The kinds the author may log with this plan's newcomer: the mentor's kinds as the
    plan's mentor, the supervisor's as its supervisor or the manager of its unit."""
    kinds: set[str] = set()
    if plan.mentor_id == author.pk:
        kinds.update(MENTOR_KINDS)
    if plan.supervisor_id == author.pk or plan.unit_id in author.managed_unit_ids:
        kinds.update(SUPERVISOR_KINDS)
    return kinds


def default_kind(kinds: set[str]) -> str:
    """What the quick form proposes: a supervisor's 1:1, a mentor's talk."""
    for kind in (SessionKind.ONE_TO_ONE, SessionKind.MENTOR_TALK):
        if kind in kinds:
            return kind
    return next(iter(sorted(kinds)), SessionKind.ONE_TO_ONE)


def topic_choices(*, plans) -> QuerySet[PlanItem]:
    """The items of these plans a session may be about (not removed)."""
    return (
        PlanItem.objects.filter(plan__in=plans, removed_at__isnull=True)
        .select_related("plan__newcomer")
        .order_by("plan__newcomer__first_name", "plan_id", "due_date", "position", "pk")
    )


# -- the first layer -----------------------------------------------------------------------


def session_list(*, viewer: User) -> QuerySet[Session]:
    """Sessions the viewer may know of (twin of supervision.know_of_session): written by
    them, with them in it, or with a newcomer of a unit they manage. Administrators and
    HR get none here: they are not in the rule. Private note and summary are deferred."""
    if not getattr(viewer, "is_authenticated", False):
        return Session.objects.none()
    mine = SessionParticipant.objects.filter(newcomer=viewer).values("session_id")
    scope = Q(author=viewer) | Q(pk__in=mine)
    if viewer.managed_unit_ids:
        managed = SessionParticipant.objects.filter(
            plan__unit_id__in=viewer.managed_unit_ids
        ).values("session_id")
        scope |= Q(pk__in=managed)
    return Session.objects.filter(scope).defer(*CONTENT_FIELDS).select_related("author")


def with_participants(sessions: QuerySet[Session]) -> QuerySet[Session]:
    """The participants (with their newcomer and plan's unit) in one more query. The
    reflection stays behind: it is read for those who may see it."""
    return sessions.prefetch_related(
        Prefetch(
            "attendees",
            queryset=SessionParticipant.objects.select_related("newcomer", "plan")
            .defer("reflection")
            .order_by("newcomer__first_name", "newcomer__last_name", "pk"),
        )
    )


def _prepare(session: Session, viewer: User) -> Session:
    """What the rules need, from the prefetched participants (no query per session),
    and the viewer's relation to the session."""
    attendees = list(session.attendees.all())
    session.participant_ids = {a.newcomer_id for a in attendees}
    session.participant_unit_ids = {a.plan.unit_id for a in attendees if a.plan_id}
    if session.author_id == viewer.pk:
        session.relation = "author"
        session.shown_attendees, session.hidden_count = attendees, 0
    elif viewer.pk in session.participant_ids:
        session.relation = "participant"
        session.shown_attendees, session.hidden_count = attendees, 0
    else:
        # A manager sees the newcomers of their own units, and how many others.
        units = viewer.managed_unit_ids
        session.relation = "manager"
        session.shown_attendees = [a for a in attendees if a.plan_id and a.plan.unit_id in units]
        session.hidden_count = len(attendees) - len(session.shown_attendees)
    return session


def session_get(*, viewer: User, pk: int) -> Session:
    """The session (first layer) if the viewer may know of it, else 404."""
    session = with_participants(session_list(viewer=viewer)).filter(pk=pk).first()
    if session is None:
        raise Http404
    return _prepare(session, viewer)


def session_page(
    *, viewer: User, newcomer: User | int | None = None, page: int = 1, per_page: int = 25
):
    """One page of the viewer's session log (first layer), newest first: three queries
    (count, rows, participants). `newcomer` (a person or their pk) narrows it to
    sessions with that person."""
    from django.core.paginator import Paginator

    qs = session_list(viewer=viewer)
    if newcomer is not None:
        qs = qs.filter(
            pk__in=SessionParticipant.objects.filter(newcomer=newcomer).values("session_id")
        )
    paginator = Paginator(with_participants(qs.order_by("-starts_at", "-pk")), per_page)
    result = paginator.get_page(page)
    result.object_list = [_prepare(s, viewer) for s in result.object_list]
    return result


# -- the shared layer and the note ---------------------------------------------------------


@dataclass
class SessionView:
    """Everything the session page shows to one viewer. `summary`, `follow_ups`,
    `reflections` and `topics` are None when the viewer may not read them; `note` is
    set only for the author, on their own page or form."""

    session: Session
    layer: str  # "fact", "shared" or "author"
    summary: str | None = None
    note: str | None = None
    follow_ups: list[FollowUp] | None = None
    topics: list[PlanItem] | None = None
    own: SessionParticipant | None = None  # the viewer's own participation
    reflections: list[SessionParticipant] = field(default_factory=list)

    @property
    def is_author(self) -> bool:
        return self.layer == "author"


def session_contents(*, session: Session, viewer: User, with_note: bool = False) -> SessionView:
    """The layers of a session (from `session_get`) the viewer may read, each read only
    after the rule says yes: four more queries at most (contents, follow-ups, topics,
    reflections)."""
    if not rules.has_perm("supervision.view_session_summary", viewer, session):
        return SessionView(session=session, layer="fact")
    is_author = rules.has_perm("supervision.view_private_note", viewer, session)
    fields = ["shared_summary"] + (["private_note"] if is_author and with_note else [])
    contents = Session.objects.filter(pk=session.pk).values(*fields).get()
    # What belongs to one newcomer goes to the author and that newcomer only.
    mine = Q() if is_author else Q(newcomer=viewer)
    follow_ups = list(
        FollowUp.objects.filter(mine, session=session)
        .select_related("newcomer", "plan_item__plan")
        .order_by("newcomer__first_name", "due_date", "pk")
    )
    plans = [a.plan_id for a in session.attendees.all() if is_author or a.newcomer_id == viewer.pk]
    topics = list(
        session.topics.filter(plan_id__in=plans)
        .select_related("plan")
        .order_by("plan_id", "due_date", "pk")
    )
    reflections = list(
        SessionParticipant.objects.filter(mine, session=session)
        .select_related("newcomer")
        .order_by("newcomer__first_name", "pk")
    )
    own = next((r for r in reflections if r.newcomer_id == viewer.pk), None)
    return SessionView(
        session=session,
        layer="author" if is_author else "shared",
        summary=contents["shared_summary"],
        note=contents.get("private_note"),
        follow_ups=follow_ups,
        topics=topics,
        own=own,
        reflections=[r for r in reflections if r.reflection],
    )


def follow_up_get(*, viewer: User, pk: int) -> FollowUp:
    """A follow-up the viewer may read (the session's author or the newcomer it was
    agreed with), else 404."""
    follow_up = (
        FollowUp.objects.filter(Q(session__author=viewer) | Q(newcomer=viewer))
        .select_related("session", "newcomer", "plan_item")
        .defer(*(f"session__{name}" for name in CONTENT_FIELDS))
        .filter(pk=pk)
        .first()
    )
    if follow_up is None:
        raise Http404
    return follow_up


# -- the plan page --------------------------------------------------------------------------

#: How many sessions the plan panel shows in full; the session log has the rest.
PANEL_SESSIONS = 5


@dataclass
class PlanSessions:
    relation: str  # "newcomer", "helper" or "manager"
    held: list[Session]
    planned: list[Session]
    open_follow_ups: list[FollowUp]
    total: int
    can_log: bool


def plan_sessions(
    *, plan: IntroductionPlan, viewer: User, now: datetime.datetime | None = None
) -> PlanSessions | None:
    """The sessions of a plan's newcomer that the viewer may know of, for the plan page:
    to the newcomer those they were in, with the summary, their follow-ups and their
    reflection; to a mentor or supervisor their own sessions with the newcomer, with
    the same; to a manager of the plan's unit dates and kinds only. Never the private
    note. Five queries at most, whatever the number of sessions; None for anyone else."""
    now = now or timezone.now()
    relation = _relation_to_plan(plan, viewer)
    if relation is None:
        return None
    counted = SessionParticipant.objects.filter(plan=plan, newcomer_id=plan.newcomer_id)
    qs = session_list(viewer=viewer).filter(pk__in=counted.values("session_id"))
    if relation == "helper":
        qs = qs.filter(author=viewer)
    rows = list(
        qs.exclude(status=Session.Status.CANCELLED).defer("place").order_by("-starts_at", "-pk")
    )
    planned = sorted(
        (s for s in rows if s.status == Session.Status.PLANNED and s.starts_at >= now),
        key=lambda s: s.starts_at,
    )[:3]
    held = [s for s in rows if s.status == Session.Status.HELD][:PANEL_SESSIONS]
    result = PlanSessions(
        relation=relation,
        held=held,
        planned=planned,
        open_follow_ups=[],
        total=sum(1 for s in rows if s.status == Session.Status.HELD),
        can_log=relation != "newcomer"
        and bool(
            kinds_for(plan=plan, author=viewer) and plan.status == IntroductionPlan.Status.ACTIVE
        ),
    )
    if relation == "manager" or not rows:
        return result
    follow_ups = _follow_ups_shown(plan, rows)
    _add_shared_layer(plan, held, counted, follow_ups)
    result.open_follow_ups = [f for f in follow_ups if not f.done_at]
    return result


def _relation_to_plan(plan: IntroductionPlan, viewer: User) -> str | None:
    if plan.newcomer_id == viewer.pk:
        return "newcomer"
    if viewer.pk in (plan.mentor_id, plan.supervisor_id):
        return "helper"
    if plan.unit_id in viewer.managed_unit_ids:
        return "manager"
    return None


def _follow_ups_shown(plan: IntroductionPlan, rows: list[Session]) -> list[FollowUp]:
    """The newcomer's follow-ups in these sessions, each marked whether it is overdue."""
    follow_ups = list(
        FollowUp.objects.filter(session__in=[s.pk for s in rows], newcomer_id=plan.newcomer_id)
        .select_related("plan_item")
        .order_by("due_date", "pk")
    )
    today = timezone.localdate()
    for follow_up in follow_ups:
        follow_up.is_overdue = bool(
            follow_up.due_date and follow_up.due_date < today and not follow_up.done_at
        )
    return follow_ups


def _add_shared_layer(
    plan: IntroductionPlan,
    held: list[Session],
    counted: QuerySet[SessionParticipant],
    follow_ups: list[FollowUp],
) -> None:
    """What the newcomer and each session's author share: summary, reflection, follow-ups
    and the plan's items talked about."""
    ids = [s.pk for s in held]
    summaries = dict(Session.objects.filter(pk__in=ids).values_list("pk", "shared_summary"))
    reflections = dict(counted.filter(session_id__in=ids).values_list("session_id", "reflection"))
    topics: dict[int, list[PlanItem]] = {}
    for link in Session.topics.through.objects.filter(
        session_id__in=ids, planitem__plan=plan
    ).select_related("planitem"):
        topics.setdefault(link.session_id, []).append(link.planitem)
    for session in held:
        session.summary = summaries.get(session.pk, "")
        session.reflection = reflections.get(session.pk, "")
        session.panel_follow_ups = [f for f in follow_ups if f.session_id == session.pk]
        session.panel_topics = topics.get(session.pk, [])
