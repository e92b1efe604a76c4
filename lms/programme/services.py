"""Writes for the programme: sessions, bookings, waitlists, attendance, evaluations.

Admission is decided with the session row locked (SELECT … FOR UPDATE on PostgreSQL;
SQLite serialises writers with IMMEDIATE transactions), so two managers booking the last
seat at the same moment can never both get it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.models import NewcomerKind, User
from lms.core import bounds
from lms.core.reasons import clean_reason
from lms.organisation.selectors import municipality_for
from lms.organisation.workdays import WorkCalendar, work_calendar

from . import ics_import
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
from .signals import BookingChange, booking_changed, module_completed, module_withdrawn

LIVE = (Enrolment.Status.ADMITTED, Enrolment.Status.WAITLISTED, Enrolment.Status.REQUESTED)


@dataclass(frozen=True)
class DayInput:
    date: datetime.date
    start: datetime.time
    end: datetime.time


# -- sessions -------------------------------------------------------------------


def _check_days(days: list[DayInput]) -> list[DayInput]:
    if not days:
        raise ValidationError(_("Ett kurstillfälle behöver minst en dag."))
    dates = [d.date for d in days]
    if len(set(dates)) != len(dates):
        raise ValidationError(_("Samma datum finns två gånger."))
    for day in days:
        if not bounds.COURSE.contains(day.date):
            raise ValidationError(
                _("%(date)s: %(message)s")
                % {"date": day.date.isoformat(), "message": bounds.COURSE.message()}
            )
        if day.end <= day.start:
            raise ValidationError(
                _("%(date)s: sluttiden måste vara efter starttiden.")
                % {"date": day.date.isoformat()}
            )
    return sorted(days, key=lambda d: d.date)


def _touch(session: CourseSession) -> None:
    """Any change calendar clients must see: bump SEQUENCE (the update bumps the
    programme version, so the cached feeds follow)."""
    CourseSession.objects.filter(pk=session.pk).update(
        sequence=F("sequence") + 1, updated_at=timezone.now()
    )
    session.refresh_from_db(fields=["sequence", "updated_at"])


def _admitted_count(session: CourseSession) -> int:
    return session.enrolments.filter(status=Enrolment.Status.ADMITTED).count()


def _announce(enrolment: Enrolment, change: str, **extra) -> None:
    booking_changed.send(sender=Enrolment, enrolment=enrolment, change=change, **extra)


def _lock(session: CourseSession) -> CourseSession:
    return CourseSession.objects.select_for_update().get(pk=session.pk)


def _lock_enrolment(enrolment: Enrolment) -> tuple[CourseSession, Enrolment]:
    """The session first, then the booking, always in that order, so that two changes
    to one session's bookings queue up instead of deadlocking; the booking re-read."""
    session = _lock(enrolment.session)
    return session, Enrolment.objects.select_for_update().get(pk=enrolment.pk)


@transaction.atomic
def session_create(
    *,
    by: User,
    module: Module,
    days: list[DayInput],
    capacity: int,
    booking_deadline: datetime.date | None = None,
    place: str = "",
    online_url: str = "",
    trainers: str = "",
    notes: str = "",
    publish: bool = False,
    ics_uid: str | None = None,
) -> CourseSession:
    if not by.has_perm("programme.manage_sessions"):
        raise PermissionDenied
    days = _check_days(days)
    if capacity < 1:
        raise ValidationError({"capacity": _("Ett kurstillfälle behöver minst en plats.")})
    bounds.COURSE.check(booking_deadline, field="booking_deadline")
    if booking_deadline and booking_deadline > days[0].date:
        raise ValidationError(
            {"booking_deadline": _("Sista anmälningsdag kan inte vara efter första kursdagen.")}
        )
    session = CourseSession.objects.create(
        module=module,
        capacity=capacity,
        booking_deadline=booking_deadline,
        place=place,
        online_url=online_url,
        trainers=trainers,
        notes=notes,
        status=CourseSession.Status.PUBLISHED if publish else CourseSession.Status.DRAFT,
        first_day_cache=days[0].date,
        created_by=by,
        ics_uid=ics_uid,
    )
    SessionDay.objects.bulk_create(
        SessionDay(session=session, date=d.date, start=d.start, end=d.end) for d in days
    )
    return session


