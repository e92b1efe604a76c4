"""Writes for the session log: log a session (held or planned), change it, cancel or hold
a planned one, the newcomer's reflection, follow-ups and turning one into a plan item.

Every function checks who may, runs in one transaction and refuses bad input with a
Swedish ValidationError (bound to the form's field where there is one) before anything
is written. Two people rarely change one session, but the author's phone and computer
may: each form carries the session's `revision`, and a save against an older one is
refused. Whatever a calendar shows (kind, time, length, place, status, who is in it)
raises `sequence`, so calendar clients replace the event in the personal feed.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lms.accounts.models import User
from lms.core import bounds
from lms.plans.models import IntroductionPlan, PlanItem, Responsible
from lms.plans.services.items import plan_item_add_agreed

from . import selectors
from .models import (
    MAX_MINUTES,
    MENTOR_KINDS,
    FollowUp,
    Session,
    SessionKind,
    SessionParticipant,
)

#: Kinds with exactly one newcomer.
ONE_NEWCOMER = (SessionKind.ONE_TO_ONE, SessionKind.MENTOR_TALK)
#: A held session may start this little in the future: the phone's clock, a rounded time.
CLOCK_SLACK = datetime.timedelta(minutes=5)
#: What a calendar shows of a session: a change to any of these raises `sequence`.
CALENDAR_FIELDS = ("kind", "status", "starts_at", "duration_minutes", "place")
#: What the author may change with `session_update`.
EDITABLE = (*CALENDAR_FIELDS, "private_note", "shared_summary")
TEXT_LIMITS = {"private_note": 8000, "shared_summary": 8000, "place": 160}
FOLLOW_UP_TEXT_LIMIT = 300
REFLECTION_LIMIT = 4000
#: A plan item's title is shorter than a follow-up may be.
PLAN_TITLE_LIMIT = 200


@dataclass
class FollowUpInput:
    """A follow-up agreed in the session. `newcomer` may be left out when the session
    has one newcomer."""

    text: str
    due_date: datetime.date | None = None
    responsible: str = Responsible.NEWCOMER
    newcomer: User | None = None


def _stale() -> ValidationError:
    return ValidationError(
        _(
            "Någon har ändrat tillfället sedan du öppnade formuläret. Läs in sidan igen "
            "och gör din ändring på nytt."
        )
    )


def _locked(session: Session) -> Session:
    return Session.objects.select_for_update(of=("self",)).get(pk=session.pk)


def _kind_label(kind: str) -> str:
    return str(dict(SessionKind.choices).get(kind, kind))


# -- checks -----------------------------------------------------------------------------


def _check_time(
    *, status: str, starts_at: datetime.datetime | None, duration: int | None, now
) -> dict:
    errors: dict[str, list[str]] = {}
    if duration is None:
        errors.setdefault("duration_minutes", []).append(_("Ange hur länge tillfället varade."))
    elif duration < 1:
        errors.setdefault("duration_minutes", []).append(_("Längden måste vara minst 1 minut."))
    elif duration > MAX_MINUTES:
        errors.setdefault("duration_minutes", []).append(
            _("Ett tillfälle kan vara högst 12 timmar (720 minuter).")
        )
    today = timezone.localdate(now)
    if starts_at is None:
        errors.setdefault("starts_at", []).append(_("Ange när tillfället var."))
    elif not bounds.SESSION.contains(starts_at, today):
        errors.setdefault("starts_at", []).append(bounds.SESSION.message(today))
    elif status == Session.Status.HELD and starts_at > now + CLOCK_SLACK:
        errors.setdefault("starts_at", []).append(
            _(
                "Ett genomfört tillfälle kan inte ligga i framtiden. Ändra tiden, eller "
                "välj ”Planerat” om det ska hållas senare."
            )
        )
    elif status == Session.Status.PLANNED and starts_at <= now:
        errors.setdefault("starts_at", []).append(
            _(
                "Ett planerat tillfälle ska ligga i framtiden. Har det redan hållits, "
                "välj ”Genomfört”."
            )
        )
    return errors


def _check_texts(values: dict) -> dict:
    errors: dict[str, list[str]] = {}
    for name, limit in TEXT_LIMITS.items():
        if len(values.get(name) or "") > limit:
            errors[name] = [_("Texten är för lång: högst %(limit)s tecken.") % {"limit": limit}]
    return errors


def _participant_plans(*, by: User, newcomers: Iterable[User]) -> tuple[dict, dict]:
    """Each newcomer's active plan that `by` may log with, and the errors for the rest."""
    wanted = {person.pk: person for person in newcomers}
    plans = {
        plan.newcomer_id: plan
        for plan in selectors.loggable_plans(author=by).filter(newcomer_id__in=list(wanted))
    }
    errors: dict[str, list[str]] = {}
    if not wanted:
        errors["newcomers"] = [_("Välj minst en nyanställd.")]
    for pk, person in wanted.items():
        if pk not in plans:
            errors.setdefault("newcomers", []).append(
                _(
                    "%(name)s har ingen pågående introduktionsplan där du är mentor, "
                    "handledare eller chef."
                )
                % {"name": person}
            )
    return plans, errors


