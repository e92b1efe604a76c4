"""Reads for calendar feeds: who owns a token, which sessions and plan items a feed
shows, and a cheap fingerprint of each feed so an unchanged feed is never rebuilt.

A fingerprint is one aggregate query (three for the personal feed: bookings, plan
items and supervision sessions). It changes whenever a session in the feed is saved
(services bump `updated_at` and SEQUENCE), a session joins or leaves the feed, or a day
is added or removed; for the personal feed also when a booking changes, when a plan
item in it is changed, added, done, removed or moved, or a plan's mentor, supervisor or
status changes, and when a supervision session the person holds or takes part in is
logged, changed, cancelled or held.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from django.db.models import Count, Max, Prefetch, Q, QuerySet, Sum

from lms.accounts.models import User
from lms.core.caching import cached_value
from lms.plans.models import IntroductionPlan, PlanItem, Responsible
from lms.programme.models import CourseSession, Enrolment, Module
from lms.supervision.models import Session, SessionParticipant

from .models import FeedToken
from .services import hash_token

#: Sessions that calendars show. Drafts never; cancelled ones stay, marked cancelled.
FEED_STATUSES = (CourseSession.Status.PUBLISHED, CourseSession.Status.CANCELLED)


@dataclass(frozen=True)
class Fingerprint:
    """What a feed's content depends on, summed up without loading it."""

    key: str
    last_modified: datetime.datetime | None
    found: bool = True

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.key.encode()).hexdigest()[:32]


def _fingerprint(kind: str, values: dict, *changed_fields: str) -> Fingerprint:
    stamps = [values[f] for f in changed_fields if values.get(f)]
    parts = [kind, *(f"{k}={values[k]}" for k in sorted(values))]
    return Fingerprint(key="|".join(parts), last_modified=max(stamps) if stamps else None)


# -- tokens ---------------------------------------------------------------------


def feed_token_owner(token: str) -> User | None:
    """The active person whose working link this is, or None. One query."""
    if not token or len(token) > 200:
        return None
    found = (
        FeedToken.objects.filter(
            token_hash=hash_token(token), revoked_at__isnull=True, user__is_active=True
        )
        .select_related("user")
        .first()
    )
    return found.user if found else None


def feed_token_active(*, user: User) -> FeedToken | None:
    return FeedToken.objects.filter(user=user, revoked_at__isnull=True).first()


def feed_token_created(*, user: User) -> datetime.datetime | None:
    """When the person's working link was made, or None; cached (the profile shows it)."""

    def build():
        token = feed_token_active(user=user)
        return token.created_at if token else False  # False: None would mean "not cached"

    return cached_value("feed-token", viewer=user, build=build) or None


# -- public feeds -----------------------------------------------------------------


def programme_sessions() -> QuerySet[CourseSession]:
    """Published and cancelled sessions of the current programme version."""
    return CourseSession.objects.filter(
        status__in=FEED_STATUSES, module__part__programme__is_current=True
    )


def module_sessions(slug: str) -> QuerySet[CourseSession]:
    """Published and cancelled sessions of every module with this slug (all versions)."""
    return CourseSession.objects.filter(status__in=FEED_STATUSES, module__slug=slug)


def with_days(sessions: QuerySet[CourseSession]) -> QuerySet[CourseSession]:
    """What the builders need, in two queries whatever the number of sessions."""
    return sessions.select_related("module").prefetch_related("days")


def programme_fingerprint() -> Fingerprint:
    values = programme_sessions().aggregate(
        session_count=Count("pk", distinct=True),
        changed=Max("updated_at"),
        day_count=Count("days", distinct=True),
        last_day=Max("days__id"),
        programme_id=Max("module__part__programme_id"),
    )
    return _fingerprint("programme", values, "changed")


def module_fingerprint(slug: str) -> Fingerprint:
    """Also tells whether the slug exists at all (found), in the same single query."""
    live = Q(sessions__status__in=FEED_STATUSES)
    values = Module.objects.filter(slug=slug).aggregate(
        module_count=Count("pk", distinct=True),
        session_count=Count("sessions", distinct=True, filter=live),
        changed=Max("sessions__updated_at", filter=live),
        day_count=Count("sessions__days", distinct=True, filter=live),
        last_day=Max("sessions__days__id", filter=live),
    )
    fingerprint = _fingerprint(f"module:{slug}", values, "changed")
    if not values["module_count"]:
        return Fingerprint(key=fingerprint.key, last_modified=None, found=False)
    return fingerprint


# -- personal feed ------------------------------------------------------------------