@transaction.atomic
def session_copy(*, session: CourseSession, by: User, first_date: datetime.date) -> CourseSession:
    """The same module, place and times, moved so that the first day is `first_date`."""
    days = list(session.days.all())
    shift = first_date - days[0].date
    deadline = session.booking_deadline + shift if session.booking_deadline else None
    return session_create(
        by=by,
        module=session.module,
        days=[DayInput(d.date + shift, d.start, d.end) for d in days],
        capacity=session.capacity,
        booking_deadline=deadline,
        place=session.place,
        online_url=session.online_url,
        trainers=session.trainers,
        notes=session.notes,
    )


CHANGE_FIELDS = ("booking_deadline", "place", "online_url", "trainers", "notes")


@transaction.atomic
def session_update(
    *,
    session: CourseSession,
    by: User,
    days: list[DayInput],
    booking_deadline: datetime.date | None = None,
    place: str = "",
    online_url: str = "",
    trainers: str = "",
    notes: str = "",
) -> CourseSession:
    """Change a session's days, times, place and details; booked people are told.

    Existing days keep their rows in date order, so each calendar event keeps its UID
    and clients move it instead of adding a second one. A day that already has
    attendance cannot be dropped or moved: that record must not be lost. The module and
    the capacity are changed elsewhere (a module change would be a different course).
    """
    if not by.has_perm("programme.manage_sessions"):
        raise PermissionDenied
    session = _lock(session)
    if session.status == CourseSession.Status.CANCELLED:
        raise ValidationError(_("Ett inställt kurstillfälle kan inte ändras."))
    days = _check_days(days)
    bounds.COURSE.check(booking_deadline, field="booking_deadline")
    if booking_deadline and booking_deadline > days[0].date:
        raise ValidationError(
            {"booking_deadline": _("Sista anmälningsdag kan inte vara efter första kursdagen.")}
        )
    old_days = list(session.days.order_by("date", "start"))
    _check_attended_days_stay(session, old_days, days)
    values = {
        "booking_deadline": booking_deadline,
        "place": place,
        "online_url": online_url,
        "trainers": trainers,
        "notes": notes,
    }
    details_changed = any(getattr(session, name) != values[name] for name in CHANGE_FIELDS)
    days_changed = [(d.date, d.start, d.end) for d in old_days] != [
        (d.date, d.start, d.end) for d in days
    ]
    if not (details_changed or days_changed):
        return session
    removed_uids = _replace_days(session, old_days, days)
    for name, value in values.items():
        setattr(session, name, value)
    session.first_day_cache = days[0].date
    session.save(update_fields=[*CHANGE_FIELDS, "first_day_cache", "updated_at"])
    _touch(session)
    if session.status == CourseSession.Status.PUBLISHED:
        for enrolment in session.enrolments.filter(status__in=LIVE).select_related("person"):
            booking_changed.send(
                sender=Enrolment,
                enrolment=enrolment,
                change=BookingChange.SESSION_CHANGED,
                removed_days=removed_uids,
            )
    return session


def _check_attended_days_stay(
    session: CourseSession, old_days: list[SessionDay], days: list[DayInput]
) -> None:
    """A day with attendance keeps its place: days pair up in date order, and one whose
    pair is gone or on another date would lose that record."""
    marked = set(Attendance.objects.filter(day__session=session).values_list("day_id", flat=True))
    for index, old in enumerate(old_days):
        new = days[index] if index < len(days) else None
        if old.pk in marked and (new is None or new.date != old.date):
            raise ValidationError(
                _(
                    "Närvaro är redan registrerad för %(date)s. Den dagen kan inte tas bort "
                    "eller flyttas."
                )
                % {"date": old.date.isoformat()}
            )


def _replace_days(
    session: CourseSession, old_days: list[SessionDay], days: list[DayInput]
) -> list[tuple[int, int]]:
    """The session's days become the new ones, keeping the existing rows in date order;
    returns the calendar ids (session, day) of the days removed."""
    removed = old_days[len(days) :]
    removed_uids = [(session.pk, day.pk) for day in removed]
    SessionDay.objects.filter(pk__in=[d.pk for d in removed]).delete()
    # Two passes through free dates, so swapping two days never meets the unique
    # (session, date) constraint half way.
    kept = old_days[: len(days)]
    for index, old in enumerate(kept):
        old.date = datetime.date(1, 1, 1) + datetime.timedelta(days=index)
    SessionDay.objects.bulk_update(kept, ["date"])
    for old, new in zip(kept, days, strict=False):
        old.date, old.start, old.end = new.date, new.start, new.end
    SessionDay.objects.bulk_update(kept, ["date", "start", "end"])
    SessionDay.objects.bulk_create(
        SessionDay(session=session, date=d.date, start=d.start, end=d.end)
        for d in days[len(kept) :]
    )
    return removed_uids