def _check_kind(*, kind: str, by: User, plans: dict, count: int) -> dict:
    errors: dict[str, list[str]] = {}
    if kind not in SessionKind.values:
        return {"kind": [_("Välj vad det var för slags tillfälle.")]}
    for plan in plans.values():
        allowed = selectors.kinds_for(plan=plan, author=by)
        if kind not in allowed:
            if set(allowed) <= set(MENTOR_KINDS):
                message = _(
                    "Du är mentor för %(name)s och kan logga mentorsamtal och gå bredvid, "
                    "inte %(kind)s."
                )
            else:
                message = _(
                    "Du är handledare för %(name)s och loggar handledning, "
                    "ärendegenomgång och gå bredvid, inte %(kind)s."
                )
            errors.setdefault("kind", []).append(
                message % {"name": plan.newcomer, "kind": _kind_label(kind).lower()}
            )
    if kind in ONE_NEWCOMER and count > 1:
        errors.setdefault("newcomers", []).append(
            _("%(kind)s är med en nyanställd. Välj grupphandledning för flera.")
            % {"kind": _kind_label(kind)}
        )
    return errors


def _check_topics(*, topics: Iterable[PlanItem], plan_ids: set[int]) -> dict:
    for item in topics:
        if item.plan_id not in plan_ids or item.removed_at:
            return {
                "topics": [
                    _("”%(title)s” är inte en punkt i de nyanställdas planer.")
                    % {"title": item.title}
                ]
            }
    return {}


def _clean_follow_ups(
    follow_ups: Iterable[FollowUpInput], people: dict[int, User]
) -> tuple[list[FollowUpInput], dict]:
    """Blank rows are skipped; each follow-up is for one of the session's newcomers."""
    cleaned, errors = [], {}
    only = next(iter(people.values())) if len(people) == 1 else None
    for follow_up in follow_ups:
        text = (follow_up.text or "").strip()
        if not text:
            continue
        if len(text) > FOLLOW_UP_TEXT_LIMIT:
            errors.setdefault("follow_ups", []).append(
                _("En uppföljning kan vara högst %(limit)s tecken.")
                % {"limit": FOLLOW_UP_TEXT_LIMIT}
            )
            continue
        if follow_up.due_date is not None and not bounds.DUE.contains(follow_up.due_date):
            errors.setdefault("follow_ups", []).append(
                _("”%(text)s”: %(message)s") % {"text": text, "message": bounds.DUE.message()}
            )
            continue
        if follow_up.responsible not in Responsible.values:
            errors.setdefault("follow_ups", []).append(_("Välj vem som ansvarar."))
            continue
        newcomer = follow_up.newcomer or only
        if newcomer is None or newcomer.pk not in people:
            errors.setdefault("follow_ups", []).append(
                _("Välj vilken av de nyanställda ”%(text)s” gäller.") % {"text": text}
            )
            continue
        cleaned.append(
            FollowUpInput(
                text=text,
                due_date=follow_up.due_date,
                responsible=follow_up.responsible,
                newcomer=newcomer,
            )
        )
    return cleaned, errors


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