def personal_enrolments(*, user: User) -> QuerySet[Enrolment]:
    """The person's bookings (live and cancelled) on sessions that calendars show."""
    return Enrolment.objects.filter(person=user, session__status__in=FEED_STATUSES)


def personal_fingerprint(*, user: User) -> Fingerprint:
    values = personal_enrolments(user=user).aggregate(
        enrolment_count=Count("pk", distinct=True),
        booking_changed=Max("updated_at"),
        changed=Max("session__updated_at"),
        day_count=Count("session__days", distinct=True),
        last_day=Max("session__days__id"),
    )
    values.update(_plan_item_values(user=user))
    values.update(_session_values(user=user))
    return _fingerprint(
        f"personal:{user.pk}",
        values,
        "changed",
        "booking_changed",
        "item_changed",
        "plan_changed",
        "session_changed",
    )


def _plan_item_scope(*, user: User) -> Q:
    """Items of the person's plans they see: all of their own plan's, and the mentor's
    or supervisor's items of plans where they hold that role. Any status."""
    return (
        Q(plan__newcomer=user)
        | Q(responsible=Responsible.MENTOR, plan__mentor=user)
        | Q(responsible=Responsible.SUPERVISOR, plan__supervisor=user)
    )


_RUNNING_PLAN = Q(plan__status=IntroductionPlan.Status.ACTIVE)
#: An item is in the feed while it is still to do in a plan that is running.
_LIVE_ITEM = _RUNNING_PLAN & Q(removed_at__isnull=True) & ~Q(status=PlanItem.Status.DONE)


def personal_plan_items(*, user: User) -> QuerySet[PlanItem]:
    """Plan items due that the personal feed shows, with their plan and newcomer, in one
    query. Only the fields the feed prints are loaded: never an item's description or
    reflection, so someone else's words cannot reach a calendar by mistake."""
    return (
        PlanItem.objects.filter(_plan_item_scope(user=user) & _LIVE_ITEM)
        .select_related("plan__newcomer")
        .only(
            "title",
            "due_date",
            "responsible",
            "revision",
            "updated_at",
            "plan__newcomer__first_name",
            "plan__newcomer__last_name",
        )
        .order_by("due_date", "plan_id", "position", "pk")
    )


def _plan_item_values(*, user: User) -> dict:
    """One aggregate over the person's plan items. The live ones are counted and summed
    (ids: which items; revisions: every service raises it, bulk updates included); the
    newest change is taken over all of them, done and removed ones too, so that an item
    leaving the feed moves Last-Modified forward rather than back."""
    return PlanItem.objects.filter(_plan_item_scope(user=user)).aggregate(
        item_count=Count("pk", filter=_LIVE_ITEM),
        item_ids=Sum("pk", filter=_LIVE_ITEM),
        item_revisions=Sum("revision", filter=_LIVE_ITEM),
        item_changed=Max("updated_at"),
        plan_changed=Max("plan__updated_at"),
        name_changed=Max("plan__newcomer__updated_at", filter=_LIVE_ITEM),
    )


# -- supervision sessions -------------------------------------------------------------


def _session_scope(*, user: User) -> QuerySet[Session]:
    """Sessions the person holds or takes part in: planned, held and cancelled alike,
    so that a planned session marked held stays in the calendar (a cancelled one shows
    as cancelled)."""
    attended = SessionParticipant.objects.filter(newcomer=user).values("session_id")
    return Session.objects.filter(Q(author=user) | Q(pk__in=attended))


def personal_sessions(*, user: User) -> QuerySet[Session]:
    """The sessions of the personal feed, with the author and the newcomers' names, in
    two queries. Only what the feed prints is loaded: never the private note or the
    shared summary, so neither can reach a calendar by mistake."""
    return (
        _session_scope(user=user)
        .select_related("author")
        .only(
            "kind",
            "status",
            "starts_at",
            "duration_minutes",
            "place",
            "sequence",
            "updated_at",
            "author_id",
            "author__first_name",
            "author__last_name",
        )
        .prefetch_related(
            Prefetch(
                "attendees",
                queryset=SessionParticipant.objects.select_related("newcomer").only(
                    "session_id", "newcomer__first_name", "newcomer__last_name"
                ),
            )
        )
        .order_by("starts_at", "pk")
    )


def _session_values(*, user: User) -> dict:
    """One aggregate: which sessions (count, ids), every calendar change to them (the
    services raise `sequence` for each), and the newest change."""
    return _session_scope(user=user).aggregate(
        session_count=Count("pk"),
        session_ids=Sum("pk"),
        session_sequences=Sum("sequence"),
        session_changed=Max("updated_at"),
    )