@transaction.atomic
def session_set_capacity(*, session: CourseSession, by: User, capacity: int) -> CourseSession:
    if not by.has_perm("programme.manage_sessions"):
        raise PermissionDenied
    session = _lock(session)
    admitted = _admitted_count(session)
    if capacity < admitted:
        raise ValidationError(
            {
                "capacity": _(
                    "%(admitted)s personer är redan antagna. Avboka någon först eller välj "
                    "minst %(admitted)s platser."
                )
                % {"admitted": admitted}
            }
        )
    session.capacity = capacity
    session.save(update_fields=["capacity", "updated_at"])
    _promote_waitlist(session)
    return session


@transaction.atomic
def session_publish(*, session: CourseSession, by: User) -> CourseSession:
    if not by.has_perm("programme.manage_sessions"):
        raise PermissionDenied
    if session.status != CourseSession.Status.DRAFT:
        return session
    session.status = CourseSession.Status.PUBLISHED
    session.save(update_fields=["status", "updated_at"])
    _touch(session)
    return session


@transaction.atomic
def session_cancel(*, session: CourseSession, by: User, reason: str = "") -> CourseSession:
    """Cancelled sessions stay (calendar clients need STATUS:CANCELLED); bookings remain.
    The reason goes to every participant in the cancellation e-mail."""
    if not by.has_perm("programme.manage_sessions"):
        raise PermissionDenied
    reason = clean_reason(reason, required=False)
    session = _lock(session)
    if session.status == CourseSession.Status.CANCELLED:
        return session
    session.status = CourseSession.Status.CANCELLED
    session.cancel_reason = reason
    session.save(update_fields=["status", "cancel_reason", "updated_at"])
    _touch(session)
    for enrolment in session.enrolments.filter(status__in=LIVE).select_related("person"):
        _announce(enrolment, BookingChange.SESSION_CANCELLED, reason=reason)
    return session


# -- bookings -------------------------------------------------------------------


def part_deadline(*, person: User, module: Module) -> datetime.date | None:
    """The date by which the person should have done the module's part."""
    if not person.start_date:
        return None
    months = module.part.deadline_months
    year = person.start_date.year + (person.start_date.month - 1 + months) // 12
    month = (person.start_date.month - 1 + months) % 12 + 1
    day = min(person.start_date.day, 28)
    return datetime.date(year, month, day)


def late_for(*, person: User, session: CourseSession) -> datetime.date | None:
    """The part's last day for the person, when the session ends after it; else None.

    Reads the session's prefetched days, so a list of sessions costs no queries.
    """
    deadline = part_deadline(person=person, module=session.module)
    days = [d.date for d in session.days.all()]
    if deadline and days and max(days) > deadline:
        return deadline
    return None


def late_warning(*, person: User, session: CourseSession) -> str | None:
    deadline = late_for(person=person, session=session)
    if deadline is None:
        return None
    return _(
        "Obs: kurstillfället slutar %(last)s, efter %(name)s ska ha gått %(part)s "
        "(senast %(deadline)s)."
    ) % {
        "last": max(d.date for d in session.days.all()).isoformat(),
        "name": person,
        "part": session.module.part,
        "deadline": deadline.isoformat(),
    }


def early_for(*, person: User, session: CourseSession) -> datetime.date | None:
    """The person's first day at work, when the session starts before it; else None."""
    days = [d.date for d in session.days.all()]
    if person.start_date and days and min(days) < person.start_date:
        return person.start_date
    return None


def early_warning(*, person: User, session: CourseSession) -> str | None:
    start = early_for(person=person, session=session)
    if start is None:
        return None
    return _("Obs: kurstillfället börjar %(first)s, innan %(name)s börjar arbeta (%(start)s).") % {
        "first": min(d.date for d in session.days.all()).isoformat(),
        "name": person,
        "start": start.isoformat(),
    }