# -- logging and changing ----------------------------------------------------------------


@transaction.atomic
def session_log(
    *,
    by: User,
    kind: str,
    starts_at: datetime.datetime,
    duration_minutes: int,
    newcomers: Iterable[User],
    status: str = Session.Status.HELD,
    place: str = "",
    topics: Iterable[PlanItem] = (),
    private_note: str = "",
    shared_summary: str = "",
    follow_ups: Iterable[FollowUpInput] = (),
    now: datetime.datetime | None = None,
) -> Session:
    """Log a held session or plan one. Each newcomer counts it for their active plan."""
    if not by.has_perm("supervision.log_session"):
        raise PermissionDenied
    now = now or timezone.now()
    newcomers, topics = list(newcomers), list(topics)
    errors: dict = {}
    if status not in (Session.Status.HELD, Session.Status.PLANNED):
        errors["status"] = [_("Välj genomfört eller planerat.")]
    plans, problems = _participant_plans(by=by, newcomers=newcomers)
    errors.update(problems)
    for name, messages in _check_kind(kind=kind, by=by, plans=plans, count=len(newcomers)).items():
        errors.setdefault(name, []).extend(messages)
    errors.update(
        _check_time(status=status, starts_at=starts_at, duration=duration_minutes, now=now)
    )
    values = {"place": place, "private_note": private_note, "shared_summary": shared_summary}
    errors.update(_check_texts(values))
    errors.update(_check_topics(topics=topics, plan_ids={p.pk for p in plans.values()}))
    cleaned = []
    if plans:
        people = {pk: plan.newcomer for pk, plan in plans.items()}
        cleaned, problems = _clean_follow_ups(follow_ups, people)
        errors.update(problems)
    _raise(errors)
    session = Session.objects.create(
        kind=kind,
        status=status,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        place=place.strip(),
        author=by,
        private_note=private_note.strip(),
        shared_summary=shared_summary.strip(),
    )
    _add_people_topics_and_follow_ups(session, plans=plans, topics=topics, follow_ups=cleaned)
    return session


def _add_people_topics_and_follow_ups(
    session: Session, *, plans: dict, topics: list[PlanItem], follow_ups: list
) -> None:
    SessionParticipant.objects.bulk_create(
        SessionParticipant(session=session, newcomer_id=pk, plan=plan) for pk, plan in plans.items()
    )
    if topics:
        session.topics.add(*topics)
    FollowUp.objects.bulk_create(
        FollowUp(
            session=session,
            newcomer=f.newcomer,
            text=f.text,
            due_date=f.due_date,
            responsible=f.responsible,
        )
        for f in follow_ups
    )


@transaction.atomic
def session_update(
    *,
    session: Session,
    by: User,
    revision: int,
    newcomers: Iterable[User] | None = None,
    topics: Iterable[PlanItem] | None = None,
    now: datetime.datetime | None = None,
    **changes,
) -> Session:
    """Change a session the author wrote. `revision` is the one the form was read at.
    A newcomer with a reflection or follow-ups in the session stays in it."""
    if not by.has_perm("supervision.edit_session", session):
        raise PermissionDenied
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    now = now or timezone.now()
    session = _locked(session)
    _check_still_changeable(session, revision, changes)
    values = {name: getattr(session, name) for name in EDITABLE}
    values.update({k: (v.strip() if isinstance(v, str) else v) for k, v in changes.items()})
    current = list(session.attendees.select_related("newcomer", "plan"))
    people = [a.newcomer for a in current] if newcomers is None else list(newcomers)
    kept = {a.newcomer_id: a for a in current}
    new_people = [p for p in people if p.pk not in kept]
    dropped = [a for a in current if a.newcomer_id not in {p.pk for p in people}]
    errors, plans, all_plans = _check_attendance(
        by=by,
        session=session,
        current=current,
        people=people,
        new_people=new_people,
        dropped=dropped,
    )
    _check_kind_and_time_if_changed(
        errors,
        values=values,
        session=session,
        by=by,
        plans=all_plans,
        people=people,
        joining=bool(new_people),
        now=now,
    )
    errors.update(_check_texts(values))
    old_topics = set(session.topics.values_list("pk", flat=True))
    if topics is not None:
        topics = list(topics)
        errors.update(_check_added_topics(topics, old_topics=old_topics, plans=all_plans))
    _raise(errors)

    _save_attendance(session, dropped=dropped, new_people=new_people, plans=plans)
    topics_changed = topics is not None and {t.pk for t in topics} != old_topics
    if topics_changed:
        session.topics.set(topics)
    _save_fields(
        session, values, people_changed=bool(new_people or dropped), topics_changed=topics_changed
    )
    return session


