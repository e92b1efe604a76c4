"""Reads for certificates, already filtered for the viewer (twins of rules.py).

Which programme a person is certified against: the version their introduction plan
was made with (plans add the modules of the programme in force on the day the plan is
made), and the current programme for someone without a plan. A module counts as done
when the person has a completion of a module with the same slug in any version, as
the plans and the prerequisites already match them, so a course taken under last
year's version is not asked for again.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from lms.accounts.models import User
from lms.organisation.models import Municipality
from lms.plans.models import PlanItem
from lms.programme import selectors as programme_selectors
from lms.programme.models import Module, ModuleCompletion, Part, Programme
from lms.programme.rules import runs_programme

from . import codes
from .models import Certificate, Scope


@dataclass(frozen=True)
class ModuleRow:
    title: str
    completed_on: datetime.date | None


@dataclass(frozen=True)
class PartRow:
    number: int
    title: str
    modules: list[ModuleRow]

    @property
    def complete(self) -> bool:
        # A part without modules certifies nothing.
        return bool(self.modules) and all(m.completed_on for m in self.modules)

    @property
    def done_count(self) -> int:
        return sum(1 for m in self.modules if m.completed_on)


@dataclass
class ScopeRow:
    scope: Scope
    parts: list[PartRow]
    certificate: Certificate | None = None

    @property
    def label(self) -> str:
        return self.scope.label

    @property
    def complete(self) -> bool:
        return bool(self.parts) and all(part.complete for part in self.parts)

    @property
    def missing(self) -> list[str]:
        return [m.title for p in self.parts for m in p.modules if not m.completed_on]


@dataclass
class Progress:
    person: User
    programme: Programme | None
    scopes: list[ScopeRow] = field(default_factory=list)

    def get(self, scope: str) -> ScopeRow | None:
        return next((row for row in self.scopes if row.scope == scope), None)


def person_list(*, viewer: User) -> QuerySet[User]:
    """People whose progress and certificates the viewer may see: twin of
    certificates.view_person."""
    qs = User.objects.select_related("unit")
    if runs_programme.test(viewer):
        return qs
    return qs.filter(Q(pk=viewer.pk) | Q(unit_id__in=viewer.managed_unit_ids))


def person_get(*, viewer: User, pk: int) -> User:
    return get_object_or_404(person_list(viewer=viewer), pk=pk)


def certificate_list(*, viewer: User) -> QuerySet[Certificate]:
    """Certificates the viewer may download: twin of certificates.download_certificate."""
    qs = Certificate.objects.select_related("person", "programme", "issued_by")
    if not runs_programme.test(viewer):
        qs = qs.filter(Q(person=viewer) | Q(person__unit_id__in=viewer.managed_unit_ids))
    return qs.order_by("-issued_at", "-pk")


def certificates_to_review(*, viewer: User) -> QuerySet[Certificate]:
    """Live certificates flagged by a corrected attendance, for those who may revoke
    them (twin of certificates.revoke_certificate); nothing for anyone else."""
    if not runs_programme.test(viewer):
        return Certificate.objects.none()
    return (
        Certificate.objects.filter(review_since__isnull=False, revoked_at__isnull=True)
        .select_related("person")
        .order_by("review_since", "pk")
    )


def certificate_get(*, viewer: User, pk: int) -> Certificate:
    return get_object_or_404(certificate_list(viewer=viewer), pk=pk)


def certificate_by_code(typed: str) -> Certificate | None:
    """The certificate a typed code names, revoked ones included; None for anything else.
    Nothing about the person is loaded: the page shows the snapshot only."""
    code = codes.normalise(typed)
    if code is None:
        return None
    return (
        Certificate.objects.filter(code=code)
        .only("code", "scope", "snapshot", "issued_at", "revoked_at")
        .first()
    )


def followed_programme(*, person: User) -> Programme | None:
    """The version of the person's newest plan (the newest version among its modules, as
    a template may name an older module), else the programme in force."""
    from_plan = (
        PlanItem.objects.filter(plan__newcomer=person, module__isnull=False)
        .order_by("-plan__created_at", "-plan__pk", "-module__part__programme__version")
        .values("module__part__programme_id")[:1]
    )
    programme = Programme.objects.filter(pk__in=from_plan).first()
    return programme or programme_selectors.current_programme()


def progress(*, person: User, programme: Programme | None = None) -> Progress:
    """Each scope of the person's programme with its modules and completion dates, and
    the live certificate of each; five queries whatever the number of modules."""
    programme = programme or followed_programme(person=person)
    if programme is None:
        return Progress(person=person, programme=None)
    parts = list(
        Part.objects.filter(programme=programme)
        .prefetch_related(
            Prefetch("modules", queryset=Module.objects.order_by("position", "title", "pk"))
        )
        .order_by("number")
    )
    slugs = {module.slug for part in parts for module in part.modules.all()}
    done: dict[str, datetime.date] = {}
    rows = ModuleCompletion.objects.filter(person=person, module__slug__in=slugs).values_list(
        "module__slug", "completed_on"
    )
    for slug, completed_on in rows:
        # Done twice (in two versions): the first time is when it was done.
        if slug not in done or completed_on < done[slug]:
            done[slug] = completed_on
    part_rows = [
        PartRow(
            number=part.number,
            title=part.title,
            modules=[ModuleRow(m.title, done.get(m.slug)) for m in part.modules.all()],
        )
        for part in parts
    ]
    live = {
        c.scope: c
        for c in Certificate.objects.filter(person=person, revoked_at__isnull=True).order_by(
            "issued_at"
        )
    }
    scopes = []
    for scope in Scope:
        numbers = scope.part_numbers
        chosen = [p for p in part_rows if numbers is None or p.number in numbers]
        if chosen:
            scopes.append(ScopeRow(scope=scope, parts=chosen, certificate=live.get(scope.value)))
    return Progress(person=person, programme=programme, scopes=scopes)


def municipality_name(*, person: User) -> str:
    """The municipality of the person's unit; the only one there is when they have none."""
    if person.unit_id:
        name = (
            Municipality.objects.filter(administrations__units=person.unit_id)
            .values_list("name", flat=True)
            .first()
        )
        if name:
            return name
    return Municipality.objects.order_by("pk").values_list("name", flat=True).first() or ""