def request_warnings(*, person: User, session: CourseSession) -> list[str]:
    """What both the newcomer asking and the manager deciding should know about timing."""
    return [
        w
        for w in (
            early_warning(person=person, session=session),
            late_warning(person=person, session=session),
        )
        if w
    ]


def fit_warnings(*, person: User, session: CourseSession) -> list[str]:
    """What a manager should know before booking: missing prerequisites, and a module
    meant for another area or kind of newcomer. Advice only: the manager decides."""
    module = session.module
    warnings = []
    prerequisites = list(module.prerequisites.all())
    if prerequisites:
        done = set(
            ModuleCompletion.objects.filter(
                person=person, module__slug__in=[m.slug for m in prerequisites]
            ).values_list("module__slug", flat=True)
        )
        # Booked on an earlier session counts too: the order of the courses is right.
        done |= set(
            Enrolment.objects.filter(
                person=person,
                status=Enrolment.Status.ADMITTED,
                session__module__slug__in=[m.slug for m in prerequisites],
                session__first_day_cache__lt=session.first_day_cache,
            ).values_list("session__module__slug", flat=True)
        )
        missing = [m.title for m in prerequisites if m.slug not in done]
        if missing:
            warnings.append(
                _("Obs: %(name)s har inte gått eller bokats på förkunskapen %(modules)s.")
                % {"name": person, "modules": ", ".join(missing)}
            )
    areas = list(module.areas.all())
    unit_area = person.unit.area_id if person.unit_id else None
    if areas and unit_area not in {a.pk for a in areas}:
        warnings.append(
            _("Obs: modulen riktar sig till %(areas)s.")
            % {"areas": ", ".join(str(a) for a in areas)}
        )
    if module.newcomer_kinds and person.newcomer_kind not in module.newcomer_kinds:
        labels = dict(NewcomerKind.choices)
        warnings.append(
            _("Obs: modulen riktar sig till %(kinds)s.")
            % {"kinds": ", ".join(str(labels.get(k, k)).lower() for k in module.newcomer_kinds)}
        )
    return warnings


def _check_bookable(session: CourseSession, person: User, *, today: datetime.date) -> None:
    if session.status != CourseSession.Status.PUBLISHED:
        raise ValidationError(_("Kurstillfället är inte öppet för anmälan."))
    if session.booking_deadline and today > session.booking_deadline:
        raise ValidationError(
            _("Sista anmälningsdag var %(date)s.") % {"date": session.booking_deadline.isoformat()}
        )
    if session.enrolments.filter(person=person, status__in=LIVE).exists():
        raise ValidationError(
            _("%(name)s är redan anmäld till det här tillfället.") % {"name": person}
        )
    if ModuleCompletion.objects.filter(person=person, module=session.module).exists():
        raise ValidationError(_("%(name)s har redan gått den här modulen.") % {"name": person})


def _admit_or_waitlist(session: CourseSession) -> str:
    if _admitted_count(session) < session.capacity:
        return Enrolment.Status.ADMITTED
    return Enrolment.Status.WAITLISTED


def _save_new(enrolment: Enrolment) -> Enrolment:
    try:
        with transaction.atomic():
            enrolment.save()
    except IntegrityError as error:  # a parallel request booked the same person first
        raise ValidationError(
            _("%(name)s är redan anmäld till det här tillfället.") % {"name": enrolment.person}
        ) from error
    return enrolment


@transaction.atomic
def enrolment_nominate(*, session: CourseSession, person: User, by: User) -> Enrolment:
    """A manager (or coordinator) books a person: admitted while seats remain, else waitlisted."""
    if not by.has_perm("programme.nominate", person):
        raise PermissionDenied
    session = _lock(session)
    _check_bookable(session, person, today=timezone.localdate())
    enrolment = Enrolment(
        session=session, person=person, nominated_by=by, status=_admit_or_waitlist(session)
    )
    _save_new(enrolment)
    _announce(enrolment, enrolment.status)
    return enrolment


@transaction.atomic
def enrolment_request(*, session: CourseSession, person: User) -> Enrolment:
    """A newcomer asks for a place; the manager approves it."""
    if not person.has_perm("programme.request_booking", person):
        raise PermissionDenied
    session = _lock(session)
    _check_bookable(session, person, today=timezone.localdate())
    enrolment = _save_new(
        Enrolment(session=session, person=person, status=Enrolment.Status.REQUESTED)
    )
    _announce(enrolment, BookingChange.REQUESTED)
    return enrolment