def _save_fields(
    session: Session, values: dict, *, people_changed: bool, topics_changed: bool
) -> None:
    """A new revision when anything changed; a new calendar sequence as well when what a
    calendar shows changed, so that calendar programs take the new version."""
    calendar_changed = people_changed or any(
        values[n] != getattr(session, n) for n in CALENDAR_FIELDS
    )
    changed = (
        calendar_changed
        or topics_changed
        or any(values[n] != getattr(session, n) for n in ("private_note", "shared_summary"))
    )
    if not changed:
        return
    for name in EDITABLE:
        setattr(session, name, values[name])
    session.revision += 1
    if calendar_changed:
        session.sequence += 1
    session.save()


def _check_added_topics(topics: list[PlanItem], *, old_topics: set[int], plans: dict) -> dict:
    """A topic already in the session stays even if its plan has since changed."""
    added = [t for t in topics if t.pk not in old_topics]
    plan_ids = {p.pk for p in plans.values() if p is not None}
    return _check_topics(topics=added, plan_ids=plan_ids)


def _check_still_changeable(session: Session, revision: int, changes: dict) -> None:
    if session.revision != revision:
        raise _stale()
    if session.status == Session.Status.CANCELLED:
        raise ValidationError(_("Tillfället är inställt och kan inte ändras."))
    if changes.get("status", session.status) == Session.Status.CANCELLED:
        raise ValidationError({"status": _("Ställ in tillfället med knappen ”Ställ in”.")})


def _check_attendance(
    *,
    by: User,
    session: Session,
    current: list[SessionParticipant],
    people: list[User],
    new_people: list[User],
    dropped: list[SessionParticipant],
) -> tuple[dict, dict, dict]:
    """Errors in who joins or leaves, the plans of those joining, and the plans of all
    who stay or join (a kept newcomer's plan as recorded in the session)."""
    errors: dict = {}
    plans, problems = _participant_plans(by=by, newcomers=new_people)
    if new_people:
        errors.update(problems)
    elif not people:
        errors["newcomers"] = [_("Välj minst en nyanställd.")]
    with_content = set(
        FollowUp.objects.filter(session=session).values_list("newcomer_id", flat=True)
    )
    for attendee in dropped:
        if attendee.reflection or attendee.newcomer_id in with_content:
            errors.setdefault("newcomers", []).append(
                _(
                    "%(name)s har en reflektion eller uppföljningar i tillfället och kan "
                    "inte tas bort ur det."
                )
                % {"name": attendee.newcomer}
            )
    staying = {p.pk for p in people}
    all_plans = {a.newcomer_id: a.plan for a in current if a.newcomer_id in staying and a.plan}
    all_plans.update(plans)
    return errors, plans, all_plans


