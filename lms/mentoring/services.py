"""Writes for mentoring: the pool, pairings, "is this a good fit?" and requests for a
new mentor.

Capacity is enforced, not only shown: pairing locks the mentor's profile row
(select_for_update) before counting the places taken, so two managers pairing the same
mentor at once are served one after the other and the second sees the first's pairing.
The plan's mentor is a copy of the running pairing, written through
lms.plans.services.lifecycle.plan_mentor_set in the same transaction. The mentor is told by
e-mail after the transaction commits, and never why a pairing ended.
"""

from __future__ import annotations

import contextlib
import datetime
from contextvars import ContextVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_q.tasks import async_task

from lms.accounts.models import CompetenceLevel, Role, RoleAssignment, RoleSource, User
from lms.core import bounds
from lms.plans.models import IntroductionPlan
from lms.plans.services.dates import add_months
from lms.plans.services.lifecycle import plan_mentor_set

from .models import (
    DEFAULT_CAPACITY,
    MAX_CAPACITY,
    MIN_CAPACITY,
    EndReason,
    Fit,
    FitAnswer,
    MentorChangeRequest,
    MentorPairing,
    MentorProfile,
    SpokenLanguage,
)
from .selectors import occupied_on

#: A pairing runs a year unless the manager says otherwise.
PAIRING_MONTHS = 12
MESSAGE_MAX = 2000
NOTE_MAX = 300


_quiet: ContextVar[bool] = ContextVar("mentoring_quiet", default=False)


@contextlib.contextmanager
def quietly():
    """No e-mails while building demo data: the pairings are made as a manager would,
    but nobody is told of a made-up city."""
    token = _quiet.set(True)
    try:
        yield
    finally:
        _quiet.reset(token)


def _notify(pairing: MentorPairing, event: str) -> None:
    if _quiet.get():
        return
    pk = pairing.pk
    transaction.on_commit(lambda: async_task("lms.mentoring.tasks.pairing_notify", pk, event))


# -- the pool ------------------------------------------------------------------------


def _check_can_mentor(person: User) -> None:
    """Proficient or above: a novice (under two years in the profession) is refused; a
    person whose level is unknown may join and is marked in suggestions."""
    if not person.is_active or person.has_left:
        raise ValidationError(_("%(name)s har slutat och kan inte vara mentor.") % {"name": person})
    if person.unit_id is None:
        raise ValidationError(
            _("%(name)s hör inte till någon enhet ännu. En mentor behöver en enhet.")
            % {"name": person}
        )
    if person.competence_level == CompetenceLevel.NOVICE:
        raise ValidationError(_too_new(person))


def _too_new(person: User) -> str:
    return _(
        "%(name)s har arbetat kortare än två år i yrket. En mentor ska vara kunnig "
        "(minst två år) eller mer erfaren."
    ) % {"name": person}


def _clean_profile(
    *,
    capacity: int,
    available_from: datetime.date | None,
    available_until: datetime.date | None,
    languages,
) -> dict:
    errors = {}
    if capacity is None or not (MIN_CAPACITY <= capacity <= MAX_CAPACITY):
        errors["capacity"] = _("Ange ett antal mellan %(low)s och %(high)s.") % {
            "low": MIN_CAPACITY,
            "high": MAX_CAPACITY,
        }
    for name, day in (("available_from", available_from), ("available_until", available_until)):
        if day is not None and not bounds.MENTORING.contains(day):
            errors[name] = bounds.MENTORING.message()
    if available_from and available_until and available_until < available_from:
        errors.setdefault("available_until", _("Slutdatumet kan inte vara före startdatumet."))
    languages = list(dict.fromkeys(languages or []))
    unknown = [code for code in languages if code not in SpokenLanguage.values]
    if unknown:
        errors["languages"] = _("Okänt språk: %(codes)s.") % {"codes": ", ".join(unknown)}
    if errors:
        raise ValidationError(errors)
    return {
        "capacity": capacity,
        "available_from": available_from,
        "available_until": available_until,
        # In the list's order, so the same choice is always stored the same way.
        "languages": [code for code in SpokenLanguage.values if code in languages],
    }