@transaction.atomic
def enrolment_approve(*, enrolment: Enrolment, by: User) -> Enrolment:
    if not by.has_perm("programme.approve_request", enrolment):
        raise PermissionDenied
    session, enrolment = _lock_enrolment(enrolment)
    if enrolment.status != Enrolment.Status.REQUESTED:
        return enrolment
    enrolment.status = _admit_or_waitlist(session)
    enrolment.nominated_by = by
    enrolment.queued_at = timezone.now()
    enrolment.sequence += 1
    enrolment.save(update_fields=["status", "nominated_by", "queued_at", "sequence", "updated_at"])
    _announce(enrolment, enrolment.status)
    return enrolment


@transaction.atomic
def enrolment_decline(*, enrolment: Enrolment, by: User, reason: str = "") -> Enrolment:
    """The manager says no to a newcomer's request; the newcomer is told, with the reason."""
    if not by.has_perm("programme.approve_request", enrolment):
        raise PermissionDenied
    reason = clean_reason(reason, required=False)
    _session, enrolment = _lock_enrolment(enrolment)
    if enrolment.status != Enrolment.Status.REQUESTED:
        return enrolment  # already decided (or withdrawn): a second click changes nothing
    enrolment.status = Enrolment.Status.CANCELLED
    enrolment.cancelled_at = timezone.now()
    enrolment.cancel_reason = reason
    enrolment.nominated_by = by
    enrolment.sequence += 1
    enrolment.save(
        update_fields=[
            "status",
            "cancelled_at",
            "cancel_reason",
            "nominated_by",
            "sequence",
            "updated_at",
        ]
    )
    _announce(enrolment, BookingChange.DECLINED, reason=reason)
    return enrolment


def _promote_waitlist(session: CourseSession) -> list[Enrolment]:
    """Fill free seats from the waitlist in queue order. The session must be locked."""
    free = session.capacity - _admitted_count(session)
    if free <= 0:
        return []
    promoted = list(
        session.enrolments.filter(status=Enrolment.Status.WAITLISTED).order_by("queued_at", "pk")[
            :free
        ]
    )
    for enrolment in promoted:
        enrolment.status = Enrolment.Status.ADMITTED
        enrolment.sequence += 1
        enrolment.save(update_fields=["status", "sequence", "updated_at"])
        _announce(enrolment, BookingChange.PROMOTED)
    return promoted


@transaction.atomic
def enrolment_cancel(*, enrolment: Enrolment, by: User, reason: str = "") -> Enrolment:
    """Cancel a booking; the waitlist moves up. A reason goes to the person by e-mail."""
    if not by.has_perm("programme.cancel_enrolment", enrolment):
        raise PermissionDenied
    reason = clean_reason(reason, required=False)
    session, enrolment = _lock_enrolment(enrolment)
    if enrolment.status == Enrolment.Status.CANCELLED:
        return enrolment
    enrolment.status = Enrolment.Status.CANCELLED
    enrolment.cancelled_at = timezone.now()
    enrolment.cancel_reason = reason
    enrolment.sequence += 1
    enrolment.save(
        update_fields=["status", "cancelled_at", "cancel_reason", "sequence", "updated_at"]
    )
    _announce(enrolment, BookingChange.CANCELLED, reason=reason)
    _promote_waitlist(session)
    return enrolment


@transaction.atomic
def enrolment_move(*, enrolment: Enrolment, to: CourseSession, by: User) -> Enrolment:
    """Cancel here and book there in one step: if the new booking fails, nothing changes."""
    if to.module_id != enrolment.session.module_id:
        raise ValidationError(_("Man kan bara flytta till ett tillfälle av samma modul."))
    # Lock both sessions in a fixed order so two opposite moves cannot deadlock.
    for pk in sorted({enrolment.session_id, to.pk}):
        CourseSession.objects.select_for_update().get(pk=pk)
    enrolment_cancel(enrolment=enrolment, by=by)
    if (
        enrolment.person.has_perm("programme.request_booking", enrolment.person)
        and by == enrolment.person
    ):
        return enrolment_request(session=to, person=enrolment.person)
    return enrolment_nominate(session=to, person=enrolment.person, by=by)


# -- attendance and completion ------------------------------------------------------