def _check_kind_and_time_if_changed(
    errors: dict,
    *,
    values: dict,
    session: Session,
    by: User,
    plans: dict,
    people: list[User],
    joining: bool,
    now: datetime.datetime,
) -> None:
    """Kind and time are checked again only when they, or who takes part, change."""
    # The kind must fit every newcomer in it, old and new.
    if values["kind"] != session.kind or joining:
        for name, messages in _check_kind(
            kind=values["kind"], by=by, plans=plans, count=len(people)
        ).items():
            errors.setdefault(name, []).extend(messages)
    if (
        values["starts_at"] != session.starts_at
        or values["status"] != session.status
        or values["duration_minutes"] != session.duration_minutes
    ):
        errors.update(
            _check_time(
                status=values["status"],
                starts_at=values["starts_at"],
                duration=values["duration_minutes"],
                now=now,
            )
        )


def _save_attendance(
    session: Session,
    *,
    dropped: list[SessionParticipant],
    new_people: list[User],
    plans: dict,
) -> None:
    if dropped:
        SessionParticipant.objects.filter(pk__in=[a.pk for a in dropped]).delete()
    if new_people:
        SessionParticipant.objects.bulk_create(
            SessionParticipant(session=session, newcomer_id=p.pk, plan=plans[p.pk])
            for p in new_people
        )


@transaction.atomic
def session_cancel(*, session: Session, by: User) -> Session:
    """Cancel a planned session: it stays, marked cancelled (calendars show it so)."""
    if not by.has_perm("supervision.edit_session", session):
        raise PermissionDenied
    session = _locked(session)
    if session.status == Session.Status.CANCELLED:
        return session  # a double click changes nothing
    if session.status != Session.Status.PLANNED:
        raise ValidationError(_("Bara ett planerat tillfälle kan ställas in."))
    session.status = Session.Status.CANCELLED
    session.revision += 1
    session.sequence += 1
    session.save(update_fields=["status", "revision", "sequence", "updated_at"])
    return session


@transaction.atomic
def session_mark_held(
    *, session: Session, by: User, now: datetime.datetime | None = None
) -> Session:
    """A planned session took place."""
    if not by.has_perm("supervision.edit_session", session):
        raise PermissionDenied
    now = now or timezone.now()
    session = _locked(session)
    if session.status == Session.Status.HELD:
        return session
    if session.status != Session.Status.PLANNED:
        raise ValidationError(_("Ett inställt tillfälle kan inte markeras som genomfört."))
    if session.starts_at > now + CLOCK_SLACK:
        raise ValidationError(
            _("Tillfället har inte börjat än. Markera det som genomfört efteråt.")
        )
    session.status = Session.Status.HELD
    session.revision += 1
    session.sequence += 1
    session.save(update_fields=["status", "revision", "sequence", "updated_at"])
    return session


# -- the newcomer's reflection -----------------------------------------------------------


@transaction.atomic
def session_reflect(*, session: Session, by: User, reflection: str) -> SessionParticipant:
    """The newcomer's own reflection on a session they were in (empty removes it)."""
    if not by.has_perm("supervision.reflect_on_session", session):
        raise PermissionDenied
    if session.status != Session.Status.HELD:
        raise ValidationError(
            {"reflection": _("Du kan skriva en reflektion när tillfället är genomfört.")}
        )
    text = (reflection or "").strip()
    if len(text) > REFLECTION_LIMIT:
        raise ValidationError(
            {
                "reflection": _("Texten är för lång: högst %(limit)s tecken.")
                % {"limit": REFLECTION_LIMIT}
            }
        )
    participant = (
        SessionParticipant.objects.select_for_update(of=("self",))
        .filter(session=session, newcomer=by)
        .get()
    )
    if participant.reflection == text:
        return participant
    participant.reflection = text
    participant.reflected_at = timezone.now() if text else None
    participant.save(update_fields=["reflection", "reflected_at"])
    return participant


# -- follow-ups ---------------------------------------------------------------------------