def _join(*, person: User, by: User, source: str, **fields) -> MentorProfile:
    _check_can_mentor(person)
    values = _clean_profile(
        capacity=fields.get("capacity", DEFAULT_CAPACITY),
        available_from=fields.get("available_from"),
        available_until=fields.get("available_until"),
        languages=fields.get("languages", []),
    )
    profile = MentorProfile.objects.select_for_update().filter(user=person).first()
    if profile is None:
        profile = MentorProfile(user=person)
    elif profile.is_active and source == MentorProfile.Source.APPOINTED:
        raise ValidationError(_("%(name)s finns redan i mentorspoolen.") % {"name": person})
    for name, value in values.items():
        setattr(profile, name, value)
    profile.is_active = True
    profile.source = source
    profile.appointed_by = by if source == MentorProfile.Source.APPOINTED else None
    profile.save()
    # Being in the pool is being a mentor: the role gives the mentor's start page.
    RoleAssignment.objects.get_or_create(
        user=person, role=Role.MENTOR, unit=None, source=RoleSource.PERSON
    )
    person.forget_roles()
    return profile


@transaction.atomic
def mentor_volunteer(*, by: User, **fields) -> MentorProfile:
    """The person joins the pool themself (or updates and re-joins)."""
    if not by.has_perm("mentoring.volunteer"):
        raise PermissionDenied
    return _join(person=by, by=by, source=MentorProfile.Source.VOLUNTEERED, **fields)


@transaction.atomic
def mentor_appoint(*, person: User, by: User, **fields) -> MentorProfile:
    """A manager puts a colleague of their units in the pool."""
    if not by.has_perm("mentoring.appoint", person):
        raise PermissionDenied
    if person.pk == by.pk:
        raise ValidationError(_("Anmäl dig själv på sidan Mitt mentorskap."))
    return _join(person=person, by=by, source=MentorProfile.Source.APPOINTED, **fields)


@transaction.atomic
def mentor_profile_update(
    *,
    profile: MentorProfile,
    by: User,
    capacity: int,
    available_from: datetime.date | None,
    available_until: datetime.date | None,
    languages,
) -> MentorProfile:
    """Change capacity, availability or languages. A capacity below the newcomers the
    mentor already has is refused: those pairings would silently overfill it."""
    if not by.has_perm("mentoring.change_profile", profile):
        raise PermissionDenied
    values = _clean_profile(
        capacity=capacity,
        available_from=available_from,
        available_until=available_until,
        languages=languages,
    )
    profile = MentorProfile.objects.select_for_update(of=("self",)).get(pk=profile.pk)
    used = MentorPairing.objects.filter(
        occupied_on(timezone.localdate()), mentor_id=profile.user_id
    ).count()
    if values["capacity"] < used:
        raise ValidationError(
            {
                "capacity": ngettext(
                    "Du har redan %(n)s nyanställd. Antalet kan inte vara lägre.",
                    "Du har redan %(n)s nyanställda. Antalet kan inte vara lägre.",
                    used,
                )
                % {"n": used}
            }
        )
    changed = [name for name, value in values.items() if getattr(profile, name) != value]
    if not changed:
        return profile
    for name in changed:
        setattr(profile, name, values[name])
    profile.save(update_fields=[*changed, "updated_at"])
    return profile


@transaction.atomic
def mentor_leave(*, profile: MentorProfile, by: User) -> MentorProfile:
    """Leave the pool: no new suggestions. Running pairings continue until they end."""
    if not by.has_perm("mentoring.change_profile", profile):
        raise PermissionDenied
    profile = MentorProfile.objects.select_for_update(of=("self",)).get(pk=profile.pk)
    if profile.is_active:
        profile.is_active = False
        profile.save(update_fields=["is_active", "updated_at"])
    return profile


# -- pairing -------------------------------------------------------------------------