@dataclass(frozen=True)
class AttendanceSaved:
    """What one save of the attendance sheet did to the module completions."""

    recorded: int = 0
    withdrawn: int = 0


@dataclass(frozen=True)
class AttendanceMark:
    enrolment: Enrolment
    day: SessionDay
    status: str
    enough: bool = False


def _check_mark(mark: AttendanceMark) -> None:
    if mark.day.session_id != mark.enrolment.session_id:
        raise ValidationError(_("Dagen hör inte till det här kurstillfället."))
    if mark.enrolment.status != Enrolment.Status.ADMITTED:
        raise ValidationError(_("Närvaro kan bara registreras för antagna deltagare."))
    if mark.day.date > timezone.localdate():
        raise ValidationError(_("Närvaro kan inte registreras för en dag som inte har varit."))
    if mark.status not in Attendance.Status.values:
        raise ValidationError(_("Okänd närvarostatus."))


def _write_mark(mark: AttendanceMark, *, by: User) -> None:
    _check_mark(mark)
    # "Enough" means something only for a partly attended day.
    enough = mark.enough and mark.status == Attendance.Status.PARTLY
    Attendance.objects.update_or_create(
        enrolment=mark.enrolment,
        day=mark.day,
        defaults={"status": mark.status, "enough": enough, "marked_by": by},
    )


@transaction.atomic
def attendance_mark(
    *, enrolment: Enrolment, day: SessionDay, status: str, by: User, enough: bool = False
) -> ModuleCompletion | None:
    """Record one day; the completion this session's attendance now earns, if any."""
    if not by.has_perm("programme.mark_attendance"):
        raise PermissionDenied
    _write_mark(AttendanceMark(enrolment, day, status, enough), by=by)
    completion, _change = _settle_completion(enrolment, by=by)
    return completion


@transaction.atomic
def attendance_save(*, marks: list[AttendanceMark], by: User) -> AttendanceSaved:
    """Save a whole sheet, all or nothing. Each person's completion is settled once,
    after all their days are written, so the counts say what the save changed."""
    if not by.has_perm("programme.mark_attendance"):
        raise PermissionDenied
    enrolments = {}
    for mark in marks:
        _write_mark(mark, by=by)
        enrolments[mark.enrolment.pk] = mark.enrolment
    changes = [_settle_completion(e, by=by)[1] for e in enrolments.values()]
    return AttendanceSaved(recorded=changes.count("recorded"), withdrawn=changes.count("withdrawn"))


def _settle_completion(
    enrolment: Enrolment, *, by: User
) -> tuple[ModuleCompletion | None, str | None]:
    """Make the module completion agree with this session's attendance: recorded when
    every day counts, taken back when a day no longer does. A completion entered by
    hand or earned in another session is never touched. Returns the completion from
    this session (if any) and "recorded", "withdrawn" or None."""
    session = enrolment.session
    days = list(session.days.all())
    counted = {a.day_id for a in enrolment.attendance.all() if a.counts}
    existing = ModuleCompletion.objects.filter(
        person_id=enrolment.person_id, module_id=session.module_id
    ).first()
    attended = bool(days) and all(d.pk in counted for d in days)
    if attended and existing is None:
        completion, created = ModuleCompletion.objects.get_or_create(
            person=enrolment.person,
            module=session.module,
            defaults={"session": session, "completed_on": days[-1].date, "recorded_by": by},
        )
        if created:
            module_completed.send(sender=ModuleCompletion, completion=completion)
            return completion, "recorded"
        existing = completion  # a parallel save recorded it a moment ago
    ours = existing if existing and existing.session_id == session.pk else None
    if attended or ours is None:
        return ours, None
    ours.delete()
    module_withdrawn.send(sender=ModuleCompletion, completion=ours, by=by)
    return None, "withdrawn"


@transaction.atomic
def evaluation_submit(
    *, enrolment: Enrolment, by: User, rating: int, comment: str = ""
) -> Evaluation:
    if not by.has_perm("programme.evaluate", enrolment):
        raise PermissionDenied
    if enrolment.status != Enrolment.Status.ADMITTED:
        raise ValidationError(_("Bara deltagare kan utvärdera kurstillfället."))
    if not 1 <= int(rating) <= 5:
        raise ValidationError({"rating": _("Välj ett betyg från 1 till 5.")})
    first_day = enrolment.session.days.values_list("date", flat=True).first()
    if first_day and first_day > timezone.localdate():
        raise ValidationError(_("Utvärderingen öppnar när kursen har börjat."))
    if Evaluation.objects.filter(enrolment=enrolment).exists():
        raise ValidationError(_("Du har redan lämnat en utvärdering av det här tillfället."))
    return Evaluation.objects.create(
        session=enrolment.session, enrolment=enrolment, rating=int(rating), comment=comment.strip()
    )