@transaction.atomic
def follow_up_add(*, session: Session, by: User, follow_up: FollowUpInput) -> FollowUp:
    """A follow-up added after the session (the author)."""
    if not by.has_perm("supervision.edit_session", session):
        raise PermissionDenied
    session = _locked(session)
    if session.status == Session.Status.CANCELLED:
        raise ValidationError(_("Tillfället är inställt och kan inte ändras."))
    people = {a.newcomer_id: a.newcomer for a in session.attendees.select_related("newcomer")}
    if not (follow_up.text or "").strip():
        raise ValidationError({"text": _("Skriv vad ni kom överens om.")})
    cleaned, errors = _clean_follow_ups([follow_up], people)
    if errors:
        raise ValidationError({"text": errors["follow_ups"]})
    (item,) = cleaned
    return FollowUp.objects.create(
        session=session,
        newcomer=item.newcomer,
        text=item.text,
        due_date=item.due_date,
        responsible=item.responsible,
    )


def _locked_follow_up(follow_up: FollowUp) -> FollowUp:
    return (
        FollowUp.objects.select_for_update(of=("self",))
        .select_related("session")
        .defer("session__private_note")
        .get(pk=follow_up.pk)
    )


@transaction.atomic
def follow_up_complete(*, follow_up: FollowUp, by: User) -> FollowUp:
    """Mark a follow-up done: the author, or the newcomer it was agreed with."""
    if not by.has_perm("supervision.complete_follow_up", follow_up):
        raise PermissionDenied
    follow_up = _locked_follow_up(follow_up)
    if follow_up.done_at:
        return follow_up
    follow_up.done_at = timezone.now()
    follow_up.done_by = by
    follow_up.save(update_fields=["done_at", "done_by"])
    return follow_up


@transaction.atomic
def follow_up_reopen(*, follow_up: FollowUp, by: User) -> FollowUp:
    if not by.has_perm("supervision.complete_follow_up", follow_up):
        raise PermissionDenied
    follow_up = _locked_follow_up(follow_up)
    if not follow_up.done_at:
        return follow_up
    follow_up.done_at = None
    follow_up.done_by = None
    follow_up.save(update_fields=["done_at", "done_by"])
    return follow_up


@transaction.atomic
def follow_up_to_plan(
    *, follow_up: FollowUp, by: User, due_date: datetime.date | None = None
) -> PlanItem:
    """Make a follow-up an item of the newcomer's plan (the one the session counted
    for), with its due date and responsible; the follow-up keeps the link. Once only:
    a second call returns the item made the first time."""
    if not by.has_perm("supervision.plan_follow_up", follow_up):
        raise PermissionDenied
    follow_up = _locked_follow_up(follow_up)
    if follow_up.plan_item_id:
        return follow_up.plan_item
    due = follow_up.due_date or due_date
    if due is None:
        raise ValidationError(
            {"due_date": _("Ange när det ska vara klart innan det blir en punkt i planen.")}
        )
    participant = (
        SessionParticipant.objects.filter(session=follow_up.session, newcomer=follow_up.newcomer)
        .select_related("plan")
        .first()
    )
    plan = participant.plan if participant else None
    if plan is None or plan.status != IntroductionPlan.Status.ACTIVE:
        raise ValidationError(
            _("%(name)s har ingen pågående plan som punkten kan läggas i.")
            % {"name": follow_up.newcomer}
        )
    title, description = _item_text(follow_up)
    item = plan_item_add_agreed(
        plan=plan,
        by=by,
        title=title,
        due_date=due,
        responsible=follow_up.responsible,
        description=description,
    )
    follow_up.plan_item = item
    follow_up.due_date = due
    follow_up.save(update_fields=["plan_item", "due_date"])
    return item


@translation.override(settings.LANGUAGE_CODE)
def _item_text(follow_up: FollowUp) -> tuple[str, str]:
    """Title and description of the plan item, in the site's language (the plan is the
    newcomer's and the unit's document, like the items plans writes itself)."""
    text = follow_up.text
    title = text if len(text) <= PLAN_TITLE_LIMIT else text[: PLAN_TITLE_LIMIT - 1] + "…"
    session = follow_up.session
    origin = _("Överenskommet vid %(kind)s %(date)s.") % {
        "kind": _kind_label(session.kind).lower(),
        "date": date_format(timezone.localtime(session.starts_at), "Y-m-d"),
    }
    return title, origin if title == text else f"{text}\n\n{origin}"