def default_start(*, newcomer: User, plan: IntroductionPlan | None, today: datetime.date):
    """The plan's first day (or the person's) if it is still to come, else today."""
    first_day = plan.start_date if plan is not None else newcomer.start_date
    return first_day if first_day and first_day >= today else today


def default_end(starts_on: datetime.date) -> datetime.date:
    return add_months(starts_on, PAIRING_MONTHS)


def _active_plan(newcomer: User) -> IntroductionPlan | None:
    qs = IntroductionPlan.objects.filter(newcomer=newcomer, status=IntroductionPlan.Status.ACTIVE)
    return qs.first()


def _check_mentor(*, newcomer: User, mentor: User, plan, starts_on) -> MentorProfile:
    """Everything that makes a mentor wrong for this newcomer, in Swedish, before any
    row is written. Returns the mentor's profile, locked."""
    if mentor.pk == newcomer.pk:
        raise ValidationError({"mentor": _("Den nyanställda kan inte vara sin egen mentor.")})
    if newcomer.unit_id and mentor.unit_ids_for(Role.MANAGER) & {newcomer.unit_id}:
        raise ValidationError(
            {
                "mentor": _(
                    "%(name)s är chef för den nyanställdas enhet. Välj en kollega som mentor."
                )
                % {"name": mentor}
            }
        )
    if plan is not None and plan.supervisor_id == mentor.pk:
        raise ValidationError(
            {
                "mentor": _(
                    "%(name)s är den nyanställdas handledare. Mentorn ska vara en annan kollega."
                )
                % {"name": mentor}
            }
        )
    # The lock: every pairing of this mentor waits here, so the count below is true.
    profile = MentorProfile.objects.select_for_update(of=("self",)).filter(user=mentor).first()
    if profile is None or not profile.is_active or not mentor.is_active:
        raise ValidationError(
            {"mentor": _("%(name)s finns inte i mentorspoolen.") % {"name": mentor}}
        )
    if mentor.has_left:
        raise ValidationError({"mentor": _("%(name)s har slutat.") % {"name": mentor}})
    if mentor.competence_level == CompetenceLevel.NOVICE:
        raise ValidationError({"mentor": _too_new(mentor)})
    if not profile.is_available_on(starts_on):
        raise ValidationError(
            {
                "mentor": _("%(name)s är inte tillgänglig som mentor %(date)s.")
                % {"name": mentor, "date": starts_on.isoformat()}
            }
        )
    used = MentorPairing.objects.filter(occupied_on(starts_on), mentor=mentor).count()
    if used >= profile.capacity:
        raise ValidationError(
            {
                "mentor": ngettext(
                    "%(name)s har redan %(n)s nyanställd och har inte plats för fler.",
                    "%(name)s har redan %(n)s nyanställda och har inte plats för fler.",
                    used,
                )
                % {"name": mentor, "n": used}
            }
        )
    return profile


def _end(pairing: MentorPairing, *, by: User, reason: str, note: str = "") -> MentorPairing:
    today = timezone.localdate()
    pairing.ended_on = max(today, pairing.starts_on)
    pairing.end_reason = reason
    pairing.end_note = note[:NOTE_MAX]
    pairing.ended_by = by
    pairing.save(update_fields=["ended_on", "end_reason", "end_note", "ended_by", "updated_at"])
    _notify(pairing, "ended")
    return pairing