# -- series and import ------------------------------------------------------------------


@dataclass(frozen=True)
class SeriesRule:
    """'The second Tuesday of every month, not in July', from one month to another."""

    first_month: datetime.date
    last_month: datetime.date
    weekday: int  # 0 = Monday
    nth: int  # 1–4, or -1 for the last such weekday of the month
    skip_months: frozenset[int] = frozenset({7})
    n_days: int = 1
    start: datetime.time = datetime.time(9, 0)
    end: datetime.time = datetime.time(16, 0)


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> datetime.date | None:
    first = datetime.date(year, month, 1)
    if nth == -1:
        next_month = datetime.date(year + month // 12, month % 12 + 1, 1)
        last = next_month - datetime.timedelta(days=1)
        return last - datetime.timedelta(days=(last.weekday() - weekday) % 7)
    day = first + datetime.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    return day if day.month == month else None


@dataclass(frozen=True)
class SeriesDates:
    """The days of each session in a series, and the days off that were passed over."""

    sessions: list[list[datetime.date]]
    skipped: list[tuple[datetime.date, str]]


def series_plan(rule: SeriesRule, *, calendar: WorkCalendar | None = None) -> SeriesDates:
    """Each session's days: consecutive working days from the rule's day of the month.
    A public holiday, julafton, midsommarafton, nyårsafton or closed day is passed over
    (the session starts, or goes on, on the next working day) and reported, so the
    coordinator sees why a date moved."""
    if rule.last_month < rule.first_month:
        raise ValidationError(_("Seriens sista månad kan inte vara före den första."))
    if rule.n_days < 1 or rule.n_days > 10:
        raise ValidationError(_("Ett tillfälle i serien kan vara 1–10 dagar."))
    calendar = calendar or WorkCalendar()
    sessions, skipped = [], []
    year, month = rule.first_month.year, rule.first_month.month
    while (year, month) <= (rule.last_month.year, rule.last_month.month):
        start = (
            None if month in rule.skip_months else _nth_weekday(year, month, rule.weekday, rule.nth)
        )
        if start:
            days, day = [], start
            while len(days) < rule.n_days:
                if calendar.is_working_day(day):
                    days.append(day)
                elif (name := calendar.day_off(day)) is not None:
                    skipped.append((day, name))
                day += datetime.timedelta(days=1)
            sessions.append(days)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    if not sessions:
        raise ValidationError(_("Serien ger inga datum. Kontrollera månaderna och veckodagen."))
    return SeriesDates(sessions=sessions, skipped=skipped)


def series_dates(
    rule: SeriesRule, *, calendar: WorkCalendar | None = None
) -> list[list[datetime.date]]:
    """The days of each session in the series (see series_plan)."""
    return series_plan(rule, calendar=calendar).sessions


def series_calendar(*, by: User) -> WorkCalendar:
    """The working days a coordinator's series follows: their own municipality's, or the
    only one there is when they belong to no unit."""
    return work_calendar(municipality_for(person=by))


@transaction.atomic
def session_series_create(
    *,
    by: User,
    module: Module,
    rule: SeriesRule,
    capacity: int,
    deadline_days_before: int | None = 14,
    place: str = "",
    online_url: str = "",
    trainers: str = "",
    publish: bool = False,
) -> list[CourseSession]:
    """Create every session of a series in one step; any bad date saves none of them.
    Days off are passed over (series_plan), in the coordinator's municipality."""
    created = []
    for days in series_dates(rule, calendar=series_calendar(by=by)):
        deadline = (
            days[0] - datetime.timedelta(days=deadline_days_before)
            if deadline_days_before is not None
            else None
        )
        created.append(
            session_create(
                by=by,
                module=module,
                days=[DayInput(d, rule.start, rule.end) for d in days],
                capacity=capacity,
                booking_deadline=deadline,
                place=place,
                online_url=online_url,
                trainers=trainers,
                publish=publish,
            )
        )
    return created


@transaction.atomic
def sessions_import_ics(
    *,
    by: User,
    module: Module,
    events: list[ics_import.IcsEvent],
    capacity: int,
    deadline_days_before: int | None = 14,
) -> list[CourseSession]:
    """A draft session for each chosen event of a calendar file, none twice.

    An event already imported into the module (same UID) is skipped, so posting the same
    preview twice creates nothing the second time. The module row is locked first: two
    imports into one module at the same moment run one after the other, and the second
    sees the first one's sessions.
    """
    if not by.has_perm("programme.manage_sessions"):
        raise PermissionDenied
    if len(events) > ics_import.MAX_EVENTS:
        raise ValidationError(_("För många händelser på en gång."))
    today = timezone.localdate()
    for event in events:
        ics_import.check_importable(event, today=today)
    Module.objects.select_for_update().filter(pk=module.pk).first()
    done = set(
        CourseSession.objects.filter(
            module=module, ics_uid__in=[e.key for e in events]
        ).values_list("ics_uid", flat=True)
    )
    created = []
    for event in events:
        if event.key in done:
            continue
        done.add(event.key)
        days = [DayInput(d.date, d.start, d.end) for d in event.days]
        deadline = (
            days[0].date - datetime.timedelta(days=deadline_days_before)
            if deadline_days_before is not None
            else None
        )
        created.append(
            session_create(
                by=by,
                module=module,
                days=days,
                capacity=capacity,
                booking_deadline=deadline,
                place=event.place,
                ics_uid=event.key,
            )
        )
    return created


# -- programme versions -------------------------------------------------------------------


@transaction.atomic
def programme_new_version(
    *, programme: Programme, by: User, valid_from: datetime.date
) -> Programme:
    """Next year's programme as a copy of this one, not yet in force.

    Parts and modules are copied with their target groups, and prerequisites point at
    the copies. Completions and sessions stay with the modules they were made for, so
    what someone did last year keeps its content; the module calendars follow the slug
    and so carry on across versions.
    """
    if not by.has_perm("programme.manage_programme"):
        raise PermissionDenied
    bounds.COURSE.check(valid_from, field="valid_from")
    if valid_from <= programme.valid_from:
        raise ValidationError(
            {
                "valid_from": _("Den nya versionen måste gälla från ett senare datum än %(date)s.")
                % {"date": programme.valid_from.isoformat()}
            }
        )
    latest = (
        Programme.objects.filter(name=programme.name).order_by("-version").values("version").first()
    )
    copy = Programme.objects.create(
        name=programme.name,
        version=latest["version"] + 1,
        valid_from=valid_from,
        is_current=False,
    )
    copies: dict[int, Module] = {}
    modules = list(
        Module.objects.filter(part__programme=programme).prefetch_related("areas", "prerequisites")
    )
    for part in programme.parts.order_by("number"):
        new_part = Part.objects.create(
            programme=copy,
            number=part.number,
            title=part.title,
            description=part.description,
            deadline_months=part.deadline_months,
        )
        for module in (m for m in modules if m.part_id == part.pk):
            copies[module.pk] = Module.objects.create(
                part=new_part,
                title=module.title,
                title_en=module.title_en,
                slug=module.slug,
                description=module.description,
                length_days=module.length_days,
                position=module.position,
                practise_text=module.practise_text,
                newcomer_kinds=list(module.newcomer_kinds),
            )
    for module in modules:
        new = copies[module.pk]
        new.areas.set(module.areas.all())
        new.prerequisites.set([copies[p.pk] for p in module.prerequisites.all() if p.pk in copies])
    return copy


@transaction.atomic
def programme_make_current(*, programme: Programme, by: User) -> Programme:
    """Put a version in force: the course page then offers its modules' sessions."""
    if not by.has_perm("programme.manage_programme"):
        raise PermissionDenied
    if programme.is_current:
        return programme
    if not Module.objects.filter(part__programme=programme).exists():
        raise ValidationError(_("Versionen har inga moduler och kan inte börja gälla."))
    # One current version at a time (a database constraint): clear the old one first.
    Programme.objects.filter(is_current=True).update(is_current=False)
    programme.is_current = True
    programme.save(update_fields=["is_current", "updated_at"])
    return programme
