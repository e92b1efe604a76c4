"""Reads for mentoring, already filtered for the viewer (twins of rules.py), and the
ranked mentor suggestions."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lms.accounts.models import CompetenceLevel, Role, RoleAssignment, User
from lms.accounts.rules import is_admin
from lms.core.caching import cached_value
from lms.plans.models import IntroductionPlan
from lms.plans.rules import managed_area_ids

from .models import (
    FitAnswer,
    MentorChangeRequest,
    MentorPairing,
    MentorProfile,
    SpokenLanguage,
)

#: How many suggestions the pairing page shows.
SUGGESTIONS_SHOWN = 8
#: Newcomers starting within this many days without a mentor are flagged to managers.
START_SOON = datetime.timedelta(days=42)
START_ROWS = 6

#: Higher is more experienced; unknown is 0 and ranks last.
COMPETENCE_RANK = {
    CompetenceLevel.NOVICE: 0,
    CompetenceLevel.PROFICIENT: 1,
    CompetenceLevel.ADVANCED: 2,
    CompetenceLevel.SPECIALIST: 3,
}
#: A mentor should be proficient or above; novices are refused.
MENTOR_LEVELS = (CompetenceLevel.PROFICIENT, CompetenceLevel.ADVANCED, CompetenceLevel.SPECIALIST)


def occupied_on(day: datetime.date):
    """Pairings that take one of the mentor's places on `day`: running (not ended) and
    not past their planned end. One planned to start later takes its place already."""
    return Q(ended_on__isnull=True) & Q(planned_ends_on__gt=day)


def _used_subquery(day: datetime.date):
    used = (
        MentorPairing.objects.filter(occupied_on(day), mentor_id=OuterRef("user_id"))
        .order_by()
        .values("mentor_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(used, output_field=IntegerField()), Value(0))


def profiles_with_use(day: datetime.date) -> QuerySet[MentorProfile]:
    """Profiles with `used` (places taken on `day`), and the person's unit, area and
    administration, in one query."""
    return MentorProfile.objects.select_related(
        "user__unit__area", "user__unit__administration"
    ).annotate(used=_used_subquery(day))


# -- the pool ------------------------------------------------------------------------


def pool_list(*, viewer: User, day: datetime.date) -> QuerySet[MentorProfile]:
    """The pool a manager looks after: mentors in their units and in other units of the
    same areas of work (where suggestions come from first). Administrators: everyone."""
    qs = profiles_with_use(day)
    if is_admin.test(viewer):
        return qs
    if not viewer.managed_unit_ids:
        return qs.none()
    return qs.filter(
        Q(user__unit_id__in=viewer.managed_unit_ids)
        | Q(user__unit__area_id__in=managed_area_ids(viewer))
    )


def pool_rows(*, viewer: User, day: datetime.date, active_only: bool = False) -> list:
    """The pool page's rows: each profile with `used`, `left`, `level` and whether the
    person is available today. One query."""
    qs = pool_list(viewer=viewer, day=day)
    if active_only:
        qs = qs.filter(is_active=True)
    rows = list(
        qs.order_by(
            "-is_active", "user__unit__area__position", "user__unit__name", "user__last_name", "pk"
        )
    )
    for profile in rows:
        _describe(profile, day)
    return rows


def _describe(profile: MentorProfile, day: datetime.date) -> None:
    profile.left = max(0, profile.capacity - profile.used)
    profile.level = profile.user.competence_level
    profile.available_now = profile.is_available_on(day)


def profile_get(*, viewer: User, pk: int, day: datetime.date) -> MentorProfile:
    profile = pool_list(viewer=viewer, day=day).filter(pk=pk).first()
    if profile is None:
        raise Http404
    _describe(profile, day)
    return profile


def own_profile(*, person: User, day: datetime.date) -> MentorProfile | None:
    profile = profiles_with_use(day).filter(user=person).first()
    if profile is not None:
        _describe(profile, day)
    return profile


def appointable_people(*, viewer: User) -> QuerySet[User]:
    """Colleagues a manager may appoint: active people of their units who are not in the
    pool yet (administrators: everyone). Newcomers are left out."""
    qs = (
        User.objects.filter(is_active=True, unit__isnull=False)
        .exclude(mentor_profile__is_active=True)
        .exclude(Exists(RoleAssignment.objects.filter(user=OuterRef("pk"), role=Role.NEWCOMER)))
        .select_related("unit")
        .order_by("last_name", "first_name", "pk")
    )
    if is_admin.test(viewer):
        return qs
    return qs.filter(unit_id__in=viewer.managed_unit_ids)


# -- suggestions ---------------------------------------------------------------------


@dataclass
class Suggestion:
    profile: MentorProfile
    reasons: list[str] = field(default_factory=list)
    level_unknown: bool = False
    key: tuple = ()

    @property
    def mentor(self) -> User:
        return self.profile.user


def _excluded_ids(newcomer: User, plan: IntroductionPlan | None, current: MentorPairing | None):
    ids = {newcomer.pk}
    if plan is not None and plan.supervisor_id:
        ids.add(plan.supervisor_id)
    if current is not None:
        ids.add(current.mentor_id)
    return ids


def suggestions(
    *,
    newcomer: User,
    start_date: datetime.date,
    plan: IntroductionPlan | None = None,
    current: MentorPairing | None = None,
    language: str = "",
    limit: int = SUGGESTIONS_SHOWN,
) -> list[Suggestion]:
    """Mentors for this newcomer, best first, each with the reasons in words.

    Only active profiles of active people, available on the start date, with a place
    left then, who are not novices; never the newcomer, their supervisor (the plan's),
    a manager of their unit, or the mentor they have now. Ranked by: a known
    competence level (unknown ranks last, and is marked), the same area of work, the
    same unit, then the same administration (nearby), more places left, higher
    competence, a shared language. One query, whatever the size of the pool.
    `newcomer.unit` should come with its area and administration."""
    unit = newcomer.unit
    managers_of_unit = RoleAssignment.objects.filter(
        user=OuterRef("user_id"), role=Role.MANAGER, unit_id=newcomer.unit_id
    )
    candidates = (
        profiles_with_use(start_date)
        .filter(is_active=True, user__is_active=True)
        .filter(Q(available_from__isnull=True) | Q(available_from__lte=start_date))
        .filter(Q(available_until__isnull=True) | Q(available_until__gte=start_date))
        .filter(Q(user__end_date__isnull=True) | Q(user__end_date__gt=start_date))
        .filter(used__lt=F("capacity"))
        .exclude(user_id__in=_excluded_ids(newcomer, plan, current))
        .exclude(Exists(managers_of_unit))
    )
    ranked = []
    for profile in candidates:
        _describe(profile, start_date)
        if profile.level == CompetenceLevel.NOVICE:
            continue
        ranked.append(_suggestion(profile, unit, language))
    ranked.sort(key=lambda s: s.key)
    return ranked[:limit]


def _suggestion(profile: MentorProfile, unit, language: str) -> Suggestion:
    mentor = profile.user
    their = mentor.unit
    same_area = bool(unit and their and unit.area_id and their.area_id == unit.area_id)
    same_unit = bool(unit and their and their.pk == unit.pk)
    same_admin = bool(unit and their and their.administration_id == unit.administration_id)
    speaks = bool(language and language in profile.languages)
    level = profile.level
    suggestion = Suggestion(profile=profile, level_unknown=level is None)
    reasons = suggestion.reasons
    if same_area:
        reasons.append(_("Samma verksamhetsområde"))
    if same_unit:
        reasons.append(_("Samma enhet"))
    elif same_admin:
        reasons.append(_("Samma förvaltning"))
    reasons.append(
        ngettext("%(n)s plats kvar", "%(n)s platser kvar", profile.left) % {"n": profile.left}
    )
    reasons.append(str(level.label) if level else _("Erfarenhet okänd"))
    if speaks:
        label = dict(SpokenLanguage.choices)[language]
        reasons.append(_("Talar %(language)s") % {"language": label})
    suggestion.key = (
        level is None,
        not same_area,
        -(2 if same_unit else 1 if same_admin else 0),
        -profile.left,
        -COMPETENCE_RANK.get(level, 0),
        not speaks,
        mentor.last_name,
        mentor.first_name,
        profile.pk,
    )
    return suggestion


# -- newcomers and their pairings ----------------------------------------------------


def _is_newcomer_or_paired():
    return Exists(RoleAssignment.objects.filter(user=OuterRef("pk"), role=Role.NEWCOMER)) | Exists(
        MentorPairing.objects.filter(newcomer=OuterRef("pk"))
    )


def pairable_newcomers(*, viewer: User) -> QuerySet[User]:
    """Newcomers (and anyone with a pairing) the viewer may pair: in their units, or all
    for administrators. The twin of mentoring.pair."""
    qs = User.objects.filter(_is_newcomer_or_paired()).select_related(
        "unit__area", "unit__administration"
    )
    if is_admin.test(viewer):
        return qs
    return qs.filter(unit_id__in=viewer.managed_unit_ids)


def newcomer_get(*, viewer: User, pk: int) -> User:
    person = pairable_newcomers(viewer=viewer).filter(pk=pk).first()
    if person is None:
        raise Http404
    return person


def active_plan(*, newcomer: User) -> IntroductionPlan | None:
    return (
        IntroductionPlan.objects.filter(newcomer=newcomer, status=IntroductionPlan.Status.ACTIVE)
        .select_related("supervisor")
        .first()
    )


def running_pairing(*, newcomer: User) -> MentorPairing | None:
    return (
        MentorPairing.objects.filter(newcomer=newcomer, ended_on__isnull=True)
        .select_related("mentor__unit")
        .first()
    )


def pairing_history(*, newcomer: User) -> list[MentorPairing]:
    """Every pairing of the newcomer, newest first, with both fit answers (for the
    manager's eyes only: callers check mentoring.view_fit_answers)."""
    pairings = list(
        MentorPairing.objects.filter(newcomer=newcomer)
        .select_related("mentor__unit", "created_by", "ended_by")
        .prefetch_related(Prefetch("fit", queryset=FitAnswer.objects.order_by("pk")))
        .order_by("-starts_on", "-pk")
    )
    for pairing in pairings:
        answers = {a.person_id: a for a in pairing.fit.all()}
        pairing.newcomer_fit = answers.get(pairing.newcomer_id)
        pairing.mentor_fit = answers.get(pairing.mentor_id)
    return pairings


def pairing_list(*, viewer: User) -> QuerySet[MentorPairing]:
    """Pairings the viewer may see: as newcomer, as mentor, or as the newcomer's
    manager; all for administrators. The twin of mentoring.view_pairing."""
    qs = MentorPairing.objects.select_related("newcomer__unit", "mentor__unit", "plan")
    if is_admin.test(viewer):
        return qs
    return qs.filter(
        Q(newcomer=viewer) | Q(mentor=viewer) | Q(newcomer__unit_id__in=viewer.managed_unit_ids)
    )


def pairing_get(*, viewer: User, pk: int) -> MentorPairing:
    pairing = pairing_list(viewer=viewer).filter(pk=pk).first()
    if pairing is None:
        raise Http404
    return pairing


def own_fit(*, pairing: MentorPairing, person: User) -> FitAnswer | None:
    """The person's own answer, and only theirs."""
    return FitAnswer.objects.filter(pairing=pairing, person=person).first()


def mentee_pairings(*, mentor: User) -> list[MentorPairing]:
    """The mentor's running pairings with the mentor's own answer only: the newcomer's
    answer is never loaded for the mentor."""
    return list(
        MentorPairing.objects.filter(mentor=mentor, ended_on__isnull=True)
        .select_related("newcomer__unit", "plan")
        .prefetch_related(
            Prefetch("fit", queryset=FitAnswer.objects.filter(person=mentor), to_attr="my_fit")
        )
        .order_by("starts_on", "pk")
    )


def request_list(*, viewer: User) -> QuerySet[MentorChangeRequest]:
    """Requests the viewer may handle or wrote: the twin of view_request_message."""
    qs = MentorChangeRequest.objects.select_related("newcomer__unit", "pairing__mentor")
    if is_admin.test(viewer):
        return qs
    return qs.filter(Q(newcomer=viewer) | Q(newcomer__unit_id__in=viewer.managed_unit_ids))


def request_get(*, viewer: User, pk: int) -> MentorChangeRequest:
    found = request_list(viewer=viewer).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def open_request(*, newcomer: User) -> MentorChangeRequest | None:
    return MentorChangeRequest.objects.filter(
        newcomer=newcomer, status=MentorChangeRequest.Status.OPEN
    ).first()


# -- the manager's start section -----------------------------------------------------


def manager_start(*, viewer: User, today: datetime.date) -> dict:
    """Open requests for a new mentor, and newcomers starting within six weeks (or
    started already) without a mentor, in the viewer's units. Cached under the
    mentoring and people versions; two queries when built."""
    units = sorted(viewer.managed_unit_ids)

    def build():
        requests = list(
            MentorChangeRequest.objects.filter(
                status=MentorChangeRequest.Status.OPEN, newcomer__unit_id__in=units
            )
            .select_related("newcomer")
            .order_by("created_at", "pk")
        )
        without = list(
            User.objects.filter(
                is_active=True,
                unit_id__in=units,
                role_assignments__role=Role.NEWCOMER,
                start_date__lte=today + START_SOON,
                start_date__gte=today - datetime.timedelta(days=365),
            )
            .exclude(Exists(MentorPairing.objects.filter(newcomer=OuterRef("pk"), ended_on=None)))
            .filter(Q(end_date__isnull=True) | Q(end_date__gt=today))
            .select_related("unit")
            .order_by("start_date", "last_name", "pk")
        )
        return {
            "requests": requests[:START_ROWS],
            "request_count": len(requests),
            "without": without[:START_ROWS],
            "without_count": len(without),
        }

    return cached_value("mentoring-start-manager", units, today, viewer=viewer, build=build)