@transaction.atomic
def pairing_create(
    *,
    newcomer: User,
    mentor: User,
    by: User,
    starts_on: datetime.date | None = None,
    planned_ends_on: datetime.date | None = None,
) -> MentorPairing:
    """Pair the newcomer with a mentor from the pool. A running pairing with another
    mentor ends (re-pairing keeps it as history), an open request for a new mentor is
    resolved, the plan's mentor follows, and the mentor is told by e-mail."""
    if not by.has_perm("mentoring.pair", newcomer):
        raise PermissionDenied
    today = timezone.localdate()
    plan = _active_plan(newcomer)
    starts_on = starts_on or default_start(newcomer=newcomer, plan=plan, today=today)
    bounds.MENTORING.check(starts_on, field="starts_on", today=today)
    planned_ends_on = planned_ends_on or default_end(starts_on)
    _check_dates(starts_on, planned_ends_on, today)
    current = (
        MentorPairing.objects.select_for_update(of=("self",))
        .filter(newcomer=newcomer, ended_on__isnull=True)
        .first()
    )
    if current is not None and current.mentor_id == mentor.pk:
        return current  # a double click changes nothing
    _check_mentor(newcomer=newcomer, mentor=mentor, plan=plan, starts_on=starts_on)
    if current is not None:
        _end(current, by=by, reason=EndReason.NEW_MENTOR)
    try:
        with transaction.atomic():
            pairing = MentorPairing.objects.create(
                newcomer=newcomer,
                mentor=mentor,
                plan=plan,
                starts_on=starts_on,
                planned_ends_on=planned_ends_on,
                created_by=by,
            )
    except IntegrityError as error:
        raise ValidationError(
            _("%(name)s fick just en mentor av någon annan. Läs in sidan igen.")
            % {"name": newcomer}
        ) from error
    _resolve_open_requests(newcomer, pairing=pairing, by=by)
    if plan is not None:
        plan_mentor_set(plan=plan, mentor=mentor, by=by)
    _notify(pairing, "started")
    return pairing


def _check_dates(
    starts_on: datetime.date, planned_ends_on: datetime.date, today: datetime.date
) -> None:
    bounds.MENTORING.check(planned_ends_on, field="planned_ends_on", today=today)
    if planned_ends_on <= starts_on:
        raise ValidationError(
            {"planned_ends_on": _("Det planerade slutet måste vara efter starten.")}
        )
    if starts_on > today + datetime.timedelta(days=366):
        raise ValidationError(
            {"starts_on": _("Starten ligger mer än ett år fram. Kontrollera året.")}
        )


def _resolve_open_requests(newcomer: User, *, pairing: MentorPairing, by: User) -> None:
    """An open request for a new mentor is met by the new pairing. Saved one by one
    (there is at most one) so the audit log and the version see it."""
    for request in MentorChangeRequest.objects.select_for_update().filter(
        newcomer=newcomer, status=MentorChangeRequest.Status.OPEN
    ):
        request.status = MentorChangeRequest.Status.REPAIRED
        request.new_pairing = pairing
        request.resolved_by = by
        request.resolved_at = timezone.now()
        request.save()


@transaction.atomic
def pairing_end(*, pairing: MentorPairing, by: User, reason: str, note: str = "") -> MentorPairing:
    """End a pairing without a new mentor (planned end, the mentor cannot go on, the
    newcomer left). The plan is left without a mentor; the mentor is told it ended,
    not why."""
    if not by.has_perm("mentoring.view_pairing", pairing):
        raise PermissionDenied
    pairing = (
        MentorPairing.objects.select_for_update(of=("self",))
        .select_related("newcomer", "mentor")
        .get(pk=pairing.pk)
    )
    if pairing.ended_on is not None:
        return pairing  # already ended: nothing to do
    if not by.has_perm("mentoring.end_pairing", pairing):
        raise PermissionDenied
    if reason not in EndReason.values:
        raise ValidationError({"reason": _("Välj varför mentorskapet avslutas.")})
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationError({"note": _("Anteckningen får vara högst 300 tecken.")})
    if "\x00" in note:
        raise ValidationError({"note": _("Anteckningen innehåller otillåtna tecken.")})
    _end(pairing, by=by, reason=reason, note=note)
    plan = _active_plan(pairing.newcomer)
    if plan is not None and plan.mentor_id == pairing.mentor_id:
        plan_mentor_set(plan=plan, mentor=None, by=by)
    return pairing


def plan_made(*, plan: IntroductionPlan, by: User | None) -> None:
    """A plan was made or reopened: it joins the newcomer's running pairing and copies
    its mentor (a mentor may be named before the plan is written)."""
    if plan.status != IntroductionPlan.Status.ACTIVE:
        return
    running = (
        MentorPairing.objects.filter(newcomer_id=plan.newcomer_id, ended_on=None)
        .select_related("mentor")
        .first()
    )
    if running is None:
        # Clear the copy only if its pairing ended (while the plan was closed).
        ended = (
            plan.mentor_id
            and MentorPairing.objects.filter(
                newcomer_id=plan.newcomer_id, mentor_id=plan.mentor_id, ended_on__isnull=False
            ).exists()
        )
        if not ended:
            return
    elif running.plan_id != plan.pk:
        running.plan = plan
        running.save(update_fields=["plan", "updated_at"])
    # The person who made or reopened the plan may not manage its unit now (a return to
    # another unit): then the copy is the system's.
    if by is not None and not by.has_perm("plans.change_plan", plan):
        by = None
    plan_mentor_set(plan=plan, mentor=running.mentor if running else None, by=by)


# -- "is this a good fit?" and asking for a new mentor -------------------------------


@transaction.atomic
def fit_answer(*, pairing: MentorPairing, by: User, answer: str) -> FitAnswer:
    """The newcomer's or the mentor's own answer; it can be changed. Asked after the
    first meeting, so it opens on the day the pairing starts."""
    if not by.has_perm("mentoring.answer_fit", pairing):
        raise PermissionDenied
    if answer not in Fit.values:
        raise ValidationError({"answer": _("Välj ett av svaren.")})
    if timezone.localdate() < pairing.starts_on:
        raise ValidationError(
            _("Du kan svara när mentorskapet har börjat, %(date)s.")
            % {"date": pairing.starts_on.isoformat()}
        )
    found, _created = FitAnswer.objects.select_for_update().get_or_create(
        pairing=pairing, person=by, defaults={"answer": answer}
    )
    if found.answer != answer:
        found.answer = answer
        found.save(update_fields=["answer", "updated_at"])
    return found


@transaction.atomic
def change_request_create(
    *, pairing: MentorPairing, by: User, message: str = ""
) -> MentorChangeRequest:
    """The newcomer asks their manager for a new mentor. One open request at a time: a
    second ask while one is open returns it (with the new message, if any). The
    mentor is not told."""
    if not by.has_perm("mentoring.request_change", pairing):
        raise PermissionDenied
    message = (message or "").strip()
    if len(message) > MESSAGE_MAX:
        raise ValidationError(
            {"message": _("Meddelandet får vara högst %(n)s tecken.") % {"n": MESSAGE_MAX}}
        )
    found = (
        MentorChangeRequest.objects.select_for_update()
        .filter(newcomer=by, status=MentorChangeRequest.Status.OPEN)
        .first()
    )
    if found is not None:
        if message and message != found.message:
            found.message = message
            found.save(update_fields=["message", "updated_at"])
        return found
    try:
        with transaction.atomic():
            return MentorChangeRequest.objects.create(pairing=pairing, newcomer=by, message=message)
    except IntegrityError:  # a second tab at the same moment
        return MentorChangeRequest.objects.get(newcomer=by, status=MentorChangeRequest.Status.OPEN)


@transaction.atomic
def change_request_close(
    *, request: MentorChangeRequest, by: User, note: str
) -> MentorChangeRequest:
    """The manager closes a request without a new mentor, with a note for the record
    (for example after talking with the newcomer)."""
    if not by.has_perm("mentoring.resolve_request", request):
        raise PermissionDenied
    note = (note or "").strip()
    if not note:
        raise ValidationError(
            {"note": _("Skriv en kort anteckning om varför du avslutar begäran.")}
        )
    if len(note) > NOTE_MAX:
        raise ValidationError({"note": _("Anteckningen får vara högst 300 tecken.")})
    request = MentorChangeRequest.objects.select_for_update(of=("self",)).get(pk=request.pk)
    if request.status != MentorChangeRequest.Status.OPEN:
        return request
    request.status = MentorChangeRequest.Status.CLOSED
    request.resolution_note = note
    request.resolved_by = by
    request.resolved_at = timezone.now()
    request.save(
        update_fields=["status", "resolution_note", "resolved_by", "resolved_at", "updated_at"]
    )
    return request
